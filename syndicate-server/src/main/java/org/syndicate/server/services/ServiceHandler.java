package org.syndicate.server.services;

import org.syndicate.actor.Turn;

/**
 * What a service does while it runs (reference note §6: "run-service is the only thing service
 * handlers react to"). Registered with {@link ServiceRegistry}.
 */
@FunctionalInterface
public interface ServiceHandler {
  /**
   * Boots one run of the service. Runs as the first turn of a fresh actor (the supervisee for a
   * supervised service, a linked actor otherwise), in its root facet: everything it asserts is
   * retracted when the run ends. Throwing here, or later in code of the root facet, fails the
   * run; a supervised service is then restarted. From a child facet (where a throw stops only
   * that facet), fail the run with {@link ServiceContext#fail}. To end the run normally, stop
   * the actor ({@link Turn#stopActor()}).
   *
   * @param t the first turn of the run's actor
   * @param service the name, captures and dataspace of this service
   */
  void run(Turn t, ServiceContext service);
}
