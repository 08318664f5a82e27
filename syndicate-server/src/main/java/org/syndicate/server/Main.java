package org.syndicate.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.syndicate.actor.Tracer;
import org.syndicate.server.transport.RelayEngine;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code syndicate-server}: the command line of the reference (reference note
 * syndicate-server.md §1), parsed with picocli. Each flag only asserts the matching {@code
 * <run-service …>} into {@code $config} ({@link Server#runServices}); {@code --bind} is ours (the
 * host for {@code -p}, default {@code 0.0.0.0} as the reference), and so is {@code
 * --shutdown-timeout} ({@link Shutdown}). Runs until SIGTERM, SIGINT or SIGHUP, or until {@code
 * $control} receives {@code <exit CODE>}, and then shuts down in order ({@link Server#exit}).
 */
@Command(
    name = "syndicate-server",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Syndicate dataspace server (wire- and config-compatible with syndicate-rs 0.51).")
public final class Main implements Callable<Integer> {
  @Option(names = {"-p", "--port"}, paramLabel = "PORT", description = "Listen for TCP connections on PORT (repeatable).")
  List<Integer> ports = new ArrayList<>();

  @Option(names = "--bind", paramLabel = "ADDRESS", description = "Address for -p listeners (default: ${DEFAULT-VALUE}).")
  String bind = "0.0.0.0";

  @Option(names = {"-s", "--socket"}, paramLabel = "PATH", description = "Listen on the unix socket PATH (repeatable).")
  List<String> sockets = new ArrayList<>();

  @Option(names = {"-c", "--config"}, paramLabel = "PATH", description = "Load and watch the config file or directory PATH (repeatable).")
  List<String> configs = new ArrayList<>();

  @Option(names = "--inferior", description = "Serve $config at OID 0 over stdin/stdout (implies --no-banner).")
  boolean inferior;

  @Option(names = "--debt-reporter", description = "Log flow-control debt once a second.")
  boolean debtReporter;

  @Option(names = "--no-banner", description = "Do not print the banner on stderr.")
  boolean noBanner;

  @Option(names = "--control", description = "Bind $control in config scripts (<exit CODE> exits).")
  boolean control;

  @Option(names = "--shutdown-timeout", paramLabel = "SECONDS",
      description = "At exit (SIGTERM, SIGINT, SIGHUP or <exit N>), stop services in reverse dependency order"
          + " within SECONDS, then SIGKILL what is left (default: ${DEFAULT-VALUE}).")
  double shutdownTimeout = 30.0;

  @Option(names = {"-t", "--trace-file"}, paramLabel = "PATH", description = "Write a causal trace to PATH.")
  String traceFile;

  /** The version printed by {@code --version}. */
  public static final String VERSION = "0.1.0-SNAPSHOT (syndicate-server 0.51 compatible, Preserves 0.996)";

  /** picocli version provider. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"syndicate-server " + VERSION};
    }
  }

  @Override
  public Integer call() throws Exception {
    if (!(shutdownTimeout >= 0) || shutdownTimeout > 1e9) {
      throw new CommandLine.ParameterException(new CommandLine(this), "Invalid --shutdown-timeout (seconds, 0 or more): " + shutdownTimeout);
    }
    for (int p : ports) {
      if (p < 0 || p > 65535) throw new CommandLine.ParameterException(new CommandLine(this), "Invalid TCP port number: " + p);
    }
    if (traceFile != null) {
      TraceFile trace;
      try {
        trace = TraceFile.open(Path.of(traceFile));
      } catch (IOException | RuntimeException e) {
        System.err.println("syndicate-server: cannot create trace file " + traceFile + ": " + e);
        return 1;
      }
      Tracer.installDefault(trace); // before any actor exists: every actor is traced
      Runtime.getRuntime().addShutdownHook(new Thread(trace::close, "syndicate-trace-close"));
    }
    if (!noBanner && !inferior) System.err.println(banner());
    ServerOptions o = new ServerOptions(ports, bind, sockets, configs, inferior, debtReporter, control, traceFile,
        java.time.Duration.ofNanos((long) (shutdownTimeout * 1e9)));
    Server server = Server.start(o, RelayEngine.INSTANCE);
    server.refs().get();
    handleSignals(server);
    Thread.currentThread().join(); // runs until Server.exit halts the JVM
    return 0;
  }

  /**
   * SIGTERM, SIGINT and SIGHUP (ours; the reference has none and dies of the default action,
   * reference note §1, which for SIGHUP also terminates): the first one runs the orderly shutdown
   * ({@link Server#exit}) and exits with 128 + the signal number (143, 130, 129, as the default
   * action reports it to a shell); another one during the shutdown skips to SIGKILL for every
   * daemon process left. A signal ignored when the server started (e.g. SIGHUP under {@code
   * nohup}) stays ignored; where the JVM refuses a handler, the default (JVM shutdown hook) stays.
   */
  @SuppressWarnings("removal")
  static void handleSignals(Server server) {
    for (String name : new String[] {"TERM", "INT", "HUP"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> server.exit(128 + sig.getNumber(), "SIG" + name, true));
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        System.err.println("syndicate-server: cannot handle SIG" + name + ": " + e.getMessage());
      }
    }
  }

  static String banner() {
    return String.join(
        "\n",
        "  ____                  _ _           _",
        " / ___| _   _ _ __   __| (_) ___ __ _| |_ ___",
        " \\___ \\| | | | '_ \\ / _` | |/ __/ _` | __/ _ \\",
        "  ___) | |_| | | | | (_| | | (_| (_| | ||  __/",
        " |____/ \\__, |_| |_|\\__,_|_|\\___\\__,_|\\__\\___|",
        "        |___/",
        " syndicate-server " + VERSION);
  }

  /**
   * Parses {@code args} and runs the server; exits with 2 on a usage error.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    int rc = new CommandLine(new Main()).execute(args);
    System.exit(rc);
  }
}
