package org.syndicate.process.daemon;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.syndicate.process.ProcessDriver;

/**
 * Base of the daemon tests with real processes: one {@link ProcessDriver} per test (started before
 * it, closed after it: closing stops every child and waits until it has exited, so no process of
 * one test outlives it, still writing into the test's {@code @TempDir} while JUnit deletes it, or
 * into the next test), and {@link #harness} for {@link DaemonHarness}es closed after each test.
 */
abstract class DaemonDriverTest {
  /** The driver of the running test. */
  static ProcessDriver driver;

  private final List<DaemonHarness> harnesses = new ArrayList<>();

  @BeforeEach
  void startDriver() throws Exception {
    driver = ProcessDriver.start();
  }

  /**
   * @param options the daemon service's options for this test
   * @return a harness on the class's driver, closed after the test
   */
  DaemonHarness harness(DaemonOptions options) {
    DaemonHarness h = new DaemonHarness(driver, options);
    harnesses.add(h);
    return h;
  }

  @AfterEach
  void closeHarnessesThenDriver() {
    try {
      for (DaemonHarness h : harnesses) h.close();
      harnesses.clear();
    } finally {
      driver.close();
    }
  }
}
