package org.syndicate.supervise;

import java.time.Duration;
import java.util.Objects;

/**
 * Give up once more than {@code count} restarts happened within {@code period} (our extension,
 * supervision.prs {@code RestartLimit}; DESIGN.md "restartLimit"). The service is then left
 * {@code failed} with {@code <service-problem NAME <restart-limit count period>>} until a
 * {@code restart-service} request.
 *
 * @param count restarts allowed within the period (0 = give up at the first termination)
 * @param period the sliding window, on the monotonic clock
 */
public record RestartLimit(int count, Duration period) {
  /** @throws IllegalArgumentException if count is negative or period is not positive */
  public RestartLimit {
    Objects.requireNonNull(period, "period");
    if (count < 0) throw new IllegalArgumentException("restart limit count must be >= 0, was " + count);
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("restart limit period must be positive, was " + period);
    }
  }
}
