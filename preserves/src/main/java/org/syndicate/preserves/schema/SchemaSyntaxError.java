package org.syndicate.preserves.schema;

import org.syndicate.preserves.Position;
import org.syndicate.preserves.PreservesException;

/**
 * A {@code .prs} schema source is not a valid Preserves Schema (reference note preserves.md §5.2).
 * The message has the form {@code FILE:LINE:COLUMN: DETAIL}, where {@code DETAIL} says what was
 * expected; the position is that of the innermost source value whose position is known (the value
 * that was wrong, or else the clause containing it), or absent when no position is known.
 */
public final class SchemaSyntaxError extends PreservesException {
  private static final long serialVersionUID = 1L;
  private final transient Position position;
  private final String source;
  private final String detail;

  /**
   * @param source the file name (may be null)
   * @param position where the error is (may be null when unknown)
   * @param detail what was wrong and what was expected (one line)
   */
  public SchemaSyntaxError(String source, Position position, String detail) {
    super(prefix(source, position) + detail);
    this.source = source;
    this.position = position;
    this.detail = detail;
  }

  private static String prefix(String source, Position position) {
    if (position != null) {
      Position p = source != null ? position.withSource(source) : position;
      return p + ": ";
    }
    return source == null ? "" : source + ": ";
  }

  /** @return the position of the offending source value, or null when unknown. */
  public Position position() {
    return position;
  }

  /** @return the file name, or null. */
  public String source() {
    return source;
  }

  /** @return the message without the file and position prefix. */
  public String detail() {
    return detail;
  }
}
