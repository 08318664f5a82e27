package org.syndicate.server.services;

import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.service.RequireService;
import org.syndicate.schemas.service.RestartService;
import org.syndicate.schemas.service.RunService;
import org.syndicate.schemas.service.ServiceDependency;
import org.syndicate.schemas.service.ServiceObject;
import org.syndicate.schemas.service.ServiceState;
import org.syndicate.schemas.service.State;

/**
 * The records of {@code service.prs} as Preserves values (reference note §6, Appendix A), built
 * through the generated schema types.
 */
public final class ServiceRecords {
  /** {@code started}. */
  public static final Symbol STARTED = Symbol.of("started");
  /** {@code ready} (asserted in addition to {@code started}). */
  public static final Symbol READY = Symbol.of("ready");
  /** {@code failed}. */
  public static final Symbol FAILED = Symbol.of("failed");
  /** {@code complete}. */
  public static final Symbol COMPLETE = Symbol.of("complete");

  private ServiceRecords() {}

  /** @param name a service name @return {@code <require-service name>} */
  public static Value requireService(Value name) {
    return new RequireService(name).unparse();
  }

  /** @param name a service name @return {@code <run-service name>} */
  public static Value runService(Value name) {
    return new RunService(name).unparse();
  }

  /** @param name a service name @return {@code <restart-service name>} (a message) */
  public static Value restartService(Value name) {
    return new RestartService(name).unparse();
  }

  /**
   * @param name a service name
   * @param state {@link #STARTED}, {@link #READY}, {@link #FAILED}, {@link #COMPLETE} or any
   *     user-defined value
   * @return {@code <service-state name state>}
   */
  public static Value serviceState(Value name, Value state) {
    return new ServiceState(name, State.parse(state)).unparse();
  }

  /**
   * @param name a service name
   * @param object what the service offers, usually an embedded ref
   * @return {@code <service-object name object>}
   */
  public static Value serviceObject(Value name, Value object) {
    return new ServiceObject(name, object).unparse();
  }

  /**
   * @param depender the service that waits
   * @param dependee the service it waits for
   * @param state the state it waits for (usually {@link #READY})
   * @return {@code <depends-on depender <service-state dependee state>>}
   */
  public static Value dependsOn(Value depender, Value dependee, Value state) {
    return new ServiceDependency(depender, new ServiceState(dependee, State.parse(state))).unparse();
  }
}
