package org.syndicate.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;

/**
 * The observers behind {@code syndicate services}: {@code <require-service $>}, {@code
 * <run-service $>}, {@code <service-state $ $>}, {@code <process-status $ _ $>} and {@code
 * <service-problem $ $>} at a dataspace (normally {@code $config}), feeding a {@link
 * ServiceTable}.
 */
final class ServicesQuery {
  private ServicesQuery() {}

  /**
   * Starts the observers in a new child facet of the current one.
   *
   * @param t the running turn (of the client actor)
   * @param ds the dataspace to look at
   * @param table filled as assertions come and go (only touched in the client actor's turns)
   * @param changed run after each change
   * @return the facet; stopping it removes the observers
   */
  static Facet observe(Turn t, Ref ds, ServiceTable table, Runnable changed) {
    return t.facet(ft -> {
      Subscriptions.onAssertedRetracted(ft, ds, Patterns.rec("require-service", Patterns.bind()),
          (t2, x) -> { table.required(x.get(0), true); changed.run(); },
          (t2, x) -> { table.required(x.get(0), false); changed.run(); });
      Subscriptions.onAssertedRetracted(ft, ds, Patterns.rec("run-service", Patterns.bind()),
          (t2, x) -> { table.run(x.get(0), true); changed.run(); },
          (t2, x) -> { table.run(x.get(0), false); changed.run(); });
      Subscriptions.onAssertedRetracted(ft, ds, Patterns.rec("service-state", Patterns.bind(), Patterns.bind()),
          (t2, x) -> { table.state(x.get(0), x.get(1), true); changed.run(); },
          (t2, x) -> { table.state(x.get(0), x.get(1), false); changed.run(); });
      Subscriptions.onAssertedRetracted(ft, ds, Patterns.rec("process-status", Patterns.bind(), Patterns.discard(), Patterns.bind()),
          (t2, x) -> { table.process(x.get(0), x.get(1), true); changed.run(); },
          (t2, x) -> { table.process(x.get(0), x.get(1), false); changed.run(); });
      Subscriptions.onAssertedRetracted(ft, ds, Patterns.rec("service-problem", Patterns.bind(), Patterns.bind()),
          (t2, x) -> { table.problem(x.get(0), x.get(1), true); changed.run(); },
          (t2, x) -> { table.problem(x.get(0), x.get(1), false); changed.run(); });
    });
  }

  /**
   * One snapshot: observes, waits for a sync round trip (so every current assertion has
   * arrived), renders, and removes the observers.
   *
   * @param c an open connection whose target is {@code $config}
   * @param timeout how long the server may take
   * @return the rendered table
   * @throws ClientException if the connection drops or the server does not answer in time
   */
  static String table(ClientConnection c, Duration timeout) {
    return snapshot(c, timeout, new ClientText(), ServiceTable::render);
  }

  /**
   * One snapshot, rendered by {@code render}: observes, waits for a sync round trip (so every
   * current assertion has arrived), renders in the client actor's turn, and removes the observers.
   *
   * @param c an open connection whose target is {@code $config}
   * @param timeout how long the server may take
   * @param text how the table writes values
   * @param render turns the filled table into the output
   * @return the output
   * @throws ClientException if the connection drops or the server does not answer in time
   */
  static String snapshot(ClientConnection c, Duration timeout, ClientText text, Function<ServiceTable, String> render) {
    ServiceTable table = new ServiceTable(text);
    CompletableFuture<Facet> facet = new CompletableFuture<>();
    c.run(t -> facet.complete(observe(t, c.target(), table, () -> {})));
    c.sync(timeout);
    CompletableFuture<String> out = new CompletableFuture<>();
    c.run(t -> {
      out.complete(render.apply(table));
      t.stop(facet.join());
    });
    return out.join();
  }
}
