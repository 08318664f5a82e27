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
 * The batch's turn runs on behalf of the {@link Account} its events borrowed from, and repays them
 * after it has committed (or at once, when the actor has exited; reference note §2.9).
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
    a.enqueueOne(a.root, boot, a.externalTag("boot"), Account.system());
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

  /**
   * Schedules a turn in the root facet, from any thread, on behalf of {@code account}: the turn
   * borrows one unit from it until it has run (or been dropped), and everything the turn queues
   * is charged to it (reference note §2.9).
   *
   * @param account who pays
   * @param body the turn's code
   * @return false if the actor has already terminated (nothing stays borrowed then)
   */
  public boolean execute(Account account, Consumer<Turn> body) {
    return enqueueOne(root, body, externalTag("execute"), account);
  }

  /** Asks the actor to stop normally (schedules a turn stopping its root facet). */
  public void stop() {
    execute(Turn::stopActor);
  }

  boolean enqueueOne(Facet facet, Consumer<Turn> body) {
    return enqueueOne(facet, body, externalTag("execute"), Account.system());
  }

  boolean enqueueOne(Facet facet, Consumer<Turn> body, TraceTag tag) {
    return enqueueOne(facet, body, tag, Account.system());
  }

  boolean enqueueOne(Facet facet, Consumer<Turn> body, TraceTag tag, Account account) {
    account.borrow(1);
    return enqueue(List.of(new Turn.Delivery(facet, body, tag, account)));
  }

  /** @return a tag with cause {@code <external DESCRIPTION>}, or null when tracing is off. */
  TraceTag externalTag(String description) {
    return tracer == null ? null : new TraceTag(TraceDescriptions.external(description), null);
  }

  /**
   * Queues a batch whose units are already borrowed (one per delivery); when the actor has exited,
   * repays them at once instead.
   */
  boolean enqueue(List<Turn.Delivery> batch) {
    if (exited) {
      repay(batch);
      return false;
    }
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
      else repay(batch);
    }
    scheduled.set(false);
    if (!mailbox.isEmpty() && scheduled.compareAndSet(false, true)) scheduler.execute(this::drain);
  }

  /** Repays the unit each delivery of {@code batch} borrowed (one add per run of equal accounts). */
  private static void repay(List<Turn.Delivery> batch) {
    int n = batch.size();
    Account a = batch.get(0).account();
    int run = 1;
    for (int i = 1; i < n; i++) {
      Account b = batch.get(i).account();
      if (b == a) {
        run++;
      } else {
        a.repay(run);
        a = b;
        run = 1;
      }
    }
    a.repay(run);
  }

  private void runBatch(List<Turn.Delivery> batch) {
    // a batch is what one turn queued for this actor: one account (§2.9)
    Turn t = new Turn(this, batch.get(0).account());
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
    } finally {
      repay(batch); // after commit: the effects are borrowed before the causes are repaid
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
