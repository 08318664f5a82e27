/**
 * The shared test kit for code that runs actors and dataspaces in tests, published as the
 * dataspace module's test-jar ({@code org.syndicate:dataspace:test-jar}, test scope) so that the
 * process-driver and syndicate-server tests use the same fixture instead of copies.
 *
 * <ul>
 *   <li>{@link org.syndicate.testkit.DataspaceHarness}: a real dataspace in a "main" actor, every
 *       event there recorded; act from the outside ({@code run}, {@code assertValue},
 *       {@code retract}, {@code message}), wait for conditions ({@code await},
 *       {@code awaitLive}, {@code awaitGone}) or settle by sync rounds. Modules subclass it for
 *       their own fixtures (config watcher files, the daemon service's {@code $log}).
 *   <li>{@link org.syndicate.testkit.EventLog}: the thread-safe {@code +V}/{@code -V}/{@code !V}
 *       record and live set behind it, usable on its own as an observer entity.
 *   <li>{@link org.syndicate.testkit.Await}: polling with a generous deadline, waiting for an
 *       actor's answer, sleeping; failures are {@link java.lang.AssertionError}s that say what
 *       was awaited.
 * </ul>
 *
 * <p>Nothing here times anything: speed is measured with JMH (DESIGN.md), waits only bound how
 * long a broken test takes to fail.
 */
package org.syndicate.testkit;
