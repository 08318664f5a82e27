package org.syndicate.testkit;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting in tests without timing anything: every wait is for a condition or an answer, with a
 * generous deadline after which the test fails with an {@link AssertionError} that says what it
 * waited for and what it saw. Nothing here asserts speed (DESIGN.md: speed is measured with JMH).
 */
public final class Await {
  /** The default deadline of a wait: generous, so that a loaded 2-core CI machine still passes. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(10);

  private Await() {}

  /**
   * Polls {@code condition} every {@code pollMillis} ms until it holds.
   *
   * @param what what is awaited, for the failure message
   * @param deadline how long to wait at the most
   * @param pollMillis pause between checks, in milliseconds (at least 1)
   * @param condition checked on the calling thread
   * @param diagnostics appended to the failure message (e.g. {@code "; live = [...]"}), evaluated
   *     only on failure
   * @throws AssertionError {@code "timed out waiting for " + what + diagnostics} after the
   *     deadline, or when the thread is interrupted
   */
  public static void until(
      String what, Duration deadline, long pollMillis, BooleanSupplier condition, Supplier<String> diagnostics) {
    long end = System.nanoTime() + deadline.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("timed out waiting for " + what + diagnostics.get());
      sleep(pollMillis);
    }
  }

  /** {@link #until(String, Duration, long, BooleanSupplier, Supplier)} with a 5 ms poll and no diagnostics. */
  public static void until(String what, Duration deadline, BooleanSupplier condition) {
    until(what, deadline, 5, condition, () -> "");
  }

  /** {@link #until(String, Duration, BooleanSupplier)} with the {@link #DEFAULT_DEADLINE}. */
  public static void until(String what, BooleanSupplier condition) {
    until(what, DEFAULT_DEADLINE, condition);
  }

  /**
   * Waits for {@code f} (typically completed by an actor's turn).
   *
   * @return its value
   * @throws RuntimeException the future's own failure, when it is a RuntimeException
   * @throws AssertionError {@code what + " did not answer"} after {@code deadline}, or wrapping a
   *     non-runtime failure
   */
  public static <T> T answer(CompletableFuture<T> f, Duration deadline, String what) {
    try {
      return f.get(deadline.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) throw r;
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(what + " did not answer", e);
    }
  }

  /** Sleeps {@code millis} ms; an interrupt becomes an {@link AssertionError}. */
  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
