package org.syndicate.testkit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Observe;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * A real dataspace (by default named {@code config}, as the server's {@code $config}) in a
 * "main" actor of its own scheduler, watched by an {@link EventLog} through
 * {@code <Observe <bind <_>> #:probe>}: every assertion ({@code +V}), retraction ({@code -V}) and
 * message ({@code !V}) there is recorded, Observe records left out.
 *
 * <p>A test drives it from the outside: {@link #run}/{@link #runVoid} execute code in a turn of
 * the main actor (that is where services under test get started, as the supervisor would);
 * {@link #assertValue}, {@link #retract} and {@link #message} act on the dataspace as another
 * party would. Code under test that runs in other actors is waited for by polling
 * ({@link #await}, {@link #awaitLive}, {@link #awaitGone}) or by sync rounds ({@link #settle}),
 * never by timing. Modules subclass it to add their own fixtures (e.g. the config watcher's
 * files, the daemon service's {@code $log}).
 *
 * <p>Shared by the dataspace, process-driver and syndicate-server tests as the dataspace
 * module's test-jar (package {@code org.syndicate.testkit}).
 */
public class DataspaceHarness implements AutoCloseable {
  /**
   * How a harness is set up.
   *
   * @param threads scheduler threads (1 makes every actor of the test run on one thread)
   * @param actorName name of the main actor (appears in logs)
   * @param dataspaceName name of the dataspace (appears in logs)
   * @param settleRounds most sync rounds {@link #settle} makes before giving up on stability
   * @param settlePause whether {@link #settle} pauses between rounds (5 ms, then 20 ms) so that
   *     actors other than main get to run; without it, only main's own cascades settle
   * @param settleOnStart whether the constructor settles once the probe is in place
   * @param deadline how long any wait or turn may take before the test fails
   */
  public record Options(
      int threads,
      String actorName,
      String dataspaceName,
      int settleRounds,
      boolean settlePause,
      boolean settleOnStart,
      Duration deadline) {
    /** Two threads, actor "main", dataspace "config", 100 pausing rounds, 10 s deadline. */
    public static final Options DEFAULT =
        new Options(2, "main", "config", 100, true, true, Await.DEFAULT_DEADLINE);

    /** @return a copy with another thread count. */
    public Options withThreads(int n) {
      return new Options(n, actorName, dataspaceName, settleRounds, settlePause, settleOnStart, deadline);
    }

    /** @return a copy with another main actor name. */
    public Options withActorName(String name) {
      return new Options(threads, name, dataspaceName, settleRounds, settlePause, settleOnStart, deadline);
    }

    /** @return a copy with another settle strategy. */
    public Options withSettle(int rounds, boolean pause, boolean onStart) {
      return new Options(threads, actorName, dataspaceName, rounds, pause, onStart, deadline);
    }

    /** @return a copy with another deadline. */
    public Options withDeadline(Duration d) {
      return new Options(threads, actorName, dataspaceName, settleRounds, settlePause, settleOnStart, d);
    }
  }

  /** The options this harness was made with. */
  public final Options options;
  /** The scheduler of the main actor; other actors of a test may use it too. */
  public final Scheduler scheduler;
  /** The actor holding the dataspace and the probe. */
  public final Actor main;
  /** The dataspace. */
  public final Ref config;
  /** What the probe saw at {@link #config}. */
  public final EventLog recorded = new EventLog();

  /** A harness with {@link Options#DEFAULT}. */
  public DataspaceHarness() {
    this(Options.DEFAULT);
  }

  /** Boots the main actor, creates the dataspace and places the probe. */
  public DataspaceHarness(Options options) {
    this.options = options;
    this.scheduler = new Scheduler(options.threads());
    CompletableFuture<Ref> ds = new CompletableFuture<>();
    main =
        Actor.boot(
            scheduler,
            options.actorName(),
            t -> {
              Ref d = Dataspace.create(t, options.dataspaceName());
              Ref probe = t.ref(recorded.observer(true));
              t.publish(d, RecordValue.of(Observe.LABEL, v("<bind <_>>"), probe.embedded()));
              boot(t, d);
              ds.complete(d);
            });
    config = Await.answer(ds, options.deadline(), "the main actor");
    if (options.settleOnStart()) settle();
  }

  /**
   * Called in main's boot turn after the dataspace and probe exist, before the constructor
   * returns; subclasses start their fixtures here. Fields of the subclass are not yet set.
   */
  protected void boot(Turn t, Ref dataspace) {}

  /** @return {@code text} parsed as Preserves text syntax. */
  public static Value v(String text) {
    return TextReader.parse(text);
  }

  /**
   * Runs {@code body} in a turn of the main actor's root facet, waits for it, then settles.
   *
   * @return what {@code body} returned
   * @throws RuntimeException what {@code body} threw (the turn fails as well)
   */
  public <T> T run(Function<Turn, T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    main.execute(
        t -> {
          try {
            f.complete(body.apply(t));
          } catch (RuntimeException | Error e) {
            f.completeExceptionally(e);
            throw e;
          }
        });
    T result = answer(f);
    settle();
    return result;
  }

  /** {@link #run} for a body with no result. */
  public void runVoid(Consumer<Turn> body) {
    run(
        t -> {
          body.accept(t);
          return null;
        });
  }

  /**
   * Runs {@code body} in a turn of the main actor and waits for the turn (no settling).
   *
   * @throws AssertionError when the actor does not answer within the deadline
   */
  public void inMain(Consumer<Turn> body) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    main.execute(
        t -> {
          body.accept(t);
          f.complete(null);
        });
    answer(f);
  }

  /** Asserts {@code x} at the dataspace from the main actor. @return its handle */
  public long assertValue(Value x) {
    CompletableFuture<Long> h = new CompletableFuture<>();
    main.execute(t -> h.complete(t.publish(config, x)));
    return answer(h);
  }

  /** Asserts {@code text} (Preserves text) from the main actor. @return its handle */
  public long assertValue(String text) {
    return assertValue(v(text));
  }

  /** Retracts an assertion made with {@link #assertValue}, waiting for the turn. */
  public void retract(long handle) {
    inMain(t -> t.retract(handle));
  }

  /** Sends {@code x} to the dataspace as a message from the main actor (does not wait). */
  public void message(Value x) {
    main.execute(t -> t.message(config, x));
  }

  /** One sync round trip from {@code a} through the dataspace; false if {@code a} is gone. */
  public boolean syncFrom(Actor a) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    if (!a.execute(t -> t.sync(config, t2 -> f.complete(null)))) return false;
    answer(f);
    return true;
  }

  /**
   * Sync rounds from the main actor through the dataspace until the event log stops growing
   * between two rounds (or {@link Options#settleRounds} are done): everything main sent has been
   * handled, and, with {@link Options#settlePause}, other actors have had time to react.
   */
  public void settle() {
    int before = -1;
    for (int i = 0; i < options.settleRounds(); i++) {
      syncFrom(main);
      if (options.settlePause()) Await.sleep(i < 2 ? 5 : 20);
      int now = recorded.size();
      if (now == before) return;
      before = now;
    }
  }

  /**
   * Polls {@code cond} every 2 ms until it holds, then {@link #settle}s.
   *
   * @throws AssertionError after the deadline, naming {@code what} and the live assertions
   */
  public void await(String what, BooleanSupplier cond) {
    Await.until(what, options.deadline(), 2, cond, () -> "; live = " + live());
    settle();
  }

  /** Waits until {@code text} (Preserves text) is live at the dataspace. */
  public void awaitLive(String text) {
    Value x = v(text);
    await(text, () -> liveValues().contains(x));
  }

  /** Waits until {@code text} (Preserves text) is no longer live at the dataspace. */
  public void awaitGone(String text) {
    Value x = v(text);
    await("no " + text, () -> !liveValues().contains(x));
  }

  /** @return whether {@code x} is live at the dataspace. */
  public boolean has(Value x) {
    return recorded.has(x);
  }

  /** @return whether {@code text} (Preserves text) is live at the dataspace. */
  public boolean has(String text) {
    return recorded.has(v(text));
  }

  /** @return the events so far ({@link EventLog#events}). */
  public List<String> events() {
    return recorded.events();
  }

  /** @return the events so far, and forgets them. */
  public List<String> drain() {
    return recorded.drain();
  }

  /** @return the assertions live at the dataspace (Observes left out), as sorted text. */
  public List<String> live() {
    return recorded.live();
  }

  /** @return the assertions live at the dataspace (Observes left out). */
  public List<Value> liveValues() {
    return recorded.liveValues();
  }

  /** Waits for {@code f} within the deadline ({@link Await#answer}). */
  protected <T> T answer(CompletableFuture<T> f) {
    return Await.answer(f, options.deadline(), "an actor");
  }

  /** Stops {@code a} and waits for its exit (at most 10 s). */
  public static void stopAndJoin(Actor a) {
    a.stop();
    a.exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
  }

  /** Stops the main actor, waits for its exit, and closes the scheduler. */
  @Override
  public void close() {
    stopAndJoin(main);
    scheduler.close();
  }
}
