package org.syndicate.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.schema.BundleCompiler;

/**
 * Compiles {@code protocol-schemas/schemas} with our schema compiler and compares it with the
 * reference compiler's bundles from syndicate-rs (testdata/preserves/syndicate-rs/…): every
 * reference module must exist here, every reference definition must exist and be equal, and the
 * embedded types must agree. Definitions and modules of our own (extensions) are not compared.
 */
class ReferenceBundleEqualityTest {
  static final Path SHARED = Path.of(System.getProperty("shared.dir", "../../shared"));
  static final List<String> REFERENCE_BUNDLES = List.of(
      "testdata/preserves/syndicate-rs/syndicate/protocols/schema-bundle.bin",
      "testdata/preserves/syndicate-rs/syndicate-server/protocols/schema-bundle.bin");

  static Dictionary modules(Value bundle) {
    assertThat(bundle.isRecord("bundle", 1)).as("a <bundle {…}> record").isTrue();
    return (Dictionary) ((RecordValue) bundle).field(0);
  }

  static Dictionary field(Value schema, String key) {
    Value v = ((Dictionary) ((RecordValue) schema).field(0)).get(key);
    return v instanceof Dictionary d ? d : null;
  }

  @Test
  void everyReferenceDefinitionIsCompiledIdentically() throws IOException {
    Dictionary ours = modules(BundleCompiler.compileSources(List.of(Path.of("schemas"))));
    List<String> problems = new ArrayList<>();
    int compared = 0;
    int modulesCompared = 0;
    for (String file : REFERENCE_BUNDLES) {
      byte[] bytes = Files.readAllBytes(SHARED.resolve(file));
      Value reference = BinaryReader.decode(bytes);
      assertThat(BinaryWriter.canonical(reference)).as("reference bundle is canonical: " + file).isEqualTo(bytes);
      Dictionary refModules = modules(reference);
      for (int i = 0; i < refModules.size(); i++) {
        Value path = refModules.keys().get(i);
        Value refSchema = refModules.values().get(i);
        Value ourSchema = ours.get(path);
        if (ourSchema == null) {
          problems.add("module " + path + " (from " + file + ") is missing from protocol-schemas/schemas");
          continue;
        }
        modulesCompared++;
        Value refEmbedded = ((Dictionary) ((RecordValue) refSchema).field(0)).get("embeddedType");
        Value ourEmbedded = ((Dictionary) ((RecordValue) ourSchema).field(0)).get("embeddedType");
        if (!refEmbedded.equals(ourEmbedded)) {
          problems.add("module " + path + ": embeddedType " + ourEmbedded + " differs from reference " + refEmbedded);
        }
        Dictionary refDefs = field(refSchema, "definitions");
        Dictionary ourDefs = field(ourSchema, "definitions");
        for (int j = 0; j < refDefs.size(); j++) {
          Value name = refDefs.keys().get(j);
          Value ourDef = ourDefs.get(name);
          if (ourDef == null) {
            problems.add("module " + path + ": definition " + ((Symbol) name).name() + " is missing");
            continue;
          }
          compared++;
          if (!ourDef.equals(refDefs.values().get(j))) {
            problems.add("module " + path + ": definition " + ((Symbol) name).name() + " differs:\n  ours:      "
                + ourDef + "\n  reference: " + refDefs.values().get(j));
          }
        }
      }
    }
    System.out.println("ReferenceBundleEqualityTest: compared " + compared + " definitions in "
        + modulesCompared + " reference modules; " + problems.size() + " problems");
    assertThat(problems).as("differences from the reference bundles").isEmpty();
    assertThat(modulesCompared).isEqualTo(20);
  }
}
