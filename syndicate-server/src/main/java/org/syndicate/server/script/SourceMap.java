package org.syndicate.server.script;

import java.util.IdentityHashMap;
import java.util.Map;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.Value;

/**
 * Where each token (value object) of a script came from, so that errors can name
 * file:line:column. Lookups are by object identity: the text reader records the position of
 * every value object it creates. A token the map does not know falls back to the position of the
 * nearest enclosing token that it knows.
 *
 * <p>Some values are shared objects ({@code #t}, {@code #f}, {@code ""}, {@code []}, ...), so
 * identity cannot tell their occurrences apart; {@link #positionOfItem} answers by place instead
 * (top-level index, or block and index), which is what the parser uses for instruction tokens.
 */
@FunctionalInterface
public interface SourceMap {
  /**
   * @param token a value object of the script (identity, not equality)
   * @return where it starts in the file, or null when unknown
   */
  Position positionOf(Value token);

  /**
   * @param parent a sequence token (a block), or null for the top level of the file
   * @param index the 0-based index of an item in it
   * @return where that item starts, or null when unknown
   */
  default Position positionOfItem(Value parent, int index) {
    return null;
  }

  /**
   * @param token a token
   * @param fallback the position to use when the token's own is unknown
   * @return the token's position, else {@code fallback}
   */
  default Position at(Value token, Position fallback) {
    Position p = token == null ? null : positionOf(token);
    return p == null ? fallback : p;
  }

  /** @return a map that knows no positions. */
  static SourceMap none() {
    return token -> null;
  }

  /**
   * @param positions token (by identity) to position; used as is, not copied
   * @return a map over it
   */
  static SourceMap of(IdentityHashMap<Value, Position> positions) {
    return positions::get;
  }

  /**
   * A map by identity plus positions by place.
   *
   * @param positions token (by identity) to position
   * @param topLevel the positions of the top-level tokens, in order
   * @param items block (by identity) to the positions of its items, in order
   * @return the map
   */
  static SourceMap of(
      IdentityHashMap<Value, Position> positions,
      java.util.List<Position> topLevel,
      IdentityHashMap<Value, Position[]> items) {
    return new SourceMap() {
      @Override
      public Position positionOf(Value token) {
        return positions.get(token);
      }

      @Override
      public Position positionOfItem(Value parent, int index) {
        if (parent == null) return index < topLevel.size() ? topLevel.get(index) : null;
        Position[] ps = items.get(parent);
        return ps != null && index < ps.length ? ps[index] : null;
      }
    };
  }

  /**
   * @param positions token to position, compared by identity (copied)
   * @return a map over a copy of it
   */
  static SourceMap copyOf(Map<Value, Position> positions) {
    IdentityHashMap<Value, Position> m = new IdentityHashMap<>(positions);
    return m::get;
  }
}
