package org.syndicate.actor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.trace.ActionDescription;
import org.syndicate.schemas.trace.ActorActivation;
import org.syndicate.schemas.trace.AssertionDescription;
import org.syndicate.schemas.trace.FacetStopReason;
import org.syndicate.schemas.trace.LinkedTaskReleaseReason;
import org.syndicate.schemas.trace.TargetedTurnEvent;
import org.syndicate.schemas.trace.TaskId;
import org.syndicate.schemas.trace.TurnCause;
import org.syndicate.schemas.trace.TurnDescription;
import org.syndicate.schemas.trace.TurnEvent;
import org.syndicate.schemas.trace.TurnId;

/**
 * One turn of an actor: the only way to act (reference note §3.5; DESIGN.md "Runtime model").
 *
 * <p><b>Atomicity.</b> Effects on other entities (assert, retract, message, sync, spawn) are
 * queued and delivered when the turn commits, grouped per receiving actor in the order they were
 * made; the receiver runs each such group as one turn. Changes to the facet tree happen at once
 * but are logged so that they can be undone. Each event delivered in a turn (and each {@link
 * Actor#execute} body) runs with its own rollback point: if it throws, everything it did is undone
 * (nothing of it is delivered) and the facet it ran in is stopped, or the whole actor with {@link
 * ExitReason.Failed} when that is the root facet. Plain Java state mutated by the code is not
 * rolled back.
 *
 * <p><b>Flow control</b> (reference note §2.9). A turn runs on behalf of an {@link Account}: the
 * account of the events it processes (the sender's), or {@link Account#system()} for timers,
 * linked tasks and plain {@link Actor#execute}. At commit, each queued effect borrows one unit from
 * it; the receiving turn repays the units of its batch after it has committed (or when the batch
 * is dropped because the receiver has exited). Effects undone by a rollback borrow nothing.
 *
 * <p>A turn object is only valid inside the callback it was passed to, on that thread.
 */
public final class Turn {
  private static final Logger LOG = LoggerFactory.getLogger(Turn.class);
  private static final AtomicLong HANDLES = new AtomicLong();
  private static final AtomicLong TURN_IDS = new AtomicLong();
  private static final AtomicLong TASK_IDS = new AtomicLong();

  /**
   * One queued event: run {@code body} in a turn of {@code facet}'s actor, if the facet is alive.
   * {@code trace} is null unless tracing is on. {@code account} lent the unit this event borrowed
   * (§2.9); the receiving turn runs on its behalf and repays the unit once the event is done.
   */
  record Delivery(Facet facet, Consumer<Turn> body, TraceTag trace, Account account) {}

  private final Actor actor;
  private final Account account;
  private Facet facet;
  private final ArrayList<Delivery> effects = new ArrayList<>();
  private final ArrayList<Runnable> undo = new ArrayList<>();
  private final ArrayList<Runnable> afterCommit = new ArrayList<>();
  private ExitReason terminating;
  private DataflowBlock currentBlock;
  // Tracing (all null/0 when the actor has no tracer).
  private final Tracer tracer;
  private final long turnId;
  private final ArrayList<ActionDescription> traceActions;
  private TurnCause traceCause;
  private TraceTag causedByThis;

  /** Most dataflow block runs in one commit before the turn gives up as not settling. */
  static final int MAX_DATAFLOW_RUNS = 10_000;

  Turn(Actor actor, Account account) {
    this.actor = actor;
    this.account = account;
    this.facet = actor.rootFacet();
    this.tracer = actor.tracer;
    if (tracer != null) {
      turnId = TURN_IDS.incrementAndGet();
      traceActions = new ArrayList<>();
    } else {
      turnId = 0;
      traceActions = null;
    }
  }

  // ------------------------------------------------------------------ accessors

  /** @return the actor running this turn. */
  public Actor actor() {
    return actor;
  }

  /**
   * @return the flow-control account this turn runs on behalf of (§2.9): every event it queues
   *     borrows one unit from it, repaid when the receiver has processed the event
   */
  public Account account() {
    return account;
  }

  /** @return the facet the current code runs in (new assertions, refs and facets belong to it). */
  public Facet currentFacet() {
    return facet;
  }

  /** @return a fresh handle, unique in the process (handles are never reused). */
  static long nextHandle() {
    return HANDLES.incrementAndGet();
  }

  // ------------------------------------------------------------------ entities and events

  /**
   * Makes a ref to {@code entity}, owned by the current facet: events to it are dropped once the
   * facet stops, and {@link Entity#onStop} is called when it does. (Only entities whose class
   * overrides {@code onStop} are remembered by the facet, so making many refs to plain entities
   * in a long-lived facet costs no memory there.)
   *
   * @param entity the behaviour
   * @return a new ref (a new identity on every call)
   */
  public Ref ref(Entity entity) {
    if (HAS_ON_STOP.get(entity.getClass())) facet.entities.add(entity);
    return Ref.create(facet, entity);
  }

  /** Whether a class overrides {@link Entity#onStop} (only those are remembered by their facet). */
  private static final ClassValue<Boolean> HAS_ON_STOP =
      new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> c) {
          try {
            return c.getMethod("onStop", Turn.class).getDeclaringClass() != Entity.class;
          } catch (NoSuchMethodException e) {
            return true;
          }
        }
      };

  /**
   * Like {@link #ref} but the entity is not remembered by the facet, so its {@link Entity#onStop}
   * is never called and nothing is kept once the ref is dropped. For many short-lived entities
   * (the relay's proxies for the peer's objects and sync continuations, as {@link #sync(Ref,
   * Consumer)} uses internally).
   *
   * @param entity the behaviour
   * @return a new ref in the current facet (events to it are dropped once the facet stops)
   */
  public Ref refUntracked(Entity entity) {
    return Ref.create(facet, entity);
  }

  /**
   * Asserts {@code value} at {@code target}, owned by the current facet until retracted or until
   * the facet stops.
   *
   * @param target where to assert; if it is attenuated, the value is rewritten first
   * @param value the assertion
   * @return the handle, for {@link #retract}; when the caveats reject the value, a handle that
   *     refers to nothing
   * @throws IllegalStateException if the current facet has stopped
   */
  public long publish(Ref target, Value value) {
    Objects.requireNonNull(value, "value");
    checkUsable();
    long h = nextHandle();
    Value v = target.rewrite(value);
    if (v == null) return h;
    Facet f = facet;
    f.outbound.put(h, new Facet.Outbound(target, v));
    actor.handleOwners.put(h, f);
    undo.add(() -> {
      f.outbound.remove(h);
      actor.handleOwners.remove(h);
    });
    Entity e = target.entity();
    effects.add(
        new Delivery(
            target.facet(),
            t -> e.onAssert(t, v, h),
            tracer == null ? null : traceEnqueue(target, new TurnEvent.Assert(new AssertionDescription.Value(v), TraceDescriptions.handle(h))),
            account));
    return h;
  }

  /**
   * Retracts an assertion made by this actor (from any of its facets). Unknown or already
   * retracted handles are ignored.
   *
   * @param handle as returned by {@link #publish}
   */
  public void retract(long handle) {
    Facet f = actor.handleOwners.remove(handle);
    if (f == null) return;
    Facet.Outbound o = f.outbound.remove(handle);
    undo.add(() -> {
      f.outbound.put(handle, o);
      actor.handleOwners.put(handle, f);
    });
    Entity e = o.target().entity();
    effects.add(
        new Delivery(
            o.target().facet(),
            t -> e.onRetract(t, handle),
            tracer == null ? null : traceEnqueue(o.target(), new TurnEvent.Retract(TraceDescriptions.handle(handle))),
            account));
  }

  /**
   * Replaces an assertion: asserts {@code value} (if not null) first, then retracts {@code
   * oldHandle} (if not 0), so an unchanged value never disappears at the receiver.
   *
   * @param target where to assert
   * @param oldHandle the handle to retract, or 0
   * @param value the new assertion, or null for none
   * @return the new handle, or 0 when {@code value} is null
   */
  public long replace(Ref target, long oldHandle, Value value) {
    long h = value == null ? 0 : publish(target, value);
    if (oldHandle != 0) retract(oldHandle);
    return h;
  }

  /**
   * Sends a message to {@code target} (never stored).
   *
   * @param target the receiver; if attenuated, the body is rewritten first (and dropped if
   *     rejected)
   * @param body the message
   */
  public void message(Ref target, Value body) {
    Objects.requireNonNull(body, "body");
    Value v = target.rewrite(body);
    if (v == null) return;
    Entity e = target.entity();
    effects.add(
        new Delivery(
            target.facet(),
            t -> e.onMessage(t, v),
            tracer == null ? null : traceEnqueue(target, new TurnEvent.Message(new AssertionDescription.Value(v))),
            account));
  }

  /**
   * Asks {@code target} to answer {@code peer} (by default with the message {@code #t}) once it
   * has handled everything this actor sent it earlier.
   *
   * @param target the entity to synchronise with
   * @param peer where the answer goes
   */
  public void sync(Ref target, Ref peer) {
    Entity e = target.entity();
    effects.add(
        new Delivery(
            target.facet(),
            t -> e.onSync(t, peer),
            tracer == null ? null : traceEnqueue(target, new TurnEvent.Sync(TraceDescriptions.target(peer))),
            account));
  }

  /**
   * Sync round trip: runs {@code k} in the current facet once {@code target} has answered (see
   * {@link #sync(Ref, Ref)}; reference note §3.4). Never runs if the facet stops first.
   *
   * @param target the entity to synchronise with
   * @param k the continuation
   */
  public void sync(Ref target, Consumer<Turn> k) {
    Entity once =
        new Entity() {
          private boolean done;

          @Override
          public void onMessage(Turn t, Value body) {
            if (!done) {
              done = true;
              k.accept(t);
            }
          }
        };
    sync(target, Ref.create(facet, once));
  }

  // ------------------------------------------------------------------ facets

  /**
   * Creates a child of the current facet and runs {@code boot} in it now. If the new facet is
   * inert when {@code boot} returns, it is stopped at once (reference note §3.5).
   *
   * @param boot runs with the new facet current
   * @return the new facet
   * @throws IllegalStateException if the current facet has stopped
   */
  public Facet facet(Consumer<Turn> boot) {
    Facet parent = facet;
    if (parent.state != Facet.State.ALIVE) {
      throw new IllegalStateException("cannot create a facet inside stopped " + parent);
    }
    Facet f = new Facet(actor, parent);
    parent.children.add(f);
    undo.add(() -> {
      parent.children.remove(f);
      f.state = Facet.State.STOPPED;
    });
    if (tracer != null) traceActions.add(new ActionDescription.FacetStart(TraceDescriptions.path(f)));
    inFacet(f, boot);
    if (f.state == Facet.State.ALIVE && f.isInert()) stopFacet(f, null, false, FacetStopReason.Inert);
    return f;
  }

  /**
   * Runs {@code body} with {@code f} as the current facet, then restores the current facet.
   *
   * @param f a facet of this actor
   * @param body the code
   * @throws IllegalArgumentException if {@code f} belongs to another actor
   */
  public void inFacet(Facet f, Consumer<Turn> body) {
    if (f.actor() != actor) throw new IllegalArgumentException(f + " does not belong to " + actor);
    Facet saved = facet;
    facet = f;
    try {
      body.accept(this);
    } finally {
      facet = saved;
    }
  }

  /**
   * Registers an action to run when the current facet stops, in the context of its parent (so
   * what it asserts outlives the facet). Stop actions do not keep a facet from being inert.
   *
   * @param action the stop action
   */
  public void onStop(Consumer<Turn> action) {
    Facet f = facet;
    checkUsable();
    f.stopActions.add(action);
    undo.add(() -> f.stopActions.remove(f.stopActions.size() - 1));
  }

  /** Stops the current facet (see {@link #stop(Facet, Consumer)}). */
  public void stop() {
    stop(facet, null);
  }

  /**
   * Stops {@code f} (see {@link #stop(Facet, Consumer)}).
   *
   * @param f a facet of this actor
   */
  public void stop(Facet f) {
    stop(f, null);
  }

  /**
   * Stops {@code f} now, within this turn: its children first, then its stop actions and its
   * entities' {@link Entity#onStop} (in the parent's context), then retraction of all its
   * assertions, cancellation of its timers and linked tasks and stopping of its linked actors
   * (after commit). Then {@code continuation} runs in the parent's context, in this same turn
   * ("stopAndContinue": restarts, reloads). Finally the parent is stopped too if that left it
   * inert. Stopping the root facet terminates the actor normally (its continuation is not run).
   * Stopping a stopped facet does
   * nothing (and the continuation does not run).
   *
   * @param f a facet of this actor
   * @param continuation run in the parent afterwards, or null
   */
  public void stop(Facet f, Consumer<Turn> continuation) {
    if (f.actor() != actor) throw new IllegalArgumentException(f + " does not belong to " + actor);
    stopFacet(f, continuation, false, f.isRoot() ? FacetStopReason.ActorStopping : FacetStopReason.ExplicitAction);
  }

  /**
   * Same as {@link #stop(Facet, Consumer)}; the name used by the reference.
   *
   * @param f a facet of this actor
   * @param continuation run in the parent afterwards
   */
  public void stopAndContinue(Facet f, Consumer<Turn> continuation) {
    stop(f, continuation);
  }

  /** Stops the actor normally: stops its root facet (so every facet, and retracts everything). */
  public void stopActor() {
    stopFacet(actor.rootFacet(), null, false, FacetStopReason.ActorStopping);
  }

  /**
   * Terminates the actor with {@link ExitReason.Failed}{@code (cause)}, from any of its facets:
   * stops the root facet (everything is retracted) like {@link #stopActor()}, but reports an
   * error to {@link Actor#onExit} listeners (supervisors). Unlike throwing, what this turn did
   * so far is kept and delivered.
   *
   * @param cause the reason (not null)
   */
  public void stopActor(Throwable cause) {
    Objects.requireNonNull(cause, "cause");
    stopFacet(actor.rootFacet(), null, false, FacetStopReason.ActorStopping);
    if (terminating == null || terminating.isNormal()) terminating = new ExitReason.Failed(cause);
  }

  /**
   * Keeps the current facet from being stopped as inert until the returned action runs (in a
   * later turn of this actor, or this one).
   *
   * @return the release action (idempotent; must run inside a turn of this actor)
   */
  public Runnable preventInertCheck() {
    Facet f = facet;
    f.inertPreventers++;
    undo.add(() -> f.inertPreventers--);
    boolean[] released = {false};
    return () -> {
      if (!released[0]) {
        released[0] = true;
        f.inertPreventers--;
      }
    };
  }

  // ------------------------------------------------------------------ actors, timers, tasks

  /**
   * Creates a new actor whose first turn runs {@code boot}; it starts when this turn commits (and
   * never, with exit reason {@link ExitReason.Failed}, if this turn is rolled back).
   *
   * @param name for logs
   * @param boot the first turn of the new actor
   * @return the new actor
   */
  public Actor spawn(String name, Consumer<Turn> boot) {
    return spawn(name, boot, false);
  }

  private Actor spawn(String name, Consumer<Turn> boot, boolean link) {
    Actor child = new Actor(name, actor.scheduler(), tracer);
    TraceTag tag = null;
    if (tracer != null) {
      tag = causedByThis();
      traceActions.add(new ActionDescription.Spawn(link, TraceDescriptions.actorId(child)));
    }
    effects.add(new Delivery(child.rootFacet(), boot, tag, account));
    undo.add(() -> child.finishExit(new ExitReason.Failed(new IllegalStateException("spawning turn was rolled back"))));
    return child;
  }

  /**
   * Like {@link #spawn}, linked to the current facet: when the child terminates (for any reason)
   * the facet is stopped, and when the facet stops the child is stopped. The link keeps the facet
   * from being inert (reference note §3.5, "Linked actors").
   *
   * @param name for logs
   * @param boot the first turn of the new actor
   * @return the new actor
   */
  public Actor spawnLink(String name, Consumer<Turn> boot) {
    Facet f = facet;
    checkUsable();
    Actor child = spawn(name, boot, true);
    f.linkedActors.add(child);
    undo.add(() -> f.linkedActors.remove(child));
    afterCommit(
        () ->
            child.onExit(
                reason ->
                    f.execute(
                        t -> {
                          f.linkedActors.remove(child);
                          t.stop(f);
                        })));
    return child;
  }

  /**
   * Schedules a turn in the current facet after {@code delay} (monotonic clock). Cancelled when
   * the facet stops. Timers do not keep a facet from being inert.
   *
   * @param delay how long to wait (negative counts as zero)
   * @param body the turn's code
   * @return a handle to cancel it
   */
  public TimerHandle after(Duration delay, Consumer<Turn> body) {
    Facet f = facet;
    checkUsable();
    TimerHandle th = new TimerHandle();
    f.timers.add(th);
    undo.add(() -> f.timers.remove(th));
    long nanos = delay.toNanos();
    TraceTag tag =
        tracer == null
            ? null
            : new TraceTag(new TurnCause.Delay(new TurnId(TraceDescriptions.turnIdValue(turnId)), Math.max(0, nanos) / 1e9), null);
    afterCommit(
        () ->
            th.arm(
                actor
                    .scheduler()
                    .schedule(
                        () ->
                            actor.enqueueOne(
                                f,
                                t -> {
                                  f.timers.remove(th);
                                  if (!th.isCancelled()) body.accept(t);
                                },
                                tag),
                        nanos)));
    return th;
  }

  /**
   * Starts {@code task} on a new virtual thread when this turn commits, linked to the current
   * facet (see {@link LinkedTask} for its lifecycle).
   *
   * @param name thread name, for logs
   * @param task the blocking work
   * @return its context (cancelled when the facet stops)
   */
  public TaskContext linkedTask(String name, LinkedTask task) {
    Facet f = facet;
    checkUsable();
    TaskContext ctx = new TaskContext(f);
    f.tasks.add(ctx);
    undo.add(() -> f.tasks.remove(ctx));
    TaskId taskId = null;
    if (tracer != null) {
      taskId = new TaskId(org.syndicate.preserves.SignedInteger.of(TASK_IDS.incrementAndGet()));
      traceActions.add(new ActionDescription.LinkedTaskStart(TraceDescriptions.name(name), taskId));
    }
    TaskId tid = taskId;
    afterCommit(
        () ->
            ctx.thread =
                Thread.ofVirtual()
                    .name(name)
                    .start(
                        () -> {
                          Throwable failure = null;
                          try {
                            task.run(ctx);
                          } catch (Throwable e) {
                            if (!ctx.isCancelled()) failure = e;
                          }
                          Throwable err = failure;
                          TraceTag tag =
                              tid == null
                                  ? null
                                  : new TraceTag(
                                      new TurnCause.LinkedTaskRelease(
                                          tid, ctx.isCancelled() ? LinkedTaskReleaseReason.Cancelled : LinkedTaskReleaseReason.Normal),
                                      null);
                          actor.enqueueOne(
                              f,
                              t -> {
                                if (!f.tasks.remove(ctx)) return;
                                if (err != null) t.fail(f, err);
                              },
                              tag);
                        }));
    return ctx;
  }

  /**
   * Runs {@code hook} after this turn has committed and its effects have been queued, on the
   * actor's thread (not if the turn's event is rolled back). For side effects outside the actor
   * world, e.g. flushing one network packet per turn.
   *
   * @param hook the action (exceptions are logged and ignored)
   */
  public void afterCommit(Runnable hook) {
    afterCommit.add(hook);
  }

  // ------------------------------------------------------------------ fields and dataflow

  /**
   * Makes a {@link Field} owned by this actor.
   *
   * @param initial the initial value (may be null)
   * @param <T> value type
   * @return the field
   */
  public <T> Field<T> field(T initial) {
    return new Field<>(actor, initial);
  }

  /**
   * Runs {@code block} now in the current facet, recording the fields it reads; whenever one of
   * them changes, the block runs again (in that facet, while it is alive) before the changing
   * turn commits. A block that throws fails like an event: its effects are rolled back and its
   * facet is stopped. Blocks that keep changing each other's fields stop after {@value
   * #MAX_DATAFLOW_RUNS} runs in one turn, failing the facet of the last one.
   *
   * @param block the code
   */
  public void dataflow(Consumer<Turn> block) {
    checkUsable();
    runBlock(new DataflowBlock(facet, block));
  }

  void recordRead(Field<?> f) {
    DataflowBlock b = currentBlock;
    if (b != null && b.deps.add(f)) f.dependents.add(b);
  }

  void fieldChanged(Field<?> f, Runnable undoWrite) {
    if (f.dependents.isEmpty()) {
      undo.add(undoWrite);
      return;
    }
    List<DataflowBlock> added = new ArrayList<>();
    for (DataflowBlock b : f.dependents) if (actor.dirtyBlocks.add(b)) added.add(b);
    undo.add(() -> {
      undoWrite.run();
      added.forEach(actor.dirtyBlocks::remove);
    });
  }

  private void runBlock(DataflowBlock b) {
    for (Field<?> f : b.deps) f.dependents.remove(b);
    b.deps.clear();
    DataflowBlock saved = currentBlock;
    currentBlock = b;
    try {
      inFacet(b.facet, b.body);
    } finally {
      currentBlock = saved;
    }
  }

  /** Re-runs dirty dataflow blocks until none is left (or the run limit is hit). */
  private void repairDataflow() {
    int runs = 0;
    while (!actor.dirtyBlocks.isEmpty()) {
      List<DataflowBlock> dirty = List.copyOf(actor.dirtyBlocks);
      actor.dirtyBlocks.clear();
      for (DataflowBlock b : dirty) {
        if (b.facet.state != Facet.State.ALIVE) {
          for (Field<?> f : b.deps) f.dependents.remove(b);
          continue;
        }
        if (++runs > MAX_DATAFLOW_RUNS) {
          actor.dirtyBlocks.clear();
          Facet f = b.facet;
          runAction(f, t -> {
            throw new IllegalStateException("dataflow did not settle after " + MAX_DATAFLOW_RUNS + " block runs");
          });
          return;
        }
        runAction(b.facet, t -> t.runBlock(b));
      }
    }
  }

  // ------------------------------------------------------------------ machinery

  private void checkUsable() {
    if (facet.state == Facet.State.STOPPED) {
      throw new IllegalStateException("the current facet has stopped: " + facet);
    }
  }

  private record Mark(int effects, int undo, int afterCommit, ExitReason terminating, int traceActions) {}

  private Mark mark() {
    return new Mark(effects.size(), undo.size(), afterCommit.size(), terminating, traceActions == null ? 0 : traceActions.size());
  }

  private void rollback(Mark m) {
    for (int i = undo.size() - 1; i >= m.undo; i--) undo.get(i).run();
    undo.subList(m.undo, undo.size()).clear();
    effects.subList(m.effects, effects.size()).clear();
    afterCommit.subList(m.afterCommit, afterCommit.size()).clear();
    terminating = m.terminating;
    if (traceActions != null) traceActions.subList(m.traceActions, traceActions.size()).clear();
  }

  private static boolean isFatal(Throwable e) {
    return e instanceof VirtualMachineError && !(e instanceof StackOverflowError);
  }

  /** Runs one event in {@code f} with its own rollback point; a failure stops {@code f}. */
  void runAction(Facet f, Consumer<Turn> body) {
    Mark m = mark();
    Facet saved = facet;
    facet = f;
    try {
      body.accept(this);
    } catch (Throwable e) {
      if (isFatal(e)) throw e;
      facet = saved;
      rollback(m);
      fail(f, e);
    } finally {
      facet = saved;
    }
  }

  /** Stops {@code f} after a failure (the actor, with the error, when {@code f} is the root). */
  void fail(Facet f, Throwable e) {
    if (f.isRoot()) {
      LOG.debug("turn failed in the root facet of {}", actor, e);
      if (f.state == Facet.State.ALIVE) {
        stopFacet(f, null, true, FacetStopReason.ActorStopping);
        terminating = new ExitReason.Failed(e);
      } else if (terminating == null || terminating.isNormal()) {
        terminating = new ExitReason.Failed(e);
      }
    } else {
      LOG.warn("turn failed in {}; stopping it: {}", f, e.toString(), e);
      if (f.state == Facet.State.ALIVE) stopFacet(f, null, true, FacetStopReason.ExplicitAction);
    }
  }

  /** Runs {@code body} in {@code ctx}; in quiet mode a throw is rolled back and logged. */
  private void runIn(Facet ctx, Consumer<Turn> body, boolean quiet) {
    if (!quiet) {
      inFacet(ctx, body);
      return;
    }
    Mark m = mark();
    Facet saved = facet;
    try {
      facet = ctx;
      body.accept(this);
    } catch (Throwable e) {
      if (isFatal(e)) throw e;
      facet = saved;
      rollback(m);
      LOG.warn("stop action failed in {} while stopping after an error: {}", ctx, e.toString(), e);
    } finally {
      facet = saved;
    }
  }

  private void stopFacet(Facet f, Consumer<Turn> continuation, boolean quiet, FacetStopReason reason) {
    if (f.state != Facet.State.ALIVE) return;
    f.state = Facet.State.STOPPING;
    undo.add(() -> f.state = Facet.State.ALIVE);
    if (tracer != null) traceActions.add(new ActionDescription.FacetStop(TraceDescriptions.path(f), reason));
    FacetStopReason childReason = reason == FacetStopReason.ActorStopping ? reason : FacetStopReason.ParentStopping;
    for (Facet c : List.copyOf(f.children)) stopFacet(c, null, quiet, childReason);
    Facet p = f.parent();
    if (p != null) {
      p.children.remove(f);
      undo.add(() -> p.children.add(f));
    }
    Facet ctx = p != null ? p : f;
    List<Consumer<Turn>> actions = f.stopActions;
    if (!actions.isEmpty()) {
      f.stopActions = new ArrayList<>();
      undo.add(() -> f.stopActions = actions);
      for (Consumer<Turn> a : actions) runIn(ctx, a, quiet);
    }
    if (!f.entities.isEmpty()) {
      for (Entity e : List.copyOf(f.entities)) runIn(ctx, e::onStop, quiet);
    }
    if (!f.outbound.isEmpty()) {
      for (Long h : List.copyOf(f.outbound.keySet())) retract(h);
    }
    f.state = Facet.State.STOPPED;
    undo.add(() -> f.state = Facet.State.STOPPING);
    if (!f.timers.isEmpty() || !f.tasks.isEmpty() || !f.linkedActors.isEmpty()) {
      List<TimerHandle> timers = List.copyOf(f.timers);
      List<TaskContext> tasks = List.copyOf(f.tasks);
      List<Actor> linked = List.copyOf(f.linkedActors);
      TraceTag tag = tracer == null ? null : causedByThis();
      afterCommit(
          () -> {
            timers.forEach(TimerHandle::cancel);
            tasks.forEach(TaskContext::cancel);
            for (Actor a : linked) a.enqueueOne(a.rootFacet(), Turn::stopActor, a.tracer == null ? null : tag);
          });
    }
    if (p == null && terminating == null) terminating = ExitReason.Normal.INSTANCE;
    if (continuation != null && p != null) runIn(ctx, continuation, quiet);
    if (p != null && p.parent() != null && p.state == Facet.State.ALIVE && p.isInert()) {
      stopFacet(p, null, quiet, FacetStopReason.Inert);
    }
  }

  /** Queues the effects, runs the after-commit hooks and finishes termination if requested. */
  void commit() {
    if (!actor.dirtyBlocks.isEmpty()) repairDataflow();
    int n = effects.size();
    // borrowed before anything is queued, so no receiver can repay first (§2.9)
    if (n > 0) account.borrow(n);
    if (n == 1) {
      Delivery d = effects.get(0);
      d.facet().actor().enqueue(List.of(d));
    } else if (n > 1) {
      Actor first = effects.get(0).facet().actor();
      boolean single = true;
      for (int i = 1; i < n && single; i++) single = effects.get(i).facet().actor() == first;
      if (single) {
        first.enqueue(new ArrayList<>(effects));
      } else {
        Map<Actor, List<Delivery>> byActor = new LinkedHashMap<>();
        for (Delivery d : effects) byActor.computeIfAbsent(d.facet().actor(), a -> new ArrayList<>()).add(d);
        byActor.forEach(Actor::enqueue);
      }
    }
    for (Runnable hook : afterCommit) {
      try {
        hook.run();
      } catch (RuntimeException e) {
        LOG.warn("after-commit hook failed in {}", actor, e);
      }
    }
    if (tracer != null) {
      tracer.record(
          TraceDescriptions.actorId(actor),
          new ActorActivation.Turn(
              new TurnDescription(
                  new TurnId(TraceDescriptions.turnIdValue(turnId)),
                  traceCause != null ? traceCause : TraceDescriptions.external("unknown"),
                  List.copyOf(traceActions))));
    }
    if (terminating != null) actor.finishExit(terminating);
  }

  // ------------------------------------------------------------------ tracing (tracer != null)

  /** Sets the cause of this turn from the tag of the first delivery of its batch. */
  void traceCause(TraceTag tag) {
    traceCause = tag != null ? tag.cause() : TraceDescriptions.external("unknown");
  }

  /** Records {@code <dequeue EVENT>} for a delivery that carries an event. */
  void traceDequeue(TraceTag tag) {
    if (tag != null && tag.event() != null) traceActions.add(new ActionDescription.Dequeue(tag.event()));
  }

  /** @return the tag of deliveries this turn causes without an event (spawns, stops). */
  private TraceTag causedByThis() {
    if (causedByThis == null) {
      causedByThis = new TraceTag(new TurnCause.Turn(new TurnId(TraceDescriptions.turnIdValue(turnId))), null);
    }
    return causedByThis;
  }

  /** Records {@code <enqueue EVENT>} and returns the tag the delivery carries to its receiver. */
  private TraceTag traceEnqueue(Ref target, TurnEvent detail) {
    TargetedTurnEvent ev = new TargetedTurnEvent(TraceDescriptions.target(target), detail);
    traceActions.add(new ActionDescription.Enqueue(ev));
    return new TraceTag(causedByThis().cause(), ev);
  }
}
