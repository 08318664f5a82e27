package org.syndicate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.actor.Tracer;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.schemas.trace.ActionDescription;
import org.syndicate.schemas.trace.ActorActivation;
import org.syndicate.schemas.trace.ActorId;
import org.syndicate.schemas.trace.Name;
import org.syndicate.schemas.trace.TraceEntry;
import picocli.CommandLine;

/**
 * {@code -t FILE} (reference note syndicate-server.md §1, §8.5, §10 row 6): a real server process
 * writes one {@code <trace …>} text value per line, each a valid {@code trace.TraceEntry}.
 */
class TraceFileTest {
  @Test
  void aServerRunWithTraceFileWritesParseableTraceEntries(@TempDir Path dir) throws Exception {
    Path trace = dir.resolve("trace.pr");
    int port;
    try (ServerSocket ss = new ServerSocket(0)) {
      port = ss.getLocalPort();
    }
    double before = System.currentTimeMillis() / 1000.0;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p =
        new ProcessBuilder(
                java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--no-banner", "-t", trace.toString(), "-p", Integer.toString(port), "--bind", "127.0.0.1")
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("server.log").toFile())
            .start();
    try {
      try (Socket s = connect(port)) {
        OutputStream out = s.getOutputStream();
        // a text-syntax resolve at the gatekeeper (OID 0), with an embedded observer of ours
        out.write("[[0 <A <resolve <ref {oid: \"nobody\" key: #x\"\"}> #:[0 1]> 0>]]\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        // both sides of the resolve: the relay's enqueue, then the gatekeeper's own turn (another
        // actor, so possibly flushed later) before the server is stopped
        waitForLine(trace, "the relay's enqueue of the resolve", l -> l.contains("<enqueue") && l.contains("<resolve"));
        waitForLine(trace, "the gatekeeper's dequeue of the resolve", l -> l.contains("<dequeue") && l.contains("<resolve"));
      }
    } finally {
      p.destroy(); // SIGTERM: the shutdown hook flushes and closes the file
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("server exits on SIGTERM").isTrue();
    }
    double after = System.currentTimeMillis() / 1000.0;

    List<String> lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
    assertThat(lines).hasSizeGreaterThan(10);
    List<TraceEntry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      try {
        entries.add(TraceEntry.parse(TextReader.parse(lines.get(i))));
      } catch (RuntimeException e) {
        throw new AssertionError("line " + (i + 1) + " is not a trace.TraceEntry: " + lines.get(i), e);
      }
    }
    for (TraceEntry e : entries) assertThat(e.timestamp()).isBetween(before - 1, after + 1);
    // the top-level actor's start, with its name
    assertThat(entries)
        .anySatisfy(
            e -> assertThat(e.item()).isEqualTo(new ActorActivation.Start(new Name.Named(StringValue.of("syndicate-server")))));
    // turns with causes and actions, among them the relay enqueueing the resolve to the
    // gatekeeper; its observer is an embedded ref, written as a debug string
    assertThat(entries)
        .anySatisfy(
            e -> {
              assertThat(e.item()).isInstanceOf(ActorActivation.Turn.class);
              var turn = ((ActorActivation.Turn) e.item()).value();
              assertThat(turn.actions()).anySatisfy(a -> assertThat(a).isInstanceOf(ActionDescription.Enqueue.class));
            });
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("<enqueue").contains("<resolve").contains("#:\""));
    assertThat(lines).anySatisfy(l -> assertThat(l).contains("<dequeue").contains("<resolve"));
    // every actor id is an integer
    for (TraceEntry e : entries) assertThat(e.actor()).isInstanceOf(ActorId.class).extracting(ActorId::value).isInstanceOf(SignedInteger.class);
  }

  @Test
  void aTraceFileThatCannotBeCreatedIsAnError(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    java.io.PrintStream realErr = System.err;
    java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("--no-banner", "-t", dir.resolve("no/such/dir/trace").toString());
    } finally {
      System.setErr(realErr);
    }
    assertThat(rc).isEqualTo(1);
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("cannot create trace file");
    assertThat(Tracer.installedDefault()).isNull();
  }

  private static Socket connect(int port) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      Socket s = new Socket();
      try {
        s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return s;
      } catch (IOException e) {
        s.close();
        if (System.nanoTime() > end) throw e;
        Thread.sleep(50);
      }
    }
  }

  /** Polls {@code file} (flushed by the server every 100 ms) until one of its lines satisfies {@code line}, at most 30 s. */
  private static void waitForLine(Path file, String what, java.util.function.Predicate<String> line) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!(Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).lines().anyMatch(line))) {
      if (System.nanoTime() > end) throw new AssertionError(file + " never had a line with " + what);
      Thread.sleep(50);
    }
  }
}
