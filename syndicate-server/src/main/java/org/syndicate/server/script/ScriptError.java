package org.syndicate.server.script;

import org.syndicate.preserves.Position;

/**
 * One problem found in a config script: where (file:line:column, from the text reader's
 * positions) and what was wrong or expected.
 *
 * @param position where the problem is (never null; line/column are -1 when unknown)
 * @param message one line, without the position, e.g. {@code Missing payload after '!'}
 */
public record ScriptError(Position position, String message) {
  /** @return {@code file:line:column: message}. */
  @Override
  public String toString() {
    return position + ": " + message;
  }
}
