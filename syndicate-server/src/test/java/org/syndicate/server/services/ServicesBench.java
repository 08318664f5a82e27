package org.syndicate.server.services;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;

/**
 * JMH benchmarks of the dependency system: how long until services come up through the
 * {@link DependencyTracker} and a {@link ServiceRegistry} handler that answers {@code
 * <run-service <svc G I>>} with {@code ready} (in a linked actor per service). Each invocation
 * uses fresh names and withdraws everything afterwards. Not a test (Surefire ignores it). Run
 * with {@code scripts/bench-services.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ServicesBench {
  /** Services per invocation. */
  @Param({"100"})
  public int n;

  private Scheduler scheduler;
  private Actor main;
  private Ref config;
  private int generation;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    scheduler = new Scheduler(Runtime.getRuntime().availableProcessors());
    CountDownLatch up = new CountDownLatch(1);
    main =
        Actor.boot(
            scheduler,
            "bench",
            t -> {
              t.preventInertCheck();
              config = Dataspace.create(t, "config");
              DependencyTracker.start(t, config);
              new ServiceRegistry(config)
                  .register(
                      t,
                      ServiceRegistration.unsupervised(
                          "milestone", Patterns.rec("svc", Patterns.discard(), Patterns.discard()), (t2, svc) -> svc.ready(t2)));
              up.countDown();
            });
    up.await();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    main.stop();
    main.exitFuture().join();
    scheduler.close();
  }

  private static Value svc(int g, int i) {
    return RecordValue.of("svc", SignedInteger.of(g), SignedInteger.of(i));
  }

  /** Asserts what {@code body} asserts in a fresh facet, waits for {@code expectReady} ready states, then stops the facet. */
  private void runOnce(int g, int expectReady, java.util.function.Consumer<Turn> body) throws InterruptedException {
    CountDownLatch ready = new CountDownLatch(expectReady);
    AtomicReference<Facet> facet = new AtomicReference<>();
    main.execute(
        t ->
            facet.set(
                t.facet(
                    t2 -> {
                      t2.preventInertCheck();
                      Subscriptions.onAssertedRetracted(
                          t2,
                          config,
                          Patterns.rec(
                              "service-state",
                              Patterns.rec("svc", Patterns.lit(SignedInteger.of(g)), Patterns.bind()),
                              Patterns.lit(ServiceRecords.READY)),
                          (t3, c) -> ready.countDown(),
                          (t3, c) -> {});
                      body.accept(t2);
                    })));
    if (!ready.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("services did not come up");
    CountDownLatch gone = new CountDownLatch(1);
    main.execute(t -> t.stop(facet.get(), t2 -> t2.sync(config, t3 -> gone.countDown())));
    gone.await();
  }

  /** A chain of n services, each depending on the next being ready; only the head is required. */
  @Benchmark
  public void chain() throws InterruptedException {
    int g = ++generation;
    runOnce(
        g,
        n,
        t -> {
          for (int i = 0; i < n - 1; i++) {
            t.publish(config, ServiceRecords.dependsOn(svc(g, i), svc(g, i + 1), ServiceRecords.READY));
          }
          t.publish(config, ServiceRecords.requireService(svc(g, 0)));
        });
  }

  /** n required services that all depend on one shared service. */
  @Benchmark
  public void fanOut() throws InterruptedException {
    int g = ++generation;
    runOnce(
        g,
        n + 1,
        t -> {
          for (int i = 1; i <= n; i++) {
            t.publish(config, ServiceRecords.dependsOn(svc(g, i), svc(g, 0), ServiceRecords.READY));
            t.publish(config, ServiceRecords.requireService(svc(g, i)));
          }
        });
  }
}
