/**
 * The service and dependency system of the server (reference note syndicate-server.md §6,
 * Appendix A; DESIGN.md "The one picture").
 *
 * <ul>
 *   <li>{@link org.syndicate.server.services.DependencyTracker}: turns {@code <require-service
 *       N>} plus {@code <depends-on N D>} into {@code <run-service N>} while every D holds.
 *   <li>{@link org.syndicate.server.services.ServiceRegistry}: runs a {@link
 *       org.syndicate.server.services.ServiceHandler} for each {@code <run-service NAME>} whose
 *       name matches a registered pattern, supervised ({@link org.syndicate.supervise.Supervisor})
 *       or as a linked actor.
 *   <li>{@link org.syndicate.server.services.ServiceRecords}: the records of {@code
 *       service.prs} built as values, and the state symbols.
 *   <li>{@link org.syndicate.server.services.DependencyGraph}: a live copy of the {@code
 *       depends-on} edges, for the shutdown order ({@link org.syndicate.server.Shutdown}).
 * </ul>
 */
package org.syndicate.server.services;
