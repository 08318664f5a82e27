package org.syndicate.process.daemon;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.TimerHandle;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;
import org.syndicate.process.ChildProcess;
import org.syndicate.process.ExitStatus;
import org.syndicate.process.OutputLine;
import org.syndicate.process.ProcessListener;
import org.syndicate.process.SpawnException;
import org.syndicate.relay.Relay;
import org.syndicate.relay.RelayOptions;
import org.syndicate.relay.RelayTransport;
import org.syndicate.schemas.externalservices.DaemonService;
import org.syndicate.schemas.supervision.LastExit;
import org.syndicate.schemas.supervision.Pid;
import org.syndicate.schemas.supervision.ProblemDetail;
import org.syndicate.schemas.supervision.ProcessState;
import org.syndicate.schemas.supervision.ProcessStatus;

/**
 * One process of a daemon service: one {@code <daemon ID SPEC>} assertion, spawned, watched,
 * restarted and stopped (reference note §7.3, §7.4 exact restart table, §7.6, §7.7; DESIGN.md
 * "Our extensions"). Lives in its own facet of the supervisee actor; stopping that facet stops
 * the process (stop signal to its process group, SIGKILL after the stop timeout).
 *
 * <p>Per run (one spawned child) a child facet holds the run's assertions: the relay and the
 * {@code <service-object …>} for the Syndicate protocols. Everything the driver reports (lines,
 * readiness, exit) goes through one queue drained in turns of the process facet, so lines are
 * always logged before the exit is acted on.
 *
 * <p>Restart delays (ours, issue 8): 200 ms after a normal exit, else 1 s doubled per consecutive
 * failure up to {@code restartMaxDelay} (30 s); a run lasting {@link
 * DaemonOptions#backoffResetAfter()} forgets earlier failures. With {@code restartLimit}, more
 * than {@code count} restarts within {@code period} leave the process {@code failed} with a
 * {@code <service-problem … <restart-limit …>>}, and the service {@code failed} too, until
 * restart-service or until the spec goes.
 *
 * <p>Start timeout (ours, {@code startTimeout}): a run that must become ready and has not within
 * it (no readiness fd newline, no {@code READY=1}, no {@code <service-state <daemon ID> ready>}
 * asserted, a one-shot still running) is stopped like any stop, a $log line and {@code
 * <service-problem … <start-timeout SECS>>} say why, and its exit counts as a failure for the
 * restart policy. The problem stays until a later run becomes ready or the spec goes.
 *
 * <p>No two copies: a spawn waits until no stop of a process of the same service is under way
 * ({@link PendingStops}: a restart-service, a spec edit, a leftover of the previous run).
 */
final class DaemonProcess {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonProcess.class);
  private static final int MAX_DOUBLINGS = 30;
  /** A daemon child with what shutdown needs to know: its server's {@code $config}, service and spec. */
  record Live(Ref config, Value service, DaemonSpec spec) {}

  /** Every running daemon child in this JVM, for {@link DaemonService#processes}. */
  static final java.util.Map<ChildProcess, Live> LIVE = new java.util.concurrent.ConcurrentHashMap<>();
  /** Daemon children (or their leftover groups) whose stop is under way, until it completes. */
  static final java.util.Map<ChildProcess, Live> STOPPING = new java.util.concurrent.ConcurrentHashMap<>();
  /** Spawns under way (between the shutdown check and {@link #LIVE} holding the child). */
  static final AtomicInteger IN_FLIGHT = new AtomicInteger();

  private final DaemonRun run;
  private final DaemonSpec spec;
  private Facet facet;
  private Facet runFacet;
  private ChildProcess child;
  private Events events;
  private ProcessState state = ProcessState.Starting;
  private Instant since = Instant.now();
  private long restarts;
  private LastExit lastExit = new LastExit.None();
  private long statusHandle;
  private boolean ready;
  private boolean completed;
  private boolean started;
  private int consecutiveFailures;
  private final ArrayDeque<Long> limitWindow = new ArrayDeque<>();
  private TimerHandle pendingRestart;
  private String notifyStatus;
  private boolean gaveUp;
  private TimerHandle startTimer;
  private boolean timedOut;
  private boolean waitingForStops;

  DaemonProcess(DaemonRun run, DaemonSpec spec) {
    this.run = run;
    this.spec = spec;
  }

  /** @return true while the process counts as ready (§7.4). */
  boolean ready() {
    return ready;
  }

  /** @return true while the process has given up (its restart limit reached). */
  boolean gaveUp() {
    return gaveUp;
  }

  /** @return true once the process has completed by its restart policy. */
  boolean completed() {
    return completed;
  }

  /** Creates the process's facet (nothing is spawned until {@link #start}). */
  void boot(Turn t) {
    facet = t.facet(ft -> {
      ft.preventInertCheck();
      ft.onStop(this::onFacetStop);
    });
  }

  /** Spawns the first run. */
  void start(Turn t) {
    if (started || !facet.isAlive()) return;
    started = true;
    t.inFacet(facet, this::spawn);
  }

  /** Stops the process and its facet (the spec was retracted). */
  void stop(Turn t) {
    t.stop(facet);
  }

  /**
   * Runs in the parent facet (the supervisee's root) as the process facet stops: stops the child,
   * and while it is stopping asserts its status with state {@code stopping} from the parent (or,
   * when the whole supervisee is going, from the service's facet), so the status is only gone
   * once the whole process tree is (when the whole service stops, its assertions go at once
   * instead). The stop is recorded in {@link PendingStops} until it completes.
   */
  private void onFacetStop(Turn t) {
    if (pendingRestart != null) pendingRestart.cancel();
    ChildProcess c = child;
    child = null;
    ready = false;
    if (c != null) {
      LOG.info("daemon {}: stopping pid {} ({} then SIGKILL after {} ms)", run.name, c.pid(),
          org.syndicate.process.Signals.name(spec.stopSignal()), spec.stopTimeout().toMillis());
      Facet parent = t.currentFacet();
      Value stopping = statusValue(ProcessState.Stopping, new Pid.Running(BigInteger.valueOf(c.pid())), Instant.now());
      var stop = stopChild(c);
      LIVE.remove(c); // after STOPPING holds it: a shutdown always finds it in one of the two
      if (parent.isAlive()) {
        long h = t.publish(run.config, stopping);
        stop.whenComplete((r, e) -> parent.execute(t2 -> t2.retract(h)));
      } else {
        // The whole supervisee is going (restart-service): the service's facet shows the status
        // until the tree is gone. When the service itself stops, that facet goes too, and so does
        // the status (as the service's state does).
        run.board.showUntil(stopping, stop);
      }
    }
  }

  // ------------------------------------------------------------------ spawning

  private void spawn(Turn t) {
    pendingRestart = null;
    if (!facet.isAlive()) return;
    // Counted as in flight before the shutdown flag is read, so that stopAllProcesses, which sets
    // the flag and then waits for in-flight spawns, sees every child this spawn creates.
    IN_FLIGHT.incrementAndGet();
    try {
      if (org.syndicate.process.daemon.DaemonService.shuttingDown) {
        LOG.info("daemon {}: not spawning {}: the server is shutting down", run.name, spec.argv());
        return;
      }
      var stops = run.spawnBlocker();
      if (stops != null) {
        if (!waitingForStops) {
          LOG.info("daemon {}: waiting for the service's earlier processes to exit ({} stopping) before spawning {}",
              run.name, PendingStops.count(run.config, run.name), spec.argv());
        }
        waitingForStops = true;
        setState(t, ProcessState.Starting);
        Facet f = facet;
        stops.thenRun(() -> f.execute(this::spawn));
        return;
      }
      waitingForStops = false;
      spawnNow(t);
    } finally {
      IN_FLIGHT.decrementAndGet();
    }
  }

  private void spawnNow(Turn t) {
    Events ev = new Events(t.currentFacet());
    ChildProcess c;
    try {
      c = run.driver.spawn(spec.launchSpec(), ev);
    } catch (SpawnException | IllegalStateException | IllegalArgumentException e) {
      LOG.warn("daemon {}: {}", run.name, e.getMessage());
      lastExit = new LastExit.SpawnFailed(e.getMessage());
      run.board.set(spec.source(), new ProblemDetail.SpawnFailed(e.getMessage()).unparse());
      exited(t, false, e.getMessage());
      return;
    }
    events = ev;
    child = c;
    LIVE.put(c, new Live(run.config, run.name, spec));
    notifyStatus = null;
    timedOut = false;
    run.board.clearIf(spec.source(), d -> !isStartTimeout(d));
    LOG.info("daemon {}: started pid {}: {}", run.name, c.pid(), spec.argv());
    runFacet = t.facet(rt -> {
      rt.preventInertCheck();
      if (spec.protocol().isRelay()) startRelay(rt, c, ev);
      if (spec.hasStartTimeout()) startTimer = rt.after(spec.startTimeout(), t2 -> startTimedOut(t2, ev));
    });
    ready = spec.readyWhenRunning();
    setState(t, spec.readyByNotification() ? ProcessState.Starting : ProcessState.Running);
    run.recompute(t);
  }

  private void startRelay(Turn t, ChildProcess c, Events ev) {
    RelayOptions ro = RelayOptions.defaults("daemon " + run.name + " pid " + c.pid())
        .withImportPeerInitialRef(true)
        .withTextOutput(spec.protocol() == DaemonProtocol.TEXT_SYNDICATE);
    Relay relay = Relay.start(t, ro, null, new RelayTransport() {
      @Override
      public void send(byte[] packet) {
        c.writeStdin(packet);
      }

      @Override
      public void close(Throwable error) {
        if (error != null) LOG.warn("daemon {}: relay with pid {} ended: {}", run.name, c.pid(), error.toString());
        c.closeStdin();
      }

      @Override
      public long unsentBytes() {
        return c.stdinQueuedBytes(); // a child that stops reading its stdin ends the relay (bounded memory)
      }

      @Override
      public void setReadPaused(boolean paused) {
        if (paused) c.pauseOutput();
        else c.resumeOutput();
      }
    });
    Ref peer = relay.peerInitialRef().join();
    t.publish(run.config, RecordValue.of("service-object", run.name, Embedded.of(peer)));
    ev.attachRelay(relay);
  }

  // ------------------------------------------------------------------ events from the driver

  private void onLines(Turn t, ChildProcess c, List<OutputLine> lines) {
    Value service = run.name;
    for (OutputLine l : lines) t.message(run.log, ProcessLog.line(Instant.now(), c.pid(), service, l));
  }

  private void onReady(Turn t, Events ev) {
    if (ev != events || child == null || ready) return;
    LOG.info("daemon {}: pid {} is ready", run.name, child.pid());
    startedInTime();
    ready = true;
    setState(t, ProcessState.Running);
    run.recompute(t);
  }

  /**
   * {@code <service-state <daemon ID> ready>} appeared: a process that asserts its own readiness
   * (not ready on start, no notification channel) is no longer subject to its start timeout.
   */
  void serviceReadyAsserted(Turn t) {
    if (child != null && !spec.readyByNotification() && startTimer != null) {
      LOG.info("daemon {}: pid {}: the service asserted its readiness", run.name, child.pid());
      startedInTime();
    }
  }

  private void startedInTime() {
    if (startTimer != null) {
      startTimer.cancel();
      startTimer = null;
    }
    if (spec.hasStartTimeout()) run.board.clearIf(spec.source(), DaemonProcess::isStartTimeout);
  }

  private static boolean isStartTimeout(Value detail) {
    return detail.isRecord("start-timeout", 1);
  }

  /** The start timeout of the run of {@code ev} has passed: stop it, as a failure. */
  private void startTimedOut(Turn t, Events ev) {
    startTimer = null;
    ChildProcess c = child;
    if (ev != events || c == null || ready || timedOut) return;
    if (!spec.readyByNotification() && run.serviceReadyAsserted()) {
      // readiness asserted for the service (by the process itself) and still there
      startedInTime();
      return;
    }
    timedOut = true;
    double secs = spec.startTimeout().toNanos() / 1e9;
    String text = "not ready within " + secs + " s (startTimeout); stopping it ("
        + org.syndicate.process.Signals.name(spec.stopSignal()) + ", SIGKILL after " + spec.stopTimeout().toMillis()
        + " ms); counted as a failure";
    LOG.error("daemon {}: pid {} {}", run.name, c.pid(), text);
    t.message(run.log, ProcessLog.note(Instant.now(), c.pid(), run.name, text));
    run.board.set(spec.source(), new ProblemDetail.StartTimeout(secs).unparse());
    setState(t, ProcessState.Stopping);
    run.recompute(t);
    stopChild(c);
  }

  /**
   * Stops {@code c} as the spec says, recorded in {@link PendingStops} and in {@link #STOPPING}
   * (so that a server shutdown past its deadline can SIGKILL it) until it completes.
   */
  private java.util.concurrent.CompletableFuture<ChildProcess.StopResult> stopChild(ChildProcess c) {
    STOPPING.put(c, new Live(run.config, run.name, spec));
    var stop = c.stop(spec.stopSignal(), spec.stopTimeout());
    PendingStops.add(run.config, run.name, stop);
    stop.whenComplete((r, e) -> STOPPING.remove(c));
    return stop;
  }

  private void onExit(Turn t, Events ev, ExitStatus status) {
    if (ev != events) return;
    ChildProcess c = child;
    child = null;
    events = null;
    if (c != null) LIVE.remove(c);
    if (runFacet != null) {
      t.stop(runFacet);
      runFacet = null;
    }
    lastExit = switch (status) {
      case ExitStatus.Exited e -> new LastExit.Exited(BigInteger.valueOf(e.code()));
      case ExitStatus.Signaled s -> new LastExit.Signaled(s.signalName());
    };
    LOG.info("daemon {}: pid {} ended: {}", run.name, c == null ? "?" : c.pid(), status);
    // Whatever the process left behind in its session or group (a forked grandchild) goes with
    // it, so that a restart never runs two copies and a stop leaves nothing running.
    if (c != null) stopChild(c);
    if (timedOut) {
      timedOut = false;
      exited(t, false, "stopped after startTimeout " + spec.startTimeout().toNanos() / 1e9 + " s, then " + status);
    } else {
      exited(t, status.success(), status.toString());
    }
  }

  /** The restart table of §7.4, with our growing delay and limit. */
  private void exited(Turn t, boolean normal, String how) {
    ready = false;
    switch (spec.restart()) {
      case ALWAYS -> scheduleRestart(t, normal, how);
      case ON_ERROR -> {
        if (normal) complete(t);
        else scheduleRestart(t, false, how);
      }
      case ALL -> {
        if (normal) {
          complete(t);
        } else {
          LOG.error("daemon {}: process {} failed ({}) under restart: all; failing the service", run.name, spec.argv(), how);
          setState(t, ProcessState.Failed);
          org.syndicate.supervise.Supervisor.crash(t, new IllegalStateException(
              "daemon " + run.name + ": process " + spec.argv() + " failed (" + how + ") under restart: all"));
        }
      }
      case NEVER -> complete(t);
    }
  }

  private void complete(Turn t) {
    completed = true;
    setState(t, ProcessState.Complete);
    run.recompute(t);
  }

  private void scheduleRestart(Turn t, boolean normal, String how) {
    if (org.syndicate.process.daemon.DaemonService.shuttingDown) {
      LOG.info("daemon {}: process {} ended ({}); not restarting: the server is shutting down", run.name, spec.argv(), how);
      setState(t, ProcessState.Backoff);
      run.recompute(t);
      return;
    }
    long now = System.nanoTime();
    if (spec.hasRestartLimit()) {
      limitWindow.addLast(now);
      long window = spec.restartLimitPeriod().toNanos();
      while (!limitWindow.isEmpty() && now - limitWindow.peekFirst() > window) limitWindow.removeFirst();
      if (limitWindow.size() > spec.restartLimitCount()) {
        LOG.error("daemon {}: process {} restarted more than {} times within {} s; giving up until restart-service",
            run.name, spec.argv(), spec.restartLimitCount(), spec.restartLimitPeriod().toMillis() / 1000.0);
        gaveUp = true;
        setState(t, ProcessState.Failed);
        run.board.set(spec.source(), new ProblemDetail.RestartLimit(
            BigInteger.valueOf(spec.restartLimitCount()), spec.restartLimitPeriod().toNanos() / 1e9).unparse());
        run.recompute(t);
        return;
      }
    }
    Duration delay;
    if (normal) {
      consecutiveFailures = 0;
      delay = min(run.options.normalRestartDelay(), spec.restartMaxDelay());
    } else {
      delay = backoff(run.options.errorRestartDelay(), spec.restartMaxDelay(), consecutiveFailures);
      if (consecutiveFailures < MAX_DOUBLINGS) consecutiveFailures++;
    }
    LOG.info("daemon {}: process {} ended ({}); restarting in {} ms", run.name, spec.argv(), how, delay.toMillis());
    setState(t, ProcessState.Backoff);
    run.recompute(t);
    pendingRestart = t.after(delay, t2 -> {
      restarts++;
      spawn(t2);
    });
  }

  /** Forgets earlier failures when the run that just ended lasted long enough. */
  private void noteRunLength(long startedNanos) {
    if (System.nanoTime() - startedNanos >= run.options.backoffResetAfter().toNanos()) consecutiveFailures = 0;
  }

  static Duration backoff(Duration base, Duration cap, int doublings) {
    long b = base.toNanos();
    long c = cap.toNanos();
    long d = b;
    for (int i = 0; i < doublings && d < c; i++) d = d > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : d * 2;
    return Duration.ofNanos(Math.min(d, c));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  // ------------------------------------------------------------------ status

  private void setState(Turn t, ProcessState s) {
    if (s != state) since = Instant.now();
    state = s;
    if (!facet.isAlive()) return;
    Pid pid = child != null ? new Pid.Running(BigInteger.valueOf(child.pid())) : new Pid.None();
    Value v = statusValue(state, pid, since);
    t.inFacet(facet, ft -> statusHandle = ft.replace(run.config, statusHandle, v));
  }

  /**
   * {@code <process-status <daemon ID> SPEC {pid state since restarts lastExit}>}, plus {@code
   * status: STRING} once the process has sent an sd_notify {@code STATUS=} (supervision.prs allows
   * extra entries).
   */
  private Value statusValue(ProcessState s, Pid pid, Instant at) {
    Value v = new ProcessStatus(new DaemonService(run.id), spec.source(), lastExit, pid,
        BigInteger.valueOf(restarts), at.toString(), s).unparse();
    if (notifyStatus == null) return v;
    RecordValue r = (RecordValue) v;
    var d = (org.syndicate.preserves.Dictionary) r.field(2);
    var m = new java.util.TreeMap<Value, Value>(d.toMap());
    m.put(org.syndicate.preserves.Symbol.of("status"), org.syndicate.preserves.StringValue.of(notifyStatus));
    return RecordValue.of(r.label(), r.field(0), r.field(1), org.syndicate.preserves.Dictionary.of(m));
  }

  private void onNotifyStatus(Turn t, Events ev, String status) {
    if (ev != events || child == null || status.equals(notifyStatus)) return;
    notifyStatus = status;
    setState(t, state);
  }

  // ------------------------------------------------------------------ the driver's listener

  /** Driver events of one run, queued from the event loop and handled in turns of the process facet. */
  private final class Events implements ProcessListener {
    private final Facet home;
    private final ConcurrentLinkedQueue<Object> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queuedLines = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong queuedBytes = new java.util.concurrent.atomic.AtomicLong();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean paused;
    private ChildProcess child;
    private Relay relay;
    private List<byte[]> early = new ArrayList<>();

    Events(Facet home) {
      this.home = home;
    }

    private record Ready() {}

    private record Status(String text) {}

    private record Exit(ExitStatus status) {}

    synchronized void attachRelay(Relay r) {
      relay = r;
      for (byte[] chunk : early) r.receive(chunk);
      early = null;
    }

    @Override
    public void onStdout(ChildProcess c, byte[] chunk) {
      synchronized (this) {
        if (relay == null) {
          if (early != null) early.add(chunk);
          return;
        }
      }
      relay.receive(chunk);
    }

    @Override
    public void onLine(ChildProcess c, OutputLine line) {
      child = c;
      queue.add(line);
      long bytes = queuedBytes.addAndGet(line.bytes().length);
      if ((queuedLines.incrementAndGet() >= run.options.logHighWater() || bytes >= run.options.logHighWaterBytes())
          && !paused) {
        paused = true;
        c.pauseOutput();
      }
      schedule();
    }

    @Override
    public void onNotify(ChildProcess c, org.syndicate.process.NotifyMessage message) {
      if (message.status() != null) {
        queue.add(new Status(message.status()));
        schedule();
      }
    }

    @Override
    public void onReady(ChildProcess c, Readiness how) {
      queue.add(new Ready());
      schedule();
    }

    @Override
    public void onExit(ChildProcess c, ExitStatus status) {
      child = c;
      queue.add(new Exit(status));
      schedule();
    }

    private void schedule() {
      if (scheduled.compareAndSet(false, true)) home.execute(this::drain);
    }

    private void drain(Turn t) {
      scheduled.set(false);
      List<OutputLine> lines = new ArrayList<>();
      Object o;
      while ((o = queue.poll()) != null) {
        switch (o) {
          case OutputLine l -> lines.add(l);
          case Ready r -> {
            flush(t, lines);
            t.inFacet(facet, ft -> DaemonProcess.this.onReady(ft, this));
          }
          case Status st -> {
            flush(t, lines);
            t.inFacet(facet, ft -> DaemonProcess.this.onNotifyStatus(ft, this, st.text()));
          }
          case Exit e -> {
            flush(t, lines);
            ChildProcess c = child;
            if (c != null) noteRunLength(c.startedNanos());
            t.inFacet(facet, ft -> DaemonProcess.this.onExit(ft, this, e.status()));
            return;
          }
          default -> {}
        }
      }
      flush(t, lines);
      if (paused) {
        // Resume once $log has taken everything sent so far (end-to-end backpressure).
        ChildProcess c = child;
        t.sync(run.log, t2 -> {
          if (paused && queuedLines.get() < run.options.logHighWater() / 2
              && queuedBytes.get() < run.options.logHighWaterBytes() / 2) {
            paused = false;
            if (c != null) c.resumeOutput();
          }
        });
      }
    }

    private void flush(Turn t, List<OutputLine> lines) {
      if (lines.isEmpty()) return;
      queuedLines.addAndGet(-lines.size());
      long bytes = 0;
      for (OutputLine l : lines) bytes += l.bytes().length;
      queuedBytes.addAndGet(-bytes);
      ChildProcess c = child;
      if (c != null) onLines(t, c, lines);
      lines.clear();
    }
  }
}
