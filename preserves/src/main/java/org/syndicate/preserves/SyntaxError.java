package org.syndicate.preserves;

/**
 * The input is not valid Preserves (binary or text) at {@link #position()}: more input would not
 * help. Relays drop a connection on this error (as opposed to {@link EndOfInputException}, which
 * means "wait for more bytes").
 */
public final class SyntaxError extends PreservesException {
  private static final long serialVersionUID = 1L;
  private final transient Position position;
  private final String detail;

  /**
   * @param position where the error was detected
   * @param detail what was wrong (one line, without the position)
   */
  public SyntaxError(Position position, String detail) {
    super(position + ": " + detail);
    this.position = position;
    this.detail = detail;
  }

  /** @return where the error was detected. */
  public Position position() {
    return position;
  }

  /** @return the message without the position prefix. */
  public String detail() {
    return detail;
  }
}
