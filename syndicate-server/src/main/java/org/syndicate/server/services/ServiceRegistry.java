package org.syndicate.server.services;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.Value;
import org.syndicate.supervise.Supervisor;

/**
 * Where service handlers are registered (reference note §6: "run-service is the only thing
 * service handlers react to"; the table "State each built-in service asserts").
 *
 * <p>For each registration, the registry observes {@code <run-service NAME>} at {@code $config}
 * with NAME matching the registration's pattern; for each distinct such assertion, while it
 * lasts:
 *
 * <ul>
 *   <li>supervised: a {@link Supervisor} runs the handler in a fresh supervisee actor, restarts
 *       it by the registration's parameters, and publishes {@code <service-state STATE-NAME
 *       started|failed|complete>}; it honours {@code <restart-service STATE-NAME>};
 *   <li>unsupervised: the handler runs in a linked actor; when it ends the service stays down
 *       until its {@code run-service} is asserted anew (reference B10). It publishes its own
 *       states, if any.
 * </ul>
 *
 * When the {@code run-service} is retracted, the run is stopped (its assertions go). A name that
 * no registration matches gets no reaction and no state: it stays visibly unstarted (reference
 * §6 "unknown service"). Usage:
 *
 * <pre>{@code
 * ServiceRegistry services = new ServiceRegistry(config);
 * services.register(t, ServiceRegistration.supervised("daemon",
 *     Patterns.rec("daemon", Patterns.bind()), SupervisorConfig.daemonDefaults(),
 *     (t2, svc) -> DaemonService.run(t2, svc)));
 * }</pre>
 */
public final class ServiceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistry.class);

  private final Ref config;
  private final List<ServiceRegistration> registrations = new CopyOnWriteArrayList<>();

  /** @param config the {@code $config} dataspace */
  public ServiceRegistry(Ref config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** @return the dataspace the registry watches. */
  public Ref config() {
    return config;
  }

  /** @return the registrations made so far (for diagnostics). */
  public List<ServiceRegistration> registrations() {
    return List.copyOf(registrations);
  }

  /**
   * Starts reacting to {@code <run-service NAME>} for names matching {@code r.namePattern()},
   * from a new child of the current facet.
   *
   * @param t the running turn
   * @param r the registration
   * @return the facet holding the registration; stop it to unregister (running services stop)
   */
  public Facet register(Turn t, ServiceRegistration r) {
    Objects.requireNonNull(r, "registration");
    registrations.add(r);
    return t.facet(
        t2 -> {
          t2.preventInertCheck();
          Subscriptions.during(
              t2,
              config,
              Patterns.rec("run-service", Patterns.bind(r.namePattern())),
              (t3, captures) -> run(t3, r, captures.get(0), captures.subList(1, captures.size())));
        });
  }

  private void run(Turn t, ServiceRegistration r, Value name, List<Value> captures) {
    if (!r.accepts().test(name)) return;
    Value stateName = r.stateName().apply(name);
    ServiceContext ctx = new ServiceContext(name, stateName, captures, config);
    if (r.isSupervised()) {
      LOG.info("{} service {}: starting (supervised)", r.description(), name);
      ctx.supervisor(Supervisor.start(t, config, stateName, r.supervision(), t2 -> boot(t2, r, ctx)));
    } else {
      LOG.info("{} service {}: starting", r.description(), name);
      t.spawnLink("service " + name, t2 -> boot(t2, r, ctx));
    }
    t.onStop(t2 -> LOG.info("{} service {}: stopped (run-service retracted)", r.description(), name));
  }

  private static void boot(Turn t, ServiceRegistration r, ServiceContext ctx) {
    ctx.run(t.actor());
    r.handler().run(t, ctx);
  }
}
