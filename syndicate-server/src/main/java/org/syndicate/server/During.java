package org.syndicate.server;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Observe;
import org.syndicate.dataspace.Pattern;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/**
 * "During" for Java code: observe a pattern in a dataspace and, for each match, run a body in a
 * fresh facet that is stopped when the match goes away (the reference's {@code during!} macro;
 * reference note syndicate-server.md §3.5). A body that throws stops only its own facet's actor
 * turn (the usual turn rollback), never the observer.
 *
 * <p>Each match facet is kept alive (not stopped as inert) until its match is retracted, so a body
 * may simply remember values or start linked work.
 */
public final class During {
  private During() {}

  /**
   * Asserts {@code <Observe pattern #:observer>} at {@code dataspace} from the current facet.
   *
   * @param t the running turn
   * @param dataspace where to observe
   * @param pattern what to match
   * @param body runs for each match in a new child facet of the current facet, with the captures
   *     (in pattern pre-order)
   * @return the handle of the Observe assertion
   */
  public static long observe(Turn t, Ref dataspace, Pattern pattern, BiConsumer<Turn, Sequence> body) {
    Facet owner = t.currentFacet();
    Map<Long, Facet> live = new HashMap<>();
    Entity e =
        new Entity() {
          @Override
          public void onAssert(Turn turn, Value captures, long handle) {
            if (!(captures instanceof Sequence s)) return;
            turn.inFacet(
                owner,
                ot -> {
                  Facet f =
                      ot.facet(
                          ft -> {
                            ft.preventInertCheck();
                            body.accept(ft, s);
                          });
                  live.put(handle, f);
                });
          }

          @Override
          public void onRetract(Turn turn, long handle) {
            Facet f = live.remove(handle);
            if (f != null) turn.stop(f);
          }
        };
    Ref observer = t.ref(e);
    return t.publish(dataspace, new Observe(pattern, observer).toValue());
  }

  /**
   * Observes messages (and, by the dataspace's rules, nothing else) matching {@code pattern}.
   *
   * @param t the running turn
   * @param dataspace where to observe
   * @param pattern what to match
   * @param body runs in the observer's turn with the captures of each matching message
   * @return the handle of the Observe assertion
   */
  public static long onMessage(Turn t, Ref dataspace, Pattern pattern, BiConsumer<Turn, Sequence> body) {
    Entity e =
        new Entity() {
          @Override
          public void onMessage(Turn turn, Value captures) {
            if (captures instanceof Sequence s) body.accept(turn, s);
          }
        };
    return t.publish(dataspace, new Observe(pattern, t.ref(e)).toValue());
  }
}
