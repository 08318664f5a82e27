package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.preserves.Value;
import org.syndicate.testkit.Await;

/**
 * Flow control across actors (reference note §2.9): a peer flooding messages into a dataspace
 * whose observer is stuck cannot make the observer's mailbox grow past the connection's credit:
 * the relay holds the rest of its input back and pauses the transport, and lets it through, in
 * order, once the observer catches up.
 */
class FlowControlTest {
  private static final int FLOOD = 1000;

  private Scheduler s;
  private Ref ds;
  private Recorder observer;

  @BeforeEach
  void setUp() {
    s = new Scheduler(4);
    CompletableFuture<Ref> r = new CompletableFuture<>();
    Actor.boot(s, "ds", t -> r.complete(Dataspace.create(t)));
    ds = r.join();
    observer = new Recorder(s, "slow-observer");
    observer.publishAndWait(ds, RelayPairTest.observe1("tick", observer.ref));
  }

  @AfterEach
  void tearDown() {
    s.close();
  }

  /** Holds the observer's actor in a turn until the returned future completes. */
  private CompletableFuture<Void> holdObserver() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AtomicInteger in = new AtomicInteger();
    observer.run(t -> {
      in.incrementAndGet();
      gate.join();
    });
    Await.until("observer held", () -> in.get() == 1);
    return gate;
  }

  /** FLOOD message packets in one burst of bytes, as one socket read may deliver them. */
  private static byte[] flood() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < FLOOD; i++) b.append("[[0 <M <tick ").append(i).append(">>]]\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<Value> expected() {
    List<Value> l = new ArrayList<>();
    for (int i = 0; i < FLOOD; i++) l.add(RelayPairTest.v("[" + i + "]"));
    return l;
  }

  @Test
  void aFloodIntoADataspaceWithAStuckObserverStaysWithinTheCredit() {
    int credit = 10;
    CapturingTransport out = new CapturingTransport();
    Relay relay = Relay.spawn(RelayOptions.defaults("flooder").withScheduler(s).withCredit(credit), ds, out);
    CompletableFuture<Void> gate = holdObserver();
    int[] maxMailbox = {0};

    relay.receive(flood());
    // the packets let through travel relay -> dataspace -> observer, one unit each all the way
    Await.until(
        "the admitted packets to queue up at the observer",
        Await.DEFAULT_DEADLINE,
        1,
        () -> {
          maxMailbox[0] = Math.max(maxMailbox[0], observer.actor.pendingTurns());
          // the dataspace repays its own unit only after its commit has queued the event at the
          // observer, so the debt may read credit + 2 for a moment after the mailbox is full
          return observer.actor.pendingTurns() == credit + 1 && relay.account().debt() == credit + 1;
        },
        () -> " mailbox = " + observer.actor.pendingTurns() + ", debt = " + relay.account().debt());
    assertThat(maxMailbox[0]).isLessThanOrEqualTo(credit + 1);
    assertThat(relay.account().debt()).isEqualTo(credit + 1);
    assertThat(relay.heldBackPackets()).isEqualTo(FLOOD - credit - 1);
    assertThat(out.paused).as("transport asked to stop reading").isTrue();
    assertThat(observer.messages()).isEmpty();

    gate.complete(null);
    observer.await("every message, in order", o -> o.messages().size() == FLOOD);
    assertThat(observer.messages()).isEqualTo(expected());
    Await.until("debt repaid", Await.DEFAULT_DEADLINE, 5, () -> relay.account().debt() == 0,
        () -> " debt = " + relay.account().debt());
    Await.until("reading resumed", () -> !out.paused);
    assertThat(relay.heldBackPackets()).isZero();
  }

  @Test
  void withoutTheCreditTheObserversMailboxGrowsWithTheFlood() {
    // the control: the same flood with flow control effectively off
    CapturingTransport out = new CapturingTransport();
    Relay relay =
        Relay.spawn(RelayOptions.defaults("flooder").withScheduler(s).withCredit(Integer.MAX_VALUE), ds, out);
    CompletableFuture<Void> gate = holdObserver();
    relay.receive(flood());
    Await.until(
        "the whole flood to queue up at the observer",
        Await.DEFAULT_DEADLINE,
        1,
        () -> observer.actor.pendingTurns() == FLOOD,
        () -> " mailbox = " + observer.actor.pendingTurns());
    // still counted, just never acted on (waited for: the dataspace repays its last unit just
    // after the observer's mailbox is full)
    Await.until("debt of the whole flood", Await.DEFAULT_DEADLINE, 1, () -> relay.account().debt() == FLOOD,
        () -> " debt = " + relay.account().debt());
    assertThat(out.paused).isFalse();
    gate.complete(null);
    observer.await("every message", o -> o.messages().size() == FLOOD);
    Await.until("debt repaid", () -> relay.account().debt() == 0);
  }

  @Test
  void endOfInputWaitsBehindHeldBackPackets() {
    CapturingTransport out = new CapturingTransport();
    Relay relay = Relay.spawn(RelayOptions.defaults("flooder").withScheduler(s).withCredit(3), ds, out);
    CompletableFuture<Void> gate = holdObserver();
    relay.receive(flood());
    relay.endOfInput();
    Await.until("input held back", () -> relay.heldBackPackets() == FLOOD - 4 + 1);
    assertThat(relay.closed()).isNotDone();
    gate.complete(null);
    observer.await("every message before the end", o -> o.messages().size() == FLOOD);
    assertThat(Await.answer(relay.closed(), Await.DEFAULT_DEADLINE, "relay closed")).isNull();
    Await.until("debt repaid", () -> relay.account().debt() == 0);
  }
}
