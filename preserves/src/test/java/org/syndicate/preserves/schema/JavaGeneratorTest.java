package org.syndicate.preserves.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.PreservesException;

/**
 * The shapes JavaGenerator chooses (the generated code itself is compiled and exercised by the
 * protocol-schemas module's tests).
 */
class JavaGeneratorTest {
  static Map<String, String> generate(String source, Map<String, String> embedded, List<String> warnings) {
    var bundle = SchemaModel.Bundle.parse(BundleCompiler.bundle(
        Map.of(List.of("my-mod"), BundleCompiler.compileText(source, "m.prs"))));
    return JavaGenerator.generate(bundle, new JavaGenerator.Options("org.example", embedded), warnings);
  }

  @Test
  void shapesNamesAndFiles() {
    Map<String, String> files = generate("""
        version 1 . embeddedType EntityRef.Cap .
        Color = =red / =green / <other> .
        Shape = <circle @radius double> / @square <square @side int> / @named string .
        Point = <point @x int @y int> .
        Wrapper = [Point ...] .
        Unit = #f .
        Holder = <holder @ref #:any @interface bool> .
        """, Map.of("EntityRef.Cap", "com.example.Ref"), null);
    assertThat(files.keySet()).containsExactlyInAnyOrder(
        "org/example/mymod/Color.java", "org/example/mymod/Shape.java", "org/example/mymod/Point.java",
        "org/example/mymod/Wrapper.java", "org/example/mymod/Unit.java", "org/example/mymod/Holder.java",
        "org/example/mymod/SchemaLiterals.java");
    assertThat(files.get("org/example/mymod/Color.java")).contains("public enum Color {", "  Red,", "  Other;");
    assertThat(files.get("org/example/mymod/Shape.java"))
        .contains("public sealed interface Shape {", "public record Circle(double radius) implements Shape",
            "public record Square(java.math.BigInteger side) implements Shape",
            "public record Named(java.lang.String value) implements Shape");
    assertThat(files.get("org/example/mymod/Point.java"))
        .contains("public record Point(java.math.BigInteger x, java.math.BigInteger y) {", "public static Point parse(",
            "public static java.util.Optional<Point> tryParse(", "public org.syndicate.preserves.Value unparse()");
    assertThat(files.get("org/example/mymod/Wrapper.java"))
        .contains("public record Wrapper(java.util.List<org.example.mymod.Point> value)");
    assertThat(files.get("org/example/mymod/Unit.java")).contains("public record Unit()");
    assertThat(files.get("org/example/mymod/Holder.java"))
        .contains("public record Holder(com.example.Ref ref, boolean interface_)", "embedded($r0.field(0), com.example.Ref.class)");
  }

  @Test
  void unknownModulesAreWarnedAboutAndTypedAsValue() {
    List<String> warnings = new ArrayList<>();
    Map<String, String> files = generate("version 1 . A = <a @b elsewhere.B> .", Map.of(), warnings);
    assertThat(warnings).singleElement().asString().contains("elsewhere.B names a module not in the bundle");
    assertThat(files.get("org/example/mymod/A.java")).contains("public record A(org.syndicate.preserves.Value b)");
  }

  static Map<String, String> generateTwo(Map<String, String> aliases, List<String> warnings) {
    var bundle = SchemaModel.Bundle.parse(BundleCompiler.bundle(Map.of(
        List.of("transportAddress"), BundleCompiler.compileText("version 1 . Tcp = <tcp @host string @port int> .", "t.prs"),
        List.of("svc"), BundleCompiler.compileText("version 1 . L = <listener @addr TransportAddress.Tcp> .", "s.prs"))));
    return JavaGenerator.generate(bundle, new JavaGenerator.Options("org.example", Map.of(), aliases), warnings);
  }

  @Test
  void aDeclaredModuleAliasResolvesSilentlyAndAnUndeclaredCaseMismatchWarns() {
    List<String> warned = new ArrayList<>();
    Map<String, String> guessed = generateTwo(Map.of(), warned);
    assertThat(warned).singleElement().asString().contains("TransportAddress.Tcp resolved case-insensitively to transportAddress.Tcp");
    List<String> quiet = new ArrayList<>();
    Map<String, String> aliased = generateTwo(Map.of("TransportAddress", "transportAddress"), quiet);
    assertThat(quiet).isEmpty();
    // the same types either way: the field is the transportAddress record, not a bare Value
    assertThat(aliased).isEqualTo(guessed);
    assertThat(aliased.get("org/example/svc/L.java")).contains("public record L(org.example.transportaddress.Tcp addr)");
    // an alias naming no module is reported, and the case-insensitive fallback still applies
    List<String> wrong = new ArrayList<>();
    generateTwo(Map.of("TransportAddress", "nowhere"), wrong);
    assertThat(wrong).anySatisfy(w -> assertThat(w).contains("alias TransportAddress=nowhere names a module not in the bundle"));
  }

  @Test
  void clashesAreErrors() {
    assertThatThrownBy(() -> generate("version 1 . a-b = int . aB = int .", Map.of(), null))
        .isInstanceOf(PreservesException.class).hasMessageContaining("two definitions map to the Java name AB");
    assertThatThrownBy(() -> generate("version 1 . A = <a @x int @x int> .", Map.of(), null))
        .isInstanceOf(PreservesException.class).hasMessageContaining("binding name x is used twice");
    assertThatThrownBy(() -> generate("version 1 . A = <a @x Missing> .", Map.of(), null))
        .isInstanceOf(PreservesException.class).hasMessageContaining("names no definition");
  }

  @Test
  void malformedCompiledSchemasAreRejectedWithAPath() {
    var bad = org.syndicate.preserves.text.TextReader.parse(
        "<schema {version: 1 embeddedType: #f definitions: {A: <rec <lit a> <tuple [<named x <atom Float>>]>>}}>");
    assertThatThrownBy(() -> SchemaModel.Schema.parse(bad))
        .isInstanceOf(SchemaParseException.class)
        .hasMessageStartingWith("at [0]{definitions}{A}[1][0][0][1][0]: expected an AtomKind");
  }
}
