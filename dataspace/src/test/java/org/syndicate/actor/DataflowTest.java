package org.syndicate.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;

/** Fields and dataflow blocks. */
class DataflowTest {
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
  void blocksRerunWhenFieldsTheyReadChangeAndNotOtherwise() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Field<Integer>[]> fs = new CompletableFuture<>();
      int[] runs = {0};
      Actor a = Actor.boot(s, "a", t -> {
        Field<Integer> x = t.field(1);
        Field<Integer> unrelated = t.field(0);
        Field<Integer> doubled = t.field(0);
        long[] h = {0};
        t.dataflow(t2 -> doubled.set(t2, x.get(t2) * 2));
        t.dataflow(t2 -> {
          runs[0]++;
          h[0] = t2.replace(p.ref, h[0], RecordValue.of("doubled", SignedInteger.of(doubled.get(t2))));
        });
        @SuppressWarnings("unchecked")
        Field<Integer>[] arr = new Field[] {x, unrelated};
        fs.complete(arr);
      });
      Field<Integer> x = fs.join()[0], unrelated = fs.join()[1];
      p.awaitSize(1);
      p.runAndSettle(a, t -> x.set(t, 5));
      assertThat(p.live()).containsExactly("<doubled 10>");
      p.runAndSettle(a, t -> {
        unrelated.set(t, 7);
        x.set(t, 5); // unchanged
      });
      p.runAndSettle(a, t -> {
        x.set(t, 6);
        x.update(t, v -> v + 1); // only the final value is published
      });
      assertThat(p.log()).containsExactly("+<doubled 2>", "+<doubled 10>", "-<doubled 2>", "+<doubled 14>", "-<doubled 10>");
      CompletableFuture<Integer> r = new CompletableFuture<>();
      a.execute(t -> r.complete(runs[0]));
      assertThat(r.join()).isEqualTo(3);
      a.stop();
    }
  }

  @Test
  void aRolledBackWriteIsUndoneAndABlockOfAStoppedFacetNoLongerRuns() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Field<Integer>> fx = new CompletableFuture<>();
      CompletableFuture<Facet> child = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> {
        Field<Integer> x = t.field(1);
        fx.complete(x);
        child.complete(t.facet(t1 -> {
          t1.preventInertCheck();
          t1.dataflow(t2 -> t2.message(p.ref, RecordValue.of("x", SignedInteger.of(x.get(t2)))));
        }));
      });
      Field<Integer> x = fx.join();
      p.awaitSize(1);
      // A failing event in the root would kill the actor; fail one in a child facet instead.
      CompletableFuture<Facet> other = new CompletableFuture<>();
      p.runAndSettle(a, t -> other.complete(t.facet(Turn::preventInertCheck)));
      other.join().execute(t -> {
        x.set(t, 99);
        throw new RuntimeException("roll back the write");
      });
      CompletableFuture<Integer> seen = new CompletableFuture<>();
      p.runAndSettle(a, t -> seen.complete(x.get(t)));
      assertThat(seen.join()).isEqualTo(1);
      p.runAndSettle(a, t -> t.stop(child.join()));
      p.runAndSettle(a, t -> x.set(t, 2));
      assertThat(p.log()).containsExactly("!<x 1>");
      a.stop();
    }
  }

  @Test
  void nonSettlingDataflowFailsTheFacetInsteadOfLooping() {
    try (Probe p = new Probe(s, "probe")) {
      CompletableFuture<Facet> child = new CompletableFuture<>();
      CompletableFuture<Field<Integer>> fx = new CompletableFuture<>();
      Actor a = Actor.boot(s, "a", t -> child.complete(t.facet(t1 -> {
        t1.publish(p.ref, RecordValue.of("alive"));
        Field<Integer> x = t1.field(0);
        fx.complete(x);
        t1.dataflow(t2 -> {
          int v = x.get(t2);
          if (v > 0) x.set(t2, v + 1); // keeps re-triggering itself once started
        });
      })));
      p.awaitSize(1);
      p.runAndSettle(a, t -> fx.join().set(t, 1));
      p.await(l -> l.contains("-<alive>"));
      assertThat(child.join().isAlive()).isFalse();
      assertThat(a.isAlive()).isTrue();
      a.stop();
    }
  }
}
