package org.syndicate.server.services;

import java.util.Objects;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.syndicate.dataspace.Pattern;
import org.syndicate.preserves.Value;
import org.syndicate.supervise.SupervisorConfig;

/**
 * One kind of service for {@link ServiceRegistry}: "when {@code <run-service NAME>} appears with
 * NAME matching {@code namePattern}, run {@code handler}".
 *
 * @param description for logs, e.g. {@code "daemon"}
 * @param namePattern matched against NAME (dataspace patterns are open: a name with extra
 *     fields matches too, as in the reference, §6); its captures go to {@link
 *     ServiceContext#captures()}
 * @param supervision the supervisor parameters, or null to run the handler unsupervised in a
 *     linked actor (the reference's gatekeeper, http-router, debt-reporter)
 * @param stateName maps NAME to the name the service's states are published under
 * @param handler what each run does
 * @param accepts which matching NAMEs this registration runs (others get no reaction from it),
 *     e.g. only the 2-field form of a name whose longer forms another registration handles
 */
public record ServiceRegistration(
    String description,
    Pattern namePattern,
    SupervisorConfig supervision,
    UnaryOperator<Value> stateName,
    ServiceHandler handler,
    Predicate<Value> accepts) {
  /** Checks that nothing but {@code supervision} is null. */
  public ServiceRegistration {
    Objects.requireNonNull(accepts, "accepts");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(namePattern, "namePattern");
    Objects.requireNonNull(stateName, "stateName");
    Objects.requireNonNull(handler, "handler");
  }

  /**
   * @param description for logs
   * @param namePattern which names
   * @param supervision the supervisor parameters (e.g. {@link SupervisorConfig#defaults()})
   * @param handler what each run does
   * @return a supervised registration, states under NAME itself
   */
  public static ServiceRegistration supervised(
      String description, Pattern namePattern, SupervisorConfig supervision, ServiceHandler handler) {
    return new ServiceRegistration(
        description, namePattern, Objects.requireNonNull(supervision, "supervision"), UnaryOperator.identity(), handler, n -> true);
  }

  /**
   * @param description for logs
   * @param namePattern which names
   * @param handler what each run does (in a linked actor; not restarted)
   * @return an unsupervised registration, states under NAME itself
   */
  public static ServiceRegistration unsupervised(String description, Pattern namePattern, ServiceHandler handler) {
    return new ServiceRegistration(description, namePattern, null, UnaryOperator.identity(), handler, n -> true);
  }

  /**
   * @param mapping NAME to the published state name
   * @return a copy publishing states under {@code mapping(NAME)}
   */
  public ServiceRegistration withStateName(UnaryOperator<Value> mapping) {
    return new ServiceRegistration(description, namePattern, supervision, mapping, handler, accepts);
  }

  /**
   * @param filter which names (already matching {@code namePattern}) this registration runs
   * @return a copy that ignores {@code <run-service NAME>} unless {@code filter} accepts NAME
   */
  public ServiceRegistration onlyFor(Predicate<Value> filter) {
    return new ServiceRegistration(description, namePattern, supervision, stateName, handler, Objects.requireNonNull(filter, "filter"));
  }

  /** @return true when runs are supervised. */
  public boolean isSupervised() {
    return supervision != null;
  }
}
