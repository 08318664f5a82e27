package org.syndicate.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code syndicate}: the user's view of a server's system bus, like {@code systemctl} (issue 9).
 * Connects along a {@link Route} ({@code --route}, else {@code $SYNDICATE_ROUTE}, else the shipped
 * configuration's unix socket, {@link Route#defaultRoute()}), then:
 *
 * <ul>
 *   <li>{@code assert VALUE}: asserts VALUE until interrupted (Ctrl-C, SIGTERM);
 *   <li>{@code message VALUE}: sends VALUE as a message, waits until delivered;
 *   <li>{@code observe PATTERN}: prints {@code + X} / {@code - X} for each match that appears /
 *       goes, X being the whole matched value when PATTERN has no binder, else the sequence of
 *       captured values in binder order ({@link ClientPattern} gives the syntax); with {@code
 *       --messages}, prints {@code ! X} for each matching message instead;
 *   <li>{@code services}: the table of {@link ServiceTable} ({@code --watch} reprints it on
 *       changes); {@code --format=preserves} prints one Preserves dictionary per service
 *       ({@link ServiceTable#entries()}), {@code --format=json} the same as one JSON object per
 *       line ({@link JsonText});
 *   <li>{@code restart NAME}: sends {@code <restart-service NAME>} (status 1 if NAME has no
 *       {@code <run-service NAME>});
 *   <li>{@code require NAME}: asserts {@code <require-service NAME>} until interrupted, printing
 *       each state change of NAME.
 * </ul>
 *
 * <p>VALUE, PATTERN and NAME are Preserves text; output values are Preserves text as {@link
 * ClientText} writes them (embedded references as {@code #:<ref N>}). Exit status: 0 on success
 * (or when interrupted while holding an assertion), 1 when the server cannot be reached or drops
 * the connection, 2 for bad command-line input (usage, Preserves syntax, route, pattern or
 * {@code --format} errors); messages go to stderr, prefixed {@code syndicate: }.
 */
@Command(
    name = "syndicate",
    mixinStandardHelpOptions = true,
    version = "syndicate (client) 0.1.0-SNAPSHOT",
    description = "Talk to a Syndicate server's dataspace (by default the shipped config's $config).",
    subcommands = {
      SyndicateClient.AssertCmd.class,
      SyndicateClient.MessageCmd.class,
      SyndicateClient.ObserveCmd.class,
      SyndicateClient.ServicesCmd.class,
      SyndicateClient.RestartCmd.class,
      SyndicateClient.RequireCmd.class
    })
public final class SyndicateClient implements Callable<Integer> {
  @Option(names = "--route", paramLabel = "ROUTE", description = "<route [<tcp \"HOST\" PORT>|<unix \"PATH\">] STEP...> (default: $SYNDICATE_ROUTE, else the shipped config's socket)")
  String route;

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "How long to wait for the server's answers (default: ${DEFAULT-VALUE}).")
  double timeoutSeconds = 10.0;

  PrintStream out = System.out;

  /** Writes every value this run prints (one numbering of embedded references per run). */
  final ClientText text = new ClientText();

  /** Completing it ends a held command as Ctrl-C would (for tests). */
  final CompletableFuture<Void> stop = new CompletableFuture<>();

  @Override
  public Integer call() {
    new CommandLine(this).usage(System.err);
    return ClientException.USAGE;
  }

  Duration timeout() {
    return Duration.ofMillis((long) (timeoutSeconds * 1000));
  }

  Route resolveRoute() {
    String text = route != null ? route : System.getenv("SYNDICATE_ROUTE");
    if (text == null || text.isBlank()) return Route.defaultRoute();
    try {
      return Route.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ClientException(ClientException.USAGE, e.getMessage());
    }
  }

  ClientConnection connect() {
    return ClientConnection.open(resolveRoute(), timeout(), text);
  }

  static Value parseValue(String what, String text) {
    try {
      return TextReader.parse(text).strip();
    } catch (PreservesException e) {
      throw new ClientException(ClientException.USAGE, "bad " + what + " " + text + ": " + e.getMessage());
    }
  }

  /**
   * Blocks until Ctrl-C/SIGTERM (the JVM then runs the shutdown hook, which closes the
   * connection), until {@link #stop} completes (tests), or until the server ends the connection.
   */
  int hold(ClientConnection c) {
    Thread hook = new Thread(c::close, "syndicate-client-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    onInterrupt(() -> stop.complete(null));
    CompletableFuture.anyOf(c.closed(), stop).join();
    if (stop.isDone()) {
      c.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // already shutting down
      }
      return 0;
    }
    if (c.isClosing()) return 0;
    Throwable why = c.closed().join();
    System.err.println("syndicate: the server closed the connection" + (why == null ? "" : ": " + why.getMessage()));
    return ClientException.CONNECTION;
  }

  /**
   * Makes SIGINT (Ctrl-C) and SIGTERM end a held command normally (exit status 0, connection
   * closed so the server retracts what it held) instead of the JVM's default exit with status
   * 128+signal. Falls back to that default where the JVM does not allow signal handlers.
   */
  @SuppressWarnings("removal")
  private static void onInterrupt(Runnable action) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), sig -> action.run());
      } catch (IllegalArgumentException | UnsupportedOperationException e) {
        // keep the JVM's default handling (shutdown hook closes the connection)
      }
    }
  }

  abstract static class Sub implements Callable<Integer> {
    @ParentCommand SyndicateClient top;

    /** {@code COMMAND --help}: picocli prints this command's usage and the exit status is 0. */
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Override
    public final Integer call() {
      try {
        return run();
      } catch (ClientException e) {
        System.err.println("syndicate: " + e.getMessage());
        return e.exitCode();
      } catch (RuntimeException e) {
        System.err.println("syndicate: unexpected failure: " + e);
        return ClientException.CONNECTION;
      }
    }

    abstract int run();
  }

  /** {@code assert VALUE}. */
  @Command(name = "assert", description = "Assert VALUE until interrupted (Ctrl-C).")
  static final class AssertCmd extends Sub {
    @Parameters(paramLabel = "VALUE", description = "Preserves text")
    String value;

    @Override
    int run() {
      Value v = parseValue("value", value);
      ClientConnection c = top.connect();
      c.run(t -> t.publish(c.target(), v));
      c.sync(top.timeout());
      System.err.println("syndicate: asserted " + top.text.text(v) + " (Ctrl-C to retract)");
      return top.hold(c);
    }
  }

  /** {@code message VALUE}. */
  @Command(name = "message", description = "Send VALUE as a message.")
  static final class MessageCmd extends Sub {
    @Parameters(paramLabel = "VALUE", description = "Preserves text")
    String value;

    @Override
    int run() {
      Value v = parseValue("value", value);
      try (ClientConnection c = top.connect()) {
        c.run(t -> t.message(c.target(), v));
        c.sync(top.timeout());
      }
      return 0;
    }
  }

  /** {@code observe PATTERN}. */
  @Command(name = "observe", description = "Print '+ X' / '- X' as matches of PATTERN appear and go (X: the value, or [captures...] when PATTERN has ?binders); with --messages, '! X' per matching message.")
  static final class ObserveCmd extends Sub {
    @Parameters(paramLabel = "PATTERN", description = "script pattern: _ ?x <?x P> =sym, e.g. '<service-state ?name ready>'")
    String pattern;

    @Option(names = "--messages", description = "Print '! X' for each message matching PATTERN (instead of assertions).")
    boolean messages;

    @Override
    int run() {
      ClientPattern p;
      try {
        p = ClientPattern.compile(parseValue("pattern", pattern));
      } catch (IllegalArgumentException e) {
        throw new ClientException(ClientException.USAGE, "bad pattern " + pattern + ": " + e.getMessage());
      }
      boolean whole = p.binders().isEmpty();
      var dp = whole ? Patterns.bind(p.pattern()) : p.pattern();
      PrintStream out = top.out;
      ClientText text = top.text;
      ClientConnection c = top.connect();
      if (messages) {
        c.run(t -> Subscriptions.onMessage(
            t, c.target(), dp, (t2, caps) -> line(c, out, text, '!', whole ? caps.get(0) : Sequence.of(caps))));
        c.sync(top.timeout()); // listening from here on: report a dead route now, not at Ctrl-C
        return top.hold(c);
      }
      c.run(t -> Subscriptions.onAssertedRetracted(
          t, c.target(), dp,
          (t2, caps) -> line(c, out, text, '+', whole ? caps.get(0) : Sequence.of(caps)),
          (t2, caps) -> line(c, out, text, '-', whole ? caps.get(0) : Sequence.of(caps))));
      return top.hold(c);
    }

    private static void line(ClientConnection c, PrintStream out, ClientText text, char sign, Value v) {
      if (c.isClosing()) return; // our own retraction of everything at exit is not news
      synchronized (out) {
        out.println(sign + " " + text.text(v));
        out.flush();
      }
    }
  }

  /** {@code services}. */
  @Command(name = "services", description = "Show every service with its states, pids, restarts and problems.")
  static final class ServicesCmd extends Sub {
    @Option(names = "--watch", description = "Keep running and print everything again on each change (each time followed by an empty line).")
    boolean watch;

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (a table, the default), preserves (one dictionary per service per line) or json (one object per service per line).")
    String format = "text";

    @Override
    int run() {
      Format f = Format.of(format);
      PrintStream out = top.out;
      ClientConnection c = top.connect();
      if (!watch) {
        try (c) {
          out.print(ServicesQuery.snapshot(c, top.timeout(), top.text, table -> f.render(table, top.text)));
          out.flush();
        }
        return 0;
      }
      ServiceTable table = new ServiceTable(top.text);
      boolean[] live = {false};
      Runnable changed = () -> {
        if (live[0] && !c.isClosing()) {
          synchronized (out) {
            out.println(f.render(table, top.text));
            out.flush();
          }
        }
      };
      c.run(t -> ServicesQuery.observe(t, c.target(), table, changed));
      c.sync(top.timeout());
      c.run(t -> {
        live[0] = true;
        changed.run();
      });
      return top.hold(c);
    }
  }

  /** The output forms of {@code services}. */
  enum Format {
    /** The table of {@link ServiceTable#render()}. */
    TEXT,
    /** One line per service: the Preserves text of its {@link ServiceTable#entries()} dictionary. */
    PRESERVES,
    /** One line per service: the {@link JsonText} of that dictionary. */
    JSON;

    static Format of(String name) {
      return switch (name) {
        case "text" -> TEXT;
        case "preserves" -> PRESERVES;
        case "json" -> JSON;
        default -> throw new ClientException(ClientException.USAGE, "bad --format " + name + ": expected text, preserves or json");
      };
    }

    /** @return the whole output for the table's current rows, each line ending in a newline */
    String render(ServiceTable table, ClientText text) {
      if (this == TEXT) return table.render();
      StringBuilder sb = new StringBuilder();
      for (Value e : table.entries()) sb.append(this == JSON ? JsonText.json(e, text) : text.text(e)).append('\n');
      return sb.toString();
    }
  }

  /** {@code restart NAME}. */
  @Command(name = "restart", description = "Ask service NAME to restart (<restart-service NAME>); fails if NAME is not running.")
  static final class RestartCmd extends Sub {
    @Parameters(paramLabel = "NAME", description = "service name, Preserves text, e.g. '<daemon web>'")
    String name;

    @Override
    int run() {
      Value n = parseValue("service name", name);
      try (ClientConnection c = top.connect()) {
        int[] running = {0};
        c.run(t -> Subscriptions.onAssertedRetracted(t, c.target(), Patterns.rec("run-service", Patterns.lift(n)),
            (t2, x) -> running[0]++, (t2, x) -> running[0]--));
        c.sync(top.timeout());
        boolean[] known = {false};
        c.run(t -> known[0] = running[0] > 0);
        c.sync(top.timeout());
        if (!known[0]) {
          throw new ClientException(ClientException.CONNECTION, "service " + top.text.text(n) + " is not running (no <run-service …> for it)");
        }
        c.run(t -> t.message(c.target(), RecordValue.of("restart-service", n)));
        c.sync(top.timeout());
      }
      return 0;
    }
  }

  /** {@code require NAME}. */
  @Command(name = "require", description = "Require service NAME until interrupted (Ctrl-C), printing its state changes.")
  static final class RequireCmd extends Sub {
    @Parameters(paramLabel = "NAME", description = "service name, Preserves text, e.g. '<daemon on-demand>'")
    String name;

    @Override
    int run() {
      Value n = parseValue("service name", name);
      PrintStream out = top.out;
      ClientText text = top.text;
      ClientConnection c = top.connect();
      c.run(t -> {
        t.publish(c.target(), RecordValue.of("require-service", n));
        Subscriptions.onAssertedRetracted(t, c.target(), Patterns.rec("service-state", Patterns.lift(n), Patterns.bind()),
            (t2, x) -> say(c, out, "+ " + text.text(x.get(0))),
            (t2, x) -> say(c, out, "- " + text.text(x.get(0))));
      });
      c.sync(top.timeout());
      return top.hold(c);
    }

    private static void say(ClientConnection c, PrintStream out, String s) {
      if (c.isClosing()) return;
      synchronized (out) {
        out.println(s);
        out.flush();
      }
    }
  }

  /**
   * Runs the client.
   *
   * @param args the command line
   * @return the exit status
   */
  public static int execute(String... args) {
    return new CommandLine(new SyndicateClient()).execute(args);
  }

  /**
   * Runs the client in this process, printing results on {@code out}, for tests and embedding.
   *
   * @param out where results and {@code --help} output go (errors still go to {@code System.err})
   * @param stop completing it ends a command that holds (assert, observe, require, services
   *     --watch) as Ctrl-C would
   * @param args the command line
   * @return the exit status
   */
  public static int execute(PrintStream out, CompletableFuture<Void> stop, String... args) {
    SyndicateClient c = new SyndicateClient();
    c.out = out;
    stop.thenRun(() -> c.stop.complete(null));
    return new CommandLine(c).setOut(new java.io.PrintWriter(out, true)).execute(args);
  }

  /**
   * Entry point of {@code bin/syndicate}.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    System.exit(execute(args));
  }
}
