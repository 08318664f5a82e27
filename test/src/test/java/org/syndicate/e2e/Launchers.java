package org.syndicate.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The built launchers {@code bin/syndicate-server} and {@code bin/syndicate} run as separate
 * processes (issue 9 item 4), with polling helpers: nothing is timed, every wait polls with a
 * generous deadline and fails with what it last saw.
 */
final class Launchers {
  static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();
  static final long DEADLINE_SECONDS = 90;

  private Launchers() {}

  /** A running server process, its stderr going to a file. */
  record ServerProcess(Process process, Path log) implements AutoCloseable {
    String logText() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    /** SIGTERM, then waits for the exit (SIGKILL after the deadline). */
    int stop() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("server did not stop on SIGTERM; log:\n" + logText());
      }
      return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) process.destroyForcibly();
      }
    }
  }

  static ServerProcess startServer(Path workDir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(REPO.resolve("bin/syndicate-server").toString());
    cmd.addAll(List.of(args));
    Path log = workDir.resolve("server.log");
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.PIPE);
    environment(pb, env);
    return new ServerProcess(pb.start(), log);
  }

  /**
   * Sets the environment of a launcher: this JVM's, without the {@code SYNDICATE_*} variables a
   * developer's shell may export (a route, runtime directory, TCP port or JVM options of their own
   * server, which the launchers would follow), plus {@code env}.
   */
  static void environment(ProcessBuilder pb, Map<String, String> env) {
    pb.environment().keySet().removeIf(k -> k.startsWith("SYNDICATE_"));
    pb.environment().putAll(env);
  }

  /** What a client run printed. */
  record Result(int status, String out, String err) {}

  static Result client(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(REPO.resolve("bin/syndicate").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    environment(pb, env);
    Process p = pb.start();
    p.getOutputStream().close();
    var out = p.getInputStream();
    var err = p.getErrorStream();
    var outF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(out));
    var errF = java.util.concurrent.CompletableFuture.supplyAsync(() -> readAll(err));
    if (!p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("bin/syndicate " + String.join(" ", args) + " did not finish");
    }
    return new Result(p.exitValue(), outF.join(), errF.join());
  }

  private static String readAll(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** One row of {@code syndicate services}. */
  record Row(List<String> states, List<Long> pids, String restarts, String wanted, String name) {
    boolean has(String state) {
      return states.contains(state);
    }
  }

  /** Parses the table of {@code syndicate services}: four columns then the name. */
  static Map<String, Row> parseServices(String table) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : table.split("\n")) {
      if (line.startsWith("STATE") || line.startsWith("  problem:") || line.isBlank()) continue;
      String[] f = line.trim().split(" {2,}", 5);
      if (f.length < 5) throw new AssertionError("bad services line: " + line);
      List<String> states = f[0].equals("-") ? List.of() : List.of(f[0].split(","));
      List<Long> pids = f[1].equals("-") ? List.of() : Stream.of(f[1].split(",")).map(Long::parseLong).toList();
      rows.put(f[4], new Row(states, pids, f[2], f[3], f[4]));
    }
    return rows;
  }

  /**
   * Polls {@code syndicate services} until {@code done} holds.
   *
   * @return the rows that satisfied it
   */
  static Map<String, Row> awaitServices(Map<String, String> env, ServerProcess server, String what, Predicate<Map<String, Row>> done)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    Result last = null;
    while (true) {
      if (!server.process().isAlive()) throw new AssertionError("server exited while waiting for " + what + "; log:\n" + server.logText());
      last = client(env, "services");
      if (last.status() == 0) {
        Map<String, Row> rows = parseServices(last.out());
        if (done.test(rows)) return rows;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; last services (status " + last.status() + "):\n"
            + last.out() + last.err() + "\nserver log tail:\n" + tail(server.logText(), 40));
      }
      Thread.sleep(500);
    }
  }

  static String tail(String s, int lines) {
    String[] l = s.split("\n");
    return String.join("\n", List.of(l).subList(Math.max(0, l.length - lines), l.length));
  }

  static boolean alive(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) return false;
    // a zombie is not a live process
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (IOException e) {
      return false;
    }
  }

  static void awaitGone(long pid, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (alive(pid)) {
      if (System.nanoTime() > deadline) throw new AssertionError(what + ": pid " + pid + " still alive");
      Thread.sleep(100);
    }
  }

  /** @return pids of live processes whose command line contains {@code marker}. */
  static List<Long> processesWith(String marker) {
    List<Long> out = new ArrayList<>();
    ProcessHandle.allProcesses().forEach(h -> {
      String cmd = h.info().commandLine().orElse("");
      if (cmd.contains(marker) && alive(h.pid()) && h.pid() != ProcessHandle.current().pid()) out.add(h.pid());
    });
    return out;
  }

  static void awaitNoProcessWith(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (!processesWith(marker).isEmpty()) {
      if (System.nanoTime() > deadline) throw new AssertionError("processes left with '" + marker + "': " + processesWith(marker));
      Thread.sleep(100);
    }
  }
}
