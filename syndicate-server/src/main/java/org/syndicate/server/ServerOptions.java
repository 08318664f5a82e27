package org.syndicate.server;

import java.util.List;

/**
 * What the command line asks for (reference note syndicate-server.md §1). Every field only leads
 * to {@code <run-service …>} assertions in {@code $config}, except {@code inferior} (a relay on
 * stdin/stdout), {@code control} (the {@code $control} binding) and {@code traceFile}.
 *
 * @param ports TCP ports, each a {@code <relay-listener <tcp BIND PORT> #:$gatekeeper>}
 * @param bindAddress the host for {@code ports} ({@code "0.0.0.0"} as the reference)
 * @param sockets unix socket paths, each a {@code <relay-listener <unix PATH> #:$gatekeeper>}
 * @param configs config paths, each a {@code <config-watcher "PATH" ENV>}
 * @param inferior serve {@code $config} at OID 0 over stdin/stdout
 * @param debtReporter assert {@code <debt-reporter 1.0>}
 * @param control add {@code $control} (message {@code <exit CODE>} exits the process)
 * @param traceFile where to write the causal trace, or null
 */
public record ServerOptions(
    List<Integer> ports,
    String bindAddress,
    List<String> sockets,
    List<String> configs,
    boolean inferior,
    boolean debtReporter,
    boolean control,
    String traceFile) {
  /** Copies the lists. */
  public ServerOptions {
    ports = List.copyOf(ports);
    sockets = List.copyOf(sockets);
    configs = List.copyOf(configs);
  }

  /** @return options with nothing enabled, binding {@code 0.0.0.0}. */
  public static ServerOptions none() {
    return new ServerOptions(List.of(), "0.0.0.0", List.of(), List.of(), false, false, false, null);
  }
}
