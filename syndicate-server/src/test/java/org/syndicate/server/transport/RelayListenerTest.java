package org.syndicate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.Probe.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.server.During;
import org.syndicate.server.Probe;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;

/**
 * The relay-listener services over real sockets with a stand-in relay (reference note §8.1, §2.6,
 * §10 #5, #7, #21): service states, bind failure and retry, first-byte detection, HTTP 503,
 * WebSocket frames, stale unix sockets.
 */
class RelayListenerTest {
  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  record Started(Server server, Server.Refs refs, Probe probe, List<Value> states) {}

  static Started start(ServerOptions o, RelayStarter relays) throws Exception {
    Server s = Server.start(o, relays);
    Server.Refs refs = s.refs().get(30, TimeUnit.SECONDS);
    Probe p = new Probe("listener-test");
    List<Value> states = new CopyOnWriteArrayList<>();
    p.run(
        t ->
            During.observe(
                t,
                refs.config(),
                Patterns.rec("service-state", Patterns.bind(), Patterns.bind()),
                (mt, c) -> states.add(RecordValue.of("state", c.get(0), c.get(1)))));
    return new Started(s, refs, p, states);
  }

  static boolean hasState(List<Value> states, String label, String state) {
    return states.stream()
        .anyMatch(
            v -> ((RecordValue) v).field(0).isRecord("relay-listener")
                && ((RecordValue) ((RecordValue) v).field(0)).field(0).isRecord(label)
                && ((RecordValue) v).field(1).equals(Symbol.of(state)));
  }

  static ServerOptions tcp(int port) {
    return new ServerOptions(List.of(port), "127.0.0.1", List.of(), List.of(), false, false, false, null);
  }

  @Test
  void tcpListenerBecomesReadyAndCarriesRawProtocolBothWays() throws Exception {
    int port = freePort();
    EchoRelay relay = new EchoRelay();
    Started s = start(tcp(port), relay);
    await("ready", () -> hasState(s.states(), "tcp", "ready"));
    try (Socket c = new Socket("127.0.0.1", port)) {
      byte[] packet = {(byte) 0xb5, (byte) 0xb5, (byte) 0x84, (byte) 0x84};
      c.getOutputStream().write(packet);
      c.getOutputStream().flush();
      byte[] back = c.getInputStream().readNBytes(4);
      assertThat(back).isEqualTo(packet);
      EchoRelay.Session session = relay.sessions.get(0);
      assertThat(session.initial).isSameAs(s.refs().gatekeeper());
      assertThat(session.name).startsWith("<tcp \"127.0.0.1:");
    }
    await("closed on disconnect", () -> relay.sessions.get(0).closed);
    assertThat(relay.sessions.get(0).closeError).isNull();
  }

  @Test
  void textClientStartingWithBracketIsSyndicate() throws Exception {
    int port = freePort();
    EchoRelay relay = new EchoRelay();
    Started s = start(tcp(port), relay);
    await("ready", () -> hasState(s.states(), "tcp", "ready"));
    try (Socket c = new Socket("127.0.0.1", port)) {
      byte[] text = "<frob 1 2>\n".getBytes(StandardCharsets.UTF_8);
      c.getOutputStream().write(text);
      assertThat(c.getInputStream().readNBytes(text.length)).isEqualTo(text);
    }
  }

  @Test
  void bindFailureIsFailedThenRetried() throws Exception {
    ServerSocket blocker = new ServerSocket();
    blocker.bind(new InetSocketAddress("127.0.0.1", 0));
    int port = blocker.getLocalPort();
    Started s = start(tcp(port), new EchoRelay());
    await("failed", () -> hasState(s.states(), "tcp", "failed"));
    blocker.close();
    await("ready after retry", () -> hasState(s.states(), "tcp", "ready"));
  }

  @Test
  void plainHttpGets503() throws Exception {
    int port = freePort();
    EchoRelay relay = new EchoRelay();
    Started s = start(tcp(port), relay);
    await("ready", () -> hasState(s.states(), "tcp", "ready"));
    try (Socket c = new Socket("127.0.0.1", port)) {
      c.getOutputStream().write("GET /x HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String status = new String(c.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
      assertThat(status).isEqualTo("HTTP/1.1 503");
    }
    assertThat(relay.sessions).isEmpty();
  }

  @Test
  void webSocketOnAnyPathCarriesFramesWithSeveralPacketsAndRejectsText() throws Exception {
    int port = freePort();
    EchoRelay relay = new EchoRelay();
    Started s = start(tcp(port), relay);
    await("ready", () -> hasState(s.states(), "tcp", "ready"));
    List<byte[]> got = new CopyOnWriteArrayList<>();
    CompletableFuture<Integer> closed = new CompletableFuture<>();
    WebSocket ws =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/anything"),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    got.add(b);
                    w.request(1);
                    return null;
                  }

                  @Override
                  public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                    closed.complete(code);
                    return null;
                  }

                  @Override
                  public void onError(WebSocket w, Throwable error) {
                    closed.complete(-1);
                  }
                })
            .get(30, TimeUnit.SECONDS);
    // two packets in one frame (B6): both reach the relay in one frameInput
    byte[] two = {(byte) 0xb5, (byte) 0x84, (byte) 0xb5, (byte) 0x84};
    ws.sendBinary(ByteBuffer.wrap(two), true).get(30, TimeUnit.SECONDS);
    await("frame", () -> !relay.sessions.isEmpty() && relay.sessions.get(0).frames.size() == 1);
    assertThat(relay.sessions.get(0).frames.get(0)).isEqualTo(two);
    await("echo as one binary message", () -> got.size() == 1);
    assertThat(got.get(0)).isEqualTo(two);
    ws.sendText("[]", true).get(30, TimeUnit.SECONDS);
    await("text frame ends the relay with an error", () -> relay.sessions.get(0).closed);
    assertThat(relay.sessions.get(0).closeError).hasMessageContaining("Text websocket frames are not accepted");
  }

  @Test
  void unixListenerReplacesAStaleSocketAndFailsOnALiveOne(@TempDir Path dir) throws Exception {
    Path sock = dir.resolve("s.sock");
    // a stale socket file: bound once, nobody listening
    try (var ch = java.nio.channels.ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      ch.bind(UnixDomainSocketAddress.of(sock));
    }
    assertThat(Files.exists(sock)).isTrue();
    EchoRelay relay = new EchoRelay();
    Started s =
        start(new ServerOptions(List.of(), "127.0.0.1", List.of(sock.toString()), List.of(), false, false, false, null), relay);
    await("ready", () -> hasState(s.states(), "unix", "ready"));
    try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(sock))) {
      c.write(ByteBuffer.wrap(new byte[] {(byte) 0xb5, (byte) 0x84}));
      ByteBuffer in = ByteBuffer.allocate(2);
      while (in.hasRemaining()) c.read(in);
      assertThat(in.array()).containsExactly((byte) 0xb5, (byte) 0x84);
    }
    if (EventLoops.shared().epoll()) {
      assertThat(relay.sessions.get(relay.sessions.size() - 1).name).isEqualTo("<unix " + ProcessHandle.current().pid() + " " + new com.sun.security.auth.module.UnixSystem().getUid() + ">");
    }
    // a second server on the same live socket fails (and keeps retrying)
    Started s2 =
        start(new ServerOptions(List.of(), "127.0.0.1", List.of(sock.toString()), List.of(), false, false, false, null), relay);
    await("second fails", () -> hasState(s2.states(), "unix", "failed"));
    assertThat(hasState(s2.states(), "unix", "ready")).isFalse();
  }

  @Test
  void cliFlagsAssertTheReferenceRunServices() throws Exception {
    var refs = Server.start(ServerOptions.none(), new EchoRelay()).refs().get(30, TimeUnit.SECONDS);
    var o =
        new ServerOptions(List.of(9001), "0.0.0.0", List.of("/tmp/x.sock"), List.of("/etc/syndicate"), false, true, true, null);
    List<Value> names = Server.runServices(o, refs.config(), refs.log(), refs.gatekeeper(), refs.config());
    assertThat(names.get(0)).hasToString("<debt-reporter 1.0>");
    assertThat(names.get(1))
        .isEqualTo(
            RecordValue.of(
                "relay-listener",
                RecordValue.of("tcp", StringValue.of("0.0.0.0"), SignedInteger.of(9001)),
                Embedded.of(refs.gatekeeper())));
    assertThat(names.get(2)).isEqualTo(RecordValue.of("relay-listener", RecordValue.of("unix", StringValue.of("/tmp/x.sock")), Embedded.of(refs.gatekeeper())));
    RecordValue cw = (RecordValue) names.get(3);
    assertThat(cw.label()).isEqualTo(Symbol.of("config-watcher"));
    assertThat(((org.syndicate.preserves.Dictionary) cw.field(1)).keys())
        .extracting(Value::toString)
        .containsExactlyInAnyOrder("config", "log", "gatekeeper", "control");
  }

  @SuppressWarnings("unused")
  private static void unused(InputStream i, OutputStream o) {}

  @Test
  void pausedReadingPushesBackOnTheSenderAndResumes() throws Exception {
    int port = freePort();
    java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicReference<Wire> wireRef = new java.util.concurrent.atomic.AtomicReference<>();
    RelayStarter pausing =
        (name, initial, wire) -> {
          wireRef.set(wire);
          return new RelaySession() {
            @Override
            public void streamInput(byte[] d, int o, int l) {
              // the relay is "behind" from the first byte on
              if (received.getAndAdd(l) == 0) wire.setReadPaused(true);
            }

            @Override
            public void frameInput(byte[] d, int o, int l) {}

            @Override
            public void inputClosed(Throwable e) {}
          };
        };
    Started s = start(tcp(port), pausing);
    await("ready", () -> hasState(s.states(), "tcp", "ready"));
    try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
      c.configureBlocking(false);
      ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
      chunk.put(0, (byte) 0xb5);
      long written = 0;
      long stalledSince = 0;
      long limit = 256L << 20;
      while (written < limit) {
        chunk.clear();
        int n = c.write(chunk);
        written += n;
        if (n == 0) {
          if (stalledSince == 0) stalledSince = System.nanoTime();
          if (System.nanoTime() - stalledSince > 300_000_000L) break; // the sender is blocked
          Thread.sleep(5);
        } else {
          stalledSince = 0;
        }
      }
      assertThat(written).as("the sender was pushed back").isLessThan(limit);
      long heldBack = written - received.get();
      assertThat(received.get()).as("bytes read while paused").isLessThan(written);
      assertThat(heldBack).isGreaterThan(0);
      // resume: everything written arrives
      wireRef.get().setReadPaused(false);
      long total = written;
      await("all bytes after resume", () -> received.get() == total);
    }
  }
}
