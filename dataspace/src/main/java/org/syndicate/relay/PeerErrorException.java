package org.syndicate.relay;

import org.syndicate.preserves.Value;

/**
 * The peer sent {@code <error message detail>}: the connection ends with that error, which is
 * echoed back (reference note syndicate-server.md §2.3 "Error from the peer", §2.8).
 */
public final class PeerErrorException extends RuntimeException {
  private final transient Value detail;

  /**
   * @param message the peer's message
   * @param detail the peer's detail value
   */
  public PeerErrorException(String message, Value detail) {
    super(message, null, false, false);
    this.detail = detail;
  }

  /** @return the peer's detail value. */
  public Value detail() {
    return detail;
  }
}
