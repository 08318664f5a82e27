package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/** Ways of running a relay: inside a facet, frame transports, text daemons, outbound violations. */
class RelayLifecycleTest {
  private Scheduler s;
  private Ref ds;

  @BeforeEach
  void setUp() {
    s = new Scheduler(2);
    CompletableFuture<Ref> r = new CompletableFuture<>();
    Actor.boot(s, "ds", t -> r.complete(Dataspace.create(t)));
    ds = r.join();
  }

  @AfterEach
  void tearDown() {
    s.close();
  }

  private static byte[] text(String t) {
    return (t + "\n").getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aRelayStartedInAFacetStopsOnlyThatFacetOnError() {
    CapturingTransport out = new CapturingTransport();
    CompletableFuture<Relay> relay = new CompletableFuture<>();
    CompletableFuture<Facet> host = new CompletableFuture<>();
    Actor a = Actor.boot(s, "host", t -> {
      t.preventInertCheck();
      host.complete(t.currentFacet());
      relay.complete(Relay.start(t, RelayOptions.defaults("in-facet"), ds, out));
    });
    Relay r = relay.join();
    Recorder obs = new Recorder(s, "obs");
    obs.publishAndWait(ds, RelayPairTest.observe1("Present", obs.ref));
    r.receive(text("[[0 <A <Present 1> 1>]]"));
    obs.await("present", o -> o.live().size() == 1);
    r.receive(text("[1 2]"));
    assertThat(out.awaitClosed()).isInstanceOf(RelayException.class);
    obs.await("retracted", o -> o.live().isEmpty());
    assertThat(r.facet().isAlive()).isFalse();
    assertThat(a.isAlive()).isTrue();
    assertThat(host.join().isAlive()).isTrue();
  }

  @Test
  void everyPacketOfAFrameIsReadAndPaddingIsIgnored() {
    CapturingTransport out = new CapturingTransport();
    Relay r = Relay.spawn(RelayOptions.defaults("frames").withScheduler(s), ds, out);
    Recorder obs = new Recorder(s, "obs");
    obs.publishAndWait(ds, RelayPairTest.observe1("Present", obs.ref));
    byte[] one = PacketWriter.encode(WirePacket.parse(RelayPairTest.v("[[0 <A <Present 1> 1>]]")), false);
    byte[] two = PacketWriter.encode(WirePacket.parse(RelayPairTest.v("[[0 <A <Present 2> 2>]]")), false);
    byte[] frame = new byte[one.length + two.length + 3];
    System.arraycopy(one, 0, frame, 0, one.length);
    System.arraycopy(two, 0, frame, one.length, two.length);
    frame[frame.length - 3] = frame[frame.length - 2] = frame[frame.length - 1] = (byte) 0x80; // Nop padding
    r.receiveFrame(frame, 0, frame.length);
    obs.await("both", o -> o.live().size() == 2);
    // an incomplete packet at the end of a frame is an error
    r.receiveFrame(one, 0, one.length - 1);
    assertThat(out.awaitClosed()).hasMessageContaining("incomplete packet");
    obs.await("retracted", o -> o.live().isEmpty());
  }

  @Test
  void aTextDaemonRelayStartsInTextAndImportsThePeersObjectZero() {
    CapturingTransport out = new CapturingTransport();
    Relay r = Relay.spawn(
        RelayOptions.defaults("daemon").withScheduler(s).withTextOutput(true).withImportPeerInitialRef(true), null, out);
    Ref child = r.peerInitialRef().join();
    Actor app = Actor.boot(s, "app", t -> {
      t.preventInertCheck();
      t.publish(child, RelayPairTest.v("<hello \"child\">"));
    });
    out.await(p -> p.size() == 1);
    String line = new String(out.raw().get(0), StandardCharsets.UTF_8);
    assertThat(line).matches("\\[\\[0 <A <hello \"child\"> \\d+>\\]\\]\n");
    app.stop();
    out.await(p -> p.size() == 2);
    assertThat(new String(out.raw().get(1), StandardCharsets.UTF_8)).matches("\\[\\[0 <R \\d+>\\]\\]\n");
    // nothing exported: the peer's events to our OID 0 are dropped
    r.receive(text("[[0 <A <x> 1>]]"));
    assertThat(RelayPair.stats(r).exported()).isZero();
    assertThat(RelayPair.stats(r).inboundHandles()).isZero();
    assertThat(RelayPair.stats(r).imported()).isEqualTo(1);
  }

  @Test
  void sendingATransientReferenceEndsTheConnectionAfterTheMessage() {
    CapturingTransport out = new CapturingTransport();
    Relay r = Relay.spawn(
        RelayOptions.defaults("sender").withScheduler(s).withImportPeerInitialRef(true), null, out);
    Ref peer = r.peerInitialRef().join();
    Actor.boot(s, "app", t -> {
      t.preventInertCheck();
      Ref fresh = t.ref(new Entity() {});
      t.message(peer, RecordValue.of(Symbol.of("here"), fresh.embedded()));
    });
    Throwable why = out.awaitClosed();
    assertThat(why).hasMessage("Sent transient reference");
    List<Value> packets = out.packets();
    assertThat(packets).hasSize(2);
    List<Value> expected = new java.util.ArrayList<>();
    byte[] e = text("[[0 <M <here #:[0 0]>>]]");
    new PacketReader(1024, 64).feed(e, 0, e.length, d -> expected.add(d.packet().toValue()));
    assertThat(packets.get(0)).isEqualTo(expected.get(0));
    assertThat(packets.get(1)).isEqualTo(RelayPairTest.v("<error \"Sent transient reference\" #f>"));
    assertThat(RelayPair.stats(r).exported()).isZero();
  }

  @Test
  void anEchoedPeerErrorKeepsItsDetail() {
    CapturingTransport out = new CapturingTransport();
    Relay r = Relay.spawn(RelayOptions.defaults("echo").withScheduler(s), ds, out);
    byte[] err = HexFormat.of().parseHex("b4b3056572726f72b11f417373657274696f6e2077697468206475706c69636174652068616e646c65b0010584");
    r.receive(err);
    out.awaitClosed();
    assertThat(out.raw().getLast()).isEqualTo(err); // vector 9, echoed byte for byte
  }

  @Test
  void aPeerThatStopsReadingIsCutOffOnceTheUnsentOutputIsOverTheLimit() {
    CapturingTransport out = new CapturingTransport() {
      @Override
      public long unsentBytes() {
        return raw().stream().mapToLong(b -> b.length).sum(); // nothing is ever written
      }
    };
    Relay r = Relay.spawn(
        RelayOptions.defaults("slow-peer").withScheduler(s).withImportPeerInitialRef(true).withMaxUnsentBytes(1000),
        null, out);
    Ref peer = r.peerInitialRef().join();
    Actor app = Actor.boot(s, "app", t -> t.preventInertCheck());
    for (int i = 0; i < 100; i++) {
      int n = i;
      app.execute(t -> t.publish(peer, RecordValue.of(Symbol.of("chunk"), RelayPairTest.v("\"" + "z".repeat(50) + "\""),
          org.syndicate.preserves.SignedInteger.of(n))));
    }
    assertThat(out.awaitClosed()).hasMessageStartingWith("Peer too slow");
    assertThat(RelayPair.stats(r).outboundHandles()).isZero();
  }

  @Test
  void closedRelaysAnswerStatsAtOnce() throws Exception {
    CapturingTransport out = new CapturingTransport();
    Relay r = Relay.spawn(RelayOptions.defaults("stats").withScheduler(s), ds, out);
    r.close();
    assertThat(out.awaitClosed()).isNull();
    assertThat(r.stats().get(10, TimeUnit.SECONDS).exported()).isZero(); // answered without the stopped actor (else never)
  }
}
