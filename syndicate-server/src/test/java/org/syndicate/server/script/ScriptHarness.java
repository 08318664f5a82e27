package org.syndicate.server.script;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * A real dataspace ({@code $config}) in one actor, with a probe that logs every assertion
 * ({@code +V}), retraction ({@code -V}) and message ({@code !V}) seen there, Observe records left
 * out. Everything runs in one actor, so a sync round trip with the dataspace is a barrier.
 */
final class ScriptHarness implements AutoCloseable {
  final Scheduler scheduler = new Scheduler(1);
  final Actor actor;
  Ref config;
  private final List<String> log = new ArrayList<>();
  private final Map<Long, Value> live = new HashMap<>();

  ScriptHarness() {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    actor =
        Actor.boot(
            scheduler,
            "script-test",
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

  /** The initial bindings of a file: config, plus extras. */
  Map<String, Value> bindings() {
    return Map.of("config", config.embedded());
  }

  /** Runs {@code body} in a turn of the root facet, waits, then settles. */
  <T> T run(Function<Turn, T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    actor.execute(
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
    run(t -> {
      body.accept(t);
      return null;
    });
  }

  /** Loads {@code source} as {@code path} and starts it in a new child facet of the root facet. */
  CompiledScript.Started start(String source) {
    CompiledScript s = Script.load(Path.of("/etc/syndicate/test/a.pr"), source);
    return run(t -> s.start(t, bindings()));
  }

  /** Sync round trips with {@code $config} until the log stops changing (cascades settle). */
  void settle() {
    int before = -1;
    for (int i = 0; i < 50; i++) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      actor.execute(t -> t.sync(config, t2 -> f.complete(null)));
      join(f);
      int now;
      synchronized (log) {
        now = log.size();
      }
      if (now == before) return;
      before = now;
    }
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

  /** @return the assertions currently at $config (Observes left out), as text. */
  List<String> live() {
    synchronized (log) {
      return live.values().stream().map(Value::toString).sorted().toList();
    }
  }

  /** @return the assertions currently at $config (Observes left out). */
  List<Value> liveValues() {
    synchronized (log) {
      return List.copyOf(live.values());
    }
  }

  @Override
  public void close() {
    actor.stop();
    actor.exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
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
