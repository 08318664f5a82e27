package org.syndicate.relay;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Value;

/** Test entity in an actor of its own: keeps live assertions and messages as values. */
final class Recorder {
  final Actor actor;
  final Ref ref;
  private final Map<Long, Value> live = new LinkedHashMap<>();
  private final List<Value> messages = new ArrayList<>();
  private final List<String> log = new ArrayList<>();

  Recorder(Scheduler s, String name) {
    CompletableFuture<Ref> r = new CompletableFuture<>();
    actor =
        Actor.boot(
            s,
            name,
            t -> {
              t.preventInertCheck();
              r.complete(
                  t.ref(
                      new Entity() {
                        @Override
                        public void onAssert(Turn turn, Value v, long h) {
                          synchronized (Recorder.this) {
                            live.put(h, v);
                            log.add("+" + v);
                            Recorder.this.notifyAll();
                          }
                        }

                        @Override
                        public void onRetract(Turn turn, long h) {
                          synchronized (Recorder.this) {
                            Value v = live.remove(h);
                            log.add("-" + v);
                            Recorder.this.notifyAll();
                          }
                        }

                        @Override
                        public void onMessage(Turn turn, Value v) {
                          synchronized (Recorder.this) {
                            messages.add(v);
                            log.add("!" + v);
                            Recorder.this.notifyAll();
                          }
                        }
                      }));
            });
    ref = r.join();
  }

  synchronized List<Value> live() {
    return List.copyOf(live.values());
  }

  synchronized List<Value> messages() {
    return List.copyOf(messages);
  }

  synchronized List<String> log() {
    return List.copyOf(log);
  }

  /** Waits up to 10 s for {@code p} over this recorder. */
  synchronized void await(String what, Predicate<Recorder> p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!p.test(this)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError(what + " not reached; log = " + log);
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Publishes {@code v} at {@code target} from this recorder's actor and waits until the target
   * has handled it (a sync round trip), so that e.g. an Observe is registered before the test
   * sends messages.
   */
  void publishAndWait(Ref target, Value v) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    actor.execute(t -> {
      t.publish(target, v);
      t.sync(target, k -> done.complete(null));
    });
    done.orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Runs {@code body} in a turn of this recorder's actor. */
  void run(java.util.function.Consumer<Turn> body) {
    actor.execute(body);
  }
}
