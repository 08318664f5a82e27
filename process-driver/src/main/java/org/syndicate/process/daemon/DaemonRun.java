package org.syndicate.process.daemon;

import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Pattern;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.process.ProcessDriver;
import org.syndicate.schemas.service.ServiceState;
import org.syndicate.schemas.service.State;
import org.syndicate.schemas.supervision.ProblemDetail;
import org.syndicate.supervise.Supervisor;

/**
 * One run of a daemon service: the supervisee actor's state (reference note §7.1, §7.4). It
 * observes {@code <daemon ID SPEC>}, keeps one {@link DaemonProcess} per distinct SPEC, asserts
 * {@code <service-state <daemon ID> ready>} while every process counts as ready (after the first
 * sync with {@code $config}), and ends the supervisee normally once every process (at least one)
 * has completed. A SPEC that does not parse fails the supervisee after asserting its problem.
 * Processes are first spawned after the sync, so that a bad spec seen at start-up spawns nothing.
 * While a process has given up (its {@code restartLimit} reached) the run holds the service's
 * state at {@code failed} through its supervisor ({@link Supervisor#holdFailed}); removing that
 * process's spec or restarting the service ends it. It also watches {@code <service-state <daemon
 * ID> ready>} asserted by anyone (a process asserting its own readiness), which ends the start
 * timeout of processes that wait for it.
 */
final class DaemonRun {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonRun.class);

  final Value id;
  final Value name;
  final Ref config;
  final Ref log;
  final ProcessDriver driver;
  final DaemonOptions options;
  final ProblemBoard board;
  private final java.util.function.Supplier<Supervisor> supervisor;
  private final Map<Value, DaemonProcess> processes = new LinkedHashMap<>();
  private boolean synced;
  private long readyHandle;
  private boolean finished;
  private org.syndicate.actor.Facet root;
  private boolean heldFailed;
  private int readyAssertions;
  private java.util.concurrent.CompletableFuture<Void> previousRun;

  DaemonRun(Value id, Value name, Ref config, Ref log, ProcessDriver driver, DaemonOptions options, ProblemBoard board,
      java.util.function.Supplier<Supervisor> supervisor) {
    this.id = id;
    this.name = name;
    this.config = config;
    this.log = log;
    this.driver = driver;
    this.options = options;
    this.board = board;
    this.supervisor = supervisor;
  }

  /** The supervisee's first turn, in its root facet. */
  void boot(Turn t) {
    root = t.currentFacet();
    t.preventInertCheck();
    previousRun = PendingStops.newRun(config, name, t.actor());
    // The ID is matched by its lifted pattern (so the index dispatches on it) and then compared
    // exactly, since lifted records also match records with extra fields.
    Pattern idPattern;
    try {
      idPattern = Patterns.bind(Patterns.lift(id));
    } catch (IllegalArgumentException e) {
      idPattern = Patterns.bind(); // an ID holding a set cannot be lifted: match any, filter below
    }
    Subscriptions.onAssertedRetracted(
        t,
        config,
        Patterns.rec(DaemonService.DAEMON, idPattern, Patterns.bind()),
        (t2, c) -> {
          if (c.get(0).equals(id)) added(t2, c.get(1));
        },
        (t2, c) -> {
          if (c.get(0).equals(id)) removed(t2, c.get(1));
        });
    Pattern namePattern;
    try {
      namePattern = Patterns.bind(Patterns.lift(name));
    } catch (IllegalArgumentException e) {
      namePattern = Patterns.bind();
    }
    Subscriptions.onAssertedRetracted(
        t,
        config,
        Patterns.rec("service-state", namePattern, Patterns.lit(org.syndicate.preserves.Symbol.of("ready"))),
        (t2, c) -> {
          if (c.get(0).equals(name) && readyAssertions++ == 0) {
            for (DaemonProcess p : processes.values()) p.serviceReadyAsserted(t2);
          }
        },
        (t2, c) -> {
          if (c.get(0).equals(name)) readyAssertions--;
        });
    t.sync(config, this::synced);
  }

  /**
   * @return null when a process may be spawned now, else a future completing when it is worth
   *     asking again: the previous run of the service has ended, or the stops under way of the
   *     service's processes have completed ({@link PendingStops})
   */
  java.util.concurrent.CompletableFuture<Void> spawnBlocker() {
    if (previousRun != null) {
      if (!previousRun.isDone()) return previousRun;
      previousRun = null;
    }
    return PendingStops.pending(config, name);
  }

  /** @return true while some {@code <service-state <daemon ID> ready>} is asserted (by anyone). */
  boolean serviceReadyAsserted() {
    return readyAssertions > 0;
  }

  private void added(Turn t, Value spec) {
    DaemonSpec parsed;
    try {
      parsed = DaemonSpec.parse(spec);
    } catch (DaemonSpecException e) {
      LOG.error("daemon {}: invalid process specification {}: {}", name, spec, e.getMessage());
      board.set(spec, new ProblemDetail.InvalidSpec(spec, e.key() == null ? org.syndicate.preserves.BooleanValue.FALSE
          : StringValue.of(e.key()), e.detail()).unparse());
      throw e; // fails the supervisee: state failed, retried by the supervisor
    }
    DaemonProcess p = new DaemonProcess(this, parsed);
    processes.put(spec, p);
    p.boot(t);
    // Spawn only after a round trip through $config: a config edit asserts the new spec and
    // retracts the old one in one turn (make-before-break), so the addition reaches us first; the
    // sync lets the retraction be processed, and the old process be recorded as stopping
    // (PendingStops), before the new one may spawn. p.start is a no-op if p was removed meanwhile.
    if (synced) t.sync(config, p::start);
    recompute(t);
  }

  private void removed(Turn t, Value spec) {
    DaemonProcess p = processes.remove(spec);
    if (p == null) return;
    LOG.info("daemon {}: process {} removed", name, spec);
    p.stop(t);
    board.clear(spec);
    recompute(t);
  }

  private void synced(Turn t) {
    synced = true;
    board.retainOnly(processes.keySet());
    for (DaemonProcess p : processes.values()) p.start(t);
    recompute(t);
  }

  /**
   * Re-evaluates the service's readiness and completion (§7.4): ready while every configured
   * process counts as ready (zero processes count as ready); complete once every one of at least
   * one process has completed.
   */
  void recompute(Turn t) {
    if (finished || !root.isAlive()) return;
    t.inFacet(root, this::recomputeInRoot);
  }

  private void recomputeInRoot(Turn t) {
    boolean allReady = synced;
    boolean allComplete = synced && !processes.isEmpty();
    boolean anyGaveUp = false;
    for (DaemonProcess p : processes.values()) {
      allReady &= p.ready();
      allComplete &= p.completed();
      anyGaveUp |= p.gaveUp();
    }
    if (anyGaveUp != heldFailed) {
      heldFailed = anyGaveUp;
      Supervisor s = supervisor.get();
      boolean failed = anyGaveUp;
      org.syndicate.actor.Actor self = t.actor();
      // after this turn's retraction of ready has gone out, so nobody sees failed with ready
      if (s != null) t.afterCommit(() -> s.holdFailed(self, failed));
    }
    if (allComplete) {
      finished = true;
      LOG.info("daemon {}: every process has completed", name);
      if (readyHandle != 0) t.retract(readyHandle);
      readyHandle = 0;
      t.stopActor();
      return;
    }
    if (allReady && readyHandle == 0) {
      readyHandle = t.publish(config, new ServiceState(name, new State.Ready()).unparse());
    } else if (!allReady && readyHandle != 0) {
      t.retract(readyHandle);
      readyHandle = 0;
    }
  }
}
