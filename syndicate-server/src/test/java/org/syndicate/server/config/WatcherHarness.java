package org.syndicate.server.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Symbol;
import org.syndicate.testkit.DataspaceHarness;
import org.syndicate.schemas.configerrors.ConfigError;

/**
 * The config watcher tests' fixture: the shared {@link DataspaceHarness} (its main actor named
 * "server", a 20 s deadline) plus a config watcher in its own actor, as the supervisor would run
 * it, the reports it gives, and real-file helpers. Waits are for conditions (woken by each event),
 * with a generous deadline; nothing is timed.
 */
final class WatcherHarness extends DataspaceHarness {
  static final Duration DEADLINE = Duration.ofSeconds(20);

  /** The main actor: an outside party at {@code $config}. */
  final Actor server;
  /** Guarded by {@code recorded.lock()}. */
  private final List<ConfigWatcher.Report> reports = new ArrayList<>();
  Actor watcherActor;
  volatile ConfigWatcher watcher;
  final CompletableFuture<Void> ready = new CompletableFuture<>();

  WatcherHarness() {
    super(Options.DEFAULT.withActorName("server").withDeadline(DEADLINE).withSettle(3, false, false));
    server = main;
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
              synchronized (recorded.lock()) {
                reports.add(r);
                recorded.signal();
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
    startAndAwaitReady(path, ConfigWatcher.Options.DEFAULT);
  }

  /** As {@link #startAndAwaitReady(Path)}, with other options. */
  void startAndAwaitReady(Path path, ConfigWatcher.Options options) {
    startWatcher(path, options);
    try {
      ready.get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the watcher did not become ready", e);
    }
    settle();
  }

  /** Waits until {@code condition} holds (checked after each event), or fails after the deadline. */
  @Override
  public void await(String what, BooleanSupplier condition) {
    recorded.awaitEvent(
        what, DEADLINE, condition, () -> "\nlive: " + live() + "\nlog: " + events() + "\nreports: " + reports());
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
    synchronized (recorded.lock()) {
      return reports.size();
    }
  }

  List<ConfigWatcher.Report> reports() {
    synchronized (recorded.lock()) {
      return List.copyOf(reports);
    }
  }

  /**
   * A barrier: a sync round trip from the watcher's actor to {@code $config} (everything it sent
   * before has been handled), then from the server's actor (the probe has seen the consequences).
   */
  @Override
  public void settle() {
    if (watcherActor != null && watcherActor.isAlive()) syncFrom(watcherActor);
    for (int i = 0; i < 3; i++) syncFrom(server);
  }

  /** Runs {@code body} in a turn of the server actor. */
  void inServer(Consumer<Turn> body) {
    inMain(body);
  }

  /** @return the config-error assertions now present. */
  List<ConfigError> configErrors() {
    return liveValues().stream().filter(x -> x.isRecord("config-error")).map(ConfigError::parse).toList();
  }

  /** Writes a file atomically (a hidden temporary file renamed over it), as editors do. */
  static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(".tmp-" + file.getFileName() + "-" + System.nanoTime());
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public void close() {
    if (watcherActor != null) stopAndJoin(watcherActor);
    super.close();
  }
}
