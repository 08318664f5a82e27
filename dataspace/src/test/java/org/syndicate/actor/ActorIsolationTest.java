package org.syndicate.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/** Isolation between actors, ordering per pair, sync, timers, linked tasks and linked actors. */
class ActorIsolationTest {
  static Scheduler s;

  @BeforeAll
  static void start() {
    s = new Scheduler(4);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void aFailingActorDoesNotDisturbOthers() {
    try (Probe p = new Probe(s, "probe")) {
      List<Actor> good = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        int n = i;
        good.add(Actor.boot(s, "good" + i, t -> t.publish(p.ref, SignedInteger.of(n))));
      }
      Actor bad = Actor.boot(s, "bad", t -> {
        t.publish(p.ref, Symbol.of("bad"));
        t.after(Duration.ofMillis(5), t2 -> {
          throw new IllegalStateException("bad actor");
        });
      });
      assertThat(Probe.awaitExit(bad)).isInstanceOf(ExitReason.Failed.class);
      p.await(l -> l.contains("-bad"));
      for (Actor a : good) p.runAndSettle(a, t -> {});
      assertThat(p.live()).containsExactlyInAnyOrder("0", "1", "2", "3", "4", "5", "6", "7");
      for (Actor a : good) assertThat(a.isAlive()).isTrue();
      good.forEach(Actor::stop);
    }
  }

  @Test
  void deliveriesBetweenAPairOfActorsKeepTheirOrder() throws Exception {
    int senders = 4, turns = 200, perTurn = 25;
    List<List<Long>> seen = new ArrayList<>();
    for (int i = 0; i < senders; i++) seen.add(new ArrayList<>());
    AtomicInteger total = new AtomicInteger();
    CompletableFuture<Void> all = new CompletableFuture<>();
    CompletableFuture<Ref> rr = new CompletableFuture<>();
    Actor receiver = Actor.boot(s, "receiver", t -> rr.complete(t.ref(new Entity() {
      @Override
      public void onMessage(Turn turn, Value body) {
        var seq = (org.syndicate.preserves.Sequence) body;
        int who = ((SignedInteger) seq.get(0)).intValue();
        seen.get(who).add(((SignedInteger) seq.get(1)).longValue());
        if (total.incrementAndGet() == senders * turns * perTurn) all.complete(null);
      }
    })));
    Ref r = rr.join();
    for (int i = 0; i < senders; i++) {
      int who = i;
      Actor sender = Actor.boot(s, "sender" + i, t -> {});
      for (int k = 0; k < turns; k++) {
        int turn = k;
        sender.execute(t -> {
          for (int j = 0; j < perTurn; j++) {
            t.message(r, org.syndicate.preserves.Sequence.of(SignedInteger.of(who), SignedInteger.of((long) turn * perTurn + j)));
          }
        });
      }
    }
    all.get(20, TimeUnit.SECONDS);
    receiver.execute(t -> {}); // happens-before for reading 'seen' below via the future
    for (List<Long> l : seen) {
      assertThat(l).hasSize(turns * perTurn);
      for (int i = 0; i < l.size(); i++) assertThat(l.get(i)).isEqualTo(i);
    }
    receiver.stop();
  }

  @Test
  void syncRoundTripComesAfterEarlierEvents() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<List<String>> atSync = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> {
        for (int i = 0; i < 100; i++) t.message(p.ref, SignedInteger.of(i));
        t.sync(p.ref, t2 -> atSync.complete(p.log()));
      });
      assertThat(atSync.join()).hasSize(100);
      a.stop();
    }
  }

  @Test
  void timersFireInTheirFacetAndAreCancelledWhenItStops() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> {
        t.after(Duration.ofMillis(20), t2 -> t2.message(p.ref, Symbol.of("fired")));
        child.complete(t.facet(t1 -> {
          t1.preventInertCheck();
          t1.after(Duration.ofMillis(100), t2 -> t2.message(p.ref, Symbol.of("never")));
        }));
      });
      p.runAndSettle(a, t -> t.stop(child.join()));
      p.await(l -> l.contains("!fired"));
      Probe.sleep(Duration.ofMillis(200));
      p.runAndSettle(a, t -> {});
      assertThat(p.log()).containsExactly("!fired");
      a.stop();
    }
  }

  @Test
  void linkedTaskRunsOnAVirtualThreadAndReentersByTurns() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Boolean> virtual = new CompletableFuture<>();
      CompletableFuture<Facet> child = new CompletableFuture<>();
      CompletableFuture<Boolean> cancelled = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t1 -> t1.linkedTask("worker", ctx -> {
        virtual.complete(Thread.currentThread().isVirtual());
        ctx.execute(t2 -> t2.publish(p.ref, Symbol.of("from-task")));
        try {
          Thread.sleep(60_000);
        } catch (InterruptedException e) {
          cancelled.complete(ctx.isCancelled());
        }
      }))));
      p.await(l -> l.contains("+from-task"));
      assertThat(virtual.join()).isTrue();
      assertThat(child.join().isAlive()).isTrue(); // the task keeps it from being inert
      a.execute(t -> t.stop(child.join()));
      assertThat(cancelled.orTimeout(10, TimeUnit.SECONDS).join()).isTrue();
      p.await(l -> l.contains("-from-task"));
      a.stop();
    }
  }

  @Test
  void failingLinkedTaskStopsItsFacet() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t1 -> {
        t1.publish(p.ref, Symbol.of("x"));
        t1.linkedTask("failing", ctx -> {
          throw new java.io.IOException("read failed");
        });
      })));
      p.await(l -> l.contains("-x"));
      assertThat(child.join().isAlive()).isFalse();
      assertThat(a.isAlive()).isTrue();
      a.stop();
    }
  }

  @Test
  void spawnLinkStopsTheParentFacetWhenTheChildExitsAndViceVersa() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Actor> child = new CompletableFuture<>();
      CompletableFuture<Facet> f = new CompletableFuture<>();
      Actor parent = Actor.boot(s, "parent", t -> f.complete(t.facet(t1 -> {
        t1.publish(p.ref, Symbol.of("parent-facet"));
        child.complete(t1.spawnLink("child", t2 -> t2.publish(p.ref, Symbol.of("child"))));
      })));
      p.awaitSize(2);
      child.join().execute(t -> {
        throw new RuntimeException("child dies");
      });
      assertThat(Probe.awaitExit(child.join())).isInstanceOf(ExitReason.Failed.class);
      p.await(l -> l.contains("-parent-facet") && l.contains("-child"));
      assertThat(f.join().isAlive()).isFalse();
      assertThat(parent.isAlive()).isTrue();

      // Other direction: stopping the facet stops the linked child.
      CompletableFuture<Actor> child2 = new CompletableFuture<>();
      CompletableFuture<Facet> f2 = new CompletableFuture<>();
      parent.execute(t -> f2.complete(t.facet(t1 -> child2.complete(t1.spawnLink("child2", t2 -> t2.publish(p.ref, Symbol.of("c2")))))));
      p.await(l -> l.contains("+c2"));
      parent.execute(t -> t.stop(f2.join()));
      assertThat(Probe.awaitExit(child2.join()).isNormal()).isTrue();
      p.await(l -> l.contains("-c2"));
      parent.stop();
    }
  }

  @Test
  void spawnInARolledBackTurnNeverStarts() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Actor> child = new CompletableFuture<>();
      CompletableFuture<Facet> f = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> f.complete(t.facet(Turn::preventInertCheck)));
      f.join().execute(t -> {
        child.complete(t.spawn("never", t2 -> t2.publish(p.ref, Symbol.of("never"))));
        throw new RuntimeException("roll back");
      });
      assertThat(Probe.awaitExit(child.join())).isInstanceOf(ExitReason.Failed.class);
      p.runAndSettle(a, t -> {});
      assertThat(p.log()).isEmpty();
      a.stop();
    }
  }
}
