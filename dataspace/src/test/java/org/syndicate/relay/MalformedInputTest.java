package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.ExitReason;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A relay fed by a raw peer (bytes written by hand): malformed input and protocol violations end
 * that connection with an error packet and leave nothing behind; the tolerated cases (§10 rows
 * 11, 13, 14) leave it running.
 */
class MalformedInputTest {
  private Scheduler s;
  private Ref ds;
  private Recorder obs;
  private Actor bystander;

  @BeforeEach
  void setUp() {
    s = new Scheduler(2);
    CompletableFuture<Ref> r = new CompletableFuture<>();
    Actor.boot(s, "ds", t -> r.complete(Dataspace.create(t)));
    ds = r.join();
    obs = new Recorder(s, "observer");
    obs.publishAndWait(ds, RelayPairTest.observe1("Present", obs.ref));
    bystander = Actor.boot(s, "bystander", t -> {
      t.preventInertCheck();
      t.publish(ds, RelayPairTest.v("<Present \"bystander\">"));
    });
    obs.await("bystander", o -> o.live().contains(RelayPairTest.v("[\"bystander\"]")));
  }

  @AfterEach
  void tearDown() {
    s.close();
  }

  private record Conn(Relay relay, CapturingTransport out) {
    void text(String packets) {
      relay.receive(packets.getBytes(StandardCharsets.UTF_8));
    }

    void hex(String hex) {
      relay.receive(HexFormat.of().parseHex(hex));
    }
  }

  private Conn connect(RelayOptions options) {
    CapturingTransport out = new CapturingTransport();
    Relay r = Relay.spawn(options.withScheduler(s), ds, out);
    return new Conn(r, out);
  }

  private Conn connect() {
    return connect(RelayOptions.defaults("raw-peer"));
  }

  /** The peer asserts {@code <Present "peer">} first, in a packet of its own. */
  private Conn connectAndAssert() {
    return connectAndAssert(false);
  }

  private Conn connectAndAssert(boolean binary) {
    Conn c = connect();
    if (binary) {
      c.relay().receive(PacketWriter.encode(WirePacket.parse(RelayPairTest.v("[[0 <A <Present \"peer\"> 1>]]")), false));
    } else {
      c.text("[[0 <A <Present \"peer\"> 1>]]\n");
    }
    obs.await("peer present", o -> o.live().contains(RelayPairTest.v("[\"peer\"]")));
    return c;
  }

  /** The connection ended with {@code <error MESSAGE…>}, retracted the peer's assertion, and holds nothing. */
  private void assertEndedWithError(Conn c, String messagePrefix) {
    Throwable why = c.out().awaitClosed();
    assertThat(why).isNotNull();
    List<Value> packets = c.out().packets();
    assertThat(packets).isNotEmpty();
    Value last = packets.getLast();
    assertThat(last.isRecord("error", 2)).as("last packet %s", last).isTrue();
    String msg = ((StringValue) ((RecordValue) last).field(0)).value();
    assertThat(msg).startsWith(messagePrefix);
    ExitReason exit = c.relay().facet().actor().exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(exit).isInstanceOf(ExitReason.Failed.class);
    obs.await("peer retracted", o -> !o.live().contains(RelayPairTest.v("[\"peer\"]")));
    assertThat(obs.live()).contains(RelayPairTest.v("[\"bystander\"]"));
    assertThat(bystander.isAlive()).isTrue();
    Relay.Stats st = RelayPair.stats(c.relay());
    assertThat(st).isEqualTo(new Relay.Stats(0, 0, 0, 0, 0, st.packetsIn(), st.packetsOut()));
    // later input is ignored
    c.text("[[0 <A <Present \"late\"> 9>]]\n");
    assertThat(RelayPair.stats(c.relay()).bufferedBytes()).isZero();
  }

  /** A sync round trip through the relay: everything sent before it has been handled. */
  private void settle(Conn c, int oid) {
    int before = c.out().packets().size();
    c.text("[[0 <S #:[0 " + oid + "]>]]\n");
    c.out().await(p -> p.size() > before);
    // and the dataspace's answer to the observer has been delivered
    CompletableFuture<Void> done = new CompletableFuture<>();
    obs.run(t -> t.sync(ds, k -> done.complete(null)));
    done.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void garbageBinaryBytes() {
    Conn c = connectAndAssert(true);
    c.hex("ff00ff00");
    assertEndedWithError(c, "Invalid packet");
  }

  @Test
  void garbageText() {
    Conn c = connectAndAssert();
    c.text("]]]\n");
    assertEndedWithError(c, "Invalid packet");
  }

  @Test
  void invalidUtf8InText() {
    Conn c = connectAndAssert();
    c.relay().receive(new byte[] {'[', '"', (byte) 0xC3, (byte) 0x28, '"', ']', '\n'});
    assertEndedWithError(c, "Invalid packet");
  }

  @Test
  void aValueThatIsNotAPacket() {
    Conn c = connectAndAssert();
    c.text("[1 2]\n");
    assertEndedWithError(c, "Invalid packet");
  }

  @Test
  void anEventWithTheWrongShape() {
    Conn c = connectAndAssert();
    c.text("[[0 <A <x> y>]]\n");
    assertEndedWithError(c, "Invalid packet");
  }

  @Test
  void aBadWireRef() {
    Conn c = connectAndAssert();
    c.text("[[0 <A <x #:[2 1]> 5>]]\n");
    assertEndedWithError(c, "Invalid embedded reference");
  }

  @Test
  void aDoublyEmbeddedSyncPeerAsSyndicatePySendsIt() {
    // test/INTEROP-NOTES.md "Sync bug": the reference rejects this too
    Conn c = connectAndAssert();
    c.text("[[0 <S #:#:[0 3]>]]\n");
    assertEndedWithError(c, "Invalid embedded reference");
  }

  @Test
  void anInvalidCaveatInAYoursRef() {
    Conn c = connectAndAssert();
    c.text("[[0 <A <x #:[1 0 <rewrite <_> <ref 3>>]> 5>]]\n");
    assertEndedWithError(c, "Invalid capability attenuation");
  }

  @Test
  void aDuplicateHandleRollsBackThePacket() {
    Conn c = connectAndAssert();
    c.text("[[0 <A <Present \"first\"> 7>] [0 <A <Present \"dup\"> 1>]]\n");
    assertEndedWithError(c, "Assertion with duplicate handle");
    assertThat(obs.log()).noneMatch(l -> l.contains("first") || l.contains("dup"));
  }

  @Test
  void aMessageCarryingATransientReference() {
    Conn c = connectAndAssert();
    c.text("[[0 <M <m #:[0 9]>>]]\n");
    assertEndedWithError(c, "Cannot receive transient reference");
  }

  @Test
  void aHugeLengthPrefixIsRefusedBeforeItsBytesArrive() {
    Conn c = connectAndAssert(true);
    c.hex("b5b5b000b4b30141b1ffffff7f"); // a string claiming 268 MB, over the 16 MiB limit
    assertEndedWithError(c, "Invalid packet: longer than the limit");
  }

  @Test
  void deepBinaryNesting() {
    Conn c = connectAndAssert(true);
    byte[] deep = new byte[100_000];
    Arrays.fill(deep, (byte) 0xB5);
    c.relay().receive(deep);
    assertEndedWithError(c, "Invalid packet: nesting deeper");
  }

  @Test
  void deepTextNesting() {
    Conn c = connectAndAssert();
    c.text("[".repeat(100_000));
    assertEndedWithError(c, "Invalid packet: nesting deeper");
  }

  @Test
  void aPacketOverTheSizeLimit() {
    Conn c = connect(RelayOptions.defaults("small").withMaxPacketBytes(1024));
    c.text("[[0 <A <Present \"peer\"> 1>]]\n");
    obs.await("peer present", o -> o.live().contains(RelayPairTest.v("[\"peer\"]")));
    c.text("[[0 <M \"" + "x".repeat(600));
    c.text("x".repeat(600) + "\">]]\n");
    assertEndedWithError(c, "Invalid packet: longer than the limit");
  }

  @Test
  void tooManyLiveAssertions() {
    Conn c = connect(RelayOptions.defaults("few").withMaxHandles(2));
    c.text("[[0 <A <Present \"peer\"> 1>]]\n");
    obs.await("peer present", o -> o.live().contains(RelayPairTest.v("[\"peer\"]")));
    c.text("[[0 <A <Present 2> 2>] [0 <A <Present 3> 3>]]\n");
    assertEndedWithError(c, "Too many assertions");
  }

  @Test
  void anErrorFromThePeerIsEchoed() {
    Conn c = connectAndAssert();
    c.text("<error \"bye\" #f>\n");
    assertEndedWithError(c, "bye");
    assertThat(c.out().packets().getLast()).isEqualTo(RelayPairTest.v("<error \"bye\" #f>"));
  }

  @Test
  void earlierPacketsInTheSameBufferStayCommitted() {
    Conn c = connect();
    c.text("[[0 <A <Present \"peer\"> 1>]]\n[[0 <A <Present \"kept-until-close\"> 2>]]\n[1 2]\n");
    assertEndedWithError(c, "Invalid packet");
    obs.await("kept, then retracted at the end", o -> o.log().contains("-[\"kept-until-close\"]"));
    assertThat(obs.log()).contains("+[\"kept-until-close\"]");
  }

  // ------------------------------------------------------------------ tolerated input

  @Test
  void retractOfAnUnknownHandleIsIgnored() {
    Conn c = connectAndAssert();
    c.text("[[0 <R 99>] [0 <A <Present \"after\"> 2>]]\n");
    obs.await("after", o -> o.live().contains(RelayPairTest.v("[\"after\"]")));
    assertThat(c.relay().closed()).isNotDone();
  }

  @Test
  void eventsToUnknownOidsAreDroppedWithoutLeakingCounts() {
    Conn c = connectAndAssert();
    Relay.Stats before = RelayPair.stats(c.relay());
    c.text("[[77 <A <x #:[0 5] #:[1 0] #:[1 33]> 3>] [77 <M <m #:[0 6]>>] [0 <A <Present \"after\"> 2>]]\n");
    obs.await("after", o -> o.live().contains(RelayPairTest.v("[\"after\"]")));
    settle(c, 40);
    Relay.Stats after = RelayPair.stats(c.relay());
    assertThat(after.imported()).isEqualTo(before.imported());
    assertThat(after.exported()).isEqualTo(before.exported());
    assertThat(after.inboundHandles()).isEqualTo(before.inboundHandles() + 1);
    assertThat(c.relay().closed()).isNotDone();
  }

  @Test
  void aYoursRefToAnUnexportedOidDoesNotTouchTheExportedTable() {
    Conn c = connectAndAssert();
    c.text("[[0 <A <Present #:[1 12]> 2>]]\n");
    obs.await("inert ref", o -> o.live().size() == 3);
    settle(c, 40);
    assertThat(RelayPair.stats(c.relay()).exported()).isEqualTo(1);
    assertThat(c.relay().closed()).isNotDone();
  }

  @Test
  void binaryAfterLeftoverTextWhitespaceIsAnError() {
    Conn c = connectAndAssert();
    c.hex("80");
    assertEndedWithError(c, "Invalid packet");
  }

  @Test
  void extensionsAndNopsAreIgnored() {
    Conn c = connect();
    c.hex("80b4b30466726f6284");
    c.text("[[0 <A <Present \"peer\"> 1>]]\n");
    c.text("<frob 1 2>\n<do <credit-flow-control 202506>>\n#f\n<error 5 6>\n");
    c.text("[[0 <A <Present \"after\"> 2>]]\n");
    obs.await("after", o -> o.live().contains(RelayPairTest.v("[\"after\"]")));
    assertThat(c.relay().closed()).isNotDone();
  }

  @Test
  void endOfInputEndsNormallyAndRetractsEverything() {
    Conn c = connectAndAssert();
    c.text("[[0 <A <Present \"half"); // an incomplete packet is dropped at the end
    c.relay().endOfInput();
    assertThat(c.out().awaitClosed()).isNull();
    obs.await("peer retracted", o -> !o.live().contains(RelayPairTest.v("[\"peer\"]")));
    ExitReason exit = c.relay().facet().actor().exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
    assertThat(exit.isNormal()).isTrue();
    assertThat(c.out().packets()).noneMatch(p -> p.isRecord("error", 2));
  }

  @Test
  void repliesFollowTheSyntaxOfTheLastPacket() {
    Conn c = connect();
    c.hex("b5b5b000b4b30153" + "86b5b000b0010384" + "848484"); // [[0 <S #:[0 3]>]] binary
    c.out().await(p -> p.size() == 1);
    assertThat(c.out().raw().get(0)[0] & 0xff).isEqualTo(0xB5);
    c.text("[[0 <S #:[0 4]>]]\n");
    c.out().await(p -> p.size() == 2);
    assertThat(new String(c.out().raw().get(1), StandardCharsets.UTF_8)).isEqualTo("[[4 <M #t>]]\n");
    assertThat(c.out().packets().get(0)).isEqualTo(RelayPairTest.v("[[3 <M #t>]]"));
    assertThat(HexFormat.of().formatHex(c.out().raw().get(0))).isEqualTo("b5b5b00103b4b3014d81848484");
  }

  @Test
  void theReferenceWireExampleVectors() {
    // vector 2 in, then the dataspace side answers the client's object 1: bytes as vector 5
    Conn c = connect();
    List<Vectors.Case> v = Vectors.load();
    Recorder gk = new Recorder(s, "resolver");
    gk.publishAndWait(ds, RecordValue.of(Symbol.of("Observe"),
        RelayPairTest.v("<group <rec resolve> {1: <bind <_>>}>"), gk.ref.embedded()));
    c.relay().receive(v.get(1).bytes());
    gk.await("resolve", r -> r.live().size() == 1);
    // <resolve SturdyRef #:observer>: the observer is the client's object 1
    Ref observer = RelayPairTest.capturedRef(gk.live().get(0));
    gk.run(t -> t.message(observer, RelayPairTest.v("[\"producer\" #\"\"]")));
    c.out().await(p -> p.size() == 1);
    assertThat(HexFormat.of().formatHex(c.out().raw().get(0))).isEqualTo(HexFormat.of().formatHex(
        v.get(4).bytes()).replace("b5b5b00102", "b5b5b00101"));
  }

  @Test
  void readingPausesWhileTheActorIsBehind() {
    Conn c = connect(RelayOptions.defaults("slow").withCredit(4));
    CompletableFuture<Void> gate = new CompletableFuture<>();
    c.relay().facet().execute(t -> gate.join()); // block the connection's actor
    StringBuilder many = new StringBuilder();
    for (int i = 0; i < 10; i++) many.append("[[0 <M <tick ").append(i).append(">>]]\n");
    c.text(many.toString());
    assertThat(c.out().paused).isTrue();
    gate.complete(null);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (c.out().paused && System.nanoTime() < deadline) Thread.onSpinWait();
    assertThat(c.out().paused).isFalse();
  }

  static Value sym(String s) {
    return Symbol.of(s);
  }

  static Value f() {
    return BooleanValue.FALSE;
  }
}
