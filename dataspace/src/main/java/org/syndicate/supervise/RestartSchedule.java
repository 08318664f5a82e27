package org.syndicate.supervise;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The restart arithmetic of a {@link Supervisor}, with no actors: given how and when the
 * supervisee ended, what to do next (reference note §7.5; the options of {@link
 * SupervisorConfig}). All times are readings of the same monotonic clock, in nanoseconds. Not
 * thread-safe (a supervisor uses it inside its turns).
 */
public final class RestartSchedule {
  /** What to do after a termination. */
  public sealed interface Decision {
    /**
     * Restart after {@code delay}; the state meanwhile is {@code complete} after a normal exit
     * and {@code failed} after an error.
     *
     * @param delay the wait
     */
    record Restart(Duration delay) implements Decision {}

    /** Do not restart: a normal exit under {@link SupervisorPolicy#ON_ERROR_ONLY}. */
    record Complete() implements Decision {}

    /**
     * Do not restart: the {@link RestartLimit} was exceeded.
     *
     * @param limit the limit that was exceeded
     */
    record GiveUp(RestartLimit limit) implements Decision {}
  }

  /** Exponent cap for the backoff doubling, so the shift cannot overflow. */
  private static final int MAX_DOUBLINGS = 40;

  private final SupervisorConfig config;
  private final ArrayDeque<Long> recent = new ArrayDeque<>();
  private final ArrayDeque<Long> limitWindow = new ArrayDeque<>();
  private int consecutive;
  private long restarts;

  /** @param config the parameters (the clock and timers in it are not used here) */
  public RestartSchedule(SupervisorConfig config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Decides what follows a termination.
   *
   * @param now the clock reading at the termination
   * @param normal true for a normal exit, false for a failure
   * @param startedAt the clock reading when the supervisee was started
   * @param restartRequested true when the termination was asked for by a restart request, so it
   *     restarts even under {@link SupervisorPolicy#ON_ERROR_ONLY}
   * @return the decision; a {@link Decision.Restart} is counted as a restart
   */
  public Decision onExit(long now, boolean normal, long startedAt, boolean restartRequested) {
    if (normal && !restartRequested && config.policy() == SupervisorPolicy.ON_ERROR_ONLY) {
      return new Decision.Complete();
    }
    RestartLimit limit = config.restartLimit();
    if (limit != null) {
      limitWindow.addLast(now);
      prune(limitWindow, now, limit.period().toNanos());
      if (limitWindow.size() > limit.count()) return new Decision.GiveUp(limit);
    }
    recent.addLast(now);
    prune(recent, now, config.period().toNanos());
    restarts++;
    Duration delay;
    if (config.hasBackoff()) {
      if (now - startedAt >= config.backoffResetAfter().toNanos()) consecutive = 0;
      delay = backoffDelay(normal ? config.pause() : config.errorPause(), config.restartMaxDelay(), consecutive);
      if (consecutive < MAX_DOUBLINGS) consecutive++;
    } else {
      delay = recent.size() > config.intensity() ? config.sleep() : normal ? config.pause() : config.errorPause();
    }
    return new Decision.Restart(delay);
  }

  /** Forgets the history (a fresh supervisor: restart requests in {@link RestartRequestMode#REBUILD}). */
  public void reset() {
    recent.clear();
    limitWindow.clear();
    consecutive = 0;
  }

  /** @return how many restarts were decided since creation (not cleared by {@link #reset()}). */
  public long restarts() {
    return restarts;
  }

  /**
   * @param base the first wait
   * @param cap the largest wait
   * @param doublings how many times to double
   * @return {@code min(cap, base × 2^doublings)}
   */
  static Duration backoffDelay(Duration base, Duration cap, int doublings) {
    long b = base.toNanos();
    long c = cap.toNanos();
    if (b <= 0) return Duration.ZERO;
    long d = doublings >= 62 || b > (c >> Math.min(doublings, 62)) ? c : b << doublings;
    return Duration.ofNanos(Math.min(d, c));
  }

  private static void prune(ArrayDeque<Long> q, long now, long window) {
    while (!q.isEmpty() && now - q.peekFirst() > window) q.removeFirst();
  }
}
