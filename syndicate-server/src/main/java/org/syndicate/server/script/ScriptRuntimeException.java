package org.syndicate.server.script;

import org.syndicate.preserves.Position;

/**
 * A run-time error of a config script (reference note syndicate-server.md §5.7): an undefined
 * variable, a target that is not a ref, a {@code let} whose pattern does not match, a failed
 * attenuation, a wildcard in a template, and so on. It aborts the evaluation and stops the facet
 * the instruction was running in; the message is logged with the file path.
 */
public final class ScriptRuntimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Position position;
  private final String detail;

  /**
   * @param position the instruction or token being evaluated (may be null when unknown)
   * @param detail one line without the position, e.g. {@code Undefined template variable: "x"}
   */
  public ScriptRuntimeException(Position position, String detail) {
    super(position == null ? detail : position + ": " + detail);
    this.position = position;
    this.detail = detail;
  }

  /** @return where the error happened, or null when unknown. */
  public Position position() {
    return position;
  }

  /** @return the message without the position. */
  public String detail() {
    return detail;
  }

  /** @return a copy of this error located at {@code p}, unless it already has a position. */
  ScriptRuntimeException at(Position p) {
    return position != null || p == null ? this : new ScriptRuntimeException(p, detail);
  }
}
