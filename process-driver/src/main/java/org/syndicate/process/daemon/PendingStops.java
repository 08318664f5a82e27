package org.syndicate.process.daemon;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.preserves.Value;

/**
 * The process stops under way per daemon service, JVM-wide, so that no process of a service is
 * spawned while an earlier one of the same service is still stopping (no two copies at once: a
 * port-binding daemon would fail to bind). A stop outlives the run that asked for it: after a
 * {@code restart-service}, a spec edit (old spec retracted, new one asserted) or the service's
 * {@code run-service} going and coming back, the new process waits until the old process tree is
 * gone (at most the old spec's {@code stopTimeout} and the SIGKILL that follows it).
 *
 * <p>It also knows each service's latest run (supervisee actor): a new run waits for the previous
 * one to have ended, since only then are all of its stops recorded (a restart-service or a
 * stopped-and-started service spawns the new supervisee while the old one may still be stopping).
 *
 * <p>Keyed by the {@code $config} dataspace and the service name {@code <daemon ID>}, so that
 * two servers in one JVM (tests) do not wait for each other. Thread-safe; entries go as their
 * stops complete.
 */
final class PendingStops {
  private record Key(Ref config, Value service) {}

  private static final Map<Key, Set<CompletableFuture<?>>> STOPS = new ConcurrentHashMap<>();
  private static final Map<Key, CompletableFuture<Void>> RUNS = new ConcurrentHashMap<>();

  private PendingStops() {}

  /**
   * Records a stop under way until it completes (normally or not).
   *
   * @param config the service's {@code $config}
   * @param service {@code <daemon ID>}
   * @param stop the stop's future ({@link org.syndicate.process.ChildProcess#stop})
   */
  static void add(Ref config, Value service, CompletableFuture<?> stop) {
    Key k = new Key(config, service);
    STOPS.compute(k, (x, set) -> {
      Set<CompletableFuture<?>> s = set == null ? ConcurrentHashMap.newKeySet() : set;
      s.add(stop);
      return s;
    });
    stop.whenComplete((r, e) -> STOPS.computeIfPresent(k, (x, set) -> {
      set.remove(stop);
      return set.isEmpty() ? null : set;
    }));
  }

  /**
   * Records {@code supervisee} as the service's latest run, until it ends.
   *
   * @param config the service's {@code $config}
   * @param service {@code <daemon ID>}
   * @param supervisee the new run's actor
   * @return null, or a future completing once the previous run's actor has ended
   */
  static CompletableFuture<Void> newRun(Ref config, Value service, Actor supervisee) {
    Key k = new Key(config, service);
    CompletableFuture<Void> gone = new CompletableFuture<>();
    CompletableFuture<Void> previous = RUNS.put(k, gone);
    supervisee.onExit(r -> {
      gone.complete(null);
      RUNS.remove(k, gone);
    });
    return previous == null || previous.isDone() ? null : previous;
  }

  /**
   * @param config the service's {@code $config}
   * @param service {@code <daemon ID>}
   * @return null when no stop of the service is under way, else a future completing (never
   *     exceptionally) once every stop under way now has completed
   */
  static CompletableFuture<Void> pending(Ref config, Value service) {
    Set<CompletableFuture<?>> set = STOPS.get(new Key(config, service));
    if (set == null) return null;
    CompletableFuture<?>[] now = set.stream().filter(f -> !f.isDone()).toArray(CompletableFuture[]::new);
    if (now.length == 0) return null;
    return CompletableFuture.allOf(now).handle((r, e) -> null);
  }

  /**
   * @param config the service's {@code $config}
   * @param service {@code <daemon ID>}
   * @return how many stops of the service are under way
   */
  static int count(Ref config, Value service) {
    Set<CompletableFuture<?>> set = STOPS.get(new Key(config, service));
    return set == null ? 0 : (int) set.stream().filter(f -> !f.isDone()).count();
  }
}
