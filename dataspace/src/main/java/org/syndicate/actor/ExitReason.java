package org.syndicate.actor;

/**
 * Why an actor terminated, for supervisors and linked facets (reference note §3.5; supervision.md).
 *
 * <ul>
 *   <li>{@link Normal}: its root facet was stopped (explicitly, or by {@link Actor#stop()}).
 *   <li>{@link Failed}: a turn running in its root facet threw, or a linked task of the root
 *       facet failed; {@code cause} is what was thrown.
 * </ul>
 */
public sealed interface ExitReason {
  /** @return true for {@link Normal}. */
  default boolean isNormal() {
    return this instanceof Normal;
  }

  /** Normal termination. */
  record Normal() implements ExitReason {
    /** The one instance. */
    public static final Normal INSTANCE = new Normal();
  }

  /**
   * Termination by an error.
   *
   * @param cause what was thrown (never null)
   */
  record Failed(Throwable cause) implements ExitReason {
    /** @throws NullPointerException if {@code cause} is null */
    public Failed {
      java.util.Objects.requireNonNull(cause, "cause");
    }
  }
}
