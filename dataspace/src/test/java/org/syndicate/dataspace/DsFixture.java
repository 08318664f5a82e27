package org.syndicate.dataspace;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Probe;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/** Test fixture: a dataspace actor, a probe observer, and a client actor acting on them. */
final class DsFixture implements AutoCloseable {
  final Scheduler s = new Scheduler(2);
  final Actor dsActor;
  final Ref ds;
  final Probe probe;
  final Actor client;

  DsFixture() {
    CompletableFuture<Ref> r = new CompletableFuture<>();
    dsActor = Actor.boot(s, "ds", t -> r.complete(Dataspace.create(t)));
    ds = r.join();
    probe = new Probe(s, "observer");
    client = Actor.boot(s, "client", t -> {});
  }

  static Value v(String text) {
    return TextReader.parse(text);
  }

  static Pattern p(String text) {
    return Pattern.parse(v(text));
  }

  /** @return {@code <Observe pattern #:probe>}. */
  Value observe(String pattern) {
    return RecordValue.of(Observe.LABEL, v(pattern), probe.ref.embedded());
  }

  /**
   * Runs {@code body} in a turn of the client, then waits until the dataspace has handled it
   * and the probe has received everything the dataspace sent because of it.
   */
  void run(Consumer<Turn> body) {
    run(client, body);
  }

  void run(Actor a, Consumer<Turn> body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    a.execute(body);
    a.execute(t -> t.sync(ds, t2 -> dsActor.execute(t3 -> t3.sync(probe.ref, t4 -> done.complete(null)))));
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("settle timed out; probe log = " + probe.log(), e);
    }
  }

  @Override
  public void close() {
    client.stop();
    dsActor.stop();
    probe.close();
    s.close();
  }
}
