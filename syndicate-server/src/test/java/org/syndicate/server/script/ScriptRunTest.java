package org.syndicate.server.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.script.ScriptHarness.v;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Scripts run against a real dataspace (reference note §5.2–§5.7, conformance rows §10 43–56):
 * each case loads a file, and checks what appears at {@code $config}, then what happens when the
 * file's facet is stopped (as the config watcher does when the file is deleted).
 */
class ScriptRunTest {
  ScriptHarness h;

  @BeforeEach
  void setUp() {
    h = new ScriptHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  static Stream<Arguments> scripts() {
    return Stream.of(
        // name, source, events at load, events when the file's facet is stopped
        Arguments.of("record", "<foo>", List.of("+<foo>"), List.of("-<foo>")),
        Arguments.of("dictionary", "{a: 1}", List.of("+{a: 1}"), List.of("-{a: 1}")),
        Arguments.of("+= and blocks", "[+= 1 [<b>]]", List.of("+1", "+<b>"), List.of("-1", "-<b>")),
        Arguments.of("message", "! <m 1> <keep>", List.of("!<m 1>", "+<keep>"), List.of("-<keep>")),
        Arguments.of("let template", "let <p ?a ?b> = <p 1 [2]> <got $b $a>", List.of("+<got [2] 1>"), List.of("-<got [2] 1>")),
        Arguments.of("blocks are not scopes", "[let ?y = 5] <y $y>", List.of("+<y 5>"), List.of("-<y 5>")),
        Arguments.of("let rebinding a target variable is seen", "let ?c = $config let ?config = 1 $c <x>", List.of("+<x>"), List.of("-<x>")),
        Arguments.of("stringify", "let ?t = stringify <a 1 \"s\" [x]> <t $t>", List.of("+<t \"<a 1 \\\"s\\\" [x]>\">"), List.of("-<t \"<a 1 \\\"s\\\" [x]>\">")),
        Arguments.of("join", "let ?j = join \", \" [\"a\" 1 b] <j $j>", List.of("+<j \"a, 1, b\">"), List.of("-<j \"a, 1, b\">")),
        Arguments.of("join of one value, non-string separator", "let ?j = join 0 <x> <j $j>", List.of("+<j \"<x>\">"), List.of("-<j \"<x>\">")),
        Arguments.of("scriptdir", "let ?d = scriptdir <d $d>", List.of("+<d \"/etc/syndicate/test\">"), List.of("-<d \"/etc/syndicate/test\">")),
        Arguments.of("conditional true", "let ?v = <foo 2> $v =~ <foo ?n> <got $n> <none>", List.of("+<got 2>"), List.of("-<got 2>")),
        Arguments.of("conditional false", "let ?v = <foo 2> $v =~ <bar ?n> <got $n> <none>", List.of("+<none>"), List.of("-<none>")),
        Arguments.of("conditional binds in place", "let ?v = [1] [$v =~ [?n] []] <after $n>", List.of("+<after 1>"), List.of("-<after 1>")),
        Arguments.of("on-stop of a live facet", "?- ! <bye> <keep>", List.of("+<keep>"), List.of("!<bye>", "-<keep>")),
        Arguments.of("on-stop of an inert facet runs at load", "?- ! <bye>", List.of("!<bye>"), List.of()),
        Arguments.of("on-stop assertion outlives the facet", "?- <epitaph> <keep>", List.of("+<keep>"), List.of("+<epitaph>", "-<keep>")),
        Arguments.of(
            "run-time error retracts earlier assertions, keeps messages",
            "<bar> ! <sent> <baz $nosuch> <never>",
            List.of("+<bar>", "!<sent>", "-<bar>"),
            List.of()),
        Arguments.of(
            "attenuated target: rewrite",
            "let ?a = <* $config [<rewrite <ask ?x> <answer $x>>]> $a <ask 1> $a <other>",
            List.of("+<answer 1>"),
            List.of("-<answer 1>")),
        Arguments.of(
            "attenuated target: reject (row 56)",
            "let ?a = <* $config [<reject <secret _>>]> $a ! <secret 1> $a ! <public 1> $a <secret 2> $a <ok>",
            List.of("!<public 1>", "+<ok>"),
            List.of("-<ok>")),
        Arguments.of(
            "attenuated target: accept and or",
            "let ?a = <* $config [<or [<accept <p _>> <rewrite <q ?x> <p $x>>]>]> $a <p 1> $a <q 2> $a <r 3>",
            List.of("+<p 1>", "+<p 2>"),
            List.of("-<p 1>", "-<p 2>")),
        Arguments.of(
            "pattern with an embedded literal",
            "let ?d = dataspace $d <has $d> $d ? <has $d> $config <yes> $d ? <has $config> $config <no>",
            List.of("+<yes>"),
            List.of("-<yes>")),
        Arguments.of(
            "dictionary pattern, open",
            "{k: 1 j: 2} ? {k: ?v} <got $v>",
            List.of("+{j: 2 k: 1}", "+<got 1>"),
            List.of("-{j: 2 k: 1}", "-<got 1>")),
        Arguments.of(
            "lifted compound variable in a pattern",
            "let ?p = <p [1 {a: b}]> <q <p [1 {a: b c: d}] extra>> ? <q $p> <matched>",
            List.of("+<q <p [1 {a: b c: d}] extra>>", "+<matched>"),
            List.of("-<q <p [1 {a: b c: d}] extra>>", "-<matched>")),
        Arguments.of(
            "private dataspace: ? keeps its target (row 50)",
            "let ?d = dataspace $d <hello> $d ? <hello> <seen> $d ? <seen> $config <d-has-seen> $d ? <hello> $config <seen2>",
            List.of("+<d-has-seen>", "+<seen2>"),
            List.of("-<d-has-seen>", "-<seen2>")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scripts")
  void runs(String name, String source, List<String> atLoad, List<String> atStop) {
    CompiledScript.Started s = h.start(source);
    assertThat(h.drain()).containsExactlyInAnyOrderElementsOf(atLoad);
    h.runVoid(t -> t.stop(s.facet()));
    assertThat(h.drain()).containsExactlyInAnyOrderElementsOf(atStop);
  }

  @Test
  void runtimeErrorsAreReportedWithPositionAndStopTheFileFacet() {
    CompiledScript.Started s = h.start("<bar>\n  <baz $nosuch>");
    assertThat(s.ok()).isFalse();
    assertThat(s.error().getMessage()).isEqualTo("/etc/syndicate/test/a.pr:2:8: Undefined template variable: \"nosuch\"");
    assertThat(s.facet().isAlive()).isFalse();
  }

  static Stream<Arguments> runtimeErrors() {
    return Stream.of(
        Arguments.of("$nosuch <a>", "1:1: Undefined target variable: \"nosuch\""),
        Arguments.of("let ?x = 5 $x <a>", "1:12: Target variable \"x\" is not a capability: 5"),
        Arguments.of("let <a ?x> = <b 1>", "1:1: Could not match pattern <a ?x> with value <b 1>"),
        Arguments.of("$nosuch =~ _ <a>", "1:1: Undefined value in conditional expression: \"nosuch\""),
        Arguments.of("let ?s = stringify $config", "1:10: Cannot convert a value containing an embedded capability to text: "),
        Arguments.of("let ?n = 1 let ?a = <* $n []>", "1:21: Value to be attenuated is 1 but must be capability"),
        Arguments.of("? <a $nosuch> <b>", "1:6: Undefined pattern-template variable: \"nosuch\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runtimeErrors")
  void runtimeError(String source, String message) {
    CompiledScript.Started s = h.start(source + " <keep>");
    assertThat(s.error()).isNotNull();
    assertThat(s.error().getMessage()).startsWith("/etc/syndicate/test/a.pr:" + message);
    assertThat(h.live()).isEmpty();
  }

  @Test
  void duringAssertsPerMatchAndRetractsWithIt() {
    CompiledScript.Started s = h.start("? <x ?v> <y $v>");
    Facet other = h.run(t -> t.facet(t2 -> t2.publish(h.config, v("<x 1>"))));
    assertThat(h.drain()).containsExactly("+<x 1>", "+<y 1>");
    h.runVoid(t -> t.stop(other));
    assertThat(h.drain()).containsExactly("-<x 1>", "-<y 1>");
    assertThat(s.facet().isAlive()).isTrue();
  }

  @Test
  void onMessageSendsAndItsFacetPersistsOnlyIfItAsserts() {
    CompiledScript.Started s = h.start("?? <ping ?v> ! <pong $v> ?? <ping ?v> <got $v>");
    h.runVoid(t -> t.message(h.config, v("<ping 1>")));
    assertThat(h.drain()).containsExactlyInAnyOrder("!<ping 1>", "!<pong 1>", "+<got 1>");
    h.runVoid(t -> t.stop(s.facet()));
    assertThat(h.drain()).containsExactly("-<got 1>");
  }

  @Test
  void reactiveBodiesSeeASnapshotOfTheEnvironment() {
    h.start("let ?x = 1 ? <go> <got $x> let ?x = 2 <now $x>");
    h.drain();
    h.runVoid(t -> t.publish(h.config, v("<go>")));
    assertThat(h.live()).contains("<got 1>", "<now 2>");
  }

  @Test
  void anErrorInADuringBodyStopsOnlyThatMatch() {
    CompiledScript.Started s = h.start("<keep> ? <x ?v> [<y $v> <z $nosuch>]");
    h.runVoid(t -> t.publish(h.config, v("<x 1>")));
    assertThat(h.drain()).containsExactly("+<keep>", "+<x 1>", "+<y 1>", "-<y 1>");
    assertThat(s.facet().isAlive()).isTrue();
    assertThat(h.live()).containsExactlyInAnyOrder("<keep>", "<x 1>");
  }

  @Test
  void binderWithPatternBindsInCaptureOrder() { // B7 fixed
    h.start("? <?all <p ?inner>> <saw $all $inner>");
    h.runVoid(t -> t.publish(h.config, v("<p 1>")));
    assertThat(h.live()).contains("<saw <p 1> 1>");
  }

  @Test
  void environmentDictionary() { // row 51
    h.start("let ?x = 1 <env $.>");
    assertThat(h.liveValues()).containsExactly(
        org.syndicate.preserves.RecordValue.of(
            "env", org.syndicate.preserves.Dictionary.of(Symbol.of("config"), h.config.embedded(), Symbol.of("x"), v("1"))));
  }

  @Test
  void facetHandleStopsItsFacet() { // row 55
    CompiledScript.Started s = h.start("<x> let ?f = facet $f ! stop");
    assertThat(s.facet().isAlive()).isFalse();
    assertThat(h.drain()).containsExactly("+<x>", "-<x>");
  }

  @Test
  void timestampIsRfc3339Utc() {
    h.start("let ?t = timestamp <t $t>");
    assertThat(h.live().get(0)).matches("<t \"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{3}|\\.\\d{6}|\\.\\d{9})?\\+00:00\">");
    assertThat(ScriptInterpreter.rfc3339(java.time.Instant.parse("2025-02-03T04:05:06Z"))).isEqualTo("2025-02-03T04:05:06+00:00");
    assertThat(ScriptInterpreter.rfc3339(java.time.Instant.parse("2025-02-03T04:05:06.120Z"))).isEqualTo("2025-02-03T04:05:06.120+00:00");
  }

  @Test
  void reloadMakeBeforeBreakDoesNotFlicker() {
    // Row 44: editing <a> <b> into <a> <c>: <a> is never retracted, <b> goes, <c> comes.
    CompiledScript.Started v1 = h.start("<a> <b> ? <trigger> <from-body>");
    assertThat(h.drain()).containsExactlyInAnyOrder("+<a>", "+<b>");
    CompiledScript v2 = Script.load(Path.of("/etc/syndicate/test/a.pr"), "<a> <c>");
    CompiledScript.Started[] next = new CompiledScript.Started[1];
    h.runVoid(
        t -> {
          next[0] = v2.start(t, h.bindings());
          t.stop(v1.facet());
        });
    assertThat(h.drain()).containsExactlyInAnyOrder("+<c>", "-<b>");
    assertThat(h.live()).containsExactlyInAnyOrder("<a>", "<c>");
    // The same meaning again: no event at all.
    CompiledScript v3 = Script.load(Path.of("/etc/syndicate/test/a.pr"), "# edited comment\n<a>\n<c>");
    h.runVoid(
        t -> {
          v3.start(t, h.bindings());
          t.stop(next[0].facet());
        });
    assertThat(h.drain()).isEmpty();
  }

  @Test
  void attenuatedRefsAreEmbeddedRefs() {
    h.start("let ?a = <* $config [<reject 1>]> <att $a>");
    Value att = ((org.syndicate.preserves.RecordValue) h.liveValues().get(0)).field(0);
    assertThat(att).isInstanceOf(Embedded.class);
    Ref ref = (Ref) ((Embedded) att).payload();
    assertThat(ref.unattenuated()).isEqualTo(h.config);
    assertThat(ref.caveats()).containsExactly(v("<reject <lit 1>>"));
  }

  @Test
  void anErrorInAnOnStopBodyEscapesToTheStoppingTurn() {
    // As the reference (§5.7): not contained; here the stopping turn ran in the root facet, so
    // the actor fails (for the config watcher, its supervisor then restarts it).
    CompiledScript.Started s = h.start("<keep> ?- <x $nosuch>");
    h.actor.execute(t -> t.stop(s.facet()));
    var reason = h.actor.exitFuture().orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
    assertThat(reason.isNormal()).isFalse();
  }
}
