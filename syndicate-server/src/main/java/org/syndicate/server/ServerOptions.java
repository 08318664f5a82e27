package org.syndicate.server;

import java.time.Duration;
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
 * @param shutdownTimeout the overall shutdown deadline ({@code --shutdown-timeout}, ours): after
 *     it every daemon process left gets SIGKILL ({@link Shutdown}); default 30 s
 */
public record ServerOptions(
    List<Integer> ports,
    String bindAddress,
    List<String> sockets,
    List<String> configs,
    boolean inferior,
    boolean debtReporter,
    boolean control,
    String traceFile,
    Duration shutdownTimeout) {
  /** The default of {@code --shutdown-timeout}: 30 s. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  /** Copies the lists; checks the timeout (not negative). */
  public ServerOptions {
    ports = List.copyOf(ports);
    sockets = List.copyOf(sockets);
    configs = List.copyOf(configs);
    if (shutdownTimeout == null) shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    if (shutdownTimeout.isNegative()) throw new IllegalArgumentException("negative shutdown timeout");
  }

  /**
   * The options with the default shutdown timeout.
   *
   * @param ports TCP ports
   * @param bindAddress the host for {@code ports}
   * @param sockets unix socket paths
   * @param configs config paths
   * @param inferior serve {@code $config} over stdin/stdout
   * @param debtReporter assert {@code <debt-reporter 1.0>}
   * @param control add {@code $control}
   * @param traceFile the causal trace file, or null
   */
  public ServerOptions(
      List<Integer> ports,
      String bindAddress,
      List<String> sockets,
      List<String> configs,
      boolean inferior,
      boolean debtReporter,
      boolean control,
      String traceFile) {
    this(ports, bindAddress, sockets, configs, inferior, debtReporter, control, traceFile, DEFAULT_SHUTDOWN_TIMEOUT);
  }

  /** @return options with nothing enabled, binding {@code 0.0.0.0}. */
  public static ServerOptions none() {
    return new ServerOptions(List.of(), "0.0.0.0", List.of(), List.of(), false, false, false, null);
  }
}
