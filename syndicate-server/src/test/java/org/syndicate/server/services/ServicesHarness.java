package org.syndicate.server.services;

import org.syndicate.testkit.DataspaceHarness;

/**
 * The services tests' fixture: the shared {@link DataspaceHarness} as it is by default (a real
 * {@code $config} in a "main" actor, every event there recorded, waits by polling or settling).
 */
final class ServicesHarness extends DataspaceHarness {
  ServicesHarness() {
    super(Options.DEFAULT);
  }
}
