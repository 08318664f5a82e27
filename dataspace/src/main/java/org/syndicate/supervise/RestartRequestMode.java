package org.syndicate.supervise;

/**
 * What a {@link Supervisor} does with {@code <restart-service NAME>} (reference note §6
 * "Restart").
 *
 * <ul>
 *   <li>{@link #STOP_SUPERVISEE}: the supervisee is stopped normally; the state goes {@code
 *       complete}, and the supervisor restarts it after its usual pause (200 ms, or the sleep of
 *       10 s when another restart happened within the period). The restart history is kept. The
 *       reference does this for config-watchers and relay-listeners. If nothing runs (the
 *       service is {@code complete} or gave up), it is started at once with an empty history.
 *   <li>{@link #REBUILD}: the supervision is torn down and rebuilt: the supervisee is stopped,
 *       the history is emptied, and a new supervisee starts at once with state {@code started}.
 *       The reference does this for daemons.
 * </ul>
 */
public enum RestartRequestMode {
  /** Stop the supervisee normally and let the restart rules bring it back. */
  STOP_SUPERVISEE,
  /** Start over with a fresh supervisee and an empty restart history. */
  REBUILD
}
