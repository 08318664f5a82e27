package org.syndicate.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * The server with the real relay over real TCP and unix sockets on 127.0.0.1 (reference note
 * §2.7, §10 #8–10, #14–17, #19): a benchmark-style config (loaded by the config watcher) binds the
 * demo ref; binary and text clients resolve it, assert, observe, send messages, sync, see each
 * other, and a disconnect retracts a client's assertions.
 */
class WireEndToEndTest {
  static final String DEMO_REF = "<ref {oid: \"syndicate\" sig: #x\"69ca300c1dbfa08fba692102dd82311a\"}>";
  static final String RESOLVE = "[[0 <A <resolve " + DEMO_REF + " #:[0 0]> 1>]]";

  static Path dir;
  static int port;
  static Path sock;

  @BeforeAll
  static void startServer() throws Exception {
    dir = Files.createTempDirectory("wire-e2e");
    Files.writeString(
        dir.resolve("benchmark.pr"),
        """
        let ?root_ds = dataspace
        <bind <ref {oid: "syndicate" key: #x""}> $root_ds #f>
        """);
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    sock = dir.resolve("server.sock");
    ServerOptions o =
        new ServerOptions(List.of(port), "127.0.0.1", List.of(sock.toString()), List.of(dir.toString()), false, false, false, null);
    Server.start(o, RelayEngine.INSTANCE).refs().get(30, TimeUnit.SECONDS);
    // wait until both listeners accept and the demo ref resolves
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (WireClient c = WireClient.tcp(port, true)) {
        c.send(RESOLVE);
        c.await("ok", s -> s.contains("<ok"));
        if (Files.exists(sock)) break;
      } catch (Exception | AssertionError e) {
        if (System.nanoTime() > deadline) throw new AssertionError("server did not come up", e);
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void cleanup() throws Exception {
    Files.deleteIfExists(dir.resolve("benchmark.pr"));
  }

  static WireClient resolved(WireClient c) throws Exception {
    c.send(RESOLVE);
    String ok = c.await("resolve answer", s -> s.startsWith("[[0 <A <ok")).toString();
    assertThat(ok).startsWith("[[0 <A <ok #:[0 1]>");
    return c;
  }

  @Test
  void binaryAndTextClientsOverTcpSeeEachOtherAndDisconnectRetracts() throws Exception {
    try (WireClient a = resolved(WireClient.tcp(port, true))) {
      a.send("[[1 <A <Observe <group <rec Present> {0: <bind <_>>}> #:[0 2]> 2>]]");
      WireClient b = resolved(WireClient.tcp(port, false));
      b.send("[[1 <A <Present \"b\"> 5>]]");
      // Packet boundaries are the server's choice: if a's Observe reaches the dataspace after b's
      // Present, b's presence shares a packet with any other presence there (a stale one of an
      // earlier test), so events are looked for inside packets.
      Value added = a.awaitEvent("b's presence", s -> s.startsWith("[2 <A [\"b\"]"));
      b.send("[[1 <A <Observe <group <rec Present> {0: <bind <_>>}> #:[0 2]> 6>]]");
      a.send("[[1 <A <Present \"a\"> 3>]]");
      // both presences may arrive in one packet, in either order
      b.awaitEvent("a's presence, in text", s -> s.startsWith("[2 <A [\"a\"]"));
      b.awaitEvent("its own presence", s -> s.startsWith("[2 <A [\"b\"]"));
      // message through the dataspace
      b.send("[[1 <M <Present \"msg\">>]]");
      a.awaitEvent("message", s -> s.equals("[2 <M [\"msg\"]>]"));
      // sync
      b.send("[[1 <S #:[0 7]>]]");
      b.awaitEvent("synced", s -> s.equals("[7 <M #t>]"));
      // an Extension and a Nop are ignored
      b.send("<frob 1 2>");
      b.send("[[1 <S #:[0 8]>]]");
      b.awaitEvent("still alive", s -> s.equals("[8 <M #t>]"));
      // disconnect retracts
      String handle = ((RecordValue) ((Sequence) added).get(1)).field(1).toString();
      b.close();
      a.awaitEvent("retraction", s -> s.equals("[2 <R " + handle + ">]"));
    }
  }

  @Test
  void unixSocketTextClient() throws Exception {
    try (WireClient a = resolved(WireClient.unix(sock, false));
        WireClient b = resolved(WireClient.unix(sock, true))) {
      a.send("[[1 <A <Observe <group <rec Says> {0: <bind <_>> 1: <bind <_>>}> #:[0 2]> 2>]]");
      a.send("[[1 <S #:[0 3]>]]");
      a.await("observe in place", s -> s.equals("[[3 <M #t>]]"));
      b.send("[[1 <M <Says \"producer\" #\"\">>]]");
      a.await("says", s -> s.equals("[[2 <M [\"producer\" #\"\"]>]]"));
    }
  }

  @Test
  void badRequestsAreAnsweredOrCloseOnlyThatConnection() throws Exception {
    try (WireClient c = WireClient.tcp(port, false)) {
      c.send("[[0 <A <resolve <ref {oid: \"syndicate\" sig: #x\"00\"}> #:[0 0]> 1>]]");
      c.await("validation error", s -> s.contains("<error sturdyref-failed-validation>"));
      c.send("[[0 <A <resolve <ref \"notadict\"> #:[0 1]> 2>]]");
      c.await("invalid", s -> s.contains("<error invalid>"));
      c.send("[[0 <A <resolve <foo 1> #:[0 2]> 3>]]"); // no answer (as syndicate-server 0.51.0-rc.4)
      c.send("[[0 <A <resolve <ref {oid: 1}> #:[0 3]> 4>]]");
      c.await("invalid again", s -> s.startsWith("[[3 <A <error invalid>"));
      assertThat(c.received.toString()).doesNotContain("[[2 ");
    }
    try (WireClient c = WireClient.tcp(port, false)) {
      c.send("[1 2]");
      c.awaitEof();
    }
    try (WireClient ok = resolved(WireClient.tcp(port, true))) {
      assertThat(ok.received).isNotEmpty();
    }
  }

  static byte[] bin(String text) {
    return org.syndicate.preserves.binary.BinaryWriter.encode(
        org.syndicate.preserves.text.TextReader.parse(text),
        org.syndicate.preserves.binary.BinaryWriter.Mode.CANONICAL,
        org.syndicate.preserves.EmbeddedCodec.IDENTITY);
  }

  @Test
  void webSocketFramesCarrySeveralPacketsAndNopPadding() throws Exception {
    java.util.List<String> got = new java.util.concurrent.CopyOnWriteArrayList<>();
    var ws =
        java.net.http.HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                java.net.URI.create("ws://127.0.0.1:" + port + "/any/path"),
                new java.net.http.WebSocket.Listener() {
                  final java.io.ByteArrayOutputStream acc = new java.io.ByteArrayOutputStream();

                  @Override
                  public java.util.concurrent.CompletionStage<?> onBinary(
                      java.net.http.WebSocket w, java.nio.ByteBuffer data, boolean last) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    acc.write(b, 0, b.length);
                    if (last) {
                      got.add(org.syndicate.preserves.binary.BinaryReader.decode(acc.toByteArray()).toString());
                      acc.reset();
                    }
                    w.request(1);
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
    java.io.ByteArrayOutputStream f1 = new java.io.ByteArrayOutputStream();
    f1.writeBytes(bin(RESOLVE));
    f1.write(0x80); // Nop padding (noise.prs / B6)
    f1.write(0x80);
    ws.sendBinary(java.nio.ByteBuffer.wrap(f1.toByteArray()), true).get(30, TimeUnit.SECONDS);
    awaitList(got, s -> s.startsWith("[[0 <A <ok #:[0 1]>"));
    java.io.ByteArrayOutputStream f2 = new java.io.ByteArrayOutputStream();
    f2.writeBytes(bin("[[1 <A <Observe <group <rec Present> {0: <bind <_>>}> #:[0 2]> 2>]]"));
    f2.writeBytes(bin("[[1 <A <Present \"ws\"> 3>]]"));
    f2.writeBytes(bin("[[1 <S #:[0 4]>]]"));
    ws.sendBinary(java.nio.ByteBuffer.wrap(f2.toByteArray()), true).get(30, TimeUnit.SECONDS);
    awaitList(got, s -> s.startsWith("[[2 <A [\"ws\"]"));
    awaitList(got, s -> s.equals("[[4 <M #t>]]"));
    ws.abort();
  }

  static void awaitList(java.util.List<String> got, java.util.function.Predicate<String> p) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (got.stream().noneMatch(p)) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out; got " + got);
      Thread.sleep(5);
    }
  }
}
