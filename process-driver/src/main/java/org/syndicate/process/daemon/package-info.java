/**
 * The {@code <daemon ID>} service (reference note syndicate-server.md §7; issue 8; DESIGN.md "Our
 * extensions"): supervised external processes driven by assertions in {@code $config}.
 *
 * <ul>
 *   <li>{@link org.syndicate.process.daemon.DaemonService}: the handler the server registers
 *       ({@code register} observes {@code <run-service <daemon ID>>} itself; {@code run} runs one
 *       service for a registry);
 *   <li>{@link org.syndicate.process.daemon.DaemonSpec}: the SPEC of {@code <daemon ID SPEC>}
 *       parsed with every default, errors as {@link org.syndicate.process.daemon.DaemonSpecException}
 *       naming the key;
 *   <li>{@link org.syndicate.process.daemon.RestartPolicy}, {@link
 *       org.syndicate.process.daemon.DaemonProtocol}: the {@code restart} and {@code protocol}
 *       keys;
 *   <li>{@link org.syndicate.process.daemon.DaemonOptions}: service-wide parameters (supervisor,
 *       restart delays, log backpressure);
 *   <li>{@link org.syndicate.process.daemon.ProcessLog}: the {@code <log …>} messages of §7.6;
 *   <li>{@code DaemonRun} (one supervisee: readiness and completion of the service), {@code
 *       DaemonProcess} (one process: spawn, restart table, start timeout, status, stop), {@code
 *       ProblemBoard} (the service's {@code <service-problem …>} assertions), {@code
 *       PendingStops} (stops under way per service, so that no two copies run at once).
 * </ul>
 */
package org.syndicate.process.daemon;
