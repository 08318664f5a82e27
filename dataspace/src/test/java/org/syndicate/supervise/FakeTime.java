package org.syndicate.supervise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Turn;

/**
 * A fake monotonic clock and timers fired on demand, so supervisor tests never sleep. Timers
 * are kept in the order they were scheduled; {@link #fireNext()} advances the clock to the
 * timer's due time and queues its turn.
 */
final class FakeTime implements MonotonicClock, DelayScheduler {
  /** One scheduled delay. */
  record Pending(long due, Duration delay, Facet facet, Consumer<Turn> body, boolean[] cancelled) {}

  private long now = 1_000_000_000L;
  private final List<Pending> pending = new ArrayList<>();

  @Override
  public synchronized long nanos() {
    return now;
  }

  synchronized void advance(Duration d) {
    now += d.toNanos();
  }

  @Override
  public synchronized Cancellable schedule(Turn t, Duration delay, Consumer<Turn> body) {
    boolean[] cancelled = {false};
    pending.add(new Pending(now + delay.toNanos(), delay, t.currentFacet(), body, cancelled));
    return () -> {
      synchronized (FakeTime.this) {
        cancelled[0] = true;
      }
    };
  }

  /** @return the delays of the timers not yet fired nor cancelled, in scheduling order. */
  synchronized List<Duration> pendingDelays() {
    return pending.stream().filter(p -> !p.cancelled()[0]).map(Pending::delay).toList();
  }

  /**
   * Fires the earliest scheduled live timer: the clock jumps to its due time (never backwards).
   *
   * @return its delay
   * @throws AssertionError if there is none
   */
  Duration fireNext() {
    Pending p;
    synchronized (this) {
      pending.removeIf(x -> x.cancelled()[0]);
      if (pending.isEmpty()) throw new AssertionError("no pending timer");
      p = pending.remove(0);
      now = Math.max(now, p.due());
    }
    p.facet().execute(t -> {
      if (!p.cancelled()[0]) p.body().accept(t);
    });
    return p.delay();
  }
}
