package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/** Membrane rules seen from a raw peer (reference note §2.3, §2.5). */
class MembraneTest {
  private Scheduler s;
  private Ref ds;
  private Relay relay;
  private CapturingTransport out;

  @BeforeEach
  void setUp() {
    s = new Scheduler(2);
    CompletableFuture<Ref> r = new CompletableFuture<>();
    Actor.boot(s, "ds", t -> r.complete(Dataspace.create(t)));
    ds = r.join();
    out = new CapturingTransport();
    relay = Relay.spawn(RelayOptions.defaults("raw").withScheduler(s), ds, out);
  }

  @AfterEach
  void tearDown() {
    s.close();
  }

  private void send(String text) {
    relay.receive((text + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private Recorder observer(String label) {
    Recorder rec = new Recorder(s, "obs-" + label);
    rec.publishAndWait(ds, RelayPairTest.observe1(label, rec.ref));
    return rec;
  }

  /** Sync round trip through the relay and the dataspace, then through {@code rec}. */
  private void settle(Recorder rec, int replyOid) {
    int n = out.packets().size();
    send("[[0 <S #:[0 " + replyOid + "]>]]");
    out.await(p -> p.size() > n && p.getLast().equals(RelayPairTest.v("[[" + replyOid + " <M #t>]]")));
    CompletableFuture<Void> done = new CompletableFuture<>();
    rec.run(t -> t.sync(ds, k -> done.complete(null)));
    done.orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Test
  void aYoursRefWithCaveatsSentBackToItsPeerKeepsItsCaveats() {
    // the reference's bug fixed by its commit 0b72b40: it used to go back as the plain [0 0]
    Recorder present = observer("Present");
    Recorder secret = observer("secret");
    send("[[0 <A <Observe <group <rec att> {0: <bind <_>>}> #:[0 5]> 1>]"
        + " [0 <A <att #:[1 0 <reject <rec secret [<_>]>>]> 2>]]");
    List<Value> packets = out.await(p -> !p.isEmpty());
    // [[5 <A [#:[0 m]] H>]]
    Value event = ((Sequence) ((Sequence) packets.get(0)).get(0)).get(1);
    assertThat(((Sequence) ((Sequence) packets.get(0)).get(0)).get(0)).isEqualTo(RelayPairTest.v("5"));
    Value captures = ((RecordValue) event).field(0);
    WireRef w = (WireRef) ((Embedded) ((Sequence) captures).get(0)).payload();
    assertThat(w.isMine()).isTrue();
    assertThat(w.oid()).as("a new export, not the unattenuated object 0").isNotZero();
    send("[[" + w.oid() + " <A <secret 1> 3>] [" + w.oid() + " <A <Present \"via-att\"> 4>]]");
    present.await("via-att", r -> r.live().contains(RelayPairTest.v("[\"via-att\"]")));
    settle(secret, 6);
    assertThat(secret.log()).isEmpty();
  }

  @Test
  void theSameCaveatListGivesTheSameObjectAndAPlainYoursRefIsTheObjectItself() {
    Recorder twice = new Recorder(s, "twice");
    twice.publishAndWait(ds, org.syndicate.preserves.RecordValue.of(org.syndicate.preserves.Symbol.of("Observe"),
        RelayPairTest.v("<group <rec twice> {0: <bind <_>> 1: <bind <_>> 2: <bind <_>>}>"), twice.ref.embedded()));
    send("[[0 <A <twice #:[1 0 <reject <lit 1>>] #:[1 0 <reject <lit 1>>] #:[1 0]> 1>]]");
    twice.await("captured", r -> r.live().size() == 1);
    Sequence c = (Sequence) twice.live().get(0);
    Ref a = (Ref) ((Embedded) c.get(0)).payload();
    Ref b = (Ref) ((Embedded) c.get(1)).payload();
    Ref plain = (Ref) ((Embedded) c.get(2)).payload();
    assertThat(a).isEqualTo(b);
    assertThat(a.caveats()).containsExactly(RelayPairTest.v("<reject <lit 1>>"));
    assertThat(plain).isEqualTo(ds);
  }

  @Test
  void transientRulesFollowTheWholePacket() {
    Recorder m = observer("m");
    // held by an earlier assertion of the same packet; mentioned twice; held by a later one
    send("[[0 <A <keep #:[0 9]> 1>] [0 <M <m #:[0 9]>>]]");
    send("[[0 <M <m #:[0 10] #:[0 10]>>]]");
    send("[[0 <M <m #:[0 11]>>] [0 <A <keep2 #:[0 11]> 2>]]");
    send("[[0 <M <m #:[1 0]>>]]"); // our pinned object 0
    try { m.await("four messages", r -> r.messages().size() == 4); } catch (AssertionError e) { throw new AssertionError(e.getMessage() + " closed=" + relay.closed().getNow(null) + " out=" + out.packets(), e); }
    settle(m, 40);
    assertThat(relay.closed()).isNotDone();
    Relay.Stats st = RelayPair.stats(relay);
    assertThat(st.imported()).as("9 and 11 held by live assertions; 10 released").isEqualTo(2);
    assertThat(st.exported()).isEqualTo(1);
  }

  @Test
  void retractingReleasesTheRefsAndTheTarget() {
    Recorder keep = observer("keep");
    send("[[0 <A <keep #:[0 9]> 1>]]");
    keep.await("kept", r -> r.live().size() == 1);
    Ref proxy = RelayPairTest.capturedRef(keep.live().get(0));
    // a local assertion to the peer's object pins the imported entry and goes out once
    keep.run(t -> t.publish(proxy, RelayPairTest.v("<hello>")));
    out.await(p -> p.stream().anyMatch(v -> v.toString().contains("hello")));
    send("[[0 <R 1>]]");
    keep.await("retracted", r -> r.live().isEmpty());
    settle(keep, 41);
    assertThat(RelayPair.stats(relay).imported()).as("still pinned by our assertion to it").isEqualTo(1);
    keep.actor.stop(); // retracts <hello>
    out.await(p -> p.getLast().toString().contains("<R "));
    Relay.Stats st = RelayPair.stats(relay);
    assertThat(st.imported()).isZero();
    assertThat(st.outboundHandles()).isZero();
  }
}
