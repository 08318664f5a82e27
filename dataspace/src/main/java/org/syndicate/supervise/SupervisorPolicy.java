package org.syndicate.supervise;

/**
 * When a {@link Supervisor} restarts its supervisee (reference note §7.5).
 *
 * <ul>
 *   <li>{@link #ALWAYS}: after every termination, normal or not (the reference default; used for
 *       config-watchers and relay-listeners).
 *   <li>{@link #ON_ERROR_ONLY}: only after a failure; a normal termination leaves the service
 *       {@code complete} (the reference's choice for daemons).
 * </ul>
 */
public enum SupervisorPolicy {
  /** Restart after any termination. */
  ALWAYS,
  /** Restart only after a failure; a normal exit is final ({@code complete}). */
  ON_ERROR_ONLY
}
