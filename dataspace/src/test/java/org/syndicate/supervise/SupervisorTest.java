package org.syndicate.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.supervise.Harness.v;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The supervisor's rules (reference note §7.5, §6 "Restart") and our options, against a real
 * dataspace with a fake clock and timers fired by hand.
 */
class SupervisorTest {
  private final Harness h = new Harness();
  private final FakeTime time = new FakeTime();
  private final AtomicInteger boots = new AtomicInteger();
  private Supervisor sup;

  /** Each supervisee asserts {@code <alive svc N>}, N counting boots from 1. */
  private final Consumer<Turn> boot =
      t -> {
        int n = boots.incrementAndGet();
        t.publish(h.config, RecordValue.of(Symbol.of("alive"), Symbol.of("svc"), SignedInteger.of(n)));
      };

  @AfterEach
  void close() {
    h.close();
  }

  private SupervisorConfig cfg() {
    return SupervisorConfig.defaults().withTime(time, time);
  }

  private void start(SupervisorConfig c) {
    sup = h.run(t -> Supervisor.start(t, h.config, v("svc"), c, boot));
    h.awaitLive("<alive svc " + boots.get() + ">");
  }

  private Supervisor.Phase phase() {
    return h.run(t -> sup.phase());
  }

  private Actor child() {
    return h.run(t -> sup.supervisee());
  }

  private void failChild() {
    Actor c = child();
    assertThat(c).as("a supervisee is running").isNotNull();
    c.execute(
        t -> {
          throw new IllegalStateException("boom (deliberate test failure)");
        });
    h.awaitLive("<service-state svc failed>");
  }

  private void endChild() {
    Actor c = child();
    assertThat(c).as("a supervisee is running").isNotNull();
    c.stop();
    h.awaitLive("<service-state svc complete>");
  }

  /** Fires the next restart timer and waits for the new supervisee. */
  private Duration fireRestart() {
    int before = boots.get();
    Duration d = time.fireNext();
    h.await("a restart", () -> boots.get() == before + 1);
    h.awaitLive("<alive svc " + boots.get() + ">");
    assertState("started");
    return d;
  }

  private void assertState(String s) {
    List<String> states = h.live().stream().filter(x -> x.startsWith("<service-state")).toList();
    assertThat(states).as("exactly one state assertion").containsExactly("<service-state svc " + s + ">");
  }

  @Test
  void startPublishesStartedAndRunsTheSupervisee() {
    start(cfg());
    assertState("started");
    assertThat(h.live()).contains("<alive svc 1>");
    assertThat(time.pendingDelays()).isEmpty();
  }

  @Test
  void failuresAlternatePauseAndSleep() {
    start(cfg());
    failChild();
    assertState("failed");
    assertThat(h.live()).doesNotContain("<alive svc 1>");
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
    assertThat(fireRestart()).isEqualTo(Duration.ofMillis(200));
    // a second restart within 5 s: sleep 10 s
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofSeconds(10));
    assertThat(fireRestart()).isEqualTo(Duration.ofSeconds(10));
    // the clock moved 10 s: the earlier restarts fell out of the window
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
    fireRestart();
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofSeconds(10));
    assertThat(sup.restarts()).isEqualTo(4);
  }

  @Test
  void failuresFarApartAlwaysPause() {
    start(cfg());
    for (int i = 0; i < 3; i++) {
      time.advance(Duration.ofSeconds(6));
      failChild();
      assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
      fireRestart();
    }
  }

  @Test
  void normalExitUnderAlwaysIsCompleteThenRestarts() {
    start(cfg());
    endChild();
    assertState("complete");
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
    fireRestart();
    assertThat(h.live()).contains("<alive svc 2>");
  }

  @Test
  void onErrorOnlyCompletesOnNormalExitAndRestartsOnError() {
    start(cfg().withPolicy(SupervisorPolicy.ON_ERROR_ONLY));
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
    fireRestart();
    endChild();
    h.settle();
    assertState("complete");
    assertThat(time.pendingDelays()).isEmpty();
    assertThat(phase()).isEqualTo(Supervisor.Phase.COMPLETE);
  }

  @Test
  void stoppingTheSupervisorStopsTheSuperviseeAndRetractsTheState() {
    start(cfg());
    h.runVoid(t -> sup.stop(t));
    h.awaitGone("<alive svc 1>");
    assertThat(h.live()).noneMatch(x -> x.startsWith("<service-state"));
    assertThat(phase()).isEqualTo(Supervisor.Phase.STOPPED);
  }

  @Test
  void stoppingWhileWaitingCancelsTheRestart() {
    start(cfg());
    failChild();
    h.runVoid(t -> sup.stop(t));
    assertThat(time.pendingDelays()).isEmpty();
    assertThat(h.live()).noneMatch(x -> x.startsWith("<service-state"));
    assertThat(boots.get()).isEqualTo(1);
  }

  @Test
  void restartServiceStopsTheSuperviseeNormallyThenRestartsAfterThePause() {
    start(cfg());
    h.drain();
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<service-state svc complete>");
    assertThat(h.live()).doesNotContain("<alive svc 1>");
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
    fireRestart();
    assertThat(h.live()).contains("<alive svc 2>");
    // another restart within 5 s waits 10 s, as the reference does
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<service-state svc complete>");
    assertThat(time.pendingDelays()).containsExactly(Duration.ofSeconds(10));
  }

  @Test
  void restartServiceForAnotherNameIsIgnored() {
    start(cfg());
    h.runVoid(t -> t.message(h.config, v("<restart-service other>")));
    h.settle();
    assertState("started");
    assertThat(boots.get()).isEqualTo(1);
  }

  @Test
  void restartServiceIsIgnoredWhenNotHonoured() {
    start(cfg().withHonourRestartService(false));
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.settle();
    assertState("started");
    assertThat(boots.get()).isEqualTo(1);
  }

  @Test
  void restartServiceUnderOnErrorOnlyStillRestarts() {
    start(cfg().withPolicy(SupervisorPolicy.ON_ERROR_ONLY));
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<service-state svc complete>");
    fireRestart();
  }

  @Test
  void restartServiceRebuildStartsAFreshSuperviseeWithEmptyHistory() {
    start(SupervisorConfig.daemonDefaults().withTime(time, time));
    failChild();
    fireRestart();
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofSeconds(10));
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<alive svc 3>");
    assertState("started");
    assertThat(time.pendingDelays()).as("the pending restart was cancelled").isEmpty();
    // history emptied: the next failure pauses 200 ms, not 10 s
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void restartServiceRebuildReplacesARunningSupervisee() {
    start(SupervisorConfig.daemonDefaults().withTime(time, time));
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<alive svc 2>");
    h.awaitGone("<alive svc 1>");
    assertState("started");
    assertThat(time.pendingDelays()).isEmpty();
    // after a complete under on-error-only, a restart request starts it again
    endChild();
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<alive svc 3>");
    assertState("started");
  }

  @Test
  void restartMatchesNamesOpenly() {
    sup = h.run(t -> Supervisor.start(t, h.config, v("<relay-listener <tcp \"h\" 1>>"), cfg(), boot));
    h.awaitLive("<alive svc 1>");
    h.runVoid(t -> t.message(h.config, v("<restart-service <relay-listener <tcp \"h\" 1> extra>>")));
    h.awaitLive("<service-state <relay-listener <tcp \"h\" 1>> complete>");
  }

  @Test
  void backoffDoublesCapsAndResetsAfterStayingUp() {
    start(cfg().withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30)));
    List<Duration> expected =
        List.of(
            Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofSeconds(1),
            Duration.ofSeconds(1));
    for (Duration d : expected) {
      failChild();
      assertThat(time.pendingDelays()).containsExactly(d);
      fireRestart();
    }
    // up for 30 s: back to the start
    time.advance(Duration.ofSeconds(30));
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void restartLimitGivesUpWithAProblemUntilRestartService() {
    start(cfg().withRestartLimit(new RestartLimit(2, Duration.ofSeconds(60))));
    failChild();
    fireRestart();
    failChild();
    fireRestart();
    failChild();
    h.awaitLive("<service-problem svc <restart-limit 2 60.0>>");
    assertState("failed");
    assertThat(time.pendingDelays()).isEmpty();
    assertThat(phase()).isEqualTo(Supervisor.Phase.GAVE_UP);
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<alive svc 4>");
    h.awaitGone("<service-problem svc <restart-limit 2 60.0>>");
    assertState("started");
  }

  @Test
  void aRunningSuperviseeCanHoldTheStateFailedWithoutRestarts() {
    start(cfg().withRestartRequests(RestartRequestMode.REBUILD));
    Actor first = child();
    sup.holdFailed(first, true);
    h.awaitLive("<service-state svc failed>");
    assertState("failed");
    assertThat(time.pendingDelays()).isEmpty();
    assertThat(phase()).isEqualTo(Supervisor.Phase.RUNNING);
    assertThat(h.live()).contains("<alive svc 1>");
    sup.holdFailed(first, false);
    h.awaitLive("<service-state svc started>");
    // held again, then a restart request: a new supervisee, state started
    sup.holdFailed(first, true);
    h.awaitLive("<service-state svc failed>");
    h.runVoid(t -> t.message(h.config, v("<restart-service svc>")));
    h.awaitLive("<alive svc 2>");
    h.awaitLive("<service-state svc started>");
    // a late report from the first supervisee is ignored
    sup.holdFailed(first, true);
    h.runVoid(t -> {}); // after the report's turn (same actor, in order)
    boolean held = h.run(t -> sup.isHeldFailed());
    assertThat(held).isFalse();
    assertState("started");
  }

  @Test
  void aHeldFailureEndsWhenTheSuperviseeEnds() {
    start(cfg());
    sup.holdFailed(child(), true);
    h.awaitLive("<service-state svc failed>");
    failChild();
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
    fireRestart();
    assertState("started");
  }

  @Test
  void crashFromAChildFacetFailsTheWholeSupervisee() {
    Consumer<Turn> crashing =
        t -> {
          boots.incrementAndGet();
          t.publish(h.config, v("<alive svc 1>"));
          t.facet(
              t2 -> {
                t2.preventInertCheck();
                Supervisor.crash(t2, new IllegalStateException("deliberate crash from a child facet"));
              });
        };
    sup = h.run(t -> Supervisor.start(t, h.config, v("svc"), cfg(), crashing));
    h.awaitLive("<service-state svc failed>");
    assertThat(time.pendingDelays()).containsExactly(Duration.ofMillis(200));
  }

  @Test
  void aBootThatThrowsIsAFailure() {
    Consumer<Turn> bad =
        t -> {
          boots.incrementAndGet();
          throw new IllegalArgumentException("deliberate boot failure");
        };
    sup = h.run(t -> Supervisor.start(t, h.config, v("svc"), cfg(), bad));
    h.awaitLive("<service-state svc failed>");
    Value problemFree = v("<service-problem svc>");
    assertThat(h.liveValues()).noneMatch(x -> x.isRecord("service-problem"));
    assertThat(problemFree).isNotNull();
  }
}
