package org.syndicate.server.services;

import java.util.List;
import java.util.Objects;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Value;
import org.syndicate.supervise.Supervisor;

/**
 * What a {@link ServiceHandler} gets about its service: the name from {@code <run-service
 * NAME>}, the name its state is published under, the captures of the registration's pattern,
 * and the {@code $config} dataspace. Immutable once the handler runs.
 */
public final class ServiceContext {
  private final Value name;
  private final Value stateName;
  private final List<Value> captures;
  private final Ref config;
  private volatile Supervisor supervisor;
  private volatile Actor run;

  ServiceContext(Value name, Value stateName, List<Value> captures, Ref config) {
    this.name = Objects.requireNonNull(name, "name");
    this.stateName = Objects.requireNonNull(stateName, "stateName");
    this.captures = List.copyOf(captures);
    this.config = Objects.requireNonNull(config, "config");
  }

  void supervisor(Supervisor s) {
    supervisor = s;
  }

  void run(Actor a) {
    run = a;
  }

  /** @return the actor of the current run (the supervisee, or the linked actor). */
  public Actor actor() {
    return run;
  }

  /**
   * Fails the current run from any of its facets (where throwing would only stop that facet):
   * its actor ends with an error once this turn commits, so a supervised service goes {@code
   * failed} and is restarted by its supervisor's rules, and an unsupervised one stops.
   *
   * @param t a turn of the run's actor
   * @param reason why (logged by the supervisor)
   * @throws IllegalStateException if {@code t} is not a turn of the current run's actor
   */
  public void fail(Turn t, String reason) {
    if (t.actor() != run) {
      throw new IllegalStateException("fail() must be called from the service's own actor " + run + ", not " + t.actor());
    }
    Supervisor.crash(t, new ServiceFailure(stateName + ": " + reason));
  }

  /** The error a run fails with through {@link #fail}. */
  public static final class ServiceFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ServiceFailure(String message) {
      super(message, null, false, false);
    }
  }

  /** @return the service name exactly as in {@code <run-service NAME>}. */
  public Value name() {
    return name;
  }

  /**
   * @return the name under which states are published: {@link #name()} unless the registration
   *     maps it (e.g. dropping the extra fields of a service name, reference note §6)
   */
  public Value stateName() {
    return stateName;
  }

  /** @return the values captured by the registration's name pattern, in pattern order. */
  public List<Value> captures() {
    return captures;
  }

  /** @return the dataspace where the service's requests and states live ({@code $config}). */
  public Ref config() {
    return config;
  }

  /** @return the supervisor of a supervised service, or null for an unsupervised one. */
  public Supervisor supervisor() {
    return supervisor;
  }

  /**
   * Asserts {@code <service-state STATE-NAME ready>} from the current facet (so it goes when
   * that facet, or the run, ends).
   *
   * @param t the running turn
   * @return the handle
   */
  public long ready(Turn t) {
    return state(t, ServiceRecords.READY);
  }

  /**
   * Asserts {@code <service-state STATE-NAME state>} from the current facet.
   *
   * @param t the running turn
   * @param state any state value
   * @return the handle
   */
  public long state(Turn t, Value state) {
    return t.publish(config, ServiceRecords.serviceState(stateName, state));
  }

  /**
   * Asserts {@code <service-object STATE-NAME object>} from the current facet.
   *
   * @param t the running turn
   * @param object what the service offers
   * @return the handle
   */
  public long publishObject(Turn t, Value object) {
    return t.publish(config, ServiceRecords.serviceObject(stateName, object));
  }

  @Override
  public String toString() {
    return "ServiceContext[" + name + "]";
  }
}
