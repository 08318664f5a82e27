package org.syndicate.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.trace.ActionDescription;
import org.syndicate.schemas.trace.ActorActivation;
import org.syndicate.schemas.trace.ActorId;
import org.syndicate.schemas.trace.AssertionDescription;
import org.syndicate.schemas.trace.ExitStatus;
import org.syndicate.schemas.trace.FacetId;
import org.syndicate.schemas.trace.FacetStopReason;
import org.syndicate.schemas.trace.Name;
import org.syndicate.schemas.trace.TargetedTurnEvent;
import org.syndicate.schemas.trace.TraceEntry;
import org.syndicate.schemas.trace.TurnCause;
import org.syndicate.schemas.trace.TurnDescription;
import org.syndicate.schemas.trace.TurnEvent;

/** The causal-trace hooks of the runtime ({@link Tracer}; reference note syndicate-server.md §8.5). */
class TracerTest {
  static Scheduler s;

  @BeforeAll
  static void start() {
    s = new Scheduler(2);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  record Rec(ActorId actor, ActorActivation activation) {}

  static final class Collector implements Tracer {
    final ConcurrentLinkedQueue<Rec> recs = new ConcurrentLinkedQueue<>();

    @Override
    public void record(ActorId actor, ActorActivation activation) {
      recs.add(new Rec(actor, activation));
    }

    List<TurnDescription> turnsOf(Actor a) {
      return recs.stream()
          .filter(r -> r.actor().equals(TraceDescriptions.actorId(a)))
          .map(Rec::activation)
          .filter(x -> x instanceof ActorActivation.Turn)
          .map(x -> ((ActorActivation.Turn) x).value())
          .toList();
    }

    List<ActorActivation> of(Actor a) {
      return recs.stream().filter(r -> r.actor().equals(TraceDescriptions.actorId(a))).map(Rec::activation).toList();
    }

    void await(Predicate<Collector> p) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!p.test(this)) {
        if (System.nanoTime() > end) throw new AssertionError("trace condition not met; records: " + recs);
        Thread.sleep(2);
      }
    }
  }

  static Value idOf(Facet f) {
    return SignedInteger.of(f.id());
  }

  @Test
  void turnsRecordCauseEnqueueDequeueFacetsSpawnTimersAndStopStatus() throws Exception {
    Collector c = new Collector();
    Ref[] recvRef = new Ref[1];
    Actor receiver =
        Actor.boot(s, "receiver", c, t -> recvRef[0] = t.ref(new Entity() {}));
    c.await(x -> x.turnsOf(receiver).size() == 1);

    Value hello = RecordValue.of("hello", StringValue.of("world"));
    Facet[] inner = new Facet[1];
    Actor[] kid = new Actor[1];
    Actor sender =
        Actor.boot(
            s,
            "sender",
            c,
            t -> {
              t.preventInertCheck();
              inner[0] = t.facet(f -> f.publish(recvRef[0], hello));
              t.message(recvRef[0], Symbol.of("ping"));
              t.facet(f -> {}); // inert: started and stopped at once
              kid[0] = t.spawn("kid", Turn::stopActor);
              t.after(Duration.ofMillis(1), t2 -> {});
            });
    c.await(x -> x.turnsOf(sender).size() == 2 && x.of(kid[0]).size() == 3 && x.turnsOf(receiver).size() == 2);

    // start record with the name
    assertThat(c.of(sender).getFirst()).isEqualTo(new ActorActivation.Start(new Name.Named(StringValue.of("sender"))));

    // the boot turn: external cause, facet start, enqueues, inert facet start/stop, spawn
    TurnDescription boot = c.turnsOf(sender).get(0);
    assertThat(boot.cause()).isEqualTo(new TurnCause.External(StringValue.of("boot")));
    Facet root = sender.rootFacet();
    List<FacetId> innerPath = List.of(new FacetId(idOf(root)), new FacetId(idOf(inner[0])));
    assertThat(boot.actions().get(0)).isEqualTo(new ActionDescription.FacetStart(innerPath));
    ActionDescription.Enqueue assertion = (ActionDescription.Enqueue) boot.actions().get(1);
    TargetedTurnEvent ev = assertion.event();
    assertThat(ev.target()).isEqualTo(TraceDescriptions.target(recvRef[0]));
    assertThat(ev.target().actor()).isEqualTo(TraceDescriptions.actorId(receiver));
    assertThat(ev.detail()).isInstanceOf(TurnEvent.Assert.class);
    assertThat(((TurnEvent.Assert) ev.detail()).assertion()).isEqualTo(new AssertionDescription.Value(hello));
    ActionDescription.Enqueue msg = (ActionDescription.Enqueue) boot.actions().get(2);
    assertThat(msg.event().detail()).isEqualTo(new TurnEvent.Message(new AssertionDescription.Value(Symbol.of("ping"))));
    assertThat(boot.actions().get(3)).isInstanceOf(ActionDescription.FacetStart.class);
    assertThat(boot.actions().get(4))
        .isEqualTo(
            new ActionDescription.FacetStop(
                ((ActionDescription.FacetStart) boot.actions().get(3)).path(), FacetStopReason.Inert));
    assertThat(boot.actions().get(5)).isEqualTo(new ActionDescription.Spawn(false, TraceDescriptions.actorId(kid[0])));
    assertThat(boot.actions()).hasSize(6);
    TurnCause causedByBoot = new TurnCause.Turn(boot.id());

    // the receiver's turn: caused by the boot turn, dequeues both events in order
    TurnDescription recv = c.turnsOf(receiver).get(1);
    assertThat(recv.cause()).isEqualTo(causedByBoot);
    assertThat(recv.actions())
        .containsExactly(new ActionDescription.Dequeue(ev), new ActionDescription.Dequeue(msg.event()));

    // the timer's turn: a delay caused by the boot turn
    TurnDescription timer = c.turnsOf(sender).get(1);
    assertThat(timer.cause()).isInstanceOf(TurnCause.Delay.class);
    assertThat(((TurnCause.Delay) timer.cause()).causingTurn()).isEqualTo(boot.id());
    assertThat(((TurnCause.Delay) timer.cause()).amount()).isEqualTo(0.001);

    // the spawned actor: inherits the tracer, caused by the boot turn, stops its root, exits ok
    assertThat(kid[0].tracer()).isSameAs(c);
    List<ActorActivation> k = c.of(kid[0]);
    assertThat(k.get(0)).isEqualTo(new ActorActivation.Start(new Name.Named(StringValue.of("kid"))));
    TurnDescription kt = ((ActorActivation.Turn) k.get(1)).value();
    assertThat(kt.cause()).isEqualTo(causedByBoot);
    assertThat(kt.actions())
        .containsExactly(new ActionDescription.FacetStop(List.of(new FacetId(idOf(kid[0].rootFacet()))), FacetStopReason.ActorStopping));
    assertThat(k.get(2)).isEqualTo(new ActorActivation.Stop(new ExitStatus.Ok()));

    // an explicit stop of a facet: facet-stop with explicit-action, then the retraction
    sender.execute(t -> t.stop(inner[0]));
    c.await(x -> x.turnsOf(sender).size() == 3);
    TurnDescription stopTurn = c.turnsOf(sender).get(2);
    assertThat(stopTurn.cause()).isEqualTo(new TurnCause.External(StringValue.of("execute")));
    assertThat(stopTurn.actions().get(0)).isEqualTo(new ActionDescription.FacetStop(innerPath, FacetStopReason.ExplicitAction));
    TargetedTurnEvent retract = ((ActionDescription.Enqueue) stopTurn.actions().get(1)).event();
    assertThat(retract.detail()).isEqualTo(new TurnEvent.Retract(((TurnEvent.Assert) ev.detail()).handle()));

    // every record is a valid trace.TraceEntry once stamped
    for (Rec r : c.recs) {
      Value v = new TraceEntry(1.5, r.actor(), r.activation()).unparse();
      assertThat(TraceEntry.parse(v).unparse()).isEqualTo(v);
    }
    sender.stop();
    receiver.stop();
  }

  @Test
  void aFailedActorStopsWithAnErrorStatusAndARolledBackEventLeavesNoActions() throws Exception {
    Collector c = new Collector();
    Actor bad =
        Actor.boot(
            s,
            "bad",
            c,
            t -> {
              t.facet(f -> f.preventInertCheck());
              throw new IllegalStateException("boom");
            });
    c.await(x -> x.of(bad).size() == 3);
    List<ActorActivation> acts = c.of(bad);
    TurnDescription turn = ((ActorActivation.Turn) acts.get(1)).value();
    // the facet-start was rolled back with the failed event; the root stops as the actor fails
    assertThat(turn.actions())
        .containsExactly(new ActionDescription.FacetStop(List.of(new FacetId(idOf(bad.rootFacet()))), FacetStopReason.ActorStopping));
    ActorActivation.Stop stop = (ActorActivation.Stop) acts.get(2);
    assertThat(stop.status()).isInstanceOf(ExitStatus.Error.class);
    assertThat(((ExitStatus.Error) stop.status()).value().message()).contains("boom");
  }

  @Test
  void linkedTasksAndLinkedActorsAreTraced() throws Exception {
    Collector c = new Collector();
    Actor[] kid = new Actor[1];
    Actor a =
        Actor.boot(
            s,
            "parent",
            c,
            t -> {
              t.preventInertCheck();
              t.linkedTask("worker", ctx -> {});
              t.facet(f -> kid[0] = f.spawnLink("linked-kid", k -> k.preventInertCheck()));
            });
    c.await(x -> x.turnsOf(a).size() >= 2 && kid[0] != null && x.turnsOf(kid[0]).size() == 1);
    TurnDescription boot = c.turnsOf(a).get(0);
    assertThat(boot.actions().get(0)).isInstanceOf(ActionDescription.LinkedTaskStart.class);
    ActionDescription.LinkedTaskStart lts = (ActionDescription.LinkedTaskStart) boot.actions().get(0);
    assertThat(lts.taskName()).isEqualTo(new Name.Named(StringValue.of("worker")));
    assertThat(boot.actions()).contains(new ActionDescription.Spawn(true, TraceDescriptions.actorId(kid[0])));
    TurnDescription release = c.turnsOf(a).get(1);
    assertThat(release.cause()).isInstanceOf(TurnCause.LinkedTaskRelease.class);
    assertThat(((TurnCause.LinkedTaskRelease) release.cause()).id()).isEqualTo(lts.id());

    // stopping the parent stops the linked kid, in a turn caused by the parent's stopping turn
    a.stop();
    // wait for both stop records: the kid's turn may be traced before the parent's stopping turn
    // (the parent's record is written as its turn commits, while the kid already runs)
    c.await(x -> x.of(kid[0]).getLast() instanceof ActorActivation.Stop && x.of(a).getLast() instanceof ActorActivation.Stop);
    TurnDescription parentStop = c.turnsOf(a).getLast();
    TurnDescription kidStop = c.turnsOf(kid[0]).getLast();
    assertThat(kidStop.cause()).isEqualTo(new TurnCause.Turn(parentStop.id()));
  }

  @Test
  void noTracerMeansNoTracing() throws Exception {
    assertThat(Tracer.installedDefault()).isNull();
    Actor a = Actor.boot(s, "untraced", t -> {});
    assertThat(a.tracer()).isNull();
    a.stop();
    Probe.awaitExit(a);
  }
}
