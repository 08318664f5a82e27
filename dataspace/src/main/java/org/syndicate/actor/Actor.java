package org.syndicate.actor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An actor: a mailbox of turns, run one at a time by a {@link Scheduler}, and a tree of {@link
 * Facet}s (reference note §0, §3.5; DESIGN.md "Runtime model").
 *
 * <p>Each mailbox entry is the batch of events one turn of a sender committed for this actor
 * (or one externally {@link #execute executed} body); a batch runs as one {@link Turn}, each event
 * in it with its own rollback point. Events from one sender arrive in the order they were sent.
 *
 * <p>Termination: when the root facet stops, the actor terminates with {@link ExitReason.Normal};
 * when code running in the root facet throws, with {@link ExitReason.Failed}. Either way every
 * facet is stopped and all assertions are retracted first. Observe it with {@link #onExit} or
 * {@link #exitFuture()}.
 */
public final class Actor {
  private static final Logger LOG = LoggerFactory.getLogger(Actor.class);
  private static final AtomicLong IDS = new AtomicLong();
  private static final int BATCHES_PER_RUN = 64;

  private final long id = IDS.incrementAndGet();
  private final String name;
  private final Scheduler scheduler;
  private final Facet root;
  private final ConcurrentLinkedQueue<List<Turn.Delivery>> mailbox = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final AtomicInteger pending = new AtomicInteger();
  private final CompletableFuture<ExitReason> exit = new CompletableFuture<>();
  private volatile boolean exited;
  /** The causal tracer, or null (tracing off: no trace objects are built). */
  final Tracer tracer;
  /** Set by {@link Tracer#installDefault}. */
  static volatile Tracer defaultTracer;
  /** Which facet owns each live outbound handle. Touched only inside turns. */
  final Map<Long, Facet> handleOwners = new HashMap<>();
  /** Dataflow blocks to re-run before the current turn commits. Touched only inside turns. */
  final java.util.LinkedHashSet<DataflowBlock> dirtyBlocks = new java.util.LinkedHashSet<>();

  Actor(String name, Scheduler scheduler, Tracer tracer) {
    this.name = name;
    this.scheduler = scheduler;
    this.tracer = tracer;
    this.root = new Facet(this, null);
    if (tracer != null) tracer.record(TraceDescriptions.actorId(this), TraceDescriptions.start(name));
  }

  /**
   * Creates an actor on the shared scheduler and queues its first turn.
   *
   * @param name for logs
   * @param boot the first turn, run in the root facet
   * @return the actor (already running or about to)
   */
  public static Actor boot(String name, Consumer<Turn> boot) {
    return boot(Scheduler.shared(), name, boot);
  }

  /**
   * Creates an actor on {@code scheduler} and queues its first turn.
   *
   * @param scheduler where its turns run
   * @param name for logs
   * @param boot the first turn, run in the root facet
   * @return the actor
   */
  public static Actor boot(Scheduler scheduler, String name, Consumer<Turn> boot) {
    return boot(scheduler, name, defaultTracer, boot);
  }

  /**
   * Creates an actor on {@code scheduler} that records its causal trace (and that of every actor
   * it spawns) to {@code tracer}, and queues its first turn (cause {@code <external "boot">}).
   *
   * @param scheduler where its turns run
   * @param name for logs and the trace
   * @param tracer where trace records go, or null for none
   * @param boot the first turn, run in the root facet
   * @return the actor
   */
  public static Actor boot(Scheduler scheduler, String name, Tracer tracer, Consumer<Turn> boot) {
    Actor a = new Actor(name, scheduler, tracer);
    a.enqueue(List.of(new Turn.Delivery(a.root, boot, a.externalTag("boot"))));
    return a;
  }

  /** @return the tracer this actor records to, or null when tracing is off. */
  public Tracer tracer() {
    return tracer;
  }

  /** @return a process-unique id. */
  public long id() {
    return id;
  }

  /** @return the name given at creation. */
  public String name() {
    return name;
  }

  /** @return the scheduler running this actor. */
  public Scheduler scheduler() {
    return scheduler;
  }

  /** @return the root facet. */
  public Facet rootFacet() {
    return root;
  }

  /** @return true until the actor has terminated. */
  public boolean isAlive() {
    return !exited;
  }

  /** @return the exit reason, or null while the actor runs. */
  public ExitReason exitReason() {
    return exit.getNow(null);
  }

  /** @return completes with the exit reason when the actor has terminated (never exceptionally). */
  public CompletableFuture<ExitReason> exitFuture() {
    return exit;
  }

  /**
   * Runs {@code listener} once the actor has terminated (at once, on this thread, if it already
   * has; otherwise on the thread that committed the final turn). Listeners must not block.
   *
   * @param listener receives the exit reason
   */
  public void onExit(Consumer<ExitReason> listener) {
    exit.thenAccept(listener);
  }

  /** @return the number of queued, not yet started turns (for backpressure decisions). */
  public int pendingTurns() {
    return pending.get();
  }

  /**
   * Schedules a turn in the root facet, from any thread.
   *
   * @param body the turn's code
   * @return false if the actor has already terminated
   */
  public boolean execute(Consumer<Turn> body) {
    return enqueueOne(root, body);
  }

  /** Asks the actor to stop normally (schedules a turn stopping its root facet). */
  public void stop() {
    execute(Turn::stopActor);
  }

  boolean enqueueOne(Facet facet, Consumer<Turn> body) {
    return enqueue(List.of(new Turn.Delivery(facet, body, externalTag("execute"))));
  }

  boolean enqueueOne(Facet facet, Consumer<Turn> body, TraceTag tag) {
    return enqueue(List.of(new Turn.Delivery(facet, body, tag)));
  }

  /** @return a tag with cause {@code <external DESCRIPTION>}, or null when tracing is off. */
  TraceTag externalTag(String description) {
    return tracer == null ? null : new TraceTag(TraceDescriptions.external(description), null);
  }

  boolean enqueue(List<Turn.Delivery> batch) {
    if (exited) return false;
    pending.incrementAndGet();
    mailbox.add(batch);
    if (scheduled.compareAndSet(false, true)) scheduler.execute(this::drain);
    return true;
  }

  private void drain() {
    int n = 0;
    List<Turn.Delivery> batch;
    while (n < BATCHES_PER_RUN && (batch = mailbox.poll()) != null) {
      pending.decrementAndGet();
      n++;
      if (!exited) runBatch(batch);
    }
    scheduled.set(false);
    if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) scheduler.execute(this::drain);
  }

  private void runBatch(List<Turn.Delivery> batch) {
    Turn t = new Turn(this);
    try {
      if (tracer != null) t.traceCause(batch.get(0).trace());
      for (Turn.Delivery d : batch) {
        if (d.facet().state != Facet.State.ALIVE) continue;
        if (tracer != null) t.traceDequeue(d.trace());
        t.runAction(d.facet(), d.body());
      }
      t.commit();
    } catch (Throwable e) {
      // Only fatal JVM errors get here (see Turn.runAction); the actor cannot go on.
      LOG.error("actor {} ({}) aborted by a fatal error", name, id, e);
      finishExit(new ExitReason.Failed(e));
      throw e;
    }
  }

  void finishExit(ExitReason reason) {
    if (exited) return;
    exited = true; // queued batches are still drained (and skipped), keeping pendingTurns() exact
    if (reason instanceof ExitReason.Failed f) {
      LOG.warn("actor {} ({}) failed: {}", name, id, f.cause().toString(), f.cause());
    } else {
      LOG.debug("actor {} ({}) stopped", name, id);
    }
    if (tracer != null) tracer.record(TraceDescriptions.actorId(this), TraceDescriptions.stop(reason));
    exit.complete(reason);
  }

  @Override
  public String toString() {
    return "Actor[" + id + " " + name + (exited ? " exited" : "") + "]";
  }
}
