package org.syndicate.preserves.schema;

import java.util.IdentityHashMap;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.Value;

/**
 * Where the values of a source file started, by object identity: the schema compiler asks it for
 * the position of the value it is complaining about, so that errors can name {@code
 * file:line:column}. A text reader that tracks positions fills one in; {@link #NONE} knows nothing.
 */
@FunctionalInterface
public interface SourcePositions {
  /** Knows no positions. */
  SourcePositions NONE = v -> null;

  /**
   * @param value a value object produced by the reader (compared by identity)
   * @return where it started, or null when unknown
   */
  Position positionOf(Value value);

  /** @return a lookup backed by an identity map (the map is used, not copied). */
  static SourcePositions of(IdentityHashMap<Value, Position> map) {
    return map::get;
  }
}
