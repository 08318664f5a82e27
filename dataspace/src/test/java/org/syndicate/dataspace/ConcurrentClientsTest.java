package org.syndicate.dataspace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Probe;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;

/**
 * Many client actors assert and retract overlapping values in parallel; at quiescence the
 * observer holds exactly the union of what the clients hold, and once they all stop, nothing
 * (bag counting and retract-on-stop under real parallelism). Seeded; seed printed.
 */
class ConcurrentClientsTest {
  @Test
  void observerStateIsTheUnionOfClientStateAtQuiescence() throws Exception {
    long seed = Long.getLong("clients.seed", System.nanoTime());
    System.out.println("ConcurrentClientsTest seed = " + seed);
    try (DsFixture f = new DsFixture()) {
      f.run(t -> t.publish(f.ds, f.observe("<group <rec Present> {0: <bind <_>>}>")));
      int clients = 6, turns = 150;
      List<Actor> actors = new ArrayList<>();
      List<Map<Long, Value>> held = new ArrayList<>();
      List<CompletableFuture<Void>> done = new ArrayList<>();
      Random master = new Random(seed);
      for (int c = 0; c < clients; c++) {
        Map<Long, Value> mine = new HashMap<>();
        held.add(mine);
        Random r = new Random(master.nextLong());
        Actor a = Actor.boot(f.s, "client" + c, t -> {});
        actors.add(a);
        for (int k = 0; k < turns; k++) {
          a.execute(t -> {
            int n = 1 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
              if (!mine.isEmpty() && r.nextInt(3) == 0) {
                Long h = new ArrayList<>(mine.keySet()).get(r.nextInt(mine.size()));
                mine.remove(h);
                t.retract(h);
              } else {
                Value v = RecordValue.of("Present", SignedInteger.of(r.nextInt(20)));
                mine.put(t.publish(f.ds, v), v);
              }
            }
          });
        }
        CompletableFuture<Void> d = new CompletableFuture<>();
        done.add(d);
        a.execute(t -> t.sync(f.ds, t2 -> d.complete(null)));
      }
      CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
      f.run(t -> {}); // the dataspace has also finished telling the probe
      Set<String> expected = new HashSet<>();
      for (int c = 0; c < clients; c++) {
        int cc = c;
        CompletableFuture<Set<String>> snap = new CompletableFuture<>();
        actors.get(c).execute(t -> {
          Set<String> s = new HashSet<>();
          for (Value v : held.get(cc).values()) s.add("[" + Probe.show(((RecordValue) v).field(0)) + "]");
          snap.complete(s);
        });
        expected.addAll(snap.get(10, TimeUnit.SECONDS));
      }
      assertThat(new HashSet<>(f.probe.live())).isEqualTo(expected);
      for (Actor a : actors) {
        a.stop();
        Probe.awaitExit(a);
      }
      f.run(t -> {});
      assertThat(f.probe.live()).isEmpty();
    }
  }
}
