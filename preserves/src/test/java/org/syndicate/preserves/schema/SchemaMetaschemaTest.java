package org.syndicate.preserves.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;

/** Our metaschema source compiles to exactly the reference compiler's schema.prb (preserves.md §6.3). */
class SchemaMetaschemaTest {
  static Path shared() {
    return Path.of(System.getProperty("shared.dir", "../../shared"));
  }

  static String metaschemaSource() throws IOException {
    try (InputStream in = SchemaCompiler.class.getResourceAsStream("schema.prs")) {
      assertThat(in).as("metaschema resource").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void metaschemaCompilesToSchemaPrbValueAndBytes() throws IOException {
    byte[] expectedBytes = Files.readAllBytes(shared().resolve("testdata/preserves/schema.prb"));
    Value expected = BinaryReader.decode(expectedBytes);
    Value compiled = BundleCompiler.compileText(metaschemaSource(), "schema.prs");
    assertThat(compiled).isEqualTo(expected);
    assertThat(BinaryWriter.canonical(compiled)).isEqualTo(expectedBytes);
  }

  @Test
  void compiledMetaschemaParsesWithTheModelAndDescribesItself() throws IOException {
    Value compiled = BundleCompiler.compileText(metaschemaSource(), "schema.prs");
    SchemaModel.Schema model = SchemaModel.Schema.parse(compiled);
    assertThat(model.embeddedType()).isNull();
    assertThat(model.definitions()).containsKeys("Bundle", "Schema", "Definition", "Pattern", "SimplePattern",
        "CompoundPattern", "NamedPattern", "NamedSimplePattern", "Binding", "Ref", "ModulePath", "AtomKind");
    assertThat(model.definitions()).hasSize(18);
  }
}
