package org.syndicate.supervise;

import java.time.Duration;
import java.util.function.Consumer;
import org.syndicate.actor.TimerHandle;
import org.syndicate.actor.Turn;

/**
 * Runs a turn in the current facet after a delay; the {@link Supervisor}'s restart pauses go
 * through it. The default is {@link Turn#after} (monotonic clock, cancelled with the facet);
 * tests inject one that fires on demand.
 */
@FunctionalInterface
public interface DelayScheduler {
  /** {@link Turn#after}. */
  DelayScheduler TURN_TIMERS =
      (t, delay, body) -> {
        TimerHandle h = t.after(delay, body);
        return h::cancel;
      };

  /**
   * Schedules {@code body} to run in a later turn of {@code t}'s current facet after {@code
   * delay}. It must not run once that facet has stopped.
   *
   * @param t the running turn (its current facet owns the timer)
   * @param delay how long to wait
   * @param body the turn's code
   * @return how to cancel it
   */
  Cancellable schedule(Turn t, Duration delay, Consumer<Turn> body);

  /** A scheduled delay that can be cancelled (idempotent). */
  @FunctionalInterface
  interface Cancellable {
    /** Cancels; the body will not run (unless its turn is already queued). */
    void cancel();
  }
}
