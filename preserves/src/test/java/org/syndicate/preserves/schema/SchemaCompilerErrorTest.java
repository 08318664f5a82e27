package org.syndicate.preserves.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.SyntaxError;

/** One case per error message of the .prs reader: each names file:line:column and what was expected. */
class SchemaCompilerErrorTest {
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("version 1 .\nversion 1 .", "t.prs:2:1: duplicate `version` clause"),
        Arguments.of("version 1 2 .", "t.prs:1:1: expected `version 1 .`"),
        Arguments.of("version 2 .", "t.prs:1:9: unsupported schema version 2: expected 1"),
        Arguments.of("version 1 .\nembeddedType #f .\nembeddedType #f .", "t.prs:3:1: duplicate `embeddedType` clause"),
        Arguments.of("version 1 .\nembeddedType .", "t.prs:2:1: expected `embeddedType #f .` or `embeddedType Module.Name .`"),
        Arguments.of("version 1 .\nembeddedType 3 .", "t.prs:2:14: expected `#f` or a reference `Module.Name` after `embeddedType`, found `3`"),
        Arguments.of("version 1 .\n\"A\" = int .", "t.prs:2:1: expected a definition name (a symbol) before `=`"),
        Arguments.of("version 1 .\na.b = int .", "t.prs:2:1: invalid definition name `a.b`"),
        Arguments.of("version 1 .\nA = int .\n  A = bool .", "t.prs:3:3: duplicate definition `A`"),
        Arguments.of("version 1 .\nA = .", "t.prs:2:3: expected a pattern after `A =`"),
        Arguments.of("version 1 .\nA int .", "t.prs:2:1: expected a clause `Name = pattern .`, `version 1 .` or `embeddedType X .`"),
        Arguments.of("A = int .", "t.prs:1:1: missing `version 1 .` clause"),
        Arguments.of("version 1 .\nA = / <a> .", "t.prs:2:5: an alternation needs at least two alternatives"),
        Arguments.of("version 1 .\nA = <a> / <a 1> .", "t.prs:2:11: duplicate variant label \"a\""),
        Arguments.of("version 1 .\nA = & {} .", "t.prs:2:5: an intersection needs at least two patterns"),
        Arguments.of("version 1 .\nA = int bool .", "t.prs:2:9: expected a single pattern after `=`"),
        Arguments.of("version 1 .\nA = <a> / / <b> .", "t.prs:2:11: expected a pattern (alternative) before `/`"),
        Arguments.of("version 1 .\nA = <a> / <b> / .", "t.prs:2:15: expected a pattern (alternative) before `/` (nothing follows the last `/`)"),
        Arguments.of("version 1 .\nA = <a> <b> / <c> .", "t.prs:2:9: each alternative must be a single pattern"),
        Arguments.of("version 1 .\nA = <a> / [int] .", "t.prs:2:11: this alternative needs a name"),
        Arguments.of("version 1 .\nA = #{int bool} .", "t.prs:2:5: a set pattern has exactly one element"),
        Arguments.of("version 1 .\nA = <a float> .", "t.prs:2:8: `float` is no longer a Preserves type"),
        Arguments.of("version 1 .\nA = <a = > .", "t.prs:2:8: expected a symbol after `=`"),
        Arguments.of("version 1 .\nA = [... int] .", "t.prs:2:6: unexpected `...`: expected a pattern"),
        Arguments.of("version 1 .\nA = <a b..C> .", "t.prs:2:8: invalid reference `b..C`"),
        Arguments.of("version 1 .\nA = <<rec> a> .", "t.prs:2:5: expected `<<rec> label fields>`"),
        Arguments.of("version 1 .\nA = <<lit> a b> .", "t.prs:2:5: expected `<<lit> value>`"),
        Arguments.of("version 1 .\nA = [...] .", "t.prs:2:6: `...` must follow the pattern it repeats"),
        Arguments.of("version 1 .\nA = {int: int ...: 3} .", "t.prs:2:5: expected a dictionary-of pattern"),
        Arguments.of("version 1 .\nA = #{@x int} .", "t.prs:2:10: a binding name (`@x`) is not allowed here"),
        Arguments.of("version 1 .\nA = <a @x <b>> .", "t.prs:2:11: expected a simple pattern here"),
        Arguments.of("version 1 .\nA = <a @x @y int> .", "t.prs:2:14: more than one binding name (`@x` and `@y`)"));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void errorNamesFileLineColumnAndWhatWasExpected(String source, String expected) {
    assertThatThrownBy(() -> BundleCompiler.compileText(source, "t.prs"))
        .isInstanceOf(SchemaSyntaxError.class)
        .hasMessageStartingWith(expected);
  }

  @Test
  void textSyntaxErrorsAlsoNameTheFile() {
    assertThatThrownBy(() -> BundleCompiler.compileText("version 1 .\nA = <a .", "t.prs"))
        .isInstanceOf(PreservesException.class)
        .hasMessageStartingWith("t.prs:");
    assertThatThrownBy(() -> BundleCompiler.compileText("version 1 .\nA = <a ] .", "t.prs"))
        .isInstanceOf(SyntaxError.class)
        .hasMessageStartingWith("t.prs:2:8:");
  }

  @Test
  void errorWithoutPositionsStillNamesTheFile() {
    SchemaSyntaxError e = org.junit.jupiter.api.Assertions.assertThrows(SchemaSyntaxError.class,
        () -> SchemaCompiler.compile(java.util.List.of(org.syndicate.preserves.Symbol.of("A")), "x.prs", SourcePositions.NONE));
    assertThat(e.getMessage()).startsWith("x.prs: expected a clause");
    assertThat(e.position()).isNull();
  }
}
