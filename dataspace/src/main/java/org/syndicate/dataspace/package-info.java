/**
 * Dataspaces (reference note syndicate-server.md §3; DESIGN.md "Dataspace index").
 *
 * <ul>
 *   <li>{@link org.syndicate.dataspace.Dataspace}: the entity: a bag of assertions, {@code
 *       <Observe pattern #:observer>} registrations, message routing.
 *   <li>{@link org.syndicate.dataspace.Pattern}, {@link org.syndicate.dataspace.GroupType}: the
 *       pattern language of dataspacePatterns.prs, read with {@code Pattern.parse} (errors name
 *       the position: {@link org.syndicate.dataspace.PatternException}) and built with {@link
 *       org.syndicate.dataspace.Patterns}.
 *   <li>{@link org.syndicate.dataspace.SkeletonIndex}: the matching index (dispatch on shape and
 *       constants, then project captures).
 *   <li>{@link org.syndicate.dataspace.Subscriptions}: {@code during}, {@code onMessage}, {@code
 *       onAssertedRetracted}, {@code observe}.
 * </ul>
 */
package org.syndicate.dataspace;
