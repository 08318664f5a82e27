package org.syndicate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.e2e.Launchers.*;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orderly shutdown (README "Shutdown"; {@code org.syndicate.server.Shutdown}), end to end with
 * {@code bin/syndicate-server} as a separate process and real daemons: three daemons A ← B ← C (C
 * depends on B, B on A) append {@code stop NAME} to a shared file when they get SIGTERM and exit.
 * After {@code $control ! <exit 0>}, and separately after SIGTERM to the server, the file reads C,
 * B, A and the exit status is 0, resp. 143. A daemon that ignores SIGTERM is killed at its own
 * {@code stopTimeout}, and its dependees then stop (not the overall deadline); the overall
 * deadline ({@code --shutdown-timeout}) kills what is left; a second signal skips to SIGKILL; a
 * dependency cycle does not hang the shutdown. After each, no process of the test is left. Every
 * daemon's command line carries a marker unique to the test run, so leftovers are found by it;
 * nothing is timed (every wait polls with a generous deadline).
 */
class ShutdownOrderIT {
  @TempDir Path tmp;

  private final String marker = "shutdown-it-" + System.nanoTime();

  /** A daemon that appends "stop NAME" to {@code file} on SIGTERM and exits 0; writes its pid first. */
  private String polite(String name, Path file) {
    return "<daemon " + name + " \"trap 'echo stop " + name + " >> " + file + "; exit 0' TERM; echo $$ > "
        + tmp.resolve(name + ".pid") + "; while :; do sleep 0.1; done # " + marker + "\">\n";
  }

  /** A daemon that appends "term NAME" on SIGTERM and goes on running, with the given stopTimeout. */
  private String stubborn(String name, Path file, String stopTimeout) {
    return "<daemon " + name + " {argv: \"trap 'echo term " + name + " >> " + file + "' TERM; echo $$ > "
        + tmp.resolve(name + ".pid") + "; while :; do sleep 0.1; done # " + marker + "\" stopTimeout: " + stopTimeout + "}>\n";
  }

  private static String chain() {
    return "<require-service <daemon c>>\n"
        + "<depends-on <daemon c> <service-state <daemon b> ready>>\n"
        + "<depends-on <daemon b> <service-state <daemon a> ready>>\n";
  }

  private Path config(String text) throws IOException {
    Path cfg = Files.createDirectories(tmp.resolve("config"));
    Files.writeString(cfg.resolve("daemons.pr"), text);
    return cfg;
  }

  private List<String> lines(Path file) throws IOException {
    return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
  }

  /** Waits until each named daemon has written its pid file; returns the pids. */
  private List<Long> awaitPids(ServerProcess server, String... names) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    List<Long> pids = new ArrayList<>();
    for (String n : names) {
      Path f = tmp.resolve(n + ".pid");
      while (true) {
        String s = Files.exists(f) ? Files.readString(f).trim() : "";
        if (!s.isEmpty()) {
          pids.add(Long.parseLong(s));
          break;
        }
        if (!server.process().isAlive() || System.nanoTime() > deadline) {
          throw new AssertionError("daemon " + n + " never started; server log:\n" + server.logText());
        }
        Thread.sleep(50);
      }
    }
    return pids;
  }

  private void awaitLine(ServerProcess server, Path file, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (!lines(file).contains(line)) {
      if (System.nanoTime() > deadline) throw new AssertionError("no '" + line + "' in " + lines(file) + "; log:\n" + server.logText());
      Thread.sleep(50);
    }
  }

  private static int awaitExit(ServerProcess server) throws Exception {
    if (!server.process().waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      throw new AssertionError("the server did not exit; log:\n" + server.logText());
    }
    return server.process().exitValue();
  }

  private void assertNothingLeft(List<Long> pids) throws Exception {
    for (long p : pids) awaitGone(p, "a daemon after the server exited");
    awaitNoProcessWith(marker);
  }

  @Test
  void controlExitStopsDependantsFirst() throws Exception {
    Path stops = tmp.resolve("stops");
    Path cfg = config(chain() + polite("a", stops) + polite("b", stops) + polite("c", stops));
    try (ServerProcess server = startServer(tmp, Map.of(), "--no-banner", "--control", "-c", cfg.toString())) {
      List<Long> pids = awaitPids(server, "a", "b", "c");
      Files.writeString(cfg.resolve("exit.pr"), "$control ! <exit 0>\n");
      int status = awaitExit(server);
      assertThat(lines(stops)).as("log:\n%s", server.logText()).containsExactly("stop c", "stop b", "stop a");
      assertThat(status).isZero();
      assertThat(server.logText()).contains("shutting down (control <exit 0>)", "exiting with status 0");
      assertNothingLeft(pids);
    }
  }

  @Test
  void sigtermStopsDependantsFirstAndBreaksCycles() throws Exception {
    Path stops = tmp.resolve("stops");
    // x and y run directly (run-service bypasses the dependency tracker) and depend on each other
    String cycle = "<run-service <daemon x>>\n<run-service <daemon y>>\n"
        + "<depends-on <daemon x> <service-state <daemon y> ready>>\n"
        + "<depends-on <daemon y> <service-state <daemon x> ready>>\n";
    Path cfg = config(chain() + polite("a", stops) + polite("b", stops) + polite("c", stops)
        + cycle + polite("x", stops) + polite("y", stops));
    try (ServerProcess server = startServer(tmp, Map.of(), "--no-banner", "-c", cfg.toString())) {
      List<Long> pids = awaitPids(server, "a", "b", "c", "x", "y");
      server.process().destroy(); // SIGTERM
      int status = awaitExit(server);
      List<String> got = lines(stops);
      assertThat(got.stream().filter(l -> l.matches("stop [abc]")).toList())
          .as("log:\n%s", server.logText()).containsExactly("stop c", "stop b", "stop a");
      assertThat(got).contains("stop x", "stop y");
      assertThat(status).as("128 + SIGTERM").isEqualTo(143);
      assertThat(server.logText()).contains("dependency cycle", "shutting down (SIGTERM)");
      assertNothingLeft(pids);
    }
  }

  @Test
  void aDaemonIgnoringSigtermIsKilledAtItsStopTimeoutThenItsDependeesStop() throws Exception {
    Path stops = tmp.resolve("stops");
    // c ignores SIGTERM (stopTimeout 1 s); the overall deadline (600 s) never comes into play
    Path cfg = config(chain() + polite("a", stops) + polite("b", stops) + stubborn("c", stops, "1.0"));
    try (ServerProcess server = startServer(tmp, Map.of(), "--no-banner", "--control", "--shutdown-timeout", "600",
        "-c", cfg.toString())) {
      List<Long> pids = awaitPids(server, "a", "b", "c");
      Files.writeString(cfg.resolve("exit.pr"), "$control ! <exit 7>\n");
      int status = awaitExit(server);
      String log = server.logText();
      assertThat(lines(stops)).as("log:\n%s", log).containsExactly("term c", "stop b", "stop a");
      assertThat(status).isEqualTo(7);
      assertThat(log).contains("killed (SIGKILL) after its stopTimeout").doesNotContain("sending SIGKILL to the");
      assertNothingLeft(pids);
    }
  }

  @Test
  void theOverallDeadlineKillsWhatIsLeft() throws Exception {
    Path stops = tmp.resolve("stops");
    // c ignores SIGTERM for 600 s; the deadline of 1 s kills it and b and a, which waited for it
    Path cfg = config(chain() + polite("a", stops) + polite("b", stops) + stubborn("c", stops, "600.0"));
    try (ServerProcess server = startServer(tmp, Map.of(), "--no-banner", "--shutdown-timeout", "1", "-c", cfg.toString())) {
      List<Long> pids = awaitPids(server, "a", "b", "c");
      server.process().destroy();
      int status = awaitExit(server);
      String log = server.logText();
      // (c's "term c" may be cut short by the SIGKILL on a loaded machine; b and a never get SIGTERM)
      assertThat(lines(stops)).as("b and a never got SIGTERM; log:\n%s", log).doesNotContain("stop b", "stop a");
      assertThat(status).isEqualTo(143);
      assertThat(log).contains("the deadline of 1.0 s: sending SIGKILL to the 3 daemon process(es) left");
      assertNothingLeft(pids);
    }
  }

  @Test
  void aSecondSignalSkipsToSigkill() throws Exception {
    Path stops = tmp.resolve("stops");
    Path cfg = config(chain() + polite("a", stops) + polite("b", stops) + stubborn("c", stops, "600.0"));
    try (ServerProcess server = startServer(tmp, Map.of(), "--no-banner", "--shutdown-timeout", "600", "-c", cfg.toString())) {
      List<Long> pids = awaitPids(server, "a", "b", "c");
      server.process().destroy(); // SIGTERM: c gets its SIGTERM and ignores it
      awaitLine(server, stops, "term c");
      new ProcessBuilder("kill", "-INT", Long.toString(server.process().pid())).start().waitFor();
      int status = awaitExit(server);
      String log = server.logText();
      assertThat(status).as("the first signal's status").isEqualTo(143);
      assertThat(log).contains("SIGINT during the shutdown: killing what is left now", "a second signal: sending SIGKILL");
      assertThat(lines(stops)).containsExactly("term c");
      assertNothingLeft(pids);
    }
  }
}
