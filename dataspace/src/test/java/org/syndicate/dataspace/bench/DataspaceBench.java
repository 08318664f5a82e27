package org.syndicate.dataspace.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Observe;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;

/**
 * In-process dataspace throughput, in the shapes of syndicate-rs's {@code bench_dataspace} and
 * the producer/consumer and state-producer examples (reference note §9). Every invocation sends
 * {@link #BATCH} events from a producer actor in one turn and waits (sync round trip, or the
 * subscriber's exact count) until they have all been handled, so the figures are end-to-end
 * rates. Run with {@code scripts/bench-dataspace.sh}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class DataspaceBench {
  /** Events per invocation (one producer turn). */
  public static final int BATCH = 1000;

  static final Value PAYLOAD = ByteString.of(new byte[16]);

  /** Shared state: scheduler, dataspace actor, producer actor. */
  @State(Scope.Benchmark)
  public static class World {
    Scheduler scheduler;
    Actor dsActor;
    Ref ds;
    Actor producer;

    void start() {
      scheduler = new Scheduler(Math.max(2, Runtime.getRuntime().availableProcessors()));
      CompletableFuture<Ref> r = new CompletableFuture<>();
      dsActor = Actor.boot(scheduler, "ds", t -> r.complete(Dataspace.create(t)));
      ds = r.join();
      producer = Actor.boot(scheduler, "producer", t -> {});
    }

    void stop() {
      producer.stop();
      dsActor.stop();
      scheduler.close();
    }

    /** Runs {@code body} in a producer turn and waits until the dataspace has handled it. */
    void sendAndSync(java.util.function.Consumer<Turn> body) {
      CompletableFuture<Void> done = new CompletableFuture<>();
      producer.execute(t -> {
        body.accept(t);
        t.sync(ds, t2 -> done.complete(null));
      });
      done.join();
    }
  }

  /** Messages into a dataspace nobody observes ("publication alone"). */
  @State(Scope.Benchmark)
  public static class NoSubscriber extends World {
    @Setup(Level.Trial)
    public void setup() {
      start();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      stop();
    }
  }

  /** Messages into a dataspace with one subscriber actor observing {@code <Says $ $>}. */
  @State(Scope.Benchmark)
  public static class OneSubscriber extends World {
    final AtomicLong received = new AtomicLong();
    volatile CompletableFuture<Void> reached;
    volatile long target;
    Actor subscriber;

    @Setup(Level.Trial)
    public void setup() {
      start();
      CompletableFuture<Void> subscribed = new CompletableFuture<>();
      subscriber = Actor.boot(scheduler, "subscriber", t -> {
        Ref me = t.ref(new Entity() {
          @Override
          public void onMessage(Turn turn, Value body) {
            long n = received.incrementAndGet();
            if (n == target) reached.complete(null);
          }
        });
        t.publish(ds, new Observe(Patterns.rec("Says", Patterns.bind(), Patterns.bind()), me).toValue());
        t.sync(ds, t2 -> subscribed.complete(null));
      });
      subscribed.join();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      subscriber.stop();
      stop();
    }
  }

  /** Assertion churn with N observers whose patterns share the label but never match. */
  @State(Scope.Benchmark)
  public static class Churn extends World {
    @Param({"1", "1000"})
    public int unrelatedObservers;

    Actor watchers;

    @Setup(Level.Trial)
    public void setup() {
      start();
      CompletableFuture<Void> ready = new CompletableFuture<>();
      watchers = Actor.boot(scheduler, "watchers", t -> {
        Ref sink = t.ref(new Entity() {});
        for (int i = 0; i < unrelatedObservers; i++) {
          // <Present "watcher-i" $>: same record label as the churned assertions, other constant.
          var p = Patterns.rec("Present", Patterns.lit(StringValue.of("watcher-" + i)), Patterns.bind());
          t.publish(ds, new Observe(p, sink).toValue());
        }
        t.sync(ds, t2 -> ready.complete(null));
      });
      ready.join();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      watchers.stop();
      stop();
    }
  }

  static Value says(int i) {
    return RecordValue.of("Says", StringValue.of("producer"), PAYLOAD);
  }

  /** Messages/s into an unobserved dataspace. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void messagesNoSubscriber(NoSubscriber w) {
    w.sendAndSync(t -> {
      for (int i = 0; i < BATCH; i++) t.message(w.ds, says(i));
    });
  }

  /** Messages/s delivered to one subscriber (each counted there). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void messagesOneSubscriber(OneSubscriber w) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    w.reached = f;
    w.target = w.received.get() + BATCH;
    w.producer.execute(t -> {
      for (int i = 0; i < BATCH; i++) t.message(w.ds, says(i));
    });
    f.join();
  }

  /** (assert + retract) pairs/s of {@code <Present "producer" i>}, with N unrelated observers. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void assertRetractChurn(Churn w) {
    w.sendAndSync(t -> {
      for (int i = 0; i < BATCH; i++) {
        long h = t.publish(w.ds, RecordValue.of("Present", StringValue.of("producer"), SignedInteger.of(i)));
        t.retract(h);
      }
    });
  }
}
