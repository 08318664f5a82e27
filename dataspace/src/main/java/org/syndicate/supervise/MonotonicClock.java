package org.syndicate.supervise;

/**
 * A monotonic clock in nanoseconds (DESIGN.md "Time": every delay and rate window uses the
 * monotonic clock). Only differences between readings are meaningful. Injectable so that tests
 * need not wait.
 */
@FunctionalInterface
public interface MonotonicClock {
  /** {@link System#nanoTime()}. */
  MonotonicClock SYSTEM = System::nanoTime;

  /** @return the current reading, in nanoseconds. */
  long nanos();
}
