package org.syndicate.server.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.schema.SchemaParseException;
import org.syndicate.server.services.ServiceContext;
import org.syndicate.server.services.ServiceRegistration;
import org.syndicate.supervise.SupervisorConfig;

/**
 * The {@code <config-watcher PATH ENV>} service for the {@link
 * org.syndicate.server.services.ServiceRegistry} (reference note syndicate-server.md §5.9, §6 table
 * "State each built-in service asserts"; internalServices.prs {@code ConfigWatcher}).
 *
 * <p>Supervised with the default supervisor (restart always: 200 ms, or 10 s after two restarts
 * within 5 s, §7.5), which publishes {@code started}, {@code failed} and {@code complete}; the
 * watcher adds {@code <service-state NAME ready>} once its initial scan is applied. A missing PATH
 * or a malformed name fails the run (so the state is {@code failed} and the supervisor retries
 * until PATH exists). {@code <restart-service NAME>} stops the run normally ({@code complete}); the
 * supervisor starts it again, which reloads every file. Names with extra fields match too (the
 * reference's open patterns, §6 "Extra fields in service names").
 *
 * <pre>{@code
 * new ServiceRegistry(config).register(t, ConfigWatcherService.registration());
 * }</pre>
 */
public final class ConfigWatcherService {
  private ConfigWatcherService() {}

  /** @return the registration with default watcher options and the default supervisor. */
  public static ServiceRegistration registration() {
    return registration(ConfigWatcher.Options.DEFAULT, SupervisorConfig.defaults());
  }

  /**
   * @param options the watcher's parameters and limits
   * @param supervision the supervisor's parameters
   * @return the registration for names {@code <config-watcher _ _>}
   */
  public static ServiceRegistration registration(ConfigWatcher.Options options, SupervisorConfig supervision) {
    return ServiceRegistration.supervised(
        "config-watcher",
        Patterns.rec("config-watcher", Patterns.discard(), Patterns.discard()),
        supervision,
        (t, svc) -> run(t, svc, options));
  }

  /**
   * One run of the service, in the supervisee's root facet.
   *
   * @param t the first turn of the run
   * @param svc the service
   * @param options the watcher's parameters
   * @throws IllegalArgumentException if the name is not {@code <config-watcher "PATH" {…}>} (the
   *     run fails)
   * @throws java.io.UncheckedIOException if PATH does not exist (the run fails)
   */
  public static void run(Turn t, ServiceContext svc, ConfigWatcher.Options options) {
    org.syndicate.schemas.internalservices.ConfigWatcher name;
    try {
      name = org.syndicate.schemas.internalservices.ConfigWatcher.parse(svc.name());
    } catch (SchemaParseException e) {
      throw new IllegalArgumentException("not a config-watcher service name: " + e.getMessage(), e);
    }
    Path path;
    try {
      path = Path.of(name.path());
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("config-watcher: invalid path " + name.path() + ": " + e.getMessage(), e);
    }
    RecordValue record = (RecordValue) svc.name().strip();
    ConfigWatcher.start(t, path, record.field(1), options, svc::ready);
  }
}
