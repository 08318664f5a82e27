package org.syndicate.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Value;

/** A test actor holding recording entities; waits use polling with a deadline. */
public final class Probe {
  /** Records what one entity receives. */
  public static final class Recorder implements Entity {
    public final Map<Long, Value> live = new ConcurrentHashMap<>();
    public final List<Value> messages = new CopyOnWriteArrayList<>();
    public final List<Value> everAsserted = new CopyOnWriteArrayList<>();

    @Override
    public void onAssert(Turn t, Value v, long h) {
      live.put(h, v);
      everAsserted.add(v);
    }

    @Override
    public void onRetract(Turn t, long h) {
      live.remove(h);
    }

    @Override
    public void onMessage(Turn t, Value v) {
      messages.add(v);
    }

    public List<Value> liveValues() {
      return new ArrayList<>(live.values());
    }
  }

  public final Actor actor;
  private final Facet root;

  public Probe(String name) {
    Facet[] f = new Facet[1];
    java.util.concurrent.CountDownLatch l = new java.util.concurrent.CountDownLatch(1);
    actor =
        Actor.boot(
            name,
            t -> {
              t.preventInertCheck();
              f[0] = t.currentFacet();
              l.countDown();
            });
    try {
      if (!l.await(30, java.util.concurrent.TimeUnit.SECONDS)) throw new AssertionError("probe did not boot");
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    root = f[0];
  }

  /** Runs {@code body} in a turn and waits for it. */
  public <T> T call(java.util.function.Function<Turn, T> body) {
    java.util.concurrent.CompletableFuture<T> r = new java.util.concurrent.CompletableFuture<>();
    root.execute(t -> r.complete(body.apply(t)));
    try {
      return r.get(30, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  public void run(Consumer<Turn> body) {
    call(
        t -> {
          body.accept(t);
          return null;
        });
  }

  public Ref recorder(Recorder r) {
    return call(t -> t.ref(r));
  }

  /** Polls until {@code cond} holds or fails after {@code timeout}. */
  public static void await(String what, Duration timeout, java.util.function.BooleanSupplier cond) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  public static void await(String what, java.util.function.BooleanSupplier cond) {
    await(what, Duration.ofSeconds(10), cond);
  }

  /** @return whether some value of {@code vs} satisfies {@code p}. */
  public static boolean any(List<Value> vs, Predicate<Value> p) {
    return vs.stream().anyMatch(p);
  }
}
