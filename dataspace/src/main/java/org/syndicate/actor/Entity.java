package org.syndicate.actor;

import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Value;

/**
 * Behaviour addressed by a {@link Ref}: the five callbacks of the Syndicated Actor Model
 * (reference note syndicate-server.md §0, §3.4; DESIGN.md "Runtime model").
 *
 * <p>Every callback runs inside a turn of the actor owning the entity's facet, with {@link
 * Turn#currentFacet()} set to that facet; effects go through the {@link Turn} and are delivered
 * only when the turn commits. A callback that throws rolls back everything it did in the turn and
 * stops the entity's facet (or the actor, when that is the root facet). All methods have empty
 * defaults except {@link #onSync}, which answers {@code #t} to the peer.
 */
public interface Entity {
  /**
   * An assertion arrived.
   *
   * @param turn the running turn
   * @param assertion the asserted value (after any attenuation of the ref it was sent through)
   * @param handle the sender's handle for it, unique in the process; the matching {@link
   *     #onRetract} carries the same handle
   */
  default void onAssert(Turn turn, Value assertion, long handle) {}

  /**
   * The assertion sent earlier with {@code handle} was withdrawn.
   *
   * @param turn the running turn
   * @param handle the handle given to {@link #onAssert}
   */
  default void onRetract(Turn turn, long handle) {}

  /**
   * A message arrived (never stored).
   *
   * @param turn the running turn
   * @param body the message body
   */
  default void onMessage(Turn turn, Value body) {}

  /**
   * A sync request: reply to {@code peer} once every earlier event from the same sender has been
   * handled. The default sends the message {@code #t} (protocol.prs {@code Synced}) at once,
   * which is correct for every entity that handles events in order (reference note §3.4).
   *
   * @param turn the running turn
   * @param peer where to send the reply
   */
  default void onSync(Turn turn, Ref peer) {
    turn.message(peer, BooleanValue.TRUE);
  }

  /**
   * The facet in which a ref to this entity was created (with {@link Turn#ref}) is stopping. Runs
   * in the context of that facet's parent, before the facet's assertions are retracted.
   *
   * @param turn the running turn
   */
  default void onStop(Turn turn) {}
}
