package org.syndicate.server.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.services.ServicesHarness.v;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Value;

/**
 * The dependency rules of reference note §6 and §10 rows 58–59, in process against a real
 * dataspace. A "milestone" handler answers {@code <run-service <svc X>>} with {@code started}
 * and {@code ready}, as a synit boot script would.
 */
class DependencyTrackerTest {
  private final ServicesHarness h = new ServicesHarness();
  private final Map<Value, AtomicInteger> runs = new ConcurrentHashMap<>();
  private final List<String> order = java.util.Collections.synchronizedList(new ArrayList<>());
  private DependencyTracker tracker;

  @BeforeEach
  void boot() {
    tracker = h.run(t -> DependencyTracker.start(t, h.config));
    h.runVoid(
        t ->
            new ServiceRegistry(h.config)
                .register(
                    t,
                    ServiceRegistration.unsupervised(
                        "milestone",
                        Patterns.rec("svc", Patterns.bind()),
                        (t2, svc) -> {
                          runs.computeIfAbsent(svc.name(), k -> new AtomicInteger()).incrementAndGet();
                          order.add(svc.captures().get(0).toString());
                          svc.state(t2, ServiceRecords.STARTED);
                          svc.ready(t2);
                        })));
  }

  @AfterEach
  void close() {
    h.close();
  }

  private void assertLive(String text) {
    h.runVoid(t -> t.publish(h.config, v(text)));
  }

  private long assertHandle(String text) {
    return h.run(t -> t.publish(h.config, v(text)));
  }

  private void retract(long handle) {
    h.runVoid(t -> t.retract(handle));
  }

  @Test
  void unknownServiceGetsRunServiceAndNoState() {
    assertLive("<require-service <unknown-kind x>>");
    h.awaitLive("<run-service <unknown-kind x>>");
    assertThat(h.live()).noneMatch(x -> x.startsWith("<service-state"));
    assertThat(h.live()).containsExactlyInAnyOrder("<require-service <unknown-kind x>>", "<run-service <unknown-kind x>>");
  }

  @Test
  void chainStartsInDependencyOrder() {
    assertLive("<depends-on <svc a> <service-state <svc b> ready>>");
    assertLive("<depends-on <svc b> <service-state <svc c> ready>>");
    assertLive("<require-service <svc a>>");
    h.awaitLive("<service-state <svc a> ready>");
    assertThat(h.live())
        .contains(
            "<require-service <svc b>>", "<require-service <svc c>>",
            "<run-service <svc a>>", "<run-service <svc b>>", "<run-service <svc c>>");
    assertThat(order).containsExactly("c", "b", "a");
  }

  @Test
  void diamondStartsTheSharedDependeeOnce() {
    assertLive("<depends-on <svc a> <service-state <svc b> ready>>");
    assertLive("<depends-on <svc a> <service-state <svc c> ready>>");
    assertLive("<depends-on <svc b> <service-state <svc d> ready>>");
    assertLive("<depends-on <svc c> <service-state <svc d> ready>>");
    assertLive("<require-service <svc a>>");
    h.awaitLive("<service-state <svc a> ready>");
    assertThat(order.get(0)).isEqualTo("d");
    assertThat(order.subList(1, 3)).containsExactlyInAnyOrder("b", "c");
    assertThat(order.get(3)).isEqualTo("a");
    assertThat(runs.get(v("<svc d>")).get()).isEqualTo(1);
    assertThat(order).hasSize(4);
  }

  @Test
  void dependencyLostWhileRunningStopsTheDependent() {
    assertLive("<depends-on x <service-state y ready>>");
    assertLive("<require-service x>");
    h.awaitLive("<require-service y>");
    h.awaitLive("<run-service y>");
    assertThat(h.live()).doesNotContain("<run-service x>");
    long ready = assertHandle("<service-state y ready>");
    h.awaitLive("<run-service x>");
    retract(ready);
    h.awaitGone("<run-service x>");
    assertHandle("<service-state y ready>");
    h.awaitLive("<run-service x>");
  }

  @Test
  void cycleStartsNothingAndGoesQuiet() {
    assertLive("<depends-on <svc a> <service-state <svc b> ready>>");
    assertLive("<depends-on <svc b> <service-state <svc a> ready>>");
    assertLive("<require-service <svc a>>");
    h.awaitLive("<require-service <svc b>>");
    h.settle();
    long events = tracker.events();
    // many sync rounds and some wall time later, no tracker has handled anything more
    for (int i = 0; i < 20; i++) h.settle();
    sleep(300);
    h.settle();
    assertThat(tracker.events()).as("no busy loop").isEqualTo(events);
    assertThat(events).as("a handful of events, not a loop").isLessThan(40);
    assertThat(h.live()).noneMatch(x -> x.startsWith("<run-service"));
    assertThat(order).isEmpty();
  }

  @Test
  void autoRequiredDependeesGoWithTheDependent() {
    assertLive("<depends-on <svc a> <service-state <svc b> ready>>");
    long req = assertHandle("<require-service <svc a>>");
    h.awaitLive("<service-state <svc a> ready>");
    retract(req);
    h.awaitGone("<require-service <svc b>>");
    h.awaitGone("<run-service <svc b>>");
    h.awaitGone("<service-state <svc b> ready>");
    assertThat(h.live()).containsExactly("<depends-on <svc a> <service-state <svc b> ready>>");
    assertThat(tracker.trackers()).isZero();
  }

  @Test
  void retractingTheDependsOnRetractsTheAutoRequire() {
    long dep = assertHandle("<depends-on x <service-state y ready>>");
    assertLive("<require-service x>");
    h.awaitLive("<require-service y>");
    assertThat(h.live()).doesNotContain("<run-service x>");
    retract(dep);
    h.awaitGone("<require-service y>");
    h.awaitLive("<run-service x>");
  }

  @Test
  void runServiceAssertedDirectlyBypassesTheTracker() {
    assertLive("<depends-on <svc a> <service-state <svc b> ready>>");
    assertLive("<run-service <svc a>>");
    h.awaitLive("<service-state <svc a> ready>");
    assertThat(h.live()).doesNotContain("<require-service <svc b>>", "<run-service <svc b>>");
  }

  @Test
  void extraFieldsAndKeysStillSatisfy() {
    assertLive("<depends-on x <service-state <thing b> ready>>");
    assertLive("<depends-on x <service-state {name: \"c\"} ready>>");
    assertLive("<depends-on <y 1 extra> <service-state z ready>>");
    assertLive("<require-service x>");
    assertLive("<require-service <y 1>>");
    h.settle();
    assertThat(h.live()).noneMatch(s -> s.startsWith("<run-service x") || s.startsWith("<run-service <y"));
    assertLive("<service-state <thing b more> ready>");
    assertLive("<service-state {name: \"c\" version: 2} ready extra>");
    h.awaitLive("<run-service x>");
    // the depender <y 1 extra> applies to <y 1>: it waits for z
    assertThat(h.live()).doesNotContain("<run-service <y 1>>");
    assertLive("<service-state z ready>");
    h.awaitLive("<run-service <y 1>>");
  }

  @Test
  void theStateMustMatch() {
    assertLive("<depends-on x <service-state y complete>>");
    assertLive("<require-service x>");
    assertLive("<service-state y ready>");
    h.settle();
    assertThat(h.live()).doesNotContain("<run-service x>");
    assertLive("<service-state y complete>");
    h.awaitLive("<run-service x>");
  }

  @Test
  void aDependeeHoldingASetCrashesNothing() {
    assertLive("<depends-on x <service-state #{1 2} ready>>");
    assertLive("<depends-on <w #{a}> <service-state v ready>>");
    assertLive("<require-service x>");
    assertLive("<require-service <w #{a}>>");
    h.awaitLive("<require-service #{1 2}>");
    h.awaitLive("<require-service v>");
    h.awaitLive("<run-service #{1 2}>");
    assertThat(h.live()).doesNotContain("<run-service x>");
    assertLive("<service-state #{1 2 3} ready>");
    h.settle();
    assertThat(h.live()).doesNotContain("<run-service x>");
    assertLive("<service-state #{2 1} ready>");
    h.awaitLive("<run-service x>");
    assertLive("<service-state v ready>");
    h.awaitLive("<run-service <w #{a}>>");
  }

  @Test
  void aDependeeThatIsNotAServiceStateStillGates() {
    assertLive("<depends-on x <network-up>>");
    assertLive("<require-service x>");
    h.settle();
    assertThat(h.live()).doesNotContain("<run-service x>");
    assertThat(h.live()).noneMatch(s -> s.startsWith("<require-service <network-up"));
    long up = assertHandle("<network-up eth0>");
    h.awaitLive("<run-service x>");
    retract(up);
    h.awaitGone("<run-service x>");
  }

  @Test
  void dependsOnPresentAtStartupIsSeenBeforeRunning() {
    // the run-service must never appear, not even briefly, before the dependency is seen
    assertLive("<depends-on x <service-state y ready>>");
    h.drain();
    assertLive("<require-service x>");
    h.settle();
    assertThat(h.drain()).noneMatch(s -> s.equals("+<run-service x>"));
  }

  @Test
  void aLongChainComesUpInOrder() {
    int n = 200;
    h.runVoid(
        t -> {
          for (int i = 0; i < n; i++) {
            t.publish(h.config, v("<depends-on <svc " + i + "> <service-state <svc " + (i + 1) + "> ready>>"));
          }
          t.publish(h.config, v("<require-service <svc 0>>"));
        });
    h.awaitLive("<service-state <svc 0> ready>");
    assertThat(order).hasSize(n + 1);
    for (int i = 0; i <= n; i++) assertThat(order.get(i)).isEqualTo(String.valueOf(n - i));
    assertThat(tracker.trackers()).isEqualTo(n + 1);
  }

  @Test
  void namesAndDependeesTooDeepToObserveDoNotCrash() {
    Value deep = v("0");
    for (int i = 0; i < 300; i++) deep = org.syndicate.preserves.RecordValue.of("n", deep);
    Value deepName = deep;
    Value deepState = ServiceRecords.serviceState(deep, ServiceRecords.READY);
    // a required name too deep to observe depends-on for: it starts without dependencies
    h.runVoid(t -> t.publish(h.config, ServiceRecords.requireService(deepName)));
    h.await("run-service of the deep name", () -> h.liveValues().contains(ServiceRecords.runService(deepName)));
    // a dependee too deep to observe: it stays an obstacle, and nothing else is disturbed
    h.runVoid(t -> t.publish(h.config, ServiceRecords.dependsOn(v("x"), deepName, ServiceRecords.READY)));
    assertLive("<require-service x>");
    assertLive("<require-service y>");
    h.awaitLive("<run-service y>");
    h.runVoid(t -> t.publish(h.config, deepState));
    h.settle();
    assertThat(h.live()).doesNotContain("<run-service x>");
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
