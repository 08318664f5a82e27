package org.syndicate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/syndicate-server} as a real process running a daemon from a config file (issue 8:
 * "works from config files on the real server"; "when the server itself shuts down, it stops every
 * service"): the daemon's process is gone after the server exits through {@code $control ! <exit
 * N>} (a halt, which runs no shutdown hook) and after SIGTERM.
 */
class DaemonLauncherTest {

  @Test
  void controlExitStopsDaemons(@TempDir Path dir) throws Exception {
    Path cfg = Files.createDirectory(dir.resolve("config"));
    Path pidFile = dir.resolve("daemon.pid");
    writeDaemon(cfg, pidFile);
    Process p = LauncherTest.launch(List.of("-c", cfg.toString(), "--control", "--no-banner"), dir.resolve("stderr.txt"));
    try {
      int pid = awaitPid(pidFile, p, dir);
      assertThat(alive(pid)).isTrue();
      Files.writeString(cfg.resolve("exit.pr"), "$control ! <exit 3>\n");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).isEqualTo(3);
      awaitGone(pid);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void sigtermStopsDaemons(@TempDir Path dir) throws Exception {
    Path cfg = Files.createDirectory(dir.resolve("config"));
    Path pidFile = dir.resolve("daemon.pid");
    writeDaemon(cfg, pidFile);
    Process p = LauncherTest.launch(List.of("-c", cfg.toString(), "--no-banner"), dir.resolve("stderr.txt"));
    try {
      int pid = awaitPid(pidFile, p, dir);
      p.destroy(); // SIGTERM
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      try {
        awaitGone(pid);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + "; server stderr:\n" + Files.readString(dir.resolve("stderr.txt")), e);
      }
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void shutdownUsesEachSpecsStopSignal(@TempDir Path dir) throws Exception {
    Path cfg = Files.createDirectory(dir.resolve("config"));
    Path pidFile = dir.resolve("daemon.pid");
    Path mark = dir.resolve("got-int");
    Files.writeString(cfg.resolve("daemon.pr"),
        "<require-service <daemon d>>\n<daemon d {argv: \"trap 'echo int > " + mark + "; exit 0' INT; trap '' TERM;"
            + " echo $$ > " + pidFile + "; while true; do sleep 0.1; done\" stopSignal: \"SIGINT\"}>\n");
    Process p = LauncherTest.launch(List.of("-c", cfg.toString(), "--no-banner"), dir.resolve("stderr.txt"));
    try {
      int pid = awaitPid(pidFile, p, dir);
      p.destroy(); // SIGTERM to the server
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      awaitGone(pid);
      assertThat(mark).as("the daemon got its SIGINT, not SIGTERM then SIGKILL; server stderr:%n%s",
          Files.readString(dir.resolve("stderr.txt"))).exists();
    } finally {
      p.destroyForcibly();
    }
  }

  private static void writeDaemon(Path cfg, Path pidFile) throws Exception {
    Files.writeString(cfg.resolve("daemon.pr"),
        "<require-service <daemon d>>\n<daemon d \"echo $$ > " + pidFile + "; exec sleep 1000\">\n");
  }

  private static int awaitPid(Path pidFile, Process p, Path dir) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try {
        String s = Files.readString(pidFile).trim();
        if (!s.isEmpty()) return Integer.parseInt(s);
      } catch (java.io.IOException | NumberFormatException e) {
        // not yet
      }
      if (!p.isAlive()) break;
      Thread.sleep(50);
    }
    throw new AssertionError("the daemon never started; stderr:\n" + Files.readString(dir.resolve("stderr.txt")));
  }

  private static void awaitGone(int pid) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (alive(pid)) {
      if (System.nanoTime() > deadline) throw new AssertionError("daemon process " + pid + " outlived the server");
      Thread.sleep(50);
    }
  }

  private static boolean alive(int pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return false;
    }
  }
}
