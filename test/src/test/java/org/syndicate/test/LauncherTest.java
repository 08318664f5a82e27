package org.syndicate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
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
 * {@code bin/syndicate-server} as a separate process (reference note §1, §10 #3, #4): {@code -p
 * PORT --bind 127.0.0.1 -c DIR --control} serves the demo ref from a config file, and a config
 * file added later that sends {@code $control ! <exit 3>} makes the process exit with status 3;
 * {@code --inferior} serves {@code $config} at OID 0 on stdin/stdout.
 */
class LauncherTest {
  static final Path REPO = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
  static final String RESOLVE =
      "[[0 <A <resolve <ref {oid: \"syndicate\" sig: #x\"69ca300c1dbfa08fba692102dd82311a\"}> #:[0 0]> 1>]]\n";

  static Process launch(List<String> args, Path stderr) throws IOException {
    return launch("bin/syndicate-server", args, Map.of(), stderr);
  }

  /** Runs launcher {@code bin} (relative to the repository) with {@code env} added to a clean environment. */
  static Process launch(String bin, List<String> args, Map<String, String> env, Path stderr) throws IOException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add(REPO.resolve(bin).toString());
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(stderr.toFile());
    // not the developer's own SYNDICATE_* settings (route, runtime directory, port, JVM options)
    pb.environment().keySet().removeIf(k -> k.startsWith("SYNDICATE_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  /**
   * JVM options that make the JVM print a warning through its unified logging at start-up where
   * no huge pages are configured (the usual case), as it does when two JVMs with the same pid in
   * different pid namespaces share {@code /tmp/hsperfdata_USER/PID}: such warnings go to stdout
   * unless the launcher sends them elsewhere.
   */
  static final Map<String, String> JVM_WARNS = Map.of("SYNDICATE_JAVA_OPTS", "-XX:+UseLargePages");

  static String readUntil(InputStream in, String marker, long timeoutMs) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    CompletableFuture<String> f =
        CompletableFuture.supplyAsync(
            () -> {
              byte[] buf = new byte[4096];
              try {
                while (!b.toString(StandardCharsets.UTF_8).contains(marker)) {
                  int n = in.read(buf);
                  if (n < 0) break;
                  synchronized (b) {
                    b.write(buf, 0, n);
                  }
                }
              } catch (IOException e) {
                // fall through
              }
              return b.toString(StandardCharsets.UTF_8);
            },
            r -> Thread.ofVirtual().start(r));
    String s = f.get(timeoutMs, TimeUnit.MILLISECONDS);
    assertThat(s).as("waiting for %s", marker).contains(marker);
    return s;
  }

  @Test
  void portBindConfigAndControlExit(@TempDir Path dir) throws Exception {
    Path cfg = Files.createDirectory(dir.resolve("config"));
    Files.writeString(
        cfg.resolve("demo.pr"),
        "let ?root_ds = dataspace\n<bind <ref {oid: \"syndicate\" key: #x\"\"}> $root_ds #f>\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path err = dir.resolve("stderr.txt");
    Process p =
        launch(List.of("-p", String.valueOf(port), "--bind", "127.0.0.1", "-c", cfg.toString(), "--control", "--no-banner"), err);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      String got = null;
      while (got == null) {
        try (Socket s = new Socket("127.0.0.1", port)) {
          OutputStream out = s.getOutputStream();
          out.write(RESOLVE.getBytes(StandardCharsets.UTF_8));
          out.flush();
          got = readUntil(s.getInputStream(), "<ok #:[0 1]>", 10_000);
        } catch (IOException | AssertionError | java.util.concurrent.TimeoutException e) {
          if (!p.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError("server did not serve the demo ref; stderr:\n" + Files.readString(err), e);
          }
          Thread.sleep(200);
        }
      }
      assertThat(got).startsWith("[[0 <A <ok #:[0 1]>");
      Files.writeString(cfg.resolve("exit.pr"), "$control ! <exit 3>\n");
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("exited; stderr:\n%s", Files.readString(err)).isTrue();
      assertThat(p.exitValue()).isEqualTo(3);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void inferiorServesConfigOnStdio(@TempDir Path dir) throws Exception {
    inferiorOnStdio(dir, Map.of());
  }

  /** The protocol on stdout is not corrupted by a warning of the JVM (it goes to stderr). */
  @Test
  void inferiorStdoutCarriesOnlyTheProtocolWhenTheJvmWarns(@TempDir Path dir) throws Exception {
    inferiorOnStdio(dir, JVM_WARNS);
  }

  /** {@code bin/syndicate}'s stdout, the output scripts parse, carries no warning of the JVM either. */
  @Test
  void clientStdoutHasNoJvmWarning(@TempDir Path dir) throws Exception {
    Path err = dir.resolve("stderr.txt");
    Process p = launch("bin/syndicate", List.of("--route", "<route [<unix \"" + dir.resolve("nobody.sock") + "\">]>", "services"), JVM_WARNS, err);
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("no server there; stderr:%n%s", Files.readString(err)).isEqualTo(1);
    assertThat(out).as("stdout").isEmpty();
  }

  private static void inferiorOnStdio(Path dir, Map<String, String> env) throws Exception {
    Path err = dir.resolve("stderr.txt");
    Process p = launch("bin/syndicate-server", List.of("--inferior"), env, err);
    try {
      OutputStream in = p.getOutputStream();
      // text packets: the parent asserts <foo 1> into $config and observes <foo $> there
      in.write("[[0 <A <foo 1> 1>]]\n".getBytes(StandardCharsets.UTF_8));
      in.write("[[0 <A <Observe <group <rec foo> {0: <bind <_>>}> #:[0 0]> 2>]]\n".getBytes(StandardCharsets.UTF_8));
      in.flush();
      String got = readUntil(p.getInputStream(), "<A [1]", 60_000);
      assertThat(got).startsWith("[[0 <A [1]");
      in.close(); // end of input ends the parent relay; the server process itself keeps running
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(Files.readString(err)).doesNotContain("____"); // no banner with --inferior
  }
}
