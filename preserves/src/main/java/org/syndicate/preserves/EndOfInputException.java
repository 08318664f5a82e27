package org.syndicate.preserves;

/**
 * The input ended before a complete value was read. {@link #atStart()} is true when no value had
 * begun at all (an empty input: the sample suite's {@code ParseEOF} / {@code DecodeEOF}), false
 * when the input stopped part-way through a value ({@code ParseShort} / {@code DecodeShort}).
 * A streaming reader treats both as "need more bytes"; neither is ever reported for input that is
 * invalid regardless of what follows (that is a {@link SyntaxError}).
 */
public final class EndOfInputException extends PreservesException {
  private static final long serialVersionUID = 1L;
  private final transient Position position;
  private final boolean atStart;

  /**
   * @param position where input ran out
   * @param atStart true if no value had begun
   */
  public EndOfInputException(Position position, boolean atStart) {
    super(position + ": " + (atStart ? "end of input: no value" : "premature end of input"));
    this.position = position;
    this.atStart = atStart;
  }

  /** @return where input ran out. */
  public Position position() {
    return position;
  }

  /** @return true if no value had begun when input ended. */
  public boolean atStart() {
    return atStart;
  }
}
