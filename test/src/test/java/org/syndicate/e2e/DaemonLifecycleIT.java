package org.syndicate.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.e2e.Launchers.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 9 item 4, end to end with the built launchers as separate processes: {@code
 * bin/syndicate-server -c DIR} on a temporary config directory, watched through {@code
 * bin/syndicate services}. A daemon file dropped in starts; edited, its process is replaced;
 * deleted, its process is gone; a daemon killed with SIGKILL is restarted; stopping the server
 * (SIGTERM) leaves no child behind. Every process runs {@code sleep N} with N unique to this run,
 * so leftovers can be found by command line.
 */
class DaemonLifecycleIT {
  @TempDir Path tmp;

  @Test
  void daemonsFollowTheirFilesAndDieWithTheServer() throws Exception {
    long seed = System.nanoTime();
    Random rnd = new Random(seed);
    long base = 100000 + rnd.nextInt(800000) * 10L;
    System.out.println("DaemonLifecycleIT seed " + seed + ", sleep numbers from " + base);
    String sleepBase = "sleep " + base;
    String sleepNew = "sleep " + (base + 1);
    String sleepEdited = "sleep " + (base + 2);

    Path cfg = Files.createDirectories(tmp.resolve("config"));
    Path sock = tmp.resolve("s.sock");
    Map<String, String> env = Map.of("SYNDICATE_ROUTE", "<route [<unix \"" + sock + "\">]>");
    Files.writeString(cfg.resolve("00-listen.pr"), "<require-service <relay-listener <unix \"" + sock + "\"> $config>>\n");
    Files.writeString(cfg.resolve("10-base.pr"),
        "<require-service <daemon base>>\n<daemon base \"exec " + sleepBase + "\">\n"
            + "<require-service <daemon setup>>\n<daemon setup <one-shot \"true\">>\n");

    try (ServerProcess server = startServer(tmp, Map.of(), "--no-banner", "-c", cfg.toString())) {
      // the initial tree
      var rows = awaitServices(env, server, "base ready and setup complete",
          r -> r.containsKey("<daemon base>") && r.get("<daemon base>").has("ready") && r.get("<daemon base>").pids().size() == 1
              && r.containsKey("<daemon setup>") && r.get("<daemon setup>").has("complete"));
      long basePid = rows.get("<daemon base>").pids().get(0);
      assertThat(alive(basePid)).isTrue();
      assertThat(rows.get("<daemon base>").wanted()).isEqualTo("required");

      // a new file: its daemon starts
      Files.writeString(cfg.resolve("20-new.pr"), "<require-service <daemon new>>\n<daemon new \"exec " + sleepNew + "\">\n");
      rows = awaitServices(env, server, "new daemon ready",
          r -> r.containsKey("<daemon new>") && r.get("<daemon new>").has("ready") && r.get("<daemon new>").pids().size() == 1);
      long newPid = rows.get("<daemon new>").pids().get(0);
      assertThat(processesWith(sleepNew)).containsExactly(newPid);

      // edited: the old process goes, a new one runs the new command
      Files.writeString(cfg.resolve("20-new.pr"), "<require-service <daemon new>>\n<daemon new \"exec " + sleepEdited + "\">\n");
      rows = awaitServices(env, server, "edited daemon running with a new pid",
          r -> r.containsKey("<daemon new>") && r.get("<daemon new>").has("ready")
              && r.get("<daemon new>").pids().size() == 1 && r.get("<daemon new>").pids().get(0) != newPid);
      long editedPid = rows.get("<daemon new>").pids().get(0);
      awaitGone(newPid, "the process of the edited daemon's old spec");
      assertThat(processesWith(sleepEdited)).containsExactly(editedPid);

      // deleted: the service goes and no pid is left
      Files.delete(cfg.resolve("20-new.pr"));
      awaitServices(env, server, "new daemon gone", r -> !r.containsKey("<daemon new>"));
      awaitGone(editedPid, "the deleted daemon's process");
      assertThat(processesWith(sleepEdited)).isEmpty();

      // SIGKILL: restarted with a new pid
      new ProcessBuilder("kill", "-KILL", Long.toString(basePid)).start().waitFor();
      rows = awaitServices(env, server, "base restarted after SIGKILL",
          r -> r.containsKey("<daemon base>") && r.get("<daemon base>").has("ready")
              && r.get("<daemon base>").pids().size() == 1 && r.get("<daemon base>").pids().get(0) != basePid);
      assertThat(rows.get("<daemon base>").restarts()).isNotEqualTo("0");
      long restartedPid = rows.get("<daemon base>").pids().get(0);

      // the server stops on SIGTERM and takes its children with it
      server.stop();
      awaitGone(restartedPid, "the base daemon after the server stopped");
      awaitNoProcessWith("sleep " + base);
    }
  }
}
