package org.syndicate.dataspace;

import java.util.HashMap;
import java.util.List;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/**
 * The usual ways to react to a dataspace (reference note §3.5 "during"). Each one asserts an
 * {@link Observe} from the current facet, so it lasts until that facet stops or the returned
 * handle is retracted.
 *
 * <pre>{@code
 * Subscriptions.during(t, ds, Patterns.rec("Present", Patterns.bind()), (t2, c) -> {
 *   // runs in a new facet per distinct match; everything asserted here is retracted
 *   // when the match goes away
 * });
 * Subscriptions.onMessage(t, ds, Patterns.rec("Says", Patterns.bind(), Patterns.bind()),
 *     (t2, c) -> System.out.println(c.get(0) + ": " + c.get(1)));
 * }</pre>
 */
public final class Subscriptions {
  private Subscriptions() {}

  /**
   * Asserts {@code <Observe pattern #:observer>} at {@code ds} with a new ref to {@code
   * observer} in the current facet: the observer gets each distinct capture tuple as an
   * assertion of a sequence, and each matching message as a message of a sequence.
   *
   * @param t the running turn
   * @param ds the dataspace
   * @param pattern what to observe
   * @param observer the receiving entity
   * @return the handle of the Observe assertion
   */
  public static long observe(Turn t, Ref ds, Pattern pattern, Entity observer) {
    return t.publish(ds, new Observe(pattern, t.ref(observer)).toValue());
  }

  /**
   * For each distinct match, runs {@code body} in a new child facet of the current facet, and
   * stops that facet when the match is retracted (so whatever the body asserted is retracted).
   * The facets are kept from being inert while their match lasts.
   *
   * @param t the running turn
   * @param ds the dataspace
   * @param pattern what to observe
   * @param body run in the new facet, with the captures
   * @return the handle of the Observe assertion
   */
  public static long during(Turn t, Ref ds, Pattern pattern, MatchHandler body) {
    return observe(t, ds, pattern, new DuringEntity(body));
  }

  /**
   * Runs {@code body} (in the current facet) for every matching message.
   *
   * @param t the running turn
   * @param ds the dataspace
   * @param pattern what to listen for
   * @param body run with the captures
   * @return the handle of the Observe assertion
   */
  public static long onMessage(Turn t, Ref ds, Pattern pattern, MatchHandler body) {
    return observe(
        t,
        ds,
        pattern,
        new Entity() {
          @Override
          public void onMessage(Turn turn, Value captures) {
            body.accept(turn, items(captures));
          }
        });
  }

  /**
   * Runs {@code onAsserted} for each distinct match as it appears and {@code onRetracted} when it
   * goes, both in the current facet (no facet per match).
   *
   * @param t the running turn
   * @param ds the dataspace
   * @param pattern what to observe
   * @param onAsserted run with the captures of a new match
   * @param onRetracted run with the captures of a match that went away
   * @return the handle of the Observe assertion
   */
  public static long onAssertedRetracted(
      Turn t, Ref ds, Pattern pattern, MatchHandler onAsserted, MatchHandler onRetracted) {
    return observe(
        t,
        ds,
        pattern,
        new Entity() {
          private final HashMap<Long, List<Value>> live = new HashMap<>();

          @Override
          public void onAssert(Turn turn, Value captures, long handle) {
            List<Value> c = items(captures);
            live.put(handle, c);
            onAsserted.accept(turn, c);
          }

          @Override
          public void onRetract(Turn turn, long handle) {
            List<Value> c = live.remove(handle);
            if (c != null) onRetracted.accept(turn, c);
          }
        });
  }

  private static List<Value> items(Value captures) {
    return captures instanceof Sequence s ? s.items() : List.of(captures);
  }

  /** The observer behind {@link #during}: one facet per handle. */
  private static final class DuringEntity implements Entity {
    private final MatchHandler body;
    private final HashMap<Long, Facet> facets = new HashMap<>();

    DuringEntity(MatchHandler body) {
      this.body = body;
    }

    @Override
    public void onAssert(Turn t, Value captures, long handle) {
      List<Value> c = items(captures);
      Facet f =
          t.facet(
              t2 -> {
                t2.preventInertCheck();
                body.accept(t2, c);
              });
      facets.put(handle, f);
    }

    @Override
    public void onRetract(Turn t, long handle) {
      Facet f = facets.remove(handle);
      if (f != null) t.stop(f);
    }
  }
}
