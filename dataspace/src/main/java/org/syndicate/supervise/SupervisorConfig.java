package org.syndicate.supervise;

import java.time.Duration;
import java.util.Objects;

/**
 * Parameters of a {@link Supervisor}. {@link #defaults()} is exactly the reference's (reference
 * note §7.5): policy {@code always}, intensity 1, period 5 s, pause 200 ms, sleep 10 s, restart
 * requests handled by stopping the supervisee, no backoff, no limit. Change a field with the
 * {@code with…} methods.
 *
 * <p><b>Reference rule</b> (when {@link #restartMaxDelay} is null): on each restart its time is
 * recorded and entries older than {@code period} are dropped; if more than {@code intensity}
 * restarts (counting this one) remain, the supervisor waits {@code sleep}, else {@code pause}
 * ({@code errorPause} after a failure; the same by default).
 *
 * <p><b>Backoff</b> (our option, DESIGN.md; when {@link #restartMaxDelay} is set): the wait is
 * {@code pause × 2^k} ({@code errorPause × 2^k} after a failure), capped at {@code
 * restartMaxDelay}, where k counts the restarts since the supervisee last stayed up for at least
 * {@link #backoffResetAfter}. It replaces the pause/sleep rule.
 *
 * <p><b>Limit</b> (our option; when {@link #restartLimit} is set): once more than {@code count}
 * restarts fall within its period, the service is left {@code failed} with a {@code
 * service-problem} (see {@link RestartLimit}).
 *
 * @param policy when to restart
 * @param intensity restarts tolerated within {@code period} before waiting {@code sleep} (≥ 0)
 * @param period the intensity window (positive)
 * @param pause the usual wait before a restart (≥ 0)
 * @param errorPause the usual wait after a failure (≥ 0; the reference supervisor uses {@code
 *     pause} for both; the reference's per-process daemon restarts wait 200 ms after a normal
 *     exit and 1 s after a failure, §7.4)
 * @param sleep the wait when the intensity is exceeded (≥ 0)
 * @param restartMaxDelay the backoff cap, or null for the reference rule
 * @param backoffResetAfter how long the supervisee must stay up for the backoff to start again
 *     from {@code pause} (positive)
 * @param restartLimit when to give up, or null to retry forever (the reference)
 * @param restartRequests what {@code <restart-service NAME>} does
 * @param honourRestartService whether the supervisor listens for {@code <restart-service NAME>}
 *     messages in its dataspace at all (the reference's gatekeeper and http services do not)
 * @param clock the monotonic clock for the windows
 * @param delays the timers for the waits
 */
public record SupervisorConfig(
    SupervisorPolicy policy,
    int intensity,
    Duration period,
    Duration pause,
    Duration errorPause,
    Duration sleep,
    Duration restartMaxDelay,
    Duration backoffResetAfter,
    RestartLimit restartLimit,
    RestartRequestMode restartRequests,
    boolean honourRestartService,
    MonotonicClock clock,
    DelayScheduler delays) {

  /** The reference intensity (1 restart). */
  public static final int DEFAULT_INTENSITY = 1;
  /** The reference period (5 s). */
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);
  /** The reference pause (200 ms). */
  public static final Duration DEFAULT_PAUSE = Duration.ofMillis(200);
  /** The reference sleep (10 s). */
  public static final Duration DEFAULT_SLEEP = Duration.ofSeconds(10);
  /** Default {@link #backoffResetAfter} (10 s). */
  public static final Duration DEFAULT_BACKOFF_RESET_AFTER = Duration.ofSeconds(10);

  /** @throws IllegalArgumentException for a negative or zero duration where it makes no sense */
  public SupervisorConfig {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(pause, "pause");
    Objects.requireNonNull(errorPause, "errorPause");
    Objects.requireNonNull(sleep, "sleep");
    Objects.requireNonNull(backoffResetAfter, "backoffResetAfter");
    Objects.requireNonNull(restartRequests, "restartRequests");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(delays, "delays");
    if (intensity < 0) throw new IllegalArgumentException("intensity must be >= 0, was " + intensity);
    positive("period", period);
    positive("backoffResetAfter", backoffResetAfter);
    notNegative("pause", pause);
    notNegative("errorPause", errorPause);
    notNegative("sleep", sleep);
    if (restartMaxDelay != null) notNegative("restartMaxDelay", restartMaxDelay);
  }

  private static void positive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) throw new IllegalArgumentException(what + " must be positive, was " + d);
  }

  private static void notNegative(String what, Duration d) {
    if (d.isNegative()) throw new IllegalArgumentException(what + " must not be negative, was " + d);
  }

  /** @return the reference's supervisor: always, 1 per 5 s, 200 ms, 10 s; real clock and timers. */
  public static SupervisorConfig defaults() {
    return new SupervisorConfig(
        SupervisorPolicy.ALWAYS,
        DEFAULT_INTENSITY,
        DEFAULT_PERIOD,
        DEFAULT_PAUSE,
        DEFAULT_PAUSE,
        DEFAULT_SLEEP,
        null,
        DEFAULT_BACKOFF_RESET_AFTER,
        null,
        RestartRequestMode.STOP_SUPERVISEE,
        true,
        MonotonicClock.SYSTEM,
        DelayScheduler.TURN_TIMERS);
  }

  /**
   * @return the reference's daemon supervision: {@link #defaults()} with policy on-error-only
   *     and restart requests that rebuild (reference note §6 "Restart", §7.4)
   */
  public static SupervisorConfig daemonDefaults() {
    return defaults().withPolicy(SupervisorPolicy.ON_ERROR_ONLY).withRestartRequests(RestartRequestMode.REBUILD);
  }

  /** @return true when the backoff option is on ({@link #restartMaxDelay} set). */
  public boolean hasBackoff() {
    return restartMaxDelay != null;
  }

  /** @param p the policy @return a copy with it */
  public SupervisorConfig withPolicy(SupervisorPolicy p) {
    return new SupervisorConfig(p, intensity, period, pause, errorPause, sleep, restartMaxDelay, backoffResetAfter, restartLimit, restartRequests, honourRestartService, clock, delays);
  }

  /**
   * @param newIntensity restarts tolerated within the period
   * @param newPeriod the window
   * @return a copy with them
   */
  public SupervisorConfig withIntensity(int newIntensity, Duration newPeriod) {
    return new SupervisorConfig(policy, newIntensity, newPeriod, pause, errorPause, sleep, restartMaxDelay, backoffResetAfter, restartLimit, restartRequests, honourRestartService, clock, delays);
  }

  /**
   * @param newPause the usual wait (after a normal exit and after a failure)
   * @param newSleep the wait when the intensity is exceeded
   * @return a copy with them
   */
  public SupervisorConfig withPauses(Duration newPause, Duration newSleep) {
    return new SupervisorConfig(policy, intensity, period, newPause, newPause, newSleep, restartMaxDelay, backoffResetAfter, restartLimit, restartRequests, honourRestartService, clock, delays);
  }

  /**
   * @param newErrorPause the usual wait after a failure (set after {@link #withPauses})
   * @return a copy with it
   */
  public SupervisorConfig withErrorPause(Duration newErrorPause) {
    return new SupervisorConfig(policy, intensity, period, pause, newErrorPause, sleep, restartMaxDelay, backoffResetAfter, restartLimit, restartRequests, honourRestartService, clock, delays);
  }

  /**
   * Turns the backoff on (or off with null).
   *
   * @param maxDelay the cap of the doubling wait, or null for the reference rule
   * @param resetAfter how long the supervisee must stay up to reset the backoff
   * @return a copy with them
   */
  public SupervisorConfig withBackoff(Duration maxDelay, Duration resetAfter) {
    return new SupervisorConfig(policy, intensity, period, pause, errorPause, sleep, maxDelay, resetAfter, restartLimit, restartRequests, honourRestartService, clock, delays);
  }

  /** @param limit when to give up, or null for never @return a copy with it */
  public SupervisorConfig withRestartLimit(RestartLimit limit) {
    return new SupervisorConfig(policy, intensity, period, pause, errorPause, sleep, restartMaxDelay, backoffResetAfter, limit, restartRequests, honourRestartService, clock, delays);
  }

  /** @param mode what restart requests do @return a copy with it */
  public SupervisorConfig withRestartRequests(RestartRequestMode mode) {
    return new SupervisorConfig(policy, intensity, period, pause, errorPause, sleep, restartMaxDelay, backoffResetAfter, restartLimit, mode, honourRestartService, clock, delays);
  }

  /** @param honour whether to listen for restart-service messages @return a copy with it */
  public SupervisorConfig withHonourRestartService(boolean honour) {
    return new SupervisorConfig(policy, intensity, period, pause, errorPause, sleep, restartMaxDelay, backoffResetAfter, restartLimit, restartRequests, honour, clock, delays);
  }

  /**
   * @param newClock the monotonic clock
   * @param newDelays the timers
   * @return a copy with them (for tests: a fake clock and timers fired on demand)
   */
  public SupervisorConfig withTime(MonotonicClock newClock, DelayScheduler newDelays) {
    return new SupervisorConfig(policy, intensity, period, pause, errorPause, sleep, restartMaxDelay, backoffResetAfter, restartLimit, restartRequests, honourRestartService, newClock, newDelays);
  }
}
