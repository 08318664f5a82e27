package org.syndicate.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Symbol;

/** Facet trees: stop order, retraction, stop actions, inertness, stopAndContinue (§3.5). */
class FacetTest {
  static Scheduler s;

  @BeforeAll
  static void start() {
    s = new Scheduler(2);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void stoppingAFacetStopsChildrenFirstAndRetractsEverythingNestedToo() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> outer = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> {
        t.publish(p.ref, Symbol.of("root"));
        outer.complete(t.facet(t1 -> {
          t1.publish(p.ref, Symbol.of("outer"));
          t1.onStop(x -> x.message(p.ref, Symbol.of("outer-stop")));
          t1.facet(t2 -> {
            t2.publish(p.ref, Symbol.of("mid"));
            t2.onStop(x -> x.message(p.ref, Symbol.of("mid-stop")));
            t2.facet(t3 -> {
              t3.publish(p.ref, Symbol.of("inner"));
              t3.onStop(x -> x.message(p.ref, Symbol.of("inner-stop")));
            });
          });
        }));
      });
      p.awaitSize(4);
      p.runAndSettle(a, t -> t.stop(outer.join()));
      List<String> log = p.log();
      assertThat(log.subList(4, log.size()))
          .containsExactly("!inner-stop", "-inner", "!mid-stop", "-mid", "!outer-stop", "-outer");
      assertThat(p.live()).containsExactly("root");
      a.stop();
      Probe.awaitExit(a);
    }
  }

  @Test
  void stopActionAssertionsOutliveTheFacetInItsParent() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t1 -> {
        t1.publish(p.ref, Symbol.of("child"));
        t1.onStop(x -> x.publish(p.ref, Symbol.of("epitaph")));
      })));
      p.awaitSize(1);
      p.runAndSettle(a, t -> t.stop(child.join()));
      assertThat(p.live()).containsExactly("epitaph");
      a.stop();
      p.await(l -> l.contains("-epitaph"));
    }
  }

  @Test
  void inertFacetIsStoppedAtTheEndOfBootAndStopActionsRun() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t1 -> t1.onStop(x -> x.message(p.ref, Symbol.of("inert-stopped"))))));
      p.await(l -> l.contains("!inert-stopped"));
      assertThat(child.join().isAlive()).isFalse();
      // A facet protected by preventInertCheck survives.
      CompletableFuture<Facet> kept = new CompletableFuture<>();
      p.runAndSettle(a, t -> kept.complete(t.facet(t1 -> t1.preventInertCheck())));
      assertThat(kept.join().isAlive()).isTrue();
      a.stop();
      Probe.awaitExit(a);
    }
  }

  @Test
  void parentLeftInertByAChildStopIsStoppedToo() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet[]> fs = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> {
        Facet[] inner = new Facet[1];
        Facet outer = t.facet(t1 -> {
          t1.onStop(x -> x.message(p.ref, Symbol.of("outer-stop")));
          inner[0] = t1.facet(t2 -> t2.publish(p.ref, Symbol.of("inner")));
        });
        fs.complete(new Facet[] {outer, inner[0]});
      });
      p.awaitSize(1);
      p.runAndSettle(a, t -> t.stop(fs.join()[1]));
      assertThat(p.log()).containsExactly("+inner", "-inner", "!outer-stop");
      assertThat(fs.join()[0].isAlive()).isFalse();
      assertThat(a.isAlive()).isTrue();
      a.stop();
    }
  }

  @Test
  void stopAndContinueRunsTheContinuationInTheParentInTheSameTurn() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t1 -> t1.publish(p.ref, Symbol.of("v1")))));
      p.awaitSize(1);
      CompletableFuture<Facet> replacement = new CompletableFuture<>();
      p.runAndSettle(a, t -> t.stopAndContinue(child.join(), t2 -> {
        assertThat(t2.currentFacet()).isSameAs(child.join().parent());
        replacement.complete(t2.facet(t3 -> t3.publish(p.ref, Symbol.of("v2"))));
      }));
      assertThat(p.log()).containsExactly("+v1", "-v1", "+v2");
      assertThat(replacement.join().isAlive()).isTrue();
      a.stop();
      p.await(l -> l.contains("-v2"));
    }
  }

  @Test
  void entitiesGetOnStopWhenTheirFacetStops() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t1 -> {
        t1.preventInertCheck();
        t1.ref(new Entity() {
          @Override
          public void onStop(Turn turn) {
            turn.message(p.ref, Symbol.of("entity-stopped"));
          }
        });
      })));
      p.runAndSettle(a, t -> t.stop(child.join()));
      assertThat(p.log()).containsExactly("!entity-stopped");
      a.stop();
    }
  }

  @Test
  void stoppingTheRootTerminatesNormally() {
    try (Probe p = new Probe(s, "probe")) {
      Actor a = Actor.boot(s, "a", t -> {
        t.publish(p.ref, Symbol.of("x"));
        t.facet(t1 -> t1.publish(p.ref, Symbol.of("y")));
      });
      p.awaitSize(2);
      a.execute(Turn::stopActor);
      assertThat(Probe.awaitExit(a).isNormal()).isTrue();
      p.await(l -> l.contains("-x") && l.contains("-y"));
    }
  }

  @Test
  void stopActorWithACauseFailsTheActorButDeliversTheTurn() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> {
        t.publish(p.ref, Symbol.of("x"));
        child.complete(t.facet(Turn::preventInertCheck));
      });
      p.awaitSize(1);
      IllegalStateException cause = new IllegalStateException("give up");
      child.join().execute(t -> {
        t.message(p.ref, Symbol.of("last-words"));
        t.stopActor(cause);
      });
      ExitReason r = Probe.awaitExit(a);
      assertThat(r).isEqualTo(new ExitReason.Failed(cause));
      p.await(l -> l.contains("-x"));
      assertThat(p.log()).containsExactly("+x", "!last-words", "-x");
    }
  }
}
