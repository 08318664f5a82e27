package org.syndicate.supervise;

import org.syndicate.testkit.DataspaceHarness;

/**
 * The supervision tests' fixture: the shared {@link DataspaceHarness} as it is by default (a real
 * {@code $config} in a "main" actor, every event there recorded, waits by polling or settling).
 */
final class Harness extends DataspaceHarness {
  Harness() {
    super(Options.DEFAULT);
  }
}
