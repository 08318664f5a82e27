package org.syndicate.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.schema.BundleCompiler;
import org.syndicate.preserves.schema.JavaGenerator;
import org.syndicate.preserves.schema.JavaNames;
import org.syndicate.preserves.schema.SchemaModel;

/**
 * Property: for every definition of every module in schemas/, values generated to conform to it
 * (seeded; the seed is printed, override with -Dschemas.seed=N) parse with the generated type,
 * and unparse gives back an equal value — also after a binary encode/decode round trip.
 */
class GeneratedTypesPropertyTest {
  static final int PER_DEFINITION = 40;

  /**
   * Definitions where open matching is lossy by design: internalServices.TcpRelayListener is
   * {@code TcpWithoutHttp / TcpWithHttp}, and since records may carry extra fields the 2-field
   * form also matches the 3-field record (syndicate-server.md §6 "Extra fields in service names",
   * bug B22); GeneratedTypesExamplesTest pins that behaviour down.
   */
  static final java.util.Set<String> LOSSY_BY_DESIGN = java.util.Set.of("internalServices/TcpRelayListener");

  @Test
  void unparseOfParseIsIdentityForConformingValuesOfEveryDefinition() throws Exception {
    long seed = Long.getLong("schemas.seed", System.nanoTime());
    System.out.println("GeneratedTypesPropertyTest seed: " + seed + " (rerun with -Dschemas.seed=" + seed + ")");
    SchemaModel.Bundle bundle = SchemaModel.Bundle.parse(BundleCompiler.compileSources(List.of(Path.of("schemas"))));
    ConformingValues gen = new ConformingValues(bundle, seed, 4);
    List<String> failures = new ArrayList<>();
    int definitions = 0, checks = 0;
    for (Map.Entry<List<String>, SchemaModel.Schema> m : bundle.modules().entrySet()) {
      String pkg = JavaGenerator.packageName("org.syndicate.schemas", m.getKey());
      for (String def : m.getValue().definitions().keySet()) {
        if (LOSSY_BY_DESIGN.contains(String.join(".", m.getKey()) + "/" + def)) continue;
        definitions++;
        Class<?> type = Class.forName(pkg + "." + JavaNames.upperCamel(def));
        Method parse = type.getMethod("parse", Value.class);
        for (int i = 0; i < PER_DEFINITION && failures.size() < 20; i++) {
          Value v = gen.definition(m.getKey(), def, 0);
          checks++;
          try {
            Object typed = parse.invoke(null, v);
            Value back = (Value) typed.getClass().getMethod("unparse").invoke(typed);
            if (!back.equals(v)) failures.add(pkg + "." + def + ": " + v + " unparsed as " + back);
            Object again = parse.invoke(null, BinaryReader.decode(BinaryWriter.canonical(back)));
            if (!again.equals(typed)) failures.add(pkg + "." + def + ": binary round trip changed " + typed + " to " + again);
          } catch (InvocationTargetException e) {
            failures.add(pkg + "." + def + ": " + v + " rejected: " + e.getCause());
          }
        }
      }
    }
    System.out.println("GeneratedTypesPropertyTest: " + checks + " values over " + definitions + " definitions");
    assertThat(failures).isEmpty();
    assertThat(definitions).isGreaterThan(180);
  }
}
