package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/** Two relays joined by in-memory pipes (random chunking, seeded), binary and text clients. */
class RelayPairTest {
  private static final Logger LOG = LoggerFactory.getLogger(RelayPairTest.class);

  static Value v(String text) {
    return TextReader.parse(text);
  }

  /** {@code <Observe <group <rec LABEL> {0: <bind <_>>}> #:observer>}. */
  static Value observe1(String label, Ref observer) {
    return RecordValue.of(
        Symbol.of("Observe"), v("<group <rec " + label + "> {0: <bind <_>>}>"), observer.embedded());
  }

  static Ref capturedRef(Value captures) {
    return (Ref) ((Embedded) ((Sequence) captures).get(0)).payload();
  }

  @ParameterizedTest(name = "text client {0}, seed {1}")
  @CsvSource({"false, 1", "true, 2", "false, 3", "true, 4"})
  void assertRetractMessageAndSyncCrossBothRelays(boolean text, long seed) {
    LOG.info("seed {}", seed);
    try (RelayPair p = new RelayPair(text, seed)) {
      Recorder obs = new Recorder(p.s, "observer");
      obs.publishAndWait(p.ds, observe1("Present", obs.ref));
      obs.publishAndWait(p.ds, RecordValue.of(Symbol.of("Observe"),
          v("<group <rec Says> {0: <bind <_>> 1: <bind <_>>}>"), obs.ref.embedded()));
      AtomicLong h = new AtomicLong();
      p.clientActor.execute(t -> h.set(t.publish(p.remoteDs, v("<Present \"alice\">"))));
      obs.await("alice present", r -> r.live().contains(v("[\"alice\"]")));
      p.clientActor.execute(t -> t.message(p.remoteDs, v("<Says \"alice\" \"hi\">")));
      obs.await("message", r -> r.messages().contains(v("[\"alice\" \"hi\"]")));
      p.clientActor.execute(t -> t.retract(h.get()));
      obs.await("alice gone", r -> r.log().contains("-[\"alice\"]"));
      p.settle(); // outbound Sync through the client relay (bug B1), answered through the server relay
      // text client: the server answers in text, one packet per line
      byte[] last = p.serverOut.sent().getLast();
      if (text) {
        assertThat(last[0]).isEqualTo((byte) '[');
        assertThat(last[last.length - 1]).isEqualTo((byte) '\n');
        assertThat(p.clientOut.sent().getFirst()[0]).isEqualTo((byte) '[');
      } else {
        assertThat(last[0] & 0xff).isEqualTo(0xB5);
      }
    }
  }

  @ParameterizedTest(name = "text client {0}")
  @CsvSource({"false", "true"})
  void syncFromTheServerSideOnAClientObject(boolean text) throws Exception {
    try (RelayPair p = new RelayPair(text, 11)) {
      Recorder clientObj = new Recorder(p.s, "client-object");
      Recorder obs = new Recorder(p.s, "observer");
      obs.publishAndWait(p.ds, observe1("here", obs.ref));
      p.clientActor.execute(t -> t.publish(p.remoteDs, RecordValue.of(Symbol.of("here"), clientObj.ref.embedded())));
      obs.await("ref arrives", r -> !r.live().isEmpty());
      Ref proxy = capturedRef(obs.live().get(0));
      CompletableFuture<Void> synced = new CompletableFuture<>();
      obs.run(t -> t.sync(proxy, k -> synced.complete(null)));
      synced.get(10, TimeUnit.SECONDS);
    }
  }

  @ParameterizedTest(name = "text client {0}")
  @CsvSource({"false", "true"})
  void aClientSyncsOnAnotherClientsObjectThroughTheServer(boolean text) throws Exception {
    // bug B1: the reference's server relay panics forwarding this Sync to client B
    try (RelayPair p = new RelayPair(text, 71)) {
      RelayPair.PipeEnd serverOutB = new RelayPair.PipeEnd(new java.util.Random(72));
      RelayPair.PipeEnd clientOutB = new RelayPair.PipeEnd(new java.util.Random(73));
      Relay serverB = Relay.spawn(RelayOptions.defaults("server-b").withScheduler(p.s), p.ds, serverOutB);
      Relay clientB = Relay.spawn(
          RelayOptions.defaults("client-b").withScheduler(p.s).withImportPeerInitialRef(true).withTextOutput(!text),
          null, clientOutB);
      serverOutB.peer = clientB;
      clientOutB.peer = serverB;
      Ref remoteDsB = clientB.peerInitialRef().join();
      Recorder objectOfB = new Recorder(p.s, "object-of-b");
      Recorder seenByA = new Recorder(p.s, "seen-by-a");
      p.clientActor.execute(t -> t.publish(p.remoteDs, observe1("bobj", seenByA.ref)));
      objectOfB.run(t -> t.publish(remoteDsB, RecordValue.of(Symbol.of("bobj"), objectOfB.ref.embedded())));
      seenByA.await("B's object reaches A", r -> r.live().size() == 1);
      Ref viaServer = capturedRef(seenByA.live().get(0)); // A's proxy of the server's proxy of B's object
      CompletableFuture<Void> synced = new CompletableFuture<>();
      p.clientActor.execute(t -> {
        t.message(viaServer, v("before-sync"));
        t.sync(viaServer, k -> synced.complete(null));
      });
      synced.get(10, TimeUnit.SECONDS);
      assertThat(objectOfB.messages()).as("the sync answer follows earlier events").contains(v("before-sync"));
      assertThat(serverB.closed()).isNotDone();
      assertThat(p.server.closed()).isNotDone();
      clientB.close();
      serverB.closed().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  @ParameterizedTest(name = "text client {0}")
  @CsvSource({"false", "true"})
  void refsGoBothWaysAndComeBackAsThemselves(boolean text) {
    try (RelayPair p = new RelayPair(text, 21)) {
      Recorder clientObj = new Recorder(p.s, "client-object");
      Recorder clientObs = new Recorder(p.s, "client-observer");
      Recorder serverObj = new Recorder(p.s, "server-object");
      Recorder obs = new Recorder(p.s, "observer");
      obs.publishAndWait(p.ds, observe1("obj", obs.ref));
      obs.publishAndWait(p.ds, observe1("ret", obs.ref));
      p.clientActor.execute(t -> {
        t.publish(p.remoteDs, observe1("back", clientObs.ref));
        t.publish(p.remoteDs, observe1("srv", clientObs.ref));
        t.publish(p.remoteDs, RecordValue.of(Symbol.of("obj"), clientObj.ref.embedded()));
      });
      obs.await("client object arrives", r -> r.live().size() == 1);
      Ref proxyOfClientObj = capturedRef(obs.live().get(0));
      assertThat(proxyOfClientObj).isNotEqualTo(clientObj.ref);
      // the server sends the proxy back: the client sees its own object, not a proxy of a proxy
      obs.run(t -> t.publish(p.ds, RecordValue.of(Symbol.of("back"), proxyOfClientObj.embedded())));
      clientObs.await("own object back", r -> r.live().size() == 1);
      assertThat(capturedRef(clientObs.live().get(0))).isEqualTo(clientObj.ref);
      // a server object goes to the client and comes back as itself
      obs.run(t -> t.publish(p.ds, RecordValue.of(Symbol.of("srv"), serverObj.ref.embedded())));
      clientObs.await("server object", r -> r.live().size() == 2);
      Ref proxyOfServerObj = capturedRef(clientObs.live().get(1));
      assertThat(proxyOfServerObj).isNotEqualTo(serverObj.ref);
      p.clientActor.execute(t -> t.publish(p.remoteDs, RecordValue.of(Symbol.of("ret"), proxyOfServerObj.embedded())));
      obs.await("server object back", r -> r.live().size() == 2);
      assertThat(capturedRef(obs.live().get(1))).isEqualTo(serverObj.ref);
      // events through the proxies reach the objects
      p.clientActor.execute(t -> t.message(proxyOfServerObj, v("hello-server")));
      serverObj.await("message", r -> r.messages().contains(v("hello-server")));
      obs.run(t -> t.message(proxyOfClientObj, v("hello-client")));
      clientObj.await("message", r -> r.messages().contains(v("hello-client")));
    }
  }

  @ParameterizedTest(name = "text client {0}")
  @CsvSource({"false", "true"})
  void aProxyAttenuatedHereIsReexportedAndKeepsItsCaveats(boolean text) {
    try (RelayPair p = new RelayPair(text, 31)) {
      Recorder clientObj = new Recorder(p.s, "client-object");
      Recorder clientObs = new Recorder(p.s, "client-observer");
      Recorder obs = new Recorder(p.s, "observer");
      obs.publishAndWait(p.ds, observe1("obj", obs.ref));
      p.clientActor.execute(t -> {
        t.publish(p.remoteDs, observe1("att", clientObs.ref));
        t.publish(p.remoteDs, RecordValue.of(Symbol.of("obj"), clientObj.ref.embedded()));
      });
      obs.await("client object arrives", r -> r.live().size() == 1);
      Ref proxy = capturedRef(obs.live().get(0));
      Ref attenuated = proxy.attenuate(List.of(v("<reject <rec secret [<_>]>>")));
      obs.run(t -> t.publish(p.ds, RecordValue.of(Symbol.of("att"), attenuated.embedded())));
      clientObs.await("attenuated ref", r -> r.live().size() == 1);
      Ref back = capturedRef(clientObs.live().get(0));
      assertThat(back).as("re-exported as a new server object, not [1 n]").isNotEqualTo(clientObj.ref);
      p.clientActor.execute(t -> {
        t.message(back, v("<secret 1>"));
        t.message(back, v("<public 1>"));
        t.message(back, v("<secret 1 2>"));
      });
      clientObj.await("public passes", r -> r.messages().size() == 2);
      p.settle();
      assertThat(clientObj.messages()).containsExactly(v("<public 1>"), v("<secret 1 2>"));
    }
  }

  @ParameterizedTest(name = "text client {0}")
  @CsvSource({"false", "true"})
  void countsAreReleasedWhenAssertionsCarryingRefsAreRetracted(boolean text) {
    try (RelayPair p = new RelayPair(text, 41)) {
      Recorder clientObj = new Recorder(p.s, "client-object");
      Recorder obs = new Recorder(p.s, "observer");
      obs.publishAndWait(p.ds, observe1("obj", obs.ref));
      p.settle();
      Relay.Stats c0 = RelayPair.stats(p.client), s0 = RelayPair.stats(p.server);
      AtomicLong h1 = new AtomicLong(), h2 = new AtomicLong();
      p.clientActor.execute(t -> {
        h1.set(t.publish(p.remoteDs, RecordValue.of(Symbol.of("obj"), clientObj.ref.embedded())));
        h2.set(t.publish(p.remoteDs, RecordValue.of(Symbol.of("obj2"), clientObj.ref.embedded(), clientObj.ref.embedded())));
      });
      obs.await("arrives", r -> r.live().size() == 1);
      p.settle();
      Relay.Stats c1 = RelayPair.stats(p.client), s1 = RelayPair.stats(p.server);
      assertThat(c1.exported()).isEqualTo(c0.exported() + 1);
      assertThat(s1.imported()).isEqualTo(s0.imported() + 1);
      assertThat(s1.inboundHandles()).isEqualTo(s0.inboundHandles() + 2);
      assertThat(c1.outboundHandles()).isEqualTo(c0.outboundHandles() + 2);
      p.clientActor.execute(t -> t.retract(h1.get()));
      p.settle();
      assertThat(RelayPair.stats(p.client).exported()).isEqualTo(c0.exported() + 1); // still in obj2
      p.clientActor.execute(t -> t.retract(h2.get()));
      obs.await("gone", r -> r.live().isEmpty());
      p.settle();
      Relay.Stats c2 = RelayPair.stats(p.client), s2 = RelayPair.stats(p.server);
      assertThat(c2.exported()).isEqualTo(c0.exported());
      assertThat(s2.imported()).isEqualTo(s0.imported());
      assertThat(s2.inboundHandles()).isEqualTo(s0.inboundHandles());
      assertThat(c2.outboundHandles()).isEqualTo(c0.outboundHandles());
    }
  }

  @ParameterizedTest(name = "text client {0}")
  @CsvSource({"false", "true"})
  void oneTurnGoesOutAsOnePacket(boolean text) {
    try (RelayPair p = new RelayPair(text, 51)) {
      Recorder obs = new Recorder(p.s, "observer");
      obs.publishAndWait(p.ds, observe1("x", obs.ref));
      p.settle();
      int before = p.clientOut.sent().size();
      p.clientActor.execute(t -> {
        t.publish(p.remoteDs, v("<x 1>"));
        t.publish(p.remoteDs, v("<x 2>"));
        t.message(p.remoteDs, v("<x 3>"));
        t.publish(p.remoteDs, v("<x 4>"));
      });
      obs.await("all", r -> r.live().size() == 3 && r.messages().size() == 1);
      List<byte[]> sent = p.clientOut.sent();
      assertThat(sent).hasSize(before + 1);
      List<PacketReader.Decoded> d = new java.util.ArrayList<>();
      byte[] pkt = sent.get(before);
      new PacketReader(1 << 20, 512).feedFrame(pkt, 0, pkt.length, d::add);
      assertThat(((WirePacket.Turn) d.get(0).packet()).events()).hasSize(4);
      assertThat(d.get(0).text()).isEqualTo(text);
    }
  }

  @ParameterizedTest(name = "text client {0}")
  @CsvSource({"false", "true"})
  void closingOneSideRetractsEverythingItAssertedAndEmptiesTheTables(boolean text) {
    RelayPair p = new RelayPair(text, 61);
    try {
      Recorder obs = new Recorder(p.s, "observer");
      Recorder clientObj = new Recorder(p.s, "client-object");
      obs.publishAndWait(p.ds, observe1("Present", obs.ref));
      p.clientActor.execute(t -> {
        t.publish(p.remoteDs, v("<Present 1>"));
        t.publish(p.remoteDs, RecordValue.of(Symbol.of("Present"), clientObj.ref.embedded()));
      });
      obs.await("present", r -> r.live().size() == 2);
      p.client.close();
      obs.await("retracted", r -> r.live().isEmpty());
      assertThat(p.server.closed().orTimeout(10, TimeUnit.SECONDS).join()).isNull();
      assertThat(p.client.closed().join()).isNull();
      for (Relay r : List.of(p.client, p.server)) {
        Relay.Stats st = RelayPair.stats(r);
        assertThat(st).isEqualTo(new Relay.Stats(0, 0, 0, 0, 0, st.packetsIn(), st.packetsOut()));
      }
    } finally {
      p.s.close();
    }
  }
}
