package org.syndicate.supervise;

import java.math.BigInteger;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.ExitReason;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.service.ServiceState;
import org.syndicate.schemas.service.State;
import org.syndicate.schemas.supervision.ProblemDetail;
import org.syndicate.schemas.supervision.ServiceProblem;

/**
 * Supervises one service (reference note §7.5 and §6 "Restart"; supervision.md §6): runs its
 * supervisee, a fresh actor booted by a function, restarts it by the rules of {@link
 * SupervisorConfig}, and publishes the service's state in a dataspace.
 *
 * <p><b>Lifecycle.</b> {@link #start} creates the supervisor's facet in the current facet. The
 * facet asserts {@code <service-state NAME STATE>} at the dataspace: one assertion, replaced on
 * each change, STATE being {@code started} (a supervisee is running), {@code failed} (it failed;
 * a restart is pending, or the restart limit was reached; or the running supervisee declared
 * itself failed with {@link #holdFailed}) or {@code complete} (it ended
 * normally; a restart is pending under {@code always}, none under {@code on-error-only}).
 * {@code ready} is not the supervisor's business: the supervisee asserts it. When the restart
 * limit is reached the facet also asserts {@code <service-problem NAME <restart-limit COUNT
 * PERIOD>>} (supervision.prs), until the service runs again. Stopping the facet (e.g. because
 * the {@code run-service} went away) stops the supervisee and retracts all of that; its exit is
 * then ignored.
 *
 * <p><b>The supervisee</b> is a new actor whose first turn runs the boot function in its root
 * facet, so what it asserts is retracted when it ends. It ends <em>normally</em> when its root
 * facet stops ({@link Turn#stopActor()}, or the supervisor stopping it), and <em>with an
 * error</em> when code in its root facet throws or a linked task of its root facet fails (the
 * runtime's rule: an error in a child facet stops only that facet; use {@link #crash} from
 * there to fail the whole service). Exit reasons are logged.
 *
 * <p><b>Failed while running.</b> A supervisee that keeps running but has given up on its work
 * (a daemon whose process reached its own restart limit) calls {@link #holdFailed}: the state is
 * {@code failed} instead of {@code started} until it calls it again with false, ends, or is
 * restarted by request. Nothing is restarted meanwhile (supervision.md §5 scenario 6; systemd's
 * start limit leaves a unit {@code failed} until it is reset or restarted).
 *
 * <p><b>Restart requests</b>: {@code <restart-service NAME>} messages at the dataspace (the
 * name matched openly, see {@link OpenLiteral}), or {@link #restart}; see {@link
 * RestartRequestMode}.
 *
 * <p>All methods taking a {@link Turn} must run in a turn of the actor that started the
 * supervisor.
 */
public final class Supervisor {
  private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

  /** The state {@code started}. */
  public static final Symbol STARTED = Symbol.of("started");
  /** The state {@code failed}. */
  public static final Symbol FAILED = Symbol.of("failed");
  /** The state {@code complete}. */
  public static final Symbol COMPLETE = Symbol.of("complete");

  /** Where the supervision stands. */
  public enum Phase {
    /** A supervisee is running (state {@code started}). */
    RUNNING,
    /** Waiting to restart (state {@code failed} or {@code complete}). */
    WAITING,
    /** Ended normally under on-error-only; no restart (state {@code complete}). */
    COMPLETE,
    /** The restart limit was reached (state {@code failed} plus a service-problem). */
    GAVE_UP,
    /** The supervisor's facet has stopped. */
    STOPPED
  }

  private final Ref ds;
  private final Value name;
  private final SupervisorConfig config;
  private final Consumer<Turn> boot;
  private final RestartSchedule schedule;
  private Facet facet;
  private Phase phase = Phase.RUNNING;
  private Actor child;
  private long startedAt;
  private boolean restartRequested;
  private DelayScheduler.Cancellable pending;
  private long stateHandle;
  private Symbol state;
  private long problemHandle;
  private long generation;
  private boolean heldFailed;

  private Supervisor(Ref ds, Value name, SupervisorConfig config, Consumer<Turn> boot) {
    this.ds = Objects.requireNonNull(ds, "ds");
    this.name = Objects.requireNonNull(name, "name");
    this.config = Objects.requireNonNull(config, "config");
    this.boot = Objects.requireNonNull(boot, "boot");
    this.schedule = new RestartSchedule(config);
  }

  /**
   * Starts supervising: creates the supervisor's facet as a child of the current facet, spawns
   * the first supervisee (when this turn commits) and asserts {@code <service-state NAME
   * started>} at {@code ds}.
   *
   * @param t the running turn
   * @param ds the dataspace for the state assertions and restart requests (the server's {@code
   *     $config})
   * @param name the service name, as it should appear in {@code service-state}
   * @param config the parameters
   * @param boot the first turn of each supervisee actor, run in its root facet
   * @return the supervisor
   */
  public static Supervisor start(Turn t, Ref ds, Value name, SupervisorConfig config, Consumer<Turn> boot) {
    Supervisor s = new Supervisor(ds, name, config, boot);
    t.facet(s::bootSupervisor);
    return s;
  }

  /**
   * Fails the supervisee actor running {@code t}: schedules a turn in its root facet that throws
   * {@code cause}, so the actor ends with an error and its supervisor restarts it. For code in a
   * child facet, where throwing would only stop that facet.
   *
   * @param t a turn of the supervisee actor
   * @param cause the reason (logged by the supervisor)
   */
  public static void crash(Turn t, Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    Actor a = t.actor();
    t.afterCommit(
        () ->
            a.execute(
                x -> {
                  if (cause instanceof RuntimeException r) throw r;
                  if (cause instanceof Error e) throw e;
                  throw new IllegalStateException(cause.getMessage(), cause);
                }));
  }

  private void bootSupervisor(Turn t) {
    facet = t.currentFacet();
    t.preventInertCheck();
    t.onStop(this::onSupervisorStop);
    if (config.honourRestartService()) {
      try {
        Subscriptions.observe(
            t,
            ds,
            Patterns.rec("restart-service", OpenLiteral.pattern(name)),
            new Entity() {
              @Override
              public void onMessage(Turn turn, Value captures) {
                if (captures instanceof Sequence s
                    && s.size() == 1
                    && OpenLiteral.matches(name, s.get(0))) {
                  LOG.info("service {}: restart requested", name);
                  restart(turn);
                }
              }
            });
      } catch (IllegalArgumentException e) {
        LOG.warn("service {}: cannot listen for restart-service: {}", name, e.getMessage());
      }
    }
    startChild(t);
  }

  /** @return the service name. */
  public Value name() {
    return name;
  }

  /** @return the supervisor's facet (stop it to stop supervising). */
  public Facet facet() {
    return facet;
  }

  /** @return where the supervision stands. Read inside turns of the supervisor's actor. */
  public Phase phase() {
    return phase;
  }

  /** @return the state last asserted ({@link #STARTED}, {@link #FAILED} or {@link #COMPLETE}). */
  public Symbol state() {
    return state;
  }

  /** @return the running supervisee actor, or null between runs. */
  public Actor supervisee() {
    return child;
  }

  /** @return how many restarts were decided so far (restart requests in REBUILD mode count none). */
  public long restarts() {
    return schedule.restarts();
  }

  /**
   * Handles a restart request as {@link SupervisorConfig#restartRequests} says (the same as a
   * {@code <restart-service NAME>} message). Does nothing once the supervisor has stopped.
   *
   * @param t a turn of the supervisor's actor
   */
  public void restart(Turn t) {
    if (phase == Phase.STOPPED || !facet.isAlive()) return;
    t.inFacet(facet, this::restartNow);
  }

  /**
   * Lets the running supervisee declare the service {@code failed} while it keeps running (or
   * {@code started} again with false), e.g. a daemon whose process reached its restart limit:
   * the state is replaced at once and no restart is scheduled. Ignored unless {@code supervisee}
   * is the supervisee running now (a report from an earlier run that arrives late is dropped).
   * The state goes back to {@code started} when a new supervisee starts. From any thread.
   *
   * @param supervisee the reporting supervisee actor ({@code turn.actor()} in its turns)
   * @param failed true to hold the state at {@code failed}, false to go back to {@code started}
   */
  public void holdFailed(Actor supervisee, boolean failed) {
    Objects.requireNonNull(supervisee, "supervisee");
    Facet f = facet;
    if (f == null) return;
    f.execute(
        t -> {
          if (supervisee != child || phase != Phase.RUNNING || heldFailed == failed) return;
          heldFailed = failed;
          LOG.info("service {}: {}", name, failed ? "failed (reported by the running supervisee)" : "started again");
          setState(t, failed ? FAILED : STARTED);
        });
  }

  /** @return true while the running supervisee holds the state at {@code failed} ({@link #holdFailed}). */
  public boolean isHeldFailed() {
    return heldFailed;
  }

  /**
   * Stops supervising: stops the facet, hence the supervisee, and retracts the state.
   *
   * @param t a turn of the supervisor's actor
   */
  public void stop(Turn t) {
    t.stop(facet);
  }

  private void restartNow(Turn t) {
    switch (config.restartRequests()) {
      case REBUILD -> {
        stopChild(t);
        cancelPending();
        schedule.reset();
        startChild(t);
      }
      case STOP_SUPERVISEE -> {
        switch (phase) {
          case RUNNING -> {
            restartRequested = true;
            Actor c = child;
            t.afterCommit(c::stop);
          }
          case WAITING -> {}
          case COMPLETE, GAVE_UP -> {
            schedule.reset();
            startChild(t);
          }
          case STOPPED -> {}
        }
      }
    }
  }

  private void startChild(Turn t) {
    long gen = ++generation;
    restartRequested = false;
    heldFailed = false;
    phase = Phase.RUNNING;
    setState(t, STARTED);
    setProblem(t, null);
    Actor c = t.spawn("supervisee " + name, boot);
    child = c;
    startedAt = config.clock().nanos();
    Facet f = facet;
    t.afterCommit(() -> c.onExit(reason -> f.execute(t2 -> onChildExit(t2, gen, reason))));
  }

  private void stopChild(Turn t) {
    Actor c = child;
    child = null;
    if (c != null) t.afterCommit(c::stop);
  }

  private void cancelPending() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }

  private void onChildExit(Turn t, long gen, ExitReason reason) {
    if (gen != generation || phase != Phase.RUNNING) return;
    child = null;
    heldFailed = false;
    boolean normal = reason.isNormal();
    if (reason instanceof ExitReason.Failed f) {
      LOG.warn("service {}: supervisee failed: {}", name, f.cause().toString(), f.cause());
    } else {
      LOG.info("service {}: supervisee terminated normally", name);
    }
    long now = config.clock().nanos();
    RestartSchedule.Decision d = schedule.onExit(now, normal, startedAt, restartRequested);
    restartRequested = false;
    switch (d) {
      case RestartSchedule.Decision.Complete c -> {
        phase = Phase.COMPLETE;
        setState(t, COMPLETE);
        LOG.info("service {}: complete", name);
      }
      case RestartSchedule.Decision.Restart r -> {
        phase = Phase.WAITING;
        setState(t, normal ? COMPLETE : FAILED);
        LOG.info("service {}: restarting in {} ms", name, r.delay().toMillis());
        pending =
            config
                .delays()
                .schedule(
                    t,
                    r.delay(),
                    t2 -> {
                      pending = null;
                      if (phase == Phase.WAITING) startChild(t2);
                    });
      }
      case RestartSchedule.Decision.GiveUp g -> {
        phase = Phase.GAVE_UP;
        setState(t, FAILED);
        RestartLimit l = g.limit();
        LOG.error(
            "service {}: more than {} restarts within {} s; giving up until restart-service",
            name,
            l.count(),
            l.period().toMillis() / 1000.0);
        setProblem(
            t,
            new ProblemDetail.RestartLimit(BigInteger.valueOf(l.count()), l.period().toNanos() / 1e9).unparse());
      }
    }
  }

  private void setState(Turn t, Symbol s) {
    if (s.equals(state) && stateHandle != 0) return;
    state = s;
    stateHandle = t.replace(ds, stateHandle, new ServiceState(name, State.parse(s)).unparse());
  }

  private void setProblem(Turn t, Value detail) {
    if (detail == null && problemHandle == 0) return;
    problemHandle = t.replace(ds, problemHandle, detail == null ? null : new ServiceProblem(name, detail).unparse());
  }

  private void onSupervisorStop(Turn t) {
    phase = Phase.STOPPED;
    cancelPending();
    stopChild(t);
    LOG.debug("service {}: supervisor stopped", name);
  }

  @Override
  public String toString() {
    return "Supervisor[" + name + " " + phase + " " + state + "]";
  }
}
