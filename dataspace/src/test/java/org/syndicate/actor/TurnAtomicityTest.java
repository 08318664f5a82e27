package org.syndicate.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/** Turn atomicity and rollback (issue 4; reference note §3.5 "Turn atomicity"). */
class TurnAtomicityTest {
  static Scheduler s;

  @BeforeAll
  static void start() {
    s = new Scheduler(2);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  static Value v(String label, long n) {
    return RecordValue.of(label, SignedInteger.of(n));
  }

  @Test
  void failingTurnDeliversNothingAndStopsTheFacetItRanIn() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> {
        t.publish(p.ref, v("root", 1));
        child.complete(t.facet(t2 -> t2.publish(p.ref, v("child", 1))));
      });
      p.awaitSize(2);
      Facet c = child.join();
      // A turn in the child facet: asserts, messages, spawns a facet, retracts, then throws.
      c.execute(t -> {
        t.publish(p.ref, v("lost", 1));
        t.message(p.ref, Symbol.of("lost"));
        t.facet(t3 -> t3.publish(p.ref, v("lost", 2)));
        t.retract(-1);
        throw new IllegalStateException("boom");
      });
      List<String> log = p.await(l -> l.contains("-<child 1>"));
      assertThat(log).noneMatch(e -> e.contains("lost"));
      assertThat(c.isAlive()).isFalse();
      // The root facet and its assertion are untouched; the actor lives on.
      assertThat(a.isAlive()).isTrue();
      p.runAndSettle(a, t -> t.message(p.ref, Symbol.of("still-here")));
      assertThat(p.log()).contains("!still-here");
      assertThat(p.live()).containsExactly("<root 1>");
      a.stop();
      assertThat(Probe.awaitExit(a)).isEqualTo(ExitReason.Normal.INSTANCE);
      p.await(l -> l.contains("-<root 1>"));
    }
  }

  @Test
  void rolledBackRetractionKeepsTheAssertionUntilTheFacetStops() {
    try (Probe p = new Probe(s, "probe")) {
      long[] h = new long[1];
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t2 -> h[0] = t2.publish(p.ref, v("x", 1)))));
      p.awaitSize(1);
      Facet c = child.join();
      c.execute(t -> {
        t.retract(h[0]);
        t.publish(p.ref, v("y", 1));
        throw new RuntimeException("fail after retract");
      });
      // The retraction in the failed turn is undone; stopping the facet then retracts it once.
      List<String> log = p.await(l -> l.contains("-<x 1>"));
      assertThat(log).containsExactly("+<x 1>", "-<x 1>");
      a.stop();
      Probe.awaitExit(a);
    }
  }

  @Test
  void failureInTheRootFacetTerminatesTheActorWithTheErrorAndRetractsEverything() {
    try (Probe p = new Probe(s, "probe")) {
      Actor a = Actor.boot(s, "a", t -> {
        t.publish(p.ref, v("root", 1));
        t.facet(t2 -> {
          t2.publish(p.ref, v("child", 1));
          t2.onStop(t3 -> t3.message(p.ref, Symbol.of("child-stopped")));
        });
      });
      p.awaitSize(2);
      a.execute(t -> {
        t.publish(p.ref, v("lost", 1));
        throw new IllegalArgumentException("root boom");
      });
      ExitReason r = Probe.awaitExit(a);
      assertThat(r).isInstanceOf(ExitReason.Failed.class);
      assertThat(((ExitReason.Failed) r).cause()).hasMessage("root boom");
      p.await(l -> l.contains("-<root 1>") && l.contains("-<child 1>") && l.contains("!child-stopped"));
      assertThat(p.log()).noneMatch(e -> e.contains("lost"));
      assertThat(a.execute(t -> {})).isFalse();
    }
  }

  @Test
  void eachEventOfABatchHasItsOwnRollbackPoint() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Ref[]> refs = new CompletableFuture<>();
      Actor target = Actor.boot(s, "target", t -> {
        Ref ok = t.ref(new Entity() {
          @Override
          public void onMessage(Turn turn, Value body) {
            turn.message(p.ref, body);
          }
        });
        Facet[] bad = new Facet[1];
        Ref[] failing = new Ref[1];
        bad[0] = t.facet(t2 -> {
          t2.preventInertCheck();
          failing[0] = t2.ref(new Entity() {
            @Override
            public void onMessage(Turn turn, Value body) {
              turn.message(p.ref, Symbol.of("lost"));
              throw new RuntimeException("bad entity");
            }
          });
        });
        refs.complete(new Ref[] {ok, failing[0]});
      });
      Ref[] r = refs.join();
      Actor sender = Actor.boot(s, "sender", t -> {
        t.message(r[0], Symbol.of("one"));
        t.message(r[1], Symbol.of("two"));
        t.message(r[0], Symbol.of("three"));
        t.message(r[1], Symbol.of("four")); // dropped: its facet stopped
      });
      p.await(l -> l.contains("!three"));
      p.runAndSettle(target, t -> {});
      assertThat(p.log()).containsExactly("!one", "!three");
      assertThat(target.isAlive()).isTrue();
      target.stop();
      sender.stop();
    }
  }
}
