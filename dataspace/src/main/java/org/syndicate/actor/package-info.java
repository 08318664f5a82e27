/**
 * The actor runtime of the Syndicated Actor Model (reference note syndicate-server.md §0, §3.5;
 * DESIGN.md "Runtime model").
 *
 * <ul>
 *   <li>{@link org.syndicate.actor.Actor}: a mailbox run one turn at a time by a shared {@link
 *       org.syndicate.actor.Scheduler}; {@code Actor.boot(name, t -> ...)} starts one, {@code
 *       actor.execute(t -> ...)} runs a turn from any thread (Netty loop, virtual thread), {@code
 *       onExit}/{@code exitFuture} report {@link org.syndicate.actor.ExitReason} (normal or
 *       failed) to supervisors.
 *   <li>{@link org.syndicate.actor.Turn}: everything an actor does: {@code publish} (assert) /
 *       {@code retract} / {@code message} / {@code sync} to {@link org.syndicate.actor.Ref}s,
 *       {@code facet}, {@code stop}, {@code stopAndContinue}, {@code onStop}, {@code spawn}, {@code
 *       spawnLink}, {@code after} (timers), {@code linkedTask} (blocking work on a virtual thread),
 *       {@code afterCommit} (e.g. flush one packet per turn), {@code field} + {@code dataflow}
 *       ({@link org.syndicate.actor.Field}: blocks re-run when fields they read change). Effects are delivered at commit;
 *       an exception rolls back the event that threw and stops its facet (the actor, at the root).
 *   <li>{@link org.syndicate.actor.Facet}: the tree of lifetimes inside an actor; stopping one
 *       retracts everything it asserted.
 *   <li>{@link org.syndicate.actor.Entity}: the five callbacks ({@code onAssert}, {@code
 *       onRetract}, {@code onMessage}, {@code onSync}, {@code onStop}).
 *   <li>{@link org.syndicate.actor.Account}: flow control (§2.9): every turn runs on behalf of
 *       an account, every event it queues borrows one unit from it until processed; a relay pauses
 *       its connection while its account is over the credit.
 *   <li>{@link org.syndicate.actor.Ref}: entity + facet, optionally attenuated by caveats ({@code
 *       attenuate}, rewriting through a {@link org.syndicate.actor.CaveatRewriter}); usable
 *       inside Preserves values as {@code Embedded.of(ref)}.
 * </ul>
 *
 * <pre>{@code
 * Actor.boot("hello", t -> {
 *   Ref ds = Dataspace.create(t);
 *   Subscriptions.during(t, ds, Patterns.rec("Present", Patterns.bind()), (t2, c) ->
 *       t2.onStop(t3 -> System.out.println(c.get(0) + " left")));
 *   t.publish(ds, RecordValue.of("Present", Symbol.of("me")));
 * });
 * }</pre>
 */
package org.syndicate.actor;
