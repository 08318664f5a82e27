package org.syndicate.actor;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs actors' mailboxes on a shared pool of platform threads, in parallel across actors and
 * one turn at a time within an actor (DESIGN.md "Runtime model"). Timers use one daemon thread
 * and the monotonic clock ({@link System#nanoTime}, as {@link ScheduledThreadPoolExecutor} does).
 *
 * <p>{@link #shared()} is sized to the number of cores; tests may make their own and {@link
 * #close()} it.
 */
public final class Scheduler implements AutoCloseable {
  private static volatile Scheduler shared;

  private final ForkJoinPool pool;
  private final ScheduledThreadPoolExecutor timers;

  /**
   * @param parallelism number of platform threads running turns (at least 1)
   * @throws IllegalArgumentException if {@code parallelism < 1}
   */
  public Scheduler(int parallelism) {
    if (parallelism < 1) throw new IllegalArgumentException("parallelism must be >= 1, was " + parallelism);
    this.pool = new ForkJoinPool(parallelism, ForkJoinPool.defaultForkJoinWorkerThreadFactory, null, true);
    this.timers = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "syndicate-timers");
      t.setDaemon(true);
      return t;
    });
    this.timers.setRemoveOnCancelPolicy(true);
  }

  /** @return the process-wide scheduler (one thread per available core), created on first use. */
  public static Scheduler shared() {
    Scheduler s = shared;
    if (s == null) {
      synchronized (Scheduler.class) {
        s = shared;
        if (s == null) shared = s = new Scheduler(Runtime.getRuntime().availableProcessors());
      }
    }
    return s;
  }

  void execute(Runnable r) {
    pool.execute(r);
  }

  ScheduledFuture<?> schedule(Runnable r, long delayNanos) {
    return timers.schedule(r, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
  }

  /** Stops the threads of this scheduler (queued turns are abandoned). */
  @Override
  public void close() {
    timers.shutdownNow();
    pool.shutdownNow();
  }
}
