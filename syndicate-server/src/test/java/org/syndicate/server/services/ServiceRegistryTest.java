package org.syndicate.server.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.services.ServicesHarness.v;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;
import org.syndicate.supervise.SupervisorConfig;

/**
 * Service handlers run from {@code <run-service NAME>} (reference note §6), supervised or not,
 * with restart-service and extra fields in names; with the dependency tracker in front.
 */
class ServiceRegistryTest {
  private final ServicesHarness h = new ServicesHarness();
  private final AtomicInteger boots = new AtomicInteger();

  @AfterEach
  void close() {
    h.close();
  }

  /** A supervised "worker" service: asserts {@code <worker-run NAME N>} and becomes ready. */
  private ServiceRegistration worker(SupervisorConfig cfg) {
    return ServiceRegistration.supervised(
        "worker",
        Patterns.rec("worker", Patterns.bind()),
        cfg,
        (t, svc) -> {
          int n = boots.incrementAndGet();
          t.publish(svc.config(), RecordValue.of("worker-run", svc.captures().get(0), SignedInteger.of(n)));
          svc.ready(t);
        });
  }

  private void register(ServiceRegistration r) {
    h.runVoid(t -> new ServiceRegistry(h.config).register(t, r));
  }

  private long assertHandle(String text) {
    return h.run(t -> t.publish(h.config, v(text)));
  }

  @Test
  void supervisedServiceRunsWhileRunServiceLasts() {
    register(worker(SupervisorConfig.defaults()));
    long run = assertHandle("<run-service <worker w>>");
    h.awaitLive("<service-state <worker w> ready>");
    assertThat(h.live()).contains("<service-state <worker w> started>", "<worker-run w 1>");
    h.runVoid(t -> t.retract(run));
    h.awaitGone("<worker-run w 1>");
    h.awaitGone("<service-state <worker w> ready>");
    h.awaitGone("<service-state <worker w> started>");
    assertThat(h.live()).isEmpty();
  }

  @Test
  void restartServiceGoesThroughCompleteAndComesBack() {
    register(worker(SupervisorConfig.defaults()));
    assertHandle("<run-service <worker w>>");
    h.awaitLive("<worker-run w 1>");
    h.drain();
    h.runVoid(t -> t.message(h.config, ServiceRecords.restartService(v("<worker w>"))));
    h.awaitLive("<worker-run w 2>");
    h.awaitLive("<service-state <worker w> ready>");
    assertThat(h.drain())
        .containsSubsequence(
            "-<worker-run w 1>",
            "-<service-state <worker w> ready>",
            "+<service-state <worker w> complete>",
            "+<service-state <worker w> started>",
            "+<worker-run w 2>");
  }

  @Test
  void aFailingHandlerIsRestartedAndReportedFailed() {
    AtomicInteger tries = new AtomicInteger();
    register(
        ServiceRegistration.supervised(
            "flaky",
            Patterns.rec("flaky"),
            SupervisorConfig.defaults(),
            (t, svc) -> {
              if (tries.incrementAndGet() == 1) throw new IllegalStateException("deliberate first-run failure");
              svc.ready(t);
            }));
    h.drain();
    assertHandle("<run-service <flaky>>");
    h.awaitLive("<service-state <flaky> ready>");
    assertThat(h.drain())
        .containsSubsequence(
            "+<service-state <flaky> started>",
            "+<service-state <flaky> failed>",
            "+<service-state <flaky> started>",
            "+<service-state <flaky> ready>");
    assertThat(tries.get()).isEqualTo(2);
  }

  @Test
  void failFromAChildFacetRestartsASupervisedService() {
    AtomicInteger tries = new AtomicInteger();
    register(
        ServiceRegistration.supervised(
            "listener-like",
            Patterns.rec("listener"),
            SupervisorConfig.defaults(),
            (t, svc) -> {
              int n = tries.incrementAndGet();
              t.facet(
                  t2 -> {
                    t2.preventInertCheck();
                    // as an asynchronous bind failure would: report from a later turn of a child facet
                    t2.after(java.time.Duration.ZERO, t3 -> {
                      if (n == 1) svc.fail(t3, "deliberate: address in use");
                      else svc.ready(t3);
                    });
                  });
            }));
    h.drain();
    assertHandle("<run-service <listener>>");
    h.awaitLive("<service-state <listener> ready>");
    assertThat(h.drain())
        .containsSubsequence(
            "+<service-state <listener> started>",
            "+<service-state <listener> failed>",
            "+<service-state <listener> started>",
            "+<service-state <listener> ready>");
    assertThat(tries.get()).isEqualTo(2);
  }

  @Test
  void failFromAnotherActorIsRefused() {
    register(worker(SupervisorConfig.defaults()));
    ServiceContext[] seen = new ServiceContext[1];
    register(
        ServiceRegistration.unsupervised("capture", Patterns.rec("cap"), (t, svc) -> {
          seen[0] = svc;
          svc.ready(t);
        }));
    assertHandle("<run-service <cap>>");
    h.awaitLive("<service-state <cap> ready>");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.runVoid(t -> seen[0].fail(t, "wrong actor")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("own actor");
  }

  @Test
  void extraFieldsInTheNameStartTheServiceUnderItsMappedName() {
    register(
        worker(SupervisorConfig.defaults())
            .withStateName(n -> n instanceof RecordValue r && r.arity() > 1 ? RecordValue.of(r.label(), r.field(0)) : n));
    assertHandle("<run-service <worker w <http-extra>>>");
    h.awaitLive("<service-state <worker w> ready>");
    assertThat(h.live()).contains("<service-state <worker w> started>", "<worker-run w 1>");
    // a dependent on the plain name is satisfied
    h.runVoid(t -> DependencyTracker.start(t, h.config));
    assertHandle("<depends-on app <service-state <worker w> ready>>");
    assertHandle("<require-service app>");
    h.awaitLive("<run-service app>");
  }

  @Test
  void unsupervisedServiceRunsInALinkedActorAndIsNotRestarted() {
    AtomicInteger runs = new AtomicInteger();
    register(
        ServiceRegistration.unsupervised(
            "gatekeeper-like",
            Patterns.rec("gk"),
            (t, svc) -> {
              runs.incrementAndGet();
              assertThat(svc.supervisor()).isNull();
              svc.state(t, ServiceRecords.STARTED);
              svc.ready(t);
              svc.publishObject(t, v("the-object"));
              t.facet(t2 -> {
                t2.preventInertCheck();
                org.syndicate.dataspace.Subscriptions.onMessage(
                    t2, svc.config(), Patterns.rec("die"), (t3, c) -> svc.fail(t3, "deliberate crash of an unsupervised service"));
              });
            }));
    assertHandle("<run-service <gk>>");
    h.awaitLive("<service-object <gk> the-object>");
    assertThat(h.live()).contains("<service-state <gk> started>", "<service-state <gk> ready>");
    h.runVoid(t -> t.message(h.config, v("<die>")));
    h.awaitGone("<service-state <gk> ready>");
    h.settle();
    assertThat(runs.get()).isEqualTo(1);
    assertThat(h.live()).containsExactly("<run-service <gk>>");
  }

  @Test
  void namesNoRegistrationMatchesStayUnstarted() {
    register(worker(SupervisorConfig.defaults()));
    assertHandle("<run-service <something-else 1>>");
    h.settle();
    assertThat(h.live()).containsExactly("<run-service <something-else 1>>");
    assertThat(boots.get()).isZero();
  }

  @Test
  void twoRunServicesForTheSameNameShareOneRun() {
    register(worker(SupervisorConfig.defaults()));
    long a = assertHandle("<run-service <worker w>>");
    assertHandle("<run-service <worker w>>");
    h.awaitLive("<service-state <worker w> ready>");
    h.runVoid(t -> t.retract(a));
    h.settle();
    assertThat(h.live()).contains("<service-state <worker w> ready>");
    assertThat(boots.get()).isEqualTo(1);
  }

  @Test
  void recordsHaveTheReferenceShapes() {
    Value n = v("<daemon d>");
    assertThat(ServiceRecords.requireService(n)).isEqualTo(v("<require-service <daemon d>>"));
    assertThat(ServiceRecords.runService(n)).isEqualTo(v("<run-service <daemon d>>"));
    assertThat(ServiceRecords.restartService(n)).isEqualTo(v("<restart-service <daemon d>>"));
    assertThat(ServiceRecords.serviceState(n, ServiceRecords.READY)).isEqualTo(v("<service-state <daemon d> ready>"));
    assertThat(ServiceRecords.serviceObject(n, v("1"))).isEqualTo(v("<service-object <daemon d> 1>"));
    assertThat(ServiceRecords.dependsOn(v("a"), n, ServiceRecords.COMPLETE))
        .isEqualTo(v("<depends-on a <service-state <daemon d> complete>>"));
  }
}
