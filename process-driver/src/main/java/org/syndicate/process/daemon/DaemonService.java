package org.syndicate.process.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.process.ChildProcess;
import org.syndicate.process.ProcessDriver;
import org.syndicate.supervise.Supervisor;

/**
 * The {@code <daemon ID>} service handler (reference note syndicate-server.md §7, §6; issue 8):
 * for each {@code <run-service <daemon ID>>} in {@code $config}, a {@link Supervisor} (by default
 * on-error-only, restart-service rebuilds) runs a supervisee that observes the {@code <daemon ID
 * SPEC>} assertions and runs one process per distinct SPEC, added and removed live.
 *
 * <p>What it publishes in {@code $config}:
 *
 * <ul>
 *   <li>{@code <service-state <daemon ID> started|failed|complete>} (the supervisor; {@code
 *       failed} also while a process is past its {@code restartLimit}), and {@code
 *       <service-state <daemon ID> ready>} exactly while every configured process counts as ready
 *       and the first sync with {@code $config} is done (§7.4);
 *   <li>{@code <process-status <daemon ID> SPEC {pid state since restarts lastExit}>} per process
 *       (supervision.prs {@code ProcessStatus});
 *   <li>{@code <service-problem <daemon ID> DETAIL>} for a spec that does not parse (the service
 *       then fails, and is retried by its supervisor), a spawn failure (until a spawn succeeds)
 *       a reached restart limit (until restart-service or the spec goes) or a start timeout
 *       ({@code <start-timeout SECS>}, until a later run is ready);
 *   <li>{@code <service-object <daemon ID> #:ref>} for a process speaking {@code
 *       application/syndicate} or {@code text/syndicate}: its OID 0, while it runs (§7.6).
 * </ul>
 *
 * <p>Output lines go to {@code $log} as {@code <log TIMESTAMP {pid service stream line}>}
 * messages (§7.6). Every process runs in its own session and process group; stopping it sends the
 * spec's {@code stopSignal} to the group and SIGKILL after {@code stopTimeout} (our defaults:
 * SIGTERM, 5 s). Processes are stopped when their spec is retracted, when the service stops or
 * restarts, when a start timeout passes, and when the server exits: the server's ordered
 * shutdown uses {@link #beginShutdown} and {@link #processes}; {@link #stopAllProcesses} and
 * {@link ProcessDriver#closeOnShutdown()} stop everything at once. No process of a service is spawned while an earlier one of the same
 * service is still stopping ({@code PendingStops}).
 *
 * <pre>{@code
 * ProcessDriver driver = ProcessDriver.start().closeOnShutdown();
 * DaemonService.register(turn, config, log, driver);
 * }</pre>
 */
public final class DaemonService {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonService.class);
  /** The label {@code daemon}. */
  public static final Symbol DAEMON = Symbol.of("daemon");

  /** Set by {@link #stopAllProcesses}: from then on no daemon process is spawned or respawned. */
  static volatile boolean shuttingDown;

  private DaemonService() {}

  /**
   * Registers the handler with {@link DaemonOptions#defaults()}.
   *
   * @param t the running turn; the registration lives in a new child of its current facet
   * @param config {@code $config}: where run-service, daemon specs and states live
   * @param log {@code $log}: where output lines go
   * @param driver spawns the processes (the caller owns it and closes it at shutdown)
   * @return the registration's facet; stopping it stops every daemon
   */
  public static Facet register(Turn t, Ref config, Ref log, ProcessDriver driver) {
    return register(t, config, log, driver, DaemonOptions.defaults());
  }

  /**
   * Registers the handler.
   *
   * @param t the running turn; the registration lives in a new child of its current facet
   * @param config {@code $config}
   * @param log {@code $log}
   * @param driver spawns the processes
   * @param options service-wide parameters
   * @return the registration's facet; stopping it stops every daemon
   */
  public static Facet register(Turn t, Ref config, Ref log, ProcessDriver driver, DaemonOptions options) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(driver, "driver");
    Objects.requireNonNull(options, "options");
    return t.facet(
        ft -> {
          ft.preventInertCheck();
          Subscriptions.during(
              ft,
              config,
              Patterns.rec("run-service", Patterns.rec(DAEMON, Patterns.bind())),
              (t2, captures) -> run(t2, captures.get(0), config, log, driver, options));
        });
  }

  /**
   * Runs one {@code <daemon ID>} service in the current facet (for a caller that observes
   * run-service itself, e.g. a service registry): a supervisor, its problem board, its
   * supervisee. Stop the current facet to stop the service.
   *
   * @param t the running turn
   * @param id the daemon's ID
   * @param config {@code $config}
   * @param log {@code $log}
   * @param driver spawns the processes
   * @param options service-wide parameters
   * @return the supervisor
   */
  public static Supervisor run(Turn t, Value id, Ref config, Ref log, ProcessDriver driver, DaemonOptions options) {
    Value name = serviceName(id);
    LOG.info("daemon service {}: starting", name);
    ProblemBoard board = new ProblemBoard(t.currentFacet(), config, name);
    t.onStop(t2 -> LOG.info("daemon service {}: stopped", name));
    java.util.concurrent.atomic.AtomicReference<Supervisor> self = new java.util.concurrent.atomic.AtomicReference<>();
    Supervisor s = Supervisor.start(
        t, config, name, options.supervision(),
        st -> new DaemonRun(id, name, config, log, driver, options, board, self::get).boot(st));
    self.set(s);
    return s;
  }

  /**
   * One daemon process as a server shutdown sees it ({@link #processes}).
   *
   * @param config the {@code $config} of the server running it
   * @param service its service, {@code <daemon ID>}
   * @param process the child (its pid is also its process group and session)
   * @param stopSignal the spec's {@code stopSignal} (a signal number, e.g. 15)
   * @param stopTimeout the spec's {@code stopTimeout}: how long after the stop signal SIGKILL follows
   * @param stopping true when a stop of it (or of what it left in its group) is already under way
   */
  public record LiveProcess(
      Ref config, Value service, ChildProcess process, int stopSignal, Duration stopTimeout, boolean stopping) {}

  /**
   * Begins a server shutdown: from now on no daemon process of this JVM is spawned or respawned
   * (a restart due, or a spawn waiting for an earlier copy to stop, logs that it does not spawn),
   * and a spawn already under way is waited for (at most 5 s), so that {@link #processes} sees
   * every child. Idempotent. Callable from any thread but the driver's event loop.
   */
  public static void beginShutdown() {
    shuttingDown = true;
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (DaemonProcess.IN_FLIGHT.get() > 0 && System.nanoTime() - until < 0) {
      Thread.onSpinWait(); // a spawn under way finishes in microseconds (milliseconds under load)
      Thread.yield();
    }
  }

  /** @return true once {@link #beginShutdown} (or {@link #stopAllProcesses}) has been called. */
  public static boolean shuttingDown() {
    return shuttingDown;
  }

  /**
   * The daemon processes of this JVM that have not been reaped yet: running ones, and those (or
   * the leftovers of their process groups) being stopped.
   *
   * @param config only those of the server with this {@code $config}; null for every server's
   * @return a snapshot, running processes first; a process in both sets is listed once
   */
  public static List<LiveProcess> processes(Ref config) {
    List<LiveProcess> out = new ArrayList<>();
    java.util.Set<ChildProcess> seen = new java.util.HashSet<>();
    for (var e : List.copyOf(DaemonProcess.LIVE.entrySet())) add(out, seen, e.getKey(), e.getValue(), config, false);
    for (var e : List.copyOf(DaemonProcess.STOPPING.entrySet())) add(out, seen, e.getKey(), e.getValue(), config, true);
    return out;
  }

  private static void add(List<LiveProcess> out, java.util.Set<ChildProcess> seen, ChildProcess c, DaemonProcess.Live l,
      Ref config, boolean stopping) {
    if (config != null && !config.equals(l.config())) return;
    if (c.hasExited() && !stopping) return;
    if (!seen.add(c)) return;
    out.add(new LiveProcess(l.config(), l.service(), c, l.spec().stopSignal(), l.spec().stopTimeout(), stopping));
  }

  /**
   * Stops every running daemon process of this JVM the way its spec says ({@code stopSignal} to
   * its process group, SIGKILL after {@code stopTimeout}), all at once, and waits until they are
   * gone or the longest stop timeout plus 10 s has passed. The fallback at JVM exit for servers
   * that did not run their ordered shutdown (a server in a test JVM; the ordered one is the
   * server's {@code Shutdown}), before {@link ProcessDriver#close()}, which would use the driver's
   * default signal and timeout. From then on no process of this JVM's daemon services is spawned
   * or respawned. Callable from any thread but the driver's event loop.
   *
   * @return how many processes were asked to stop
   */
  public static int stopAllProcesses() {
    beginShutdown();
    List<CompletableFuture<?>> stops = new ArrayList<>();
    Duration longest = Duration.ZERO;
    for (LiveProcess p : processes(null)) {
      stops.add(p.process().stop(p.stopSignal(), p.stopTimeout()));
      if (p.stopTimeout().compareTo(longest) > 0) longest = p.stopTimeout();
    }
    if (stops.isEmpty()) return 0;
    LOG.info("stopping {} daemon process(es)", stops.size());
    try {
      CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
          .get(longest.toMillis() + 10_000, TimeUnit.MILLISECONDS);
    } catch (Exception ex) {
      LOG.warn("not every daemon process stopped in time: {}", ex.toString());
    }
    return stops.size();
  }

  /**
   * @param id a daemon ID
   * @return {@code <daemon ID>}
   */
  public static Value serviceName(Value id) {
    return RecordValue.of(DAEMON, id);
  }
}
