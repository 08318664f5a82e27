package org.syndicate.server.transport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;

/**
 * The {@link RelayStarter} used by the server program. Placeholder until the relay engine
 * ({@code org.syndicate.relay}) lands on main: every connection is closed at once with a warning.
 */
public final class RelayEngine implements RelayStarter {
  private static final Logger LOG = LoggerFactory.getLogger(RelayEngine.class);

  /** The engine. */
  public static final RelayEngine INSTANCE = new RelayEngine();

  private RelayEngine() {}

  @Override
  public RelaySession start(String name, Ref initialRef, Wire wire) {
    LOG.warn("{}: the relay engine is not available in this build; closing", name);
    wire.close(null);
    return new RelaySession() {
      @Override
      public void streamInput(byte[] data, int off, int len) {}

      @Override
      public void frameInput(byte[] data, int off, int len) {}

      @Override
      public void inputClosed(Throwable error) {}
    };
  }
}
