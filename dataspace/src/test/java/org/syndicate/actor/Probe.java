package org.syndicate.actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.syndicate.preserves.Value;

/**
 * Test helper: an actor holding one entity that records every event it receives as a string
 * ("+v" assert, "-v" retract, "!v" message), and lets a test wait for conditions on the log.
 */
public final class Probe implements AutoCloseable {
  private final List<String> log = new ArrayList<>();
  private final Map<Long, Value> live = new HashMap<>();
  public final Actor actor;
  public final Ref ref;

  public Probe(Scheduler s, String name) {
    CompletableFuture<Ref> r = new CompletableFuture<>();
    actor = Actor.boot(s, name, t -> {
      t.preventInertCheck();
      r.complete(t.ref(new Entity() {
        @Override
        public void onAssert(Turn turn, Value v, long h) {
          synchronized (log) {
            live.put(h, v);
            log.add("+" + show(v));
            log.notifyAll();
          }
        }

        @Override
        public void onRetract(Turn turn, long h) {
          synchronized (log) {
            Value v = live.remove(h);
            log.add("-" + (v == null ? "?" : show(v)));
            log.notifyAll();
          }
        }

        @Override
        public void onMessage(Turn turn, Value v) {
          synchronized (log) {
            log.add("!" + show(v));
            log.notifyAll();
          }
        }
      }));
    });
    ref = r.join();
  }

  /**
   * A small, stable text form for test logs (independent of the text writer): symbols bare,
   * strings quoted, records {@code <l f...>}, sequences {@code [a b]}.
   */
  public static String show(Value v) {
    return switch (v) {
      case org.syndicate.preserves.Symbol s -> s.name();
      case org.syndicate.preserves.StringValue s -> "\"" + s.value() + "\"";
      case org.syndicate.preserves.SignedInteger i -> i.bigValue().toString();
      case org.syndicate.preserves.BooleanValue b -> b.value() ? "#t" : "#f";
      case org.syndicate.preserves.RecordValue r ->
          "<" + show(r.label()) + r.fields().stream().map(f -> " " + show(f)).collect(java.util.stream.Collectors.joining()) + ">";
      case org.syndicate.preserves.Sequence q ->
          "[" + q.items().stream().map(Probe::show).collect(java.util.stream.Collectors.joining(" ")) + "]";
      case org.syndicate.preserves.Embedded e -> "#:" + e.payload();
      default -> v.toString();
    };
  }

  /** @return a copy of the event log. */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** @return the values currently asserted at the probe, as strings, in handle order. */
  public List<String> live() {
    synchronized (log) {
      return live.values().stream().map(Probe::show).sorted().toList();
    }
  }

  /** Waits (up to 10 s) until the log satisfies {@code p}; throws AssertionError otherwise. */
  public List<String> await(Predicate<List<String>> p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    synchronized (log) {
      while (!p.test(log)) {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new AssertionError("condition not reached; log = " + log);
        try {
          log.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
          throw new AssertionError(e);
        }
      }
      return List.copyOf(log);
    }
  }

  /** Waits until the log has at least {@code n} entries. */
  public List<String> awaitSize(int n) {
    return await(l -> l.size() >= n);
  }

  /**
   * Runs {@code body} in a turn of {@code a} and waits until that turn and everything it sent
   * to this probe has been processed (a sync round trip through the probe).
   */
  public void runAndSettle(Actor a, java.util.function.Consumer<Turn> body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    a.execute(t -> {
      body.accept(t);
    });
    a.execute(t -> t.sync(ref, t2 -> done.complete(null)));
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("settle timed out; log = " + log(), e);
    }
  }

  /** Waits for an actor to exit. */
  public static ExitReason awaitExit(Actor a) {
    try {
      return a.exitFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("actor did not exit: " + a, e);
    }
  }

  public static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    actor.stop();
  }
}
