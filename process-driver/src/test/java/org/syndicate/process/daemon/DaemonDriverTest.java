package org.syndicate.process.daemon;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.syndicate.process.ProcessDriver;

/**
 * Base of the daemon tests with real processes: one {@link ProcessDriver} per test class (started
 * before its first test, closed after its last), and {@link #harness} for {@link DaemonHarness}es
 * that are closed after each test.
 */
abstract class DaemonDriverTest {
  /** The driver of the running test class. */
  static ProcessDriver driver;

  private final List<DaemonHarness> harnesses = new ArrayList<>();

  @BeforeAll
  static void startDriver() throws Exception {
    driver = ProcessDriver.start();
  }

  @AfterAll
  static void closeDriver() {
    driver.close();
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
  void closeHarnesses() {
    for (DaemonHarness h : harnesses) h.close();
    harnesses.clear();
  }
}
