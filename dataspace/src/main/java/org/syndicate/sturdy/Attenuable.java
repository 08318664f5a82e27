package org.syndicate.sturdy;

/**
 * Something an {@code <attenuate T [CAVEAT …]>} template can further restrict: in practice the
 * actor runtime's entity reference ({@code org.syndicate.actor.Ref}), which is carried as the
 * payload of an {@link org.syndicate.preserves.Embedded} value. Kept here so that this package
 * does not depend on the actor runtime (reference note syndicate-server.md §4.2 "Template
 * language"; syndicate-rs {@code Cap::attenuate}).
 */
public interface Attenuable {
  /**
   * Returns a reference to the same target whose caveats are this reference's caveats followed
   * by {@code more}'s (so {@code more}'s run first on what flows in). The receiver is unchanged.
   *
   * @param more checked caveats to add, newest last; may be empty
   * @return the attenuated reference, to be embedded in place of this one
   */
  Attenuable attenuate(Attenuation more);
}
