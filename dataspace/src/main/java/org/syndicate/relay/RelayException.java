package org.syndicate.relay;

import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Value;

/**
 * A protocol violation or malformed input that ends a relay connection: the peer is sent {@code
 * <error message detail>} (reference note syndicate-server.md §2.3, §2.8) and everything it
 * asserted is retracted. Carries no stack trace (it describes the peer's input, not our code).
 */
public final class RelayException extends RuntimeException {
  private final transient Value detail;

  /**
   * @param message the text sent to the peer as the error's message (e.g. {@code "Assertion with
   *     duplicate handle"})
   */
  public RelayException(String message) {
    this(message, BooleanValue.FALSE, null);
  }

  /**
   * @param message the text sent to the peer
   * @param cause the underlying problem (a syntax error, a caveat error), or null
   */
  public RelayException(String message, Throwable cause) {
    this(message, BooleanValue.FALSE, cause);
  }

  /**
   * @param message the text sent to the peer
   * @param detail the error's detail value ({@code #f} by convention)
   * @param cause the underlying problem, or null
   */
  public RelayException(String message, Value detail, Throwable cause) {
    super(message, cause, false, false); // the peer's fault: a stack trace would only fill logs
    this.detail = detail;
  }

  /** @return the detail value of the {@code <error …>} packet. */
  public Value detail() {
    return detail;
  }
}
