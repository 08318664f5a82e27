/**
 * The generic supervisor shared by every supervised service (reference note syndicate-server.md
 * §7.5, §6 "Restart"; DESIGN.md "Where we go beyond syndicate-rs"; supervision.md §6).
 *
 * <ul>
 *   <li>{@link org.syndicate.supervise.Supervisor}: runs a supervisee actor, restarts it, and
 *       publishes {@code <service-state NAME started|failed|complete>}.
 *   <li>{@link org.syndicate.supervise.SupervisorConfig}: the parameters (reference defaults:
 *       intensity 1, period 5 s, pause 200 ms, sleep 10 s, policy always) and our options
 *       (exponential backoff with a cap, a restart limit), plus the injectable clock and timers.
 *   <li>{@link org.syndicate.supervise.RestartSchedule}: the restart arithmetic alone, with no
 *       actors, for reuse (e.g. per-process restarts in the process driver).
 *   <li>{@link org.syndicate.supervise.OpenLiteral}: a value used as an open, literal pattern
 *       (extra record fields and dictionary keys still match), as the reference lifts service
 *       names.
 * </ul>
 */
package org.syndicate.supervise;
