package org.syndicate.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.preserves.Value;
import org.syndicate.process.ChildProcess;
import org.syndicate.process.Signals;
import org.syndicate.process.daemon.DaemonService;
import org.syndicate.process.daemon.ProcessLog;
import org.syndicate.server.services.DependencyGraph;

/**
 * The server's orderly shutdown (ours; the reference just exits, reference note
 * syndicate-server.md §1 "No signal handling", §7.7; what systemd, dinit and s6 do: supervision.md
 * §1A "Shutdown ordering", §5 scenario 34). Run once, on a thread of its own, for {@code $control
 * ! <exit N>} or a SIGTERM / SIGINT / SIGHUP to the server:
 *
 * <ol>
 *   <li>no daemon process is spawned or respawned any more ({@link DaemonService#beginShutdown});
 *   <li>the daemon services with processes are stopped in reverse dependency order ({@link
 *       ShutdownOrder}, from the {@code <depends-on …>} assertions in {@code $config}, cycles
 *       broken and logged): a service's processes get their spec's {@code stopSignal} only once
 *       every service depending on it (directly, or through services without processes such as
 *       milestones) has had all of its processes exit; each process gets SIGKILL after its own
 *       {@code stopTimeout}; services with no dependency path between them stop in parallel;
 *   <li>once the overall deadline ({@code --shutdown-timeout}, default 30 s, monotonic clock) has
 *       passed, or on {@link #escalate()} (a second signal), every daemon process still there
 *       gets SIGKILL at once (its process group and session too) and is waited for (at most 5 s).
 * </ol>
 *
 * Each step is logged: the overall ones through SLF4J at INFO (WARN for a broken cycle or the
 * deadline), the per-process ones as {@code <log TS {pid service stream: supervisor line}>}
 * messages on {@code $log}, which the log printer prints at INFO among the process's own lines.
 */
public final class Shutdown {
  private static final Logger LOG = LoggerFactory.getLogger(Shutdown.class);
  /** How long the kill phase waits for SIGKILLed processes to be reaped, in seconds. */
  private static final long KILL_WAIT_SECONDS = 5;

  private final Ref config;
  private final Ref log;
  private final Facet logFacet;
  private final DependencyGraph graph;
  private final Duration deadline;
  private final CompletableFuture<Void> escalated = new CompletableFuture<>();
  private volatile boolean killing;

  /**
   * @param config the server's {@code $config} (only its daemons are stopped)
   * @param log {@code $log}, where per-process steps go
   * @param logFacet a facet of the server whose turns send to {@code $log}; when it is gone the
   *     steps go to SLF4J directly
   * @param graph the dependency edges
   * @param deadline the overall bound before SIGKILL to everything left (zero: SIGKILL at once)
   */
  public Shutdown(Ref config, Ref log, Facet logFacet, DependencyGraph graph, Duration deadline) {
    this.config = Objects.requireNonNull(config, "config");
    this.log = Objects.requireNonNull(log, "log");
    this.logFacet = logFacet;
    this.graph = Objects.requireNonNull(graph, "graph");
    if (deadline.isNegative()) throw new IllegalArgumentException("negative shutdown deadline");
    this.deadline = deadline;
  }

  /** Skips to the kill phase now (a second signal during the shutdown). From any thread. */
  public void escalate() {
    escalated.complete(null);
  }

  /**
   * Runs the shutdown and returns once every daemon process of this server is gone (or the kill
   * phase has waited {@value #KILL_WAIT_SECONDS} s). Blocks; call it from a thread of its own,
   * never from a turn or the process driver's event loop.
   *
   * @param why what asked for it, for the log (e.g. {@code "SIGTERM"})
   * @return how many daemon processes had to be killed by the deadline or escalation
   */
  public int run(String why) {
    long start = System.nanoTime();
    LOG.info("shutting down ({}): stopping services in reverse dependency order (deadline {} s)", why, seconds(deadline));
    DaemonService.beginShutdown();
    Map<Value, List<DaemonService.LiveProcess>> byService = new LinkedHashMap<>();
    for (DaemonService.LiveProcess p : DaemonService.processes(config)) {
      byService.computeIfAbsent(p.service(), k -> new ArrayList<>()).add(p);
    }
    ShutdownOrder order = ShutdownOrder.of(graph.snapshot(), byService.keySet());
    for (ShutdownOrder.Edge e : order.brokenEdges()) {
      LOG.warn("shutdown: dependency cycle: ignoring that {} depends on {} (stopping them without waiting for each other)",
          e.dependant(), e.dependee());
    }
    Map<Value, CompletableFuture<Void>> done = new HashMap<>();
    for (Value s : order.topological()) {
      CompletableFuture<?>[] first = order.dependants(s).stream().map(done::get).filter(Objects::nonNull).toArray(CompletableFuture[]::new);
      List<DaemonService.LiveProcess> procs = byService.getOrDefault(s, List.of());
      done.put(s, CompletableFuture.allOf(first).thenCompose(v -> stopService(s, procs)));
    }
    CompletableFuture<Void> all = CompletableFuture.allOf(done.values().toArray(CompletableFuture[]::new));
    long left = deadline.toNanos() - (System.nanoTime() - start);
    boolean finished = await(CompletableFuture.anyOf(all, escalated), Math.max(0, left)) && all.isDone();
    int killed = 0;
    if (!finished) killed = killRemaining(escalated.isDone() ? "a second signal" : "the deadline of " + seconds(deadline) + " s");
    flushLog();
    LOG.info("shutdown complete after {} ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    return killed;
  }

  /** Stops one service's processes (all at once) and completes, never exceptionally, when all have exited. */
  private CompletableFuture<Void> stopService(Value service, List<DaemonService.LiveProcess> procs) {
    if (procs.isEmpty() || killing) return CompletableFuture.completedFuture(null);
    List<CompletableFuture<?>> stops = new ArrayList<>();
    for (DaemonService.LiveProcess p : procs) {
      ChildProcess c = p.process();
      String how = Signals.name(p.stopSignal()) + ", SIGKILL after " + seconds(p.stopTimeout()) + " s";
      note(service, c.pid(), p.stopping() ? "shutdown: already stopping (" + how + ")" : "shutdown: stopping (" + how + ")");
      long t0 = System.nanoTime();
      stops.add(c.stop(p.stopSignal(), p.stopTimeout()).handle((r, e) -> {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        if (e != null) note(service, c.pid(), "shutdown: stop failed after " + ms + " ms: " + e);
        else if (r.killed()) note(service, c.pid(), "shutdown: killed (SIGKILL) after its stopTimeout; gone after " + ms + " ms");
        else note(service, c.pid(), "shutdown: stopped after " + ms + " ms (" + (r.status() == null ? "?" : r.status()) + ")");
        return null;
      }));
    }
    return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
  }

  /** SIGKILL to every daemon process of this server still there, then waits (bounded) for them. */
  private int killRemaining(String cause) {
    killing = true;
    List<DaemonService.LiveProcess> left = DaemonService.processes(config);
    List<CompletableFuture<?>> kills = new ArrayList<>();
    for (DaemonService.LiveProcess p : left) {
      if (p.process().hasExited() && !p.stopping()) continue;
      kills.add(p.process().stop(Signals.SIGKILL, Duration.ZERO).handle((r, e) -> null));
    }
    LOG.warn("shutdown: {}: sending SIGKILL to the {} daemon process(es) left: {}", cause, kills.size(),
        left.stream().map(p -> p.service() + "[" + p.process().pid() + "]").toList());
    await(CompletableFuture.allOf(kills.toArray(CompletableFuture[]::new)), TimeUnit.SECONDS.toNanos(KILL_WAIT_SECONDS));
    return kills.size();
  }

  /** Logs one step about one process on {@code $log} (or SLF4J once the server's facet is gone). */
  private void note(Value service, int pid, String text) {
    Value msg = ProcessLog.note(Instant.now(), pid, service, text);
    boolean sent = logFacet != null && logFacet.execute(t -> t.message(log, msg));
    if (!sent) LOG.info("{}[{}] supervisor: {}", service, pid, text);
  }

  /** Waits (at most 1 s) until what was sent to {@code $log} has been printed. */
  private void flushLog() {
    if (logFacet == null) return;
    CompletableFuture<Void> synced = new CompletableFuture<>();
    if (logFacet.execute(t -> t.sync(log, t2 -> t2.sync(log, t3 -> synced.complete(null))))) {
      await(synced, TimeUnit.SECONDS.toNanos(1));
    }
  }

  private static boolean await(CompletableFuture<?> f, long nanos) {
    try {
      f.get(nanos, TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  private static String seconds(Duration d) {
    return Double.toString(d.toNanos() / 1e9);
  }
}
