package org.syndicate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.e2e.Launchers.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 "Done when": the README's main command runs {@code bin/syndicate-server} with no {@code
 * -c}, i.e. the shipped {@code config-scripts/default}; its whole service tree becomes ready, as
 * {@code bin/syndicate services} shows through the default route (the per-user socket, here in a
 * temporary runtime directory), the demo sturdy ref answers over TCP, an on-demand service runs
 * only while required, and stopping the server leaves no child (the ticker's shell, the nested
 * server) behind.
 */
class ShippedConfigIT {
  @TempDir Path tmp;

  static final List<String> READY = List.of(
      "<milestone default>", "<milestone network>", "<milestone services>", "<daemon ticker>", "<daemon inferior>", "<bridge inferior>");

  @Test
  void theDefaultTreeBecomesReady() throws Exception {
    Path rt = tmp.resolve("rt");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Map<String, String> env = Map.of("SYNDICATE_RUNTIME_DIR", rt.toString(), "SYNDICATE_TCP_PORT", Integer.toString(port));
    try (ServerProcess server = startServer(tmp, env)) {
      var rows = awaitServices(env, server, "the default tree ready",
          r -> READY.stream().allMatch(n -> r.containsKey(n) && r.get(n).has("ready"))
              && r.containsKey("<daemon prepare-data>") && r.get("<daemon prepare-data>").has("complete"));
      assertThat(rows.values()).noneMatch(r -> r.has("failed"));
      assertThat(rows.keySet()).anyMatch(n -> n.startsWith("<relay-listener <tcp \"127.0.0.1\" " + port + ">"));
      assertThat(rows.keySet()).anyMatch(n -> n.startsWith("<relay-listener <unix \"" + rt.resolve("syndicate.sock") + "\">"));
      // a name holding a capability prints it as #:<ref N>, never as a Java form (README "The client")
      assertThat(rows.keySet()).anyMatch(n -> n.matches("<relay-listener <tcp \"127\\.0\\.0\\.1\" " + port + "> #:<ref [0-9]+>>"));
      // the forms for scripts: one line per service
      Result json = client(env, "services", "--format=json");
      assertThat(json.status()).as(json.err()).isZero();
      assertThat(json.out().lines().toList()).isNotEmpty().allMatch(l -> l.startsWith("{\"name\":\"") && l.endsWith("}"))
          .anyMatch(l -> l.matches("\\{\"name\":\"<daemon ticker>\",\"pids\":\\[[0-9]+\\],.*"));
      Result pr = client(env, "services", "--format=preserves");
      assertThat(pr.status()).as(pr.err()).isZero();
      assertThat(pr.out().lines().toList()).isNotEmpty().allMatch(l -> l.startsWith("{name: ")).anyMatch(l -> l.startsWith("{name: <daemon ticker> "));
      assertThat(Files.isDirectory(rt.resolve("data"))).as("prepared by the one-shot").isTrue();
      long tickerPid = rows.get("<daemon ticker>").pids().get(0);
      long innerPid = rows.get("<daemon inferior>").pids().get(0);
      assertThat(rows).doesNotContainKey("<daemon on-demand>");

      // the demo ref over TCP reaches the demo dataspace
      String demo = "<route [<tcp \"127.0.0.1\" " + port + ">] <ref {oid: \"syndicate\" sig: #x\"69ca300c1dbfa08fba692102dd82311a\"}>>";
      assertThat(firstLine(env, "--route", demo, "observe", "<welcome ?text>")).isEqualTo("+ [\"Hello from the demo dataspace\"]");

      // the on-demand service runs while `require` holds it
      Process req = clientProcess(env, "require", "<daemon on-demand>");
      try {
        rows = awaitServices(env, server, "on-demand ready",
            r -> r.containsKey("<daemon on-demand>") && r.get("<daemon on-demand>").has("ready") && !r.get("<daemon on-demand>").pids().isEmpty());
        long onDemandPid = rows.get("<daemon on-demand>").pids().get(0);
        req.destroy(); // SIGTERM, as Ctrl-C would end it
        assertThat(req.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS)).as("require ends on SIGTERM").isTrue();
        assertThat(req.exitValue()).as("a held command ended by a signal exits 0 (README)").isZero();
        awaitServices(env, server, "on-demand gone", r -> !r.containsKey("<daemon on-demand>"));
        awaitGone(onDemandPid, "the on-demand daemon");
      } finally {
        req.destroyForcibly();
      }

      server.stop();
      awaitGone(tickerPid, "the ticker after the server stopped");
      awaitGone(innerPid, "the nested server after the server stopped");
      awaitNoProcessWith(rt.toString());
    }
  }

  static Process clientProcess(Map<String, String> env, String... args) throws Exception {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(REPO.resolve("bin/syndicate").toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD);
    environment(pb, env);
    return pb.start();
  }

  /** Runs a holding client command until it prints its first line. */
  static String firstLine(Map<String, String> env, String... args) throws Exception {
    Process p = clientProcess(env, args);
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      return CompletableFuture.supplyAsync(() -> {
        try {
          return r.readLine();
        } catch (java.io.IOException e) {
          return "(read failed: " + e + ")";
        }
      }).get(DEADLINE_SECONDS, TimeUnit.SECONDS);
    } finally {
      p.destroy();
      p.waitFor(DEADLINE_SECONDS, TimeUnit.SECONDS);
    }
  }
}
