package org.syndicate.actor;

import java.util.concurrent.ScheduledFuture;

/**
 * A pending timer made by {@link Turn#after}. It is cancelled automatically when its facet stops.
 */
public final class TimerHandle {
  private volatile ScheduledFuture<?> future;
  private volatile boolean cancelled;

  TimerHandle() {}

  void arm(ScheduledFuture<?> f) {
    future = f;
    if (cancelled) f.cancel(false);
  }

  /** Cancels the timer; its turn will not run (unless it is already queued). Idempotent. */
  public void cancel() {
    cancelled = true;
    ScheduledFuture<?> f = future;
    if (f != null) f.cancel(false);
  }

  /** @return true once {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }
}
