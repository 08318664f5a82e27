package org.syndicate.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.testkit.Await;

/**
 * Flow-control accounts (reference note §2.9): events borrow from the account of the turn that
 * queued them, fan-out is charged to the same account, and every unit comes back, also when turns
 * fail or receivers are gone.
 */
class AccountTest {
  private Scheduler s;

  @BeforeEach
  void setUp() {
    s = new Scheduler(6); // observers are held on gates: leave threads for the rest
  }

  @AfterEach
  void tearDown() {
    s.close();
  }

  /** An actor whose entity counts the messages it gets. */
  private static final class Counter {
    final Actor actor;
    final Ref ref;
    final AtomicInteger messages = new AtomicInteger();

    Counter(Scheduler s, String name) {
      CompletableFuture<Ref> r = new CompletableFuture<>();
      actor = Actor.boot(s, name, t -> {
        t.preventInertCheck();
        r.complete(t.ref(new Entity() {
          @Override
          public void onMessage(Turn turn, Value body) {
            messages.incrementAndGet();
          }
        }));
      });
      ref = r.join();
    }
  }

  private static Value tick(int i) {
    return RecordValue.of("tick", SignedInteger.of(i));
  }

  private static void syncWith(Actor from, Ref target) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    from.execute(t -> t.sync(target, k -> done.complete(null)));
    Await.answer(done, Await.DEFAULT_DEADLINE, "sync");
  }

  @Test
  void debtFollowsQueuedEventsThroughADataspaceFanOutAndReturnsToZero() {
    CompletableFuture<Ref> dsRef = new CompletableFuture<>();
    Actor dsActor = Actor.boot(s, "ds", t -> dsRef.complete(Dataspace.create(t)));
    Ref ds = dsRef.join();
    List<Counter> observers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Counter c = new Counter(s, "observer-" + i);
      observers.add(c);
      c.actor.execute(t -> t.publish(ds, RecordValue.of(Symbol.of("Observe"),
          TextReader.parse("<group <rec tick> {0: <bind <_>>}>"), c.ref.embedded())));
      syncWith(c.actor, ds);
    }
    Actor producer = Actor.boot(s, "producer", t -> t.preventInertCheck());
    Account account = new Account("flood");

    // hold every observer on a gate, so what reaches them stays queued
    CompletableFuture<Void> gate = new CompletableFuture<>();
    AtomicInteger held = new AtomicInteger();
    for (Counter c : observers) c.actor.execute(t -> {
      held.incrementAndGet();
      gate.join();
    });
    Await.until("observers held", () -> held.get() == 3);

    producer.execute(account, t -> {
      for (int i = 0; i < 10; i++) t.message(ds, tick(i));
    });
    // 10 messages to the dataspace, then 10 to each of 3 observers: 30 queued, all charged here
    Await.until("fan-out charged to the account", () -> account.debt() == 30);
    for (Counter c : observers) {
      Await.until("fan-out queued at " + c.actor.name(), () -> c.actor.pendingTurns() == 1);
      assertThat(c.messages.get()).isZero();
    }
    assertThat(dsActor.pendingTurns()).isZero();
    assertThat(account.debt()).isEqualTo(30);

    gate.complete(null);
    Await.until("every unit repaid", Await.DEFAULT_DEADLINE, 5, () -> account.debt() == 0, () -> " debt = " + account.debt());
    for (Counter c : observers) assertThat(c.messages.get()).isEqualTo(10);
  }

  @Test
  void eachUnqueuedEventBorrowsOneUnitUntilItsTurnHasRun() {
    Counter c = new Counter(s, "counter");
    Account account = new Account("direct");
    CompletableFuture<Void> gate = new CompletableFuture<>();
    c.actor.execute(t -> gate.join());
    for (int i = 0; i < 5; i++) c.actor.execute(account, t -> {});
    assertThat(account.debt()).isEqualTo(5); // borrowed when queued, before any has run
    Actor sender = Actor.boot(s, "sender", t -> t.preventInertCheck());
    sender.execute(account, t -> {
      t.message(c.ref, tick(1));
      t.message(c.ref, tick(2));
    });
    Await.until("the sender's turn repaid, its two messages borrowed", () -> account.debt() == 7);
    gate.complete(null);
    Await.until("all repaid", () -> account.debt() == 0);
    assertThat(c.messages.get()).isEqualTo(2);
  }

  @Test
  void failedAndRolledBackTurnsRepayAndLeakNothing() {
    Counter c = new Counter(s, "bystander");
    Account account = new Account("failing");
    // a victim whose messages make it send, then throw in its root facet: the actor fails
    CompletableFuture<Ref> vr = new CompletableFuture<>();
    Actor victim = Actor.boot(s, "victim", t -> {
      t.preventInertCheck();
      vr.complete(t.ref(new Entity() {
        @Override
        public void onMessage(Turn turn, Value body) {
          turn.message(c.ref, body); // rolled back: never delivered, never borrowed
          if (body.equals(Symbol.of("boom"))) throw new IllegalStateException("boom");
        }
      }));
    });
    Ref victimRef = vr.join();
    // a child facet that throws on its second event: the first event's effect survives
    CompletableFuture<Facet> childF = new CompletableFuture<>();
    Actor partial = Actor.boot(s, "partial", t -> {
      t.preventInertCheck();
      childF.complete(t.facet(ft -> ft.preventInertCheck()));
    });
    Facet child = childF.join();

    Actor sender = Actor.boot(s, "sender", t -> t.preventInertCheck());
    CompletableFuture<Void> gate = new CompletableFuture<>();
    victim.execute(t -> gate.join());
    sender.execute(account, t -> {
      t.message(victimRef, Symbol.of("ok"));
      t.message(victimRef, Symbol.of("boom"));
      t.message(victimRef, Symbol.of("after")); // same batch, skipped after the failure
    });
    Await.until("first batch queued", () -> victim.pendingTurns() == 1);
    // a second batch queued behind it: dropped unrun once the victim has exited
    sender.execute(account, t -> t.message(victimRef, Symbol.of("queued")));
    Await.until("second batch queued", () -> victim.pendingTurns() == 2);
    gate.complete(null);
    Await.until("victim failed", () -> victim.exitReason() != null);
    assertThat(victim.exitReason()).isInstanceOf(ExitReason.Failed.class);
    child.execute(account, t -> {
      t.message(c.ref, Symbol.of("kept"));
    });
    child.execute(account, t -> {
      t.message(c.ref, Symbol.of("lost"));
      throw new IllegalStateException("rolled back");
    });
    Await.until("no leaked debt", Await.DEFAULT_DEADLINE, 5, () -> account.debt() == 0, () -> " debt = " + account.debt());
    // only the failing events were rolled back: the victim's "ok" (same turn as "boom") and the
    // child's first turn were delivered
    Await.until("kept effects delivered", () -> c.messages.get() == 2);

    // events for an actor that has exited are repaid at once (queued or refused)
    sender.execute(account, t -> t.message(victimRef, Symbol.of("late")));
    assertThat(victim.execute(account, t -> {})).isFalse();
    Await.until("late event repaid", () -> account.debt() == 0);
    syncWith(partial, c.ref);
    assertThat(c.messages.get()).isEqualTo(2);
  }

  @Test
  void theLimitListenerHearsEachCrossingAndTheDebtSaysWhichWay() {
    Account account = new Account("limited");
    List<Boolean> heard = new ArrayList<>();
    account.setLimit(2, () -> heard.add(account.isOverLimit()));
    account.borrow(2);
    assertThat(heard).isEmpty();
    account.borrow(1);
    account.borrow(5);
    account.repay(5);
    assertThat(heard).containsExactly(true);
    account.repay(1);
    assertThat(heard).containsExactly(true, false);
    account.repay(2);
    assertThat(heard).containsExactly(true, false);
    assertThat(account.debt()).isZero();
  }
}
