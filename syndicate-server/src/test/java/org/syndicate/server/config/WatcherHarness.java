package org.syndicate.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Observe;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.schemas.configerrors.ConfigError;

/**
 * A real {@code $config} dataspace in a "server" actor with a probe that logs every assertion
 * ({@code +V}), retraction ({@code -V}) and message ({@code !V}) there (Observe records left out),
 * and a config watcher in its own actor, as the supervisor would run it. Waits are for conditions,
 * with a generous deadline; nothing is timed.
 */
final class WatcherHarness implements AutoCloseable {
  static final Duration DEADLINE = Duration.ofSeconds(20);

  final Scheduler scheduler = new Scheduler(2);
  final Actor server;
  final Ref config;
  private final List<String> log = new ArrayList<>();
  private final Map<Long, Value> live = new HashMap<>();
  private final List<ConfigWatcher.Report> reports = new ArrayList<>();
  Actor watcherActor;
  volatile ConfigWatcher watcher;
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  WatcherHarness() {
    CompletableFuture<Ref> c = new CompletableFuture<>();
    server =
        Actor.boot(
            scheduler,
            "server",
            t -> {
              Ref ds = Dataspace.create(t, "config");
              Ref probe = t.ref(new Probe());
              t.publish(ds, RecordValue.of(Observe.LABEL, v("<bind <_>>"), probe.embedded()));
              c.complete(ds);
            });
    config = c.join();
  }

  static Value v(String text) {
    return TextReader.parse(text);
  }

  /** The ENV of the watcher: {@code {config: #:$config}}. */
  Dictionary env() {
    return Dictionary.of(Symbol.of("config"), config.embedded());
  }

  /** Starts the watcher on {@code path}; {@code onReady} asserts {@code <watcher-ready>}. */
  void startWatcher(Path path) {
    startWatcher(path, ConfigWatcher.Options.DEFAULT);
  }

  void startWatcher(Path path, ConfigWatcher.Options options) {
    ConfigWatcher.Options o =
        options.withListener(
            (t, r) -> {
              synchronized (log) {
                reports.add(r);
                log.notifyAll();
              }
            });
    watcherActor =
        Actor.boot(
            scheduler,
            "config-watcher",
            t ->
                watcher =
                    ConfigWatcher.start(
                        t,
                        path,
                        env(),
                        o,
                        t2 -> {
                          t2.publish(config, v("<watcher-ready>"));
                          ready.complete(null);
                        }));
  }

  /** Starts the watcher and waits until it is ready and its effects have arrived. */
  void startAndAwaitReady(Path path) {
    startWatcher(path);
    try {
      ready.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the watcher did not become ready", e);
    }
    settle();
  }

  /** Waits until {@code condition} holds (checked after each event), or fails after the deadline. */
  void await(String what, BooleanSupplier condition) {
    long end = System.nanoTime() + DEADLINE.toNanos();
    synchronized (log) {
      while (!condition.getAsBoolean()) {
        long left = end - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out waiting for: " + what + "\nlive: " + live() + "\nlog: " + log + "\nreports: " + reports);
        }
        try {
          log.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }

  /** Waits until some batch reports {@code path} in the list {@code which} picks, counting from {@code from}. */
  ConfigWatcher.Report awaitReport(int from, String what, Predicate<ConfigWatcher.Report> which) {
    ConfigWatcher.Report[] found = new ConfigWatcher.Report[1];
    await(
        what,
        () -> {
          for (int i = from; i < reports.size(); i++) {
            if (which.test(reports.get(i))) {
              found[0] = reports.get(i);
              return true;
            }
          }
          return false;
        });
    settle();
    return found[0];
  }

  int reportCount() {
    synchronized (log) {
      return reports.size();
    }
  }

  List<ConfigWatcher.Report> reports() {
    synchronized (log) {
      return List.copyOf(reports);
    }
  }

  /**
   * A barrier: a sync round trip from the watcher's actor to {@code $config} (everything it sent
   * before has been handled), then from the server's actor (the probe has seen the consequences).
   */
  void settle() {
    if (watcherActor != null && watcherActor.isAlive()) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      if (watcherActor.execute(t -> t.sync(config, t2 -> f.complete(null)))) join(f);
    }
    for (int i = 0; i < 3; i++) {
      CompletableFuture<Void> f = new CompletableFuture<>();
      server.execute(t -> t.sync(config, t2 -> f.complete(null)));
      join(f);
    }
  }

  private static void join(CompletableFuture<?> f) {
    try {
      f.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("an actor did not answer", e);
    }
  }

  /** Asserts from the server actor (an outside party). @return the handle */
  long assertValue(String text) {
    CompletableFuture<Long> h = new CompletableFuture<>();
    server.execute(t -> h.complete(t.publish(config, v(text))));
    return h.join();
  }

  /** Asserts from the server actor. @return the handle */
  long assertValue(Value v) {
    CompletableFuture<Long> h = new CompletableFuture<>();
    server.execute(t -> h.complete(t.publish(config, v)));
    return h.join();
  }

  /** Retracts an assertion made with {@link #assertValue}. */
  void retract(long handle) {
    server.execute(t -> t.retract(handle));
  }

  /** Sends a message to $config from the server actor. */
  void message(Value v) {
    server.execute(t -> t.message(config, v));
  }

  /** Runs {@code body} in a turn of the server actor. */
  void inServer(java.util.function.Consumer<Turn> body) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    server.execute(
        t -> {
          body.accept(t);
          f.complete(null);
        });
    join(f);
  }

  boolean has(Value x) {
    synchronized (log) {
      return live.containsValue(x);
    }
  }

  /** @return the events so far. */
  List<String> events() {
    synchronized (log) {
      return List.copyOf(log);
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

  /** @return the assertions at $config now (Observe records left out), as sorted text. */
  List<String> live() {
    synchronized (log) {
      return live.values().stream().map(Value::toString).sorted().toList();
    }
  }

  boolean has(String text) {
    Value x = v(text);
    synchronized (log) {
      return live.containsValue(x);
    }
  }

  /** @return the config-error assertions now present. */
  List<ConfigError> configErrors() {
    synchronized (log) {
      return live.values().stream().filter(x -> x.isRecord("config-error")).map(ConfigError::parse).toList();
    }
  }

  /** Writes a file atomically (a hidden temporary file renamed over it), as editors do. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(".tmp-" + file.getFileName() + "-" + System.nanoTime());
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    if (watcherActor != null) {
      watcherActor.stop();
      watcherActor.exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
    server.stop();
    server.exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
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
        log.notifyAll();
      }
    }

    @Override
    public void onRetract(Turn t, long handle) {
      synchronized (log) {
        Value x = live.remove(handle);
        if (x != null) log.add("-" + x);
        log.notifyAll();
      }
    }

    @Override
    public void onMessage(Turn t, Value captures) {
      synchronized (log) {
        log.add("!" + ((Sequence) captures).get(0));
        log.notifyAll();
      }
    }
  }
}
