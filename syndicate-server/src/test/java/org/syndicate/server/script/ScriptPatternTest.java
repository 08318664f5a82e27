package org.syndicate.server.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * Script patterns compiled to dataspace patterns (§5.5, §3.2 shapes), templates instantiated
 * (§5.5), attenuations compiled to caveats (§5.6, §4.2 shapes), and their run-time errors: one
 * case per rule and one per error message.
 */
class ScriptPatternTest {
  static final Value REF = Embedded.of(Symbol.of("the-ds"));

  /** Records the caveats it is asked to apply; the "attenuated ref" is {@code #:<att BASE [CAVEATS]>}. */
  static final List<List<Value>> attenuations = new ArrayList<>();

  static Env env() {
    return Env.of(
        Path.of("/cfg/dir/a.pr"),
        Map.of(
            "x", SignedInteger.of(7),
            "rec", v("<z 1 [2 {k: \"v\"}]>"),
            "lbl", Symbol.of("label"),
            "withset", v("<s #{1}>"),
            "ds", REF,
            "num", SignedInteger.of(5)),
        (base, caveats) -> {
          if (caveats.toString().contains("fail")) throw new IllegalArgumentException("UnboundRef");
          attenuations.add(caveats);
          return Embedded.of(org.syndicate.preserves.RecordValue.of(Symbol.of("att"), base, org.syndicate.preserves.Sequence.of(caveats)));
        });
  }

  static Value v(String text) {
    return TextReader.parse(text);
  }

  static CompiledPattern pattern(String text) {
    return CompiledPattern.compile(v(text), SourceMap.none(), null);
  }

  static Stream<Arguments> patterns() {
    return Stream.of(
        Arguments.of("_", "<_>", "[]"),
        Arguments.of("?x", "<bind <_>>", "[\"x\"]"),
        Arguments.of("?", "<bind <_>>", "[\"\"]"),
        Arguments.of("3", "<lit 3>", "[]"),
        Arguments.of("\"s\"", "<lit \"s\">", "[]"),
        Arguments.of("#t", "<lit #t>", "[]"),
        Arguments.of("1.5", "<lit 1.5>", "[]"),
        Arguments.of("#x\"0102\"", "<lit #x\"0102\">", "[]"),
        Arguments.of("sym", "<lit sym>", "[]"),
        Arguments.of("=?x", "<lit ?x>", "[]"),
        Arguments.of("=_", "<lit _>", "[]"),
        Arguments.of("$x", "<lit 7>", "[]"),
        Arguments.of("$ds", "<lit #:the-ds>", "[]"),
        Arguments.of(
            "$rec",
            "<group <rec z> {0: <lit 1> 1: <group <arr> {0: <lit 2> 1: <group <dict> {k: <lit \"v\">}>}>}>",
            "[]"),
        Arguments.of(
            "<foo ?x _ 3 \"s\" =bar $x>",
            "<group <rec foo> {0: <bind <_>> 1: <_> 2: <lit 3> 3: <lit \"s\"> 4: <lit bar> 5: <lit 7>}>",
            "[\"x\"]"),
        Arguments.of("<foo>", "<group <rec foo> {}>", "[]"),
        Arguments.of("<$lbl ?y>", "<group <rec label> {0: <bind <_>>}>", "[\"y\"]"),
        Arguments.of("<$rec>", "<group <rec <z 1 [2 {k: \"v\"}]>> {}>", "[]"),
        Arguments.of("<<inner 1> 2>", "<group <rec <inner 1>> {0: <lit 2>}>", "[]"),
        Arguments.of("[?a [?b] _]", "<group <arr> {0: <bind <_>> 1: <group <arr> {0: <bind <_>>}> 2: <_>}>", "[\"a\" \"b\"]"),
        Arguments.of("{k: ?v $x: 1}", "<group <dict> {k: <bind <_>> $x: <lit 1>}>", "[\"v\"]"),
        Arguments.of("<?x <foo ?y>>", "<bind <group <rec foo> {0: <bind <_>>}>>", "[\"x\" \"y\"]"),
        Arguments.of("<? 1>", "<bind <lit 1>>", "[\"\"]"),
        Arguments.of("<?x 1 2>", null, null), // a binder label with two fields: not a bind (error below)
        Arguments.of("<* $ds [<reject 1>]>", "<lit #:<att #:the-ds [<reject <lit 1>>]>>", "[]"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("patterns")
  void compilesToDataspacePattern(String source, String expected, String binders) {
    if (expected == null) return; // covered by errors()
    CompiledPattern p = pattern(source);
    assertThat(p.instantiate(env()).toValue()).isEqualTo(v(expected));
    assertThat(p.binders()).isEqualTo(((org.syndicate.preserves.Sequence) v(binders)).items().stream()
        .map(s -> ((StringValue) s).value()).toList());
  }

  @Test
  void bindersLineUpWithCaptures() {
    // B7: the reference would bind x to 1 and y to <foo 1>.
    CompiledPattern p = pattern("<?x <foo ?y>>");
    List<Value> captures = p.instantiate(env()).match(v("<foo 1>"));
    assertThat(captures).containsExactly(v("<foo 1>"), v("1"));
    Env e = env();
    e.extend(p.binders(), captures);
    assertThat(e.get("x")).isEqualTo(v("<foo 1>"));
    assertThat(e.get("y")).isEqualTo(v("1"));
  }

  static Stream<Arguments> matches() {
    return Stream.of(
        // pattern, value, captures or null for no match
        Arguments.of("<foo ?x>", "<foo 1 2>", "[1]"), // open: extra fields ignored
        Arguments.of("<foo ?x ?y>", "<foo 1>", null), // listed fields must exist
        Arguments.of("<foo _>", "<bar 1>", null),
        Arguments.of("[?a]", "[1 2 3]", "[1]"),
        Arguments.of("[?a]", "<x 1>", null),
        Arguments.of("{k: ?v}", "{k: 1 j: 2}", "[1]"),
        Arguments.of("{k: ?v}", "{j: 2}", null),
        Arguments.of("<foo>", "<foo a b>", "[]"),
        Arguments.of("$rec", "<z 1 [2 {k: \"v\" extra: 0}] more>", "[]"),
        Arguments.of("{b: ?b \"aa\": ?aa}", "{b: 1 \"aa\": 2}", "[2 1]"), // strings before symbols
        Arguments.of("3", "3.0", null));
  }

  @ParameterizedTest(name = "{0} ~ {1}")
  @MethodSource("matches")
  void matchesOpenly(String pattern, String value, String captures) {
    List<Value> got = pattern(pattern).instantiate(env()).match(v(value));
    if (captures == null) assertThat(got).isNull();
    else assertThat(got).isEqualTo(((org.syndicate.preserves.Sequence) v(captures)).items());
  }

  static Stream<Arguments> templates() {
    return Stream.of(
        Arguments.of("<a $x =$x =?y =_ sym 1>", "<a 7 $x ?y _ sym 1>"),
        Arguments.of("[$x {k: $x $lbl: v} #{$x 7}]", "[7 {k: 7 label: v} #{7}]"),
        Arguments.of("<$lbl $rec>", "<label <z 1 [2 {k: \"v\"}]>>"),
        Arguments.of("$.", "{x: 7 rec: <z 1 [2 {k: \"v\"}]> lbl: label withset: <s #{1}> ds: #:the-ds num: 5}"),
        Arguments.of("<svc <* $ds [<reject <secret _>>]>>", "<svc #:<att #:the-ds [<reject <rec secret [<_>]>>]>>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void instantiatesTemplates(String source, String expected) {
    Template t = Template.compile(v(source), SourceMap.none(), null);
    assertThat(t.instantiate(env())).isEqualTo(v(expected));
  }

  @Test
  void constantTemplatesAreFolded() {
    assertThat(Template.compile(v("<a [1 {k: =$v}]>"), SourceMap.none(), null))
        .isEqualTo(new Template.Literal(v("<a [1 {k: |$v|}]>")));
  }

  static Stream<Arguments> caveats() {
    return Stream.of(
        Arguments.of("<accept <foo _>>", "<rewrite <bind <rec foo [<_>]>> <ref 0>>"),
        Arguments.of("<rewrite <a ?x> <b $x $num>>", "<rewrite <rec a [<bind <_>>]> <rec b [<ref 0> <lit 5>]>>"),
        Arguments.of(
            "<rewrite ?x <labelled \"alice\" $x>>",
            "<rewrite <bind <_>> <rec labelled [<lit \"alice\"> <ref 0>]>>"), // the §4.1 vector's caveat
        Arguments.of(
            "<or [<accept 1> <rewrite [?a ?b] [$b $a]>]>",
            "<or [<rewrite <bind <lit 1>> <ref 0>> <rewrite <arr [<bind <_>> <bind <_>>]> <arr [<ref 1> <ref 0>]>>]>"),
        Arguments.of("<or [<accept 3>]>", "<rewrite <bind <lit 3>> <ref 0>>"),
        Arguments.of("<or []>", "<or []>"),
        Arguments.of("<reject <secret _>>", "<reject <rec secret [<_>]>>"),
        Arguments.of("<reject {k: $rec}>", "<reject <dict {k: <rec z [<lit 1> <arr [<lit 2> <dict {k: <lit \"v\">}>]>]>}>>"),
        Arguments.of(
            "<rewrite <x ?r> <* $r [<reject 1>]>>",
            "<rewrite <rec x [<bind <_>>]> <attenuate <ref 0> [<reject <lit 1>>]>>"),
        Arguments.of(
            "<rewrite <x> <* $ds [<reject 2>]>>",
            "<rewrite <rec x []> <lit #:<att #:the-ds [<reject <lit 2>>]>>>"),
        Arguments.of("<rewrite <x {k: ?v}> {out: $v}>", "<rewrite <rec x [<dict {k: <bind <_>>}>]> <dict {out: <ref 0>}>>"),
        Arguments.of("<rewrite <?all <x ?v>> [$all $v]>", "<rewrite <bind <rec x [<bind <_>>]>> <arr [<ref 0> <ref 1>]>>"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("caveats")
  void compilesCaveats(String caveat, String expected) {
    attenuations.clear();
    Template t = Template.compile(v("<* $ds [" + caveat + "]>"), SourceMap.none(), null);
    t.instantiate(env());
    assertThat(attenuations).hasSize(2 - (caveat.contains("<* $ds") ? 0 : 1));
    assertThat(attenuations.get(attenuations.size() - 1)).containsExactly(v(expected));
  }

  static Stream<Arguments> runtimeErrors() {
    return Stream.of(
        // kind, source, message
        Arguments.of("pattern", "$nosuch", "Undefined pattern-template variable: \"nosuch\""),
        Arguments.of("pattern", "<?x>", "Record pattern must have literal label"),
        Arguments.of("pattern", "<?x 1 2>", "Record pattern must have literal label"),
        Arguments.of("pattern", "<_ 1>", "Record pattern must have literal label"),
        Arguments.of("pattern", "<<a ?x> 1>", "Record pattern must have literal label"),
        Arguments.of("pattern", "#{1}", "Sets not permitted in patterns: #{1}"),
        Arguments.of("pattern", "<a $withset>", "A set cannot be used as a pattern literal: #{1}"),
        Arguments.of("template", "<a $nosuch>", "Undefined template variable: \"nosuch\""),
        Arguments.of("template", "<a ?x>", "Invalid use of wildcard in template: ?x"),
        Arguments.of("template", "[_]", "Invalid use of wildcard in template: _"),
        Arguments.of("template", "<* $ds>", "Attenuation requires a reference and a sequence of caveats; got <* $ds>"),
        Arguments.of("template", "<* ds []>", "Attenuation must have variable reference as first argument; got ds"),
        Arguments.of("template", "<* $ds <x>>", "Attenuation of $ds must have sequence of caveats; got <x>"),
        Arguments.of("template", "<* $ds [<x>]>", "Bad caveat in attenuation of $ds: <x>"),
        Arguments.of("template", "<* $ds [<or 1>]>",
            "Alternatives in <or> in attenuation of $ds must have sequence of rewrites; got 1"),
        Arguments.of("template", "<* $ds [<or [<reject 1>]>]>", "Bad rewrite in attenuation of $ds: <reject 1>"),
        Arguments.of("template", "<* $nosuch []>", "Undefined attenuation-base variable: \"nosuch\""),
        Arguments.of("template", "<* $num []>", "Value to be attenuated is 5 but must be capability"),
        Arguments.of("template", "<* $ds [<fail>]>", "Bad caveat in attenuation of $ds: <fail>"),
        Arguments.of("template", "<* $ds [<rewrite _ <fail>>]>", "Attenuation of #:the-ds failed: UnboundRef"),
        Arguments.of("template", "<* $ds [<rewrite ?x $nosuch>]>", "Undefined attenuation-template variable: \"nosuch\""),
        Arguments.of("template", "<* $ds [<rewrite ?x <$x>>]>", "Record template must have literal label"),
        Arguments.of("template", "<* $ds [<rewrite ?x #{1}>]>", "Sets not permitted in templates: #{1}"),
        Arguments.of("template", "<* $ds [<rewrite ?x ?y>]>", "Invalid use of wildcard in template: ?y"),
        Arguments.of("template", "<* $ds [<rewrite <a $nosuch> 1>]>", "Undefined pattern-template variable: \"nosuch\""));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("runtimeErrors")
  void runtimeError(String kind, String source, String message) {
    Path file = Path.of("/cfg/x.pr");
    CompiledScript s = Script.load(file, kind.equals("pattern") ? "let " + source + " = 1" : "+= " + source);
    Runnable run =
        kind.equals("pattern")
            ? () -> ((Instruction.Let) s.body().instructions().get(0)).pattern().instantiate(env())
            : () -> ((Instruction.Assert) s.body().instructions().get(0)).template().instantiate(env());
    assertThatThrownBy(run::run)
        .isInstanceOfSatisfying(
            ScriptRuntimeException.class,
            e -> {
              assertThat(e.detail()).isEqualTo(message);
              assertThat(e.position()).isNotNull();
              assertThat(e.position().source()).isEqualTo(file.toString());
              assertThat(e.position().line()).isEqualTo(1);
            });
  }

  @Test
  void runtimeErrorsNameTheToken() {
    CompiledScript s = Script.load(Path.of("f.pr"), "+= <a\n   $nosuch>");
    assertThatThrownBy(() -> ((Instruction.Assert) s.body().instructions().get(0)).template().instantiate(env()))
        .hasMessage("f.pr:2:4: Undefined template variable: \"nosuch\"");
  }

  @Test
  void envSnapshotsAreIndependent() {
    Env e = env();
    Env snap = e.snapshot();
    e.bind("x", SignedInteger.of(1));
    assertThat(snap.get("x")).isEqualTo(SignedInteger.of(7));
    assertThat(e.scriptDir()).isEqualTo("/cfg/dir");
    assertThat(Env.of(Path.of("a.pr"), Map.of(), Env.NO_ATTENUATION).scriptDir()).isEqualTo(".");
    assertThat(SetValue.of()).isNotNull();
  }
}
