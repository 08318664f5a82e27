package org.syndicate.preserves;

/**
 * Where in an input something went wrong. Binary inputs use {@code offset} (bytes from the start
 * of the input, 0-based) and leave {@code line}/{@code column} at -1; text inputs give all three,
 * {@code offset} counting code points, {@code line} and {@code column} 1-based. An optional
 * {@code source} names the file or stream (may be null).
 *
 * @param source file or stream name, or null
 * @param offset 0-based byte (binary) or code point (text) offset, or -1 when unknown
 * @param line 1-based line, or -1 for binary input
 * @param column 1-based column in code points, or -1 for binary input
 */
public record Position(String source, long offset, int line, int column) {
  /** A byte offset in binary input. */
  public static Position ofByte(long offset) {
    return new Position(null, offset, -1, -1);
  }

  /** A text position. */
  public static Position ofText(String source, long offset, int line, int column) {
    return new Position(source, offset, line, column);
  }

  /** @return this position with the given source name. */
  public Position withSource(String newSource) {
    return new Position(newSource, offset, line, column);
  }

  @Override
  public String toString() {
    String where = line >= 0 ? line + ":" + column : "byte " + offset;
    return source == null ? where : source + ":" + where;
  }
}
