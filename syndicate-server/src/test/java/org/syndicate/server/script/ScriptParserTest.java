package org.syndicate.server.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * One case per construct of the script language (reference note syndicate-server.md §5.3–§5.6):
 * source text to the expected instruction tree, in the inspection form of {@link
 * Instruction#describe()}. The empty block that {@link Script#load} appends to every file is left
 * out of the expected trees (except where it lands in a conditional's false branch); {@link
 * #everyFileEndsWithAnEmptyBlock()} checks it separately.
 */
class ScriptParserTest {
  static final Path FILE = Path.of("/etc/syndicate/test.pr");

  static Stream<Arguments> constructs() {
    return Stream.of(
        // name, source, expected tree (top-level instructions without the appended [])
        Arguments.of("record assertion", "<foo 1 \"two\">", "[<assert \"config\" <foo 1 \"two\">>]"),
        Arguments.of("dictionary assertion", "{a: 1 b: $x}", "[<assert \"config\" {a: 1 b: $x}>]"),
        Arguments.of(
            "block",
            "[<a> [<b>]]",
            "[[<assert \"config\" <a>> [<assert \"config\" <b>>]]]"),
        Arguments.of("+= of an atom", "+= 5 += sym", "[<assert \"config\" 5> <assert \"config\" sym>]"),
        Arguments.of("message", "! <ping 1>", "[<message \"config\" <ping 1>>]"),
        Arguments.of("retarget", "$x <foo>", "[<assert \"x\" <foo>>]"),
        Arguments.of(
            "retarget applies to a whole block, nested retarget inside",
            "$x [<a> $y <b> ! <c>]",
            "[[<assert \"x\" <a>> <assert \"y\" <b>> <message \"x\" <c>>]]"),
        Arguments.of("retarget chain", "$a $b += 1", "[<assert \"b\" 1>]"),
        Arguments.of(
            "during",
            "? <x ?v> <y $v>",
            "[<during \"config\" <x ?v> [\"v\"] <assert \"config\" <y $v>>>]"),
        Arguments.of(
            "during keeps its target for the body",
            "$d ? <hello> <seen>",
            "[<during \"d\" <hello> [] <assert \"d\" <seen>>>]"),
        Arguments.of(
            "during body retargeted",
            "$d ? <hello> $config <seen>",
            "[<during \"d\" <hello> [] <assert \"config\" <seen>>>]"),
        Arguments.of(
            "on message",
            "?? <ping ?v> ! <pong $v>",
            "[<on-message \"config\" <ping ?v> [\"v\"] <message \"config\" <pong $v>>>]"),
        Arguments.of("on stop", "?- ! <bye>", "[<on-stop <message \"config\" <bye>>>]"),
        Arguments.of("on stop of a block", "?- [<a> <b>]", "[<on-stop [<assert \"config\" <a>> <assert \"config\" <b>>]>]"),
        Arguments.of("let dataspace", "let ?d = dataspace", "[<let ?d [\"d\"] dataspace>]"),
        Arguments.of("let timestamp", "let ?t = timestamp", "[<let ?t [\"t\"] timestamp>]"),
        Arguments.of("let facet", "let ?f = facet", "[<let ?f [\"f\"] facet>]"),
        Arguments.of("let scriptdir", "let ?d = scriptdir", "[<let ?d [\"d\"] scriptdir>]"),
        Arguments.of(
            "let template",
            "let <pair ?a ?b> = <pair 1 $x>",
            "[<let <pair ?a ?b> [\"a\" \"b\"] <template <pair 1 $x>>>]"),
        Arguments.of(
            "stringify",
            "let ?s = stringify <a $x>",
            "[<let ?s [\"s\"] <stringify <template <a $x>>>>]"),
        Arguments.of(
            "stringify of an expression",
            "let ?s = stringify stringify timestamp",
            "[<let ?s [\"s\"] <stringify <stringify timestamp>>>]"),
        Arguments.of(
            "join",
            "let ?j = join \", \" [\"a\" 1]",
            "[<let ?j [\"j\"] <join <template \", \"> <template [\"a\" 1]>>>]"),
        Arguments.of(
            "join of expressions",
            "let ?j = join stringify 1 scriptdir",
            "[<let ?j [\"j\"] <join <stringify <template 1>> scriptdir>>]"),
        Arguments.of(
            "conditional: false branch is the rest of the block (here with the appended [])",
            "let ?v = <foo 2> $v =~ <foo ?n> <got $n> <none>",
            "[<let ?v [\"v\"] <template <foo 2>>>"
                + " <cond \"v\" <foo ?n> [\"n\"] <assert \"config\" <got $n>> [<assert \"config\" <none>> []]>]"),
        Arguments.of(
            "conditional branches use the outer target",
            "$x [$v =~ _ <t> <f>]",
            "[[<cond \"v\" _ [] <assert \"x\" <t>> [<assert \"x\" <f>>]>]]"),
        Arguments.of(
            "conditional in a block ends at the block's end",
            "[$v =~ 1 <t>] <after>",
            "[[<cond \"v\" 1 [] <assert \"config\" <t>> []>] <assert \"config\" <after>>]"),
        Arguments.of(
            "symbol classes in templates",
            "<a $x $. =?y =$z =_ =plain plain 1 \"s\">",
            "[<assert \"config\" <a $x $. =?y =$z =_ plain plain 1 \"s\">>]"),
        Arguments.of(
            "wildcards in a template parse (they fail when run)",
            "<a ?x _>",
            "[<assert \"config\" <a ?x _>>]"),
        Arguments.of(
            "symbol classes in patterns",
            "? <a _ ?x ? $y =z z =?w> <b>",
            "[<during \"config\" <a _ ?x ? $y z z =?w> [\"x\" \"\"] <assert \"config\" <b>>>]"),
        Arguments.of(
            "binder with pattern: names in capture order (B7 fixed)",
            "? <?outer <foo ?inner>> <b>",
            "[<during \"config\" <?outer <foo ?inner>> [\"outer\" \"inner\"] <assert \"config\" <b>>>]"),
        Arguments.of(
            "dictionary pattern: keys literal, binders in key order",
            "? {$k: ?v, a: ?w} <b>",
            "[<during \"config\" {$k: ?v, a: ?w} [\"v\" \"w\"] <assert \"config\" <b>>>]"),
        Arguments.of(
            "attenuation in a template",
            "<svc <* $ds [<reject <secret _>>]>>",
            "[<assert \"config\" <svc <* $ds [<reject <secret _>>]>>>]"),
        Arguments.of(
            "comments attach to values and change nothing",
            "# a comment\n<a> # trailing comment",
            "[<assert \"config\" <a>>]"),
        Arguments.of(
            "nested reactions",
            "? <a ?x> ? <b $x ?y> ?? <c> ! <d $x $y>",
            "[<during \"config\" <a ?x> [\"x\"] <during \"config\" <b $x ?y> [\"y\"]"
                + " <on-message \"config\" <c> [] <message \"config\" <d $x $y>>>>>]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("constructs")
  void construct(String name, String source, String expected) {
    CompiledScript s = Script.load(FILE, source);
    assertThat(withoutFinalEmptyBlock(s.body().describe())).isEqualTo(TextReader.parse(expected));
  }

  @Test
  void everyFileEndsWithAnEmptyBlock() {
    assertThat(Script.load(FILE, "").body().describe()).isEqualTo(TextReader.parse("[[]]"));
    assertThat(Script.load(FILE, "<a> # ends in a comment").body().describe())
        .isEqualTo(TextReader.parse("[<assert \"config\" <a>> []]"));
  }

  @Test
  void instructionsCarryTheirPositions() {
    CompiledScript s = Script.load(FILE, "# header\n<a>\n  ? <b ?x>\n    ! <c $x>\n");
    var assertion = (Instruction.Assert) s.body().instructions().get(0);
    assertThat(assertion.position().toString()).isEqualTo(FILE + ":2:1");
    var during = (Instruction.During) s.body().instructions().get(1);
    assertThat(during.position().toString()).isEqualTo(FILE + ":3:3");
    assertThat(during.pattern().position().toString()).isEqualTo(FILE + ":3:5");
    assertThat(during.body().position().toString()).isEqualTo(FILE + ":4:5");
    var variable = (Template.Variable) ((Template.Rec) ((Instruction.Message) during.body()).template()).fields().get(0);
    assertThat(variable.position().toString()).isEqualTo(FILE + ":4:10");
  }

  static Value withoutFinalEmptyBlock(Value tree) {
    List<Value> items = ((Sequence) tree).items();
    if (!items.isEmpty() && items.get(items.size() - 1).equals(Sequence.of())) {
      return Sequence.of(items.subList(0, items.size() - 1));
    }
    return tree;
  }

  // ---- errors: one per message -------------------------------------------------------------

  static Stream<Arguments> grammarErrors() {
    return Stream.of(
        // source, expected errors "line:column: message", in order
        Arguments.of("foo", List.of("1:1: Invalid token: foo (expected an instruction)")),
        Arguments.of("<a>\n  \"str\" 12", List.of(
            "2:3: Invalid token: \"str\" (expected an instruction)",
            "2:9: Invalid token: 12 (expected an instruction)")),
        Arguments.of("=foo", List.of("1:1: Invalid token: foo (expected an instruction)").stream()
            .map(s -> s.replace("foo (", "=foo (")).toList()),
        Arguments.of("?x <a>", List.of("1:1: Invalid use of pattern binder in target: ?x")),
        Arguments.of("_ <a>", List.of("1:1: Invalid use of discard in target: <a>")),
        Arguments.of("[<a> _]", List.of("1:6: Invalid use of discard in target")), // B2
        Arguments.of("[ $config ]", List.of("1:3: Missing instruction after retarget: $config")), // B2
        Arguments.of("let ?x <a>", List.of(
            "1:1: Invalid let statement (expected let PATTERN = EXPRESSION)",
            "1:5: Invalid use of pattern binder in target: ?x")),
        Arguments.of("[let ?x =]", List.of("1:2: Missing expression in let")), // B3
        Arguments.of("[let ?x = stringify]", List.of("1:11: Missing expression after stringify")), // B3
        Arguments.of("[let ?x = join]", List.of("1:11: Missing separator and pieces after join")), // B3
        Arguments.of("[let ?x = join \",\"]", List.of("1:11: Missing pieces after join separator")), // B3
        Arguments.of("[<a> ?-]", List.of("1:6: Missing instruction in on-stop")), // B3
        Arguments.of("[!]", List.of("1:2: Missing payload after '!'")),
        Arguments.of("[\n +=]", List.of("2:2: Missing payload after '+='")),
        Arguments.of("[?]", List.of("1:2: Missing pattern and instruction in react")),
        Arguments.of("[??]", List.of("1:2: Missing pattern and instruction in react")),
        Arguments.of("[? <a ?x>]", List.of("1:2: Missing instruction in react with pattern <a ?x>")),
        Arguments.of("[?? <a>]", List.of("1:2: Missing instruction in react with pattern <a>")),
        Arguments.of("[$v =~]", List.of("1:5: Missing pattern, true-instruction and false-continuation in match")),
        Arguments.of("[$v =~ <a>]", List.of("1:5: Missing true-instruction in conditional with pattern <a>")),
        Arguments.of("? <a> foo", List.of("1:7: Invalid token: foo (expected an instruction)")),
        Arguments.of("?- ".repeat(600) + "<a>", List.of("1:1537: Script nested too deeply (more than 512 levels)")),
        Arguments.of("$a ".repeat(700) + "<a>", List.of("1:1537: Script nested too deeply (more than 512 levels)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grammarErrors")
  void grammarError(String source, List<String> expected) {
    try {
      Script.load(FILE, source);
      fail("no error for " + source);
    } catch (ScriptParseException e) {
      assertThat(e.kind()).isEqualTo(ScriptParseException.Kind.GRAMMAR);
      assertThat(e.errors()).allSatisfy(err -> assertThat(err.position().source()).isEqualTo(FILE.toString()));
      assertThat(e.errors().stream().map(err -> err.position().line() + ":" + err.position().column() + ": " + err.message()))
          .containsExactlyElementsOf(expected);
      assertThat(e.getMessage()).startsWith(FILE + ":" + expected.get(0));
    }
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        Arguments.of("<foo", "2:3: premature end of input: a value is not complete"),
        Arguments.of("<a>>", "1:4: unexpected '>' with nothing open"),
        Arguments.of("<a #:<ref>>", "1:4: embedded value rejected: config files cannot contain embedded values (#:)"),
        Arguments.of("[".repeat(600), "1:513: nesting deeper than the limit of 512"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void syntaxError(String source, String expected) {
    assertThatThrownBy(() -> Script.load(FILE, source))
        .isInstanceOfSatisfying(
            ScriptParseException.class,
            e -> {
              assertThat(e.kind()).isEqualTo(ScriptParseException.Kind.SYNTAX);
              assertThat(e.errors()).hasSize(1);
              ScriptError err = e.errors().get(0);
              assertThat(err.position().source()).isEqualTo(FILE.toString());
              assertThat(err.position().line() + ":" + err.position().column() + ": " + err.message()).isEqualTo(expected);
            });
  }

  @Test
  void sharedValuesAreLocatedByPlace() {
    // #t, "" and [] are shared objects: identity cannot tell their occurrences apart.
    assertThatThrownBy(() -> Script.load(FILE, "#t <a>\n[<b> #t]\n  #t \"\" [[] \"\"]"))
        .isInstanceOfSatisfying(
            ScriptParseException.class,
            e -> assertThat(e.errors().stream().map(err -> err.position().line() + ":" + err.position().column()))
                .containsExactly("1:1", "2:6", "3:3", "3:6", "3:13"));
  }

  @Test
  void positionsCountCodePointsAndLineEndings() {
    assertThatThrownBy(() -> Script.load(FILE, "<a>\r\n\"\uD83D\uDE00\" <b>\rbad"))
        .isInstanceOfSatisfying(
            ScriptParseException.class,
            e -> assertThat(e.errors().stream().map(ScriptError::toString))
                .containsExactly(
                    FILE + ":2:1: Invalid token: \"\uD83D\uDE00\" (expected an instruction)",
                    FILE + ":3:1: Invalid token: bad (expected an instruction)"));
  }
}
