package org.syndicate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.syndicate.server.Probe.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.server.Probe;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;

/**
 * Stopping a relay-listener service (retracting its {@code run-service}) closes the listening
 * socket but not the connections it accepted, as syndicate-server 0.51 does: its accept loop is a
 * linked task of the service's facet, while each connection is an actor of its own, spawned
 * unlinked ({@code spawn link: #f}), so it lives until its peer or its relay ends it (reference
 * note §8.1, §2.6).
 */
class ListenerStopTest {
  private static boolean accepts(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** A sync at the gatekeeper (OID 0) answered with {@code #t} at our OID {@code oid}. */
  private static void syncRoundTrip(Socket c, BufferedReader in, int oid) throws IOException {
    c.getOutputStream().write(("[[0 <S #:[0 " + oid + "]>]]\n").getBytes(StandardCharsets.UTF_8));
    c.getOutputStream().flush();
    assertThat(in.readLine()).isEqualTo("[[" + oid + " <M #t>]]");
  }

  @Test
  void retractingTheRunServiceStopsAcceptingAndLeavesOpenConnections() throws Exception {
    int port = RelayListenerTest.freePort();
    Server server =
        Server.start(new ServerOptions(List.of(), "127.0.0.1", List.of(), List.of(), false, false, false, null), RelayEngine.INSTANCE);
    Server.Refs refs = server.refs().get(30, TimeUnit.SECONDS);
    Probe p = new Probe("listener-stop");
    RecordValue service =
        RecordValue.of(
            "relay-listener",
            RecordValue.of("tcp", StringValue.of("127.0.0.1"), SignedInteger.of(port)),
            Embedded.of(refs.gatekeeper()));
    long h = p.call(t -> t.publish(refs.config(), RecordValue.of("run-service", service)));
    await("listening", () -> accepts(port));

    try (Socket c = new Socket("127.0.0.1", port)) {
      c.setSoTimeout(10_000);
      BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
      syncRoundTrip(c, in, 1);

      p.run(t -> t.retract(h));
      await("listener closed", () -> !accepts(port));
      assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);

      // the connection accepted before goes on
      syncRoundTrip(c, in, 2);
    }
  }
}
