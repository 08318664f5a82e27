package org.syndicate.preserves.binary;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter.Mode;

/** The reference compiler's schema bundles (canonical form) decode and re-encode byte for byte (testdata README). */
class SchemaBundlesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "testdata/preserves/schema.prb",
        "testdata/preserves/syndicate-rs/syndicate/protocols/schema-bundle.bin",
        "testdata/preserves/syndicate-rs/syndicate-server/protocols/schema-bundle.bin"
      })
  void decodesAndReencodesCanonicallyByteForByte(String file) throws Exception {
    byte[] bytes = BinarySamplesTest.readShared(file);
    Value v = BinaryReader.decode(bytes);
    assertThat(v.isRecord("schema", 1) || v.isRecord("bundle", 1)).as("a <schema …> or <bundle …> record").isTrue();
    assertThat(BinaryWriter.canonical(v)).isEqualTo(bytes);
    Value annotated = BinaryReader.decode(bytes, BinaryReader.Options.WITH_ANNOTATIONS);
    assertThat(BinaryWriter.encode(annotated, Mode.CANONICAL_WITH_ANNOTATIONS)).isEqualTo(bytes);
    assertThat(annotated.equalsWithAnnotations(v)).isTrue();
  }
}
