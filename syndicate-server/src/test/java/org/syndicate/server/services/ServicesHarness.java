package org.syndicate.server.services;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Observe;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * A real dataspace ({@code $config}) in a "main" actor, with a probe that records every
 * assertion ({@code +V}), retraction ({@code -V}) and message ({@code !V}) there (Observe
 * records left out). Supervisees are other actors, so waiting goes by polling ({@link #await})
 * or by sync rounds ({@link #settle}).
 */
final class ServicesHarness implements AutoCloseable {
  final Scheduler scheduler = new Scheduler(2);
  final Actor main;
  Ref config;
  private final List<String> log = new ArrayList<>();
  private final Map<Long, Value> live = new HashMap<>();

  ServicesHarness() {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    main =
        Actor.boot(
            scheduler,
            "main",
            t -> {
              config = Dataspace.create(t, "config");
              Ref probe = t.ref(new Probe());
              t.publish(config, RecordValue.of(Observe.LABEL, v("<bind <_>>"), probe.embedded()));
              ready.complete(null);
            });
    ready.join();
    settle();
  }

  static Value v(String text) {
    return TextReader.parse(text);
  }

  /** Runs {@code body} in a turn of the main actor's root facet, waits for it, then settles. */
  <T> T run(Function<Turn, T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    main.execute(
        t -> {
          try {
            f.complete(body.apply(t));
          } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
            throw e;
          }
        });
    T result = join(f);
    settle();
    return result;
  }

  void runVoid(Consumer<Turn> body) {
    run(
        t -> {
          body.accept(t);
          return null;
        });
  }

  /** Sync rounds with $config (and a short pause for other actors) until the log is stable. */
  void settle() {
    int before = -1;
    for (int i = 0; i < 100; i++) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      main.execute(t -> t.sync(config, t2 -> f.complete(null)));
      join(f);
      try {
        Thread.sleep(i < 2 ? 5 : 20);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      int now;
      synchronized (log) {
        now = log.size();
      }
      if (now == before) return;
      before = now;
    }
  }

  /** Polls {@code cond} for up to 10 s. */
  void await(String what, BooleanSupplier cond) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what + "; live = " + live());
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    settle();
  }

  /** Waits until {@code text} is live at $config. */
  void awaitLive(String text) {
    Value x = v(text);
    await(text, () -> liveValues().contains(x));
  }

  /** Waits until {@code text} is no longer live at $config. */
  void awaitGone(String text) {
    Value x = v(text);
    await("no " + text, () -> !liveValues().contains(x));
  }

  private static <T> T join(CompletableFuture<T> f) {
    try {
      return f.get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError("actor did not answer", e);
    }
  }

  /** @return the events so far, and forgets them. */
  List<String> drain() {
    synchronized (log) {
      List<String> out = List.copyOf(log);
      log.clear();
      return out;
    }
  }

  /** @return the assertions currently at $config (Observes left out), as sorted text. */
  List<String> live() {
    synchronized (log) {
      return live.values().stream().map(Value::toString).sorted().toList();
    }
  }

  List<Value> liveValues() {
    synchronized (log) {
      return List.copyOf(live.values());
    }
  }

  @Override
  public void close() {
    main.stop();
    main.exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
    scheduler.close();
  }

  private final class Probe implements Entity {
    @Override
    public void onAssert(Turn t, Value captures, long handle) {
      Value x = ((Sequence) captures).get(0);
      if (x.isRecord("Observe")) return;
      synchronized (log) {
        live.put(handle, x);
        log.add("+" + x);
      }
    }

    @Override
    public void onRetract(Turn t, long handle) {
      synchronized (log) {
        Value x = live.remove(handle);
        if (x != null) log.add("-" + x);
      }
    }

    @Override
    public void onMessage(Turn t, Value captures) {
      synchronized (log) {
        log.add("!" + ((Sequence) captures).get(0));
      }
    }
  }
}
