package org.syndicate.dataspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.dataspace.DsFixture.v;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Facet;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;

/** Dataspace semantics: reference note §3.1–§3.4 and the §10 "Dataspace" rows 24–33. */
class DataspaceTest {

  @Test
  void row24MessageToMatchingObserver() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> t.publish(f.ds, f.observe("<group <rec Says> {0: <bind <_>> 1: <bind <_>>}>")));
      f.run(t -> t.message(f.ds, v("<Says \"a\" 1>")));
      f.run(t -> t.message(f.ds, v("<Other \"a\" 1>")));
      assertThat(f.probe.log()).containsExactly("![\"a\" 1]");
    }
  }

  @Test
  void row25BagCountingWithDuplicateAssertions() {
    try (DsFixture f = new DsFixture()) {
      long[] h = new long[2];
      f.run(t -> t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>")));
      f.run(t -> {
        h[0] = t.publish(f.ds, v("<x 1>"));
        h[1] = t.publish(f.ds, v("<x 1>"));
      });
      assertThat(f.probe.log()).containsExactly("+[1]");
      f.run(t -> t.retract(h[0]));
      assertThat(f.probe.log()).containsExactly("+[1]");
      f.run(t -> t.retract(h[1]));
      assertThat(f.probe.log()).containsExactly("+[1]", "-[1]");
    }
  }

  @Test
  void row26LateObserverSeesExistingAssertions() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> {
        t.publish(f.ds, v("<x 1>"));
        t.publish(f.ds, v("<x 2>"));
        t.publish(f.ds, v("<y 3>"));
      });
      f.run(t -> t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>")));
      assertThat(f.probe.log()).containsExactlyInAnyOrder("+[1]", "+[2]");
    }
  }

  @Test
  void row27ExtraFieldsAreIgnoredButListedOnesMustExist() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> {
        t.publish(f.ds, f.observe("<group <rec foo> {0: <bind <_>>}>"));
        t.publish(f.ds, f.observe("<group <rec bar> {1: <_>}>"));
      });
      f.run(t -> {
        t.publish(f.ds, v("<foo 1 2 3>"));
        t.publish(f.ds, v("<bar 1>"));
      });
      assertThat(f.probe.log()).containsExactly("+[1]");
      f.run(t -> t.publish(f.ds, v("<bar 1 2>")));
      assertThat(f.probe.log()).containsExactly("+[1]", "+[]");
    }
  }

  @Test
  void row28DistinctAssertionsWithTheSameCapturesGiveOneObserverAssertion() {
    try (DsFixture f = new DsFixture()) {
      long[] h = new long[2];
      f.run(t -> t.publish(f.ds, f.observe("<group <rec foo> {0: <bind <_>> 1: <_>}>")));
      f.run(t -> {
        h[0] = t.publish(f.ds, v("<foo 1 2>"));
        h[1] = t.publish(f.ds, v("<foo 1 3>"));
      });
      assertThat(f.probe.log()).containsExactly("+[1]");
      f.run(t -> t.retract(h[1]));
      assertThat(f.probe.log()).containsExactly("+[1]");
      f.run(t -> t.retract(h[0]));
      assertThat(f.probe.log()).containsExactly("+[1]", "-[1]");
    }
  }

  @Test
  void row29DictionaryCapturesFollowKeyOrder() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> t.publish(f.ds, f.observe("<group <dict> {b: <bind <_>> a: <bind <_>> \"b\": <bind <_>> \"aa\": <bind <_>>}>")));
      f.run(t -> t.publish(f.ds, v("{a: 1 b: 2 \"aa\": 3 \"b\": 4 c: 5}")));
      // Preserves order: strings before symbols; "aa" < "b".
      assertThat(f.probe.log()).containsExactly("+[3 4 1 2]");
    }
  }

  @Test
  void row30OuterBindComesBeforeInnerBinds() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> t.publish(f.ds, f.observe("<bind <group <rec p> {0: <bind <_>>}>>")));
      f.run(t -> t.publish(f.ds, v("<p 5>")));
      assertThat(f.probe.log()).containsExactly("+[<p 5> 5]");
    }
  }

  @Test
  void row31CompoundLiteralMakesAPlainAssertion() {
    try (DsFixture f = new DsFixture()) {
      Actor watcher = f.client;
      // Observers of Observe assertions see it; the probe gets no subscription from it.
      f.run(t -> t.publish(f.ds, f.observe("<lit [1 2]>")));
      f.run(t -> t.publish(f.ds, v("[1 2]")));
      f.run(t -> t.message(f.ds, v("[1 2]")));
      assertThat(f.probe.log()).isEmpty();
      f.run(t -> t.publish(f.ds, f.observe("<group <rec Observe> {0: <bind <_>>}>")));
      assertThat(f.probe.log()).containsExactlyInAnyOrder(
          "+[<lit [1 2]>]", "+[<group <rec Observe> {0: <bind <_>>}>]");
      assertThat(watcher.isAlive()).isTrue();
    }
  }

  @Test
  void row32IdenticalObserveTwiceRetractedOnceStaysSubscribed() {
    try (DsFixture f = new DsFixture()) {
      long[] h = new long[2];
      f.run(t -> {
        h[0] = t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>"));
        h[1] = t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>"));
      });
      f.run(t -> t.retract(h[0]));
      f.run(t -> t.publish(f.ds, v("<x 1>")));
      f.run(t -> t.message(f.ds, v("<x 2>")));
      assertThat(f.probe.log()).containsExactly("+[1]", "![2]");
    }
  }

  @Test
  void row33MessagesAreNotRetained() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> t.message(f.ds, v("<x 1>")));
      f.run(t -> t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>")));
      assertThat(f.probe.log()).isEmpty();
    }
  }

  @Test
  void retractingTheObserveRetractsEverythingItWasTold() {
    try (DsFixture f = new DsFixture()) {
      long[] h = new long[1];
      f.run(t -> {
        t.publish(f.ds, v("<x 1>"));
        t.publish(f.ds, v("<x 2>"));
        h[0] = t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>"));
      });
      assertThat(f.probe.live()).containsExactly("[1]", "[2]");
      f.run(t -> t.retract(h[0]));
      assertThat(f.probe.live()).isEmpty();
      f.run(t -> t.publish(f.ds, v("<x 3>")));
      assertThat(f.probe.log()).hasSize(4);
    }
  }

  @Test
  void messagesAndAssertionsAreSeparate() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>")));
      f.run(t -> t.message(f.ds, v("<x 1>")));
      assertThat(f.probe.live()).isEmpty();
      f.run(t -> t.publish(f.ds, v("<x 2>")));
      assertThat(f.probe.log()).containsExactly("![1]", "+[2]");
      // A message equal to a present assertion is still just a message.
      f.run(t -> t.message(f.ds, v("<x 2>")));
      assertThat(f.probe.log()).containsExactly("![1]", "+[2]", "![2]");
    }
  }

  @Test
  void syncWithTheDataspaceComesAfterEarlierEvents() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>")));
      CompletableFuture<Boolean> seen = new CompletableFuture<>();
      f.client.execute(t -> {
        for (int i = 0; i < 50; i++) t.publish(f.ds, RecordValue.of("x", org.syndicate.preserves.SignedInteger.of(i)));
        t.sync(f.ds, t2 -> seen.complete(true));
      });
      assertThat(seen.join()).isTrue();
      f.run(t -> {});
      assertThat(f.probe.live()).hasSize(50);
    }
  }

  @Test
  void embeddedRefsMatchByIdentityInLiteralsAndCaptures() {
    try (DsFixture f = new DsFixture()) {
      var refV = f.probe.ref.embedded();
      var pat = Patterns.rec("owner", Patterns.lit(refV), Patterns.bind());
      f.run(t -> t.publish(f.ds, new Observe(pat, f.probe.ref).toValue()));
      f.run(t -> {
        t.publish(f.ds, RecordValue.of("owner", refV, Symbol.of("mine")));
        t.publish(f.ds, RecordValue.of("owner", f.ds.embedded(), Symbol.of("theirs")));
      });
      assertThat(f.probe.log()).containsExactly("+[mine]");
    }
  }

  @Test
  void stoppingTheObserversFacetRetractsItsObserve() {
    try (DsFixture f = new DsFixture()) {
      CompletableFuture<Facet> fac = new CompletableFuture<>();
      f.run(t -> fac.complete(t.facet(t2 -> t2.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>")))));
      f.run(t -> t.publish(f.ds, v("<x 1>")));
      f.run(t -> t.stop(fac.join()));
      assertThat(f.probe.log()).containsExactly("+[1]", "-[1]");
    }
  }

  @Test
  void patternsRoundTripAndBadOnesNameThePosition() {
    String text = "<group <rec Says> {0: <bind <_>> 1: <lit 3> 2: <group <arr> {0: <bind <group <dict> {a: <_>}>>}>}>";
    Pattern pat = DsFixture.p(text);
    assertThat(pat.toValue()).isEqualTo(v(text));
    assertThat(Patterns.rec("Says", Patterns.bind(), Patterns.lit(v("3")),
        Patterns.arr(Patterns.bind(Patterns.dict(java.util.Map.of(Symbol.of("a"), Patterns.discard()))))))
        .isEqualTo(pat);
    assertThat(Patterns.lift(v("<a [1 {k: #t}]>")).toValue())
        .isEqualTo(v("<group <rec a> {0: <group <arr> {0: <lit 1> 1: <group <dict> {k: <lit #t>}>}>}>"));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DsFixture.p("<group <rec a> {0: <lit [1]>}>"))
        .isInstanceOf(PatternException.class)
        .hasMessageContaining("/group{0}/lit");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DsFixture.p("<group <rec a> {0: <bind <frob>>}>"))
        .isInstanceOf(PatternException.class)
        .hasMessageContaining("/group{0}/bind");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DsFixture.p("<group <set> {}>"))
        .hasMessageContaining("group type");
    String deep = "<bind ".repeat(300) + "<_>" + ">".repeat(300);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> DsFixture.p(deep))
        .isInstanceOf(PatternException.class)
        .hasMessageContaining("nested too deeply");
    assertThat(Observe.parse(v("<Observe <_> 1>"), 10)).isNull();
  }

  @Test
  void observersOfManyShapesEachGetTheirOwnMatches() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> {
        t.publish(f.ds, f.observe("<bind <_>>"));
        t.publish(f.ds, f.observe("<group <arr> {1: <bind <_>>}>"));
        t.publish(f.ds, f.observe("<group <rec x> {0: <lit 1> 1: <bind <_>>}>"));
      });
      // The probe's own Observe assertions match <bind <_>>; ignore those.
      f.run(t -> {
        t.publish(f.ds, v("[a b]"));
        t.publish(f.ds, v("<x 1 q>"));
        t.publish(f.ds, v("<x 2 q>"));
        t.publish(f.ds, v("7"));
      });
      List<String> mine = f.probe.log().stream().filter(e -> !e.contains("Observe")).toList();
      assertThat(mine).containsExactlyInAnyOrder(
          "+[[a b]]", "+[b]", "+[<x 1 q>]", "+[q]", "+[<x 2 q>]", "+[7]");
    }
  }
}
