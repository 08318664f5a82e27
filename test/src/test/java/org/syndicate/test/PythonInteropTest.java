package org.syndicate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real clients no one here wrote (issue 6, test/INTEROP-NOTES.md): the PyPI packages {@code
 * syndicate-py} 0.19.3 (with its {@code preserves}) and {@code noiseprotocol} 0.3.1, installed by
 * {@code scripts/python-venv.sh} into {@code test/target/python-venv}, run the example clients of
 * {@code test/src/test/python/} against our server (in this JVM, on a free 127.0.0.1 port, with
 * the config of the interop notes loaded from a file by the config watcher).
 *
 * <p>Dialect: syndicate-py 0.19.3 ships the pre-June-2025 gatekeeper schema ({@code <accepted
 * #:ref>} / {@code <rejected DETAIL>}); its own resolve helper cannot read the {@code <ok …>} /
 * {@code <error …>} (rpc.Result) answers of syndicate-server 0.51, and neither can the reference's
 * current server serve it, so the example client asserts {@code <resolve …>} itself and accepts
 * both forms; the test checks it got {@code dialect=ok}. The client also works around
 * syndicate-py's doubly embedded Sync peer (see the notes).
 */
class PythonInteropTest {
  static Path moduleDir;
  static Path python;
  static TestServer server;

  @BeforeAll
  static void setUp() throws Exception {
    moduleDir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    Path repo = moduleDir.getParent();
    ProcResult venv =
        run(List.of("bash", repo.resolve("scripts/python-venv.sh").toString(), moduleDir.toString()), 600);
    assertThat(venv.exit).as("python-venv.sh failed:\n%s", venv).isZero();
    String[] lines = venv.out.strip().split("\n");
    python = Path.of(lines[lines.length - 1].strip());
    assertThat(Files.isExecutable(python)).as("venv python %s", python).isTrue();
    server = TestServer.start();
  }

  record ProcResult(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }

  static ProcResult run(List<String> cmd, int timeoutSeconds) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(moduleDir.toFile()).start();
    p.getOutputStream().close();
    CompletableFuture<String> out = drain(p.getInputStream());
    CompletableFuture<String> err = drain(p.getErrorStream());
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor();
      return new ProcResult(-1, out.get(), err.get() + "\n(killed after " + timeoutSeconds + " s)");
    }
    return new ProcResult(p.exitValue(), out.get(), err.get());
  }

  static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            in.transferTo(b);
            return b.toString(StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "(read failed: " + e + ")";
          }
        },
        r -> Thread.ofVirtual().start(r));
  }

  static List<String> client(String script, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(python.toString());
    cmd.add(moduleDir.resolve("src/test/python").resolve(script).toString());
    cmd.add("--timeout");
    cmd.add("30");
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void syndicatePyResolvesAssertsObservesSendsAndSyncs() throws Exception {
    ProcResult r = run(client("syndicate_interop_client.py", "--address", server.address(), "--name", "alice"), 60);
    assertThat(r.exit).as("%s", r).isZero();
    assertThat(r.out)
        .as("%s", r)
        .contains("STEP resolved dialect=ok", "STEP observed-self alice", "STEP message-received alice hello", "STEP synced", "INTEROP-OK");
  }

  @Test
  void syndicatePyOverTheUnixSocket() throws Exception {
    ProcResult r = run(client("syndicate_interop_client.py", "--address", server.unixAddress(), "--name", "unixy"), 60);
    assertThat(r.exit).as("%s", r).isZero();
    assertThat(r.out).as("%s", r).contains("STEP resolved dialect=ok", "STEP message-received unixy hello", "INTEROP-OK");
  }

  @Test
  void twoSyndicatePyClientsSeeEachOther() throws Exception {
    CompletableFuture<ProcResult> a =
        CompletableFuture.supplyAsync(
            () -> uncheck(() -> run(client("syndicate_interop_client.py", "--address", server.address(), "--name", "p1", "--expect-peer", "p2", "--linger", "2"), 60)));
    ProcResult b =
        run(client("syndicate_interop_client.py", "--address", server.address(), "--name", "p2", "--expect-peer", "p1", "--linger", "2"), 60);
    ProcResult ra = a.get(70, TimeUnit.SECONDS);
    assertThat(ra.exit).as("%s", ra).isZero();
    assertThat(b.exit).as("%s", b).isZero();
    assertThat(ra.out).contains("STEP observed-peer p2", "INTEROP-OK");
    assertThat(b.out).contains("STEP observed-peer p1", "INTEROP-OK");
  }

  @Test
  void wrongSignatureIsRejected() throws Exception {
    ProcResult r =
        run(
            client(
                "syndicate_interop_client.py",
                "--address",
                server.address(),
                "--cap",
                "<ref {oid: \"syndicate\" sig: #x\"00000000000000000000000000000000\"}>"),
            60);
    assertThat(r.exit).as("%s", r).isEqualTo(1);
    assertThat(r.out).as("%s", r).contains("INTEROP-FAIL").contains("sturdyref-failed-validation");
  }

  @Test
  void noiseprotocolInitiatorHandshakesAndResolvesThroughTheTunnel() throws Exception {
    ProcResult r =
        run(
            client(
                "syndicate_noise_client.py",
                "--address",
                server.address(),
                "--service",
                "\"noise-demo\"",
                "--key",
                server.noisePublicHex),
            60);
    assertThat(r.exit).as("%s", r).isZero();
    assertThat(r.out).as("%s", r).contains("STEP handshake-complete", "INTEROP-OK");
  }

  @Test
  void noiseInitiatorWithTheWrongKeyFailsAloneAndTheServerGoesOn() throws Exception {
    String wrong = "00".repeat(31) + "09";
    ProcResult r =
        run(
            client("syndicate_noise_client.py", "--address", server.address(), "--service", "\"noise-demo\"", "--key", wrong, "--timeout", "5"),
            60);
    assertThat(r.exit).as("%s", r).isNotZero();
    ProcResult ok = run(client("syndicate_interop_client.py", "--address", server.address()), 60);
    assertThat(ok.exit).as("%s", ok).isZero();
  }

  interface Call<T> {
    T call() throws Exception;
  }

  static <T> T uncheck(Call<T> c) {
    try {
      return c.call();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }

  @SuppressWarnings("unused")
  private static final String SEP = File.separator;
}
