package org.syndicate.dataspace;

import java.util.List;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Value;

/** Code run for one match of a pattern: gets the running turn and the captures, in order. */
@FunctionalInterface
public interface MatchHandler {
  /**
   * @param turn the running turn (for {@link Subscriptions#during}, its current facet is the
   *     facet made for this match)
   * @param captures the captured values, in the pattern's capture order (immutable)
   */
  void accept(Turn turn, List<Value> captures);
}
