/**
 * The config watcher: the {@code <config-watcher PATH ENV>} service that loads every {@code *.pr}
 * file under PATH as a config script and keeps the loaded set in step with the file system
 * (reference note syndicate-server.md §5.9, §6; DESIGN.md "Errors", "Our extensions").
 *
 * <ul>
 *   <li>{@link org.syndicate.server.config.ConfigWatcher}: the service body, run in a facet; owns
 *       one child facet per loaded file and the {@code <config-error …>} assertions.
 *   <li>{@link org.syndicate.server.config.ConfigWatcherService}: its registration with the service
 *       registry (supervised; {@code ready} after the initial scan).
 *   <li>{@link org.syndicate.server.config.ConfigFileNames}: which names are config files, and
 *       the order files are loaded in.
 *   <li>{@link org.syndicate.server.config.ConfigFileReader}: reads and compiles one file into a
 *       {@link org.syndicate.server.config.FileSnapshot}, off the actor thread.
 *   <li>{@link org.syndicate.server.config.TreeWatcher}: the JDK {@code WatchService}, one watch
 *       per directory with our own recursion, and the debouncing of change events.
 * </ul>
 */
package org.syndicate.server.config;
