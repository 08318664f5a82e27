package org.syndicate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.Probe.await;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.relay.Relay;
import org.syndicate.relay.RelayOptions;

/**
 * Flow control over a real TCP connection (reference note §2.9): a client floods messages into a
 * dataspace whose only observer is stuck; the server's queued events stay within the credit
 * ({@code SYNDICATE_CREDIT}), the client is pushed back by TCP, and once the observer moves on
 * every message arrives.
 */
class FlowControlOverTcpTest {
  @Test
  void aFloodingClientCannotGrowAStuckObserversMailbox() throws Exception {
    CompletableFuture<Ref> dsF = new CompletableFuture<>();
    Actor.boot("flow-ds", t -> dsF.complete(Dataspace.create(t)));
    Ref ds = dsF.join();
    // the observer runs on a scheduler of its own, so holding it blocks nothing else
    try (Scheduler slow = new Scheduler(1)) {
      AtomicInteger received = new AtomicInteger();
      CompletableFuture<Ref> obsF = new CompletableFuture<>();
      Actor observer = Actor.boot(slow, "stuck-observer", t -> {
        t.preventInertCheck();
        Ref self = t.ref(new Entity() {
          @Override
          public void onMessage(Turn turn, Value body) {
            received.incrementAndGet();
          }
        });
        t.publish(ds, RecordValue.of(Symbol.of("Observe"),
            TextReader.parse("<group <rec tick> {0: <bind <_>>}>"), self.embedded()));
        t.sync(ds, k -> obsF.complete(self));
      });
      obsF.join();
      CompletableFuture<Void> gate = new CompletableFuture<>();
      AtomicInteger held = new AtomicInteger();
      observer.execute(t -> {
        held.incrementAndGet();
        gate.join();
      });
      await("observer held", () -> held.get() == 1);

      // the real relay engine, exporting our dataspace at OID 0
      AtomicReference<Relay> relayRef = new AtomicReference<>();
      RelayStarter engine =
          (name, initial, wire) -> {
            RelaySession session = RelayEngine.INSTANCE.start(name, ds, wire);
            for (Relay r : RelayEngine.INSTANCE.liveRelays()) if (r.options().name().equals(name)) relayRef.set(r);
            return session;
          };
      int port = RelayListenerTest.freePort();
      RelayListenerTest.Started s = RelayListenerTest.start(RelayListenerTest.tcp(port), engine);
      await("ready", () -> RelayListenerTest.hasState(s.states(), "tcp", "ready"));

      int messages = 150_000;
      String pad = "x".repeat(100);
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      for (int i = 0; i < messages; i++) {
        all.writeBytes(("[[0 <M <tick " + i + " \"" + pad + "\">>]]\n").getBytes(StandardCharsets.UTF_8));
      }
      ByteBuffer bytes = ByteBuffer.wrap(all.toByteArray());
      int credit = RelayOptions.DEFAULT_CREDIT;
      int maxMailbox = 0;
      try (SocketChannel c = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
        c.configureBlocking(false);
        long stalledSince = 0;
        while (bytes.hasRemaining()) {
          int n = c.write(bytes);
          maxMailbox = Math.max(maxMailbox, observer.pendingTurns());
          if (n == 0) {
            if (stalledSince == 0) stalledSince = System.nanoTime();
            if (System.nanoTime() - stalledSince > 300_000_000L) break; // the client is blocked
            Thread.sleep(5);
          } else {
            stalledSince = 0;
          }
        }
        assertThat(bytes.hasRemaining()).as("the client was pushed back").isTrue();
        Relay relay = relayRef.get();
        assertThat(relay).isNotNull();
        // what the relay let in reaches the observer; nothing more follows while it is stuck
        // (the dataspace repays its own unit just after queueing at the observer: wait for both)
        await("admitted messages queued at the observer",
            () -> observer.pendingTurns() == credit + 1 && relay.account().debt() == credit + 1);
        maxMailbox = Math.max(maxMailbox, observer.pendingTurns());
        assertThat(maxMailbox).as("observer's mailbox").isLessThanOrEqualTo(credit + 1);
        assertThat(relay.account().debt()).isEqualTo(credit + 1);
        assertThat(received.get()).isZero();

        gate.complete(null);
        c.configureBlocking(true);
        while (bytes.hasRemaining()) c.write(bytes);
        await("every message delivered", () -> received.get() == messages);
        await("the connection's debt repaid", () -> relay.account().debt() == 0);
      }
    }
  }
}
