package org.syndicate.dataspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.dataspace.DsFixture.v;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Facet;
import org.syndicate.preserves.RecordValue;

/**
 * The "no flicker" rule (issue 4; reference note §5.9 reloads): asserting X from a new facet and
 * then stopping the old facet that asserted X, in one turn, produces no event at any observer.
 */
class NoFlickerTest {

  @Test
  void makeBeforeBreakInOneTurnIsInvisibleToObservers() {
    try (DsFixture f = new DsFixture()) {
      CompletableFuture<Facet> old = new CompletableFuture<>();
      f.run(t -> {
        t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>"));
        t.publish(f.ds, f.observe("<bind <group <rec x> {}>>"));
        Subscriptions.during(t, f.ds, Patterns.rec("x", Patterns.bind()), (t2, c) ->
            t2.publish(f.probe.ref, RecordValue.of("during", c.get(0))));
      });
      f.run(t -> old.complete(t.facet(t2 -> t2.publish(f.ds, v("<x 1>")))));
      assertThat(f.probe.log()).containsExactlyInAnyOrder("+[1]", "+[<x 1>]", "+<during 1>");
      CompletableFuture<Facet> replacement = new CompletableFuture<>();
      f.run(t -> {
        replacement.complete(t.facet(t2 -> t2.publish(f.ds, v("<x 1>"))));
        t.stop(old.join());
      });
      // Nothing at all happened at the observers, including the during facet.
      assertThat(f.probe.log()).hasSize(3);
      assertThat(replacement.join().isAlive()).isTrue();
      // Stopping the replacement now does retract X.
      f.run(t -> t.stop(replacement.join()));
      assertThat(f.probe.log()).hasSize(6).contains("-[1]", "-[<x 1>]", "-<during 1>");
    }
  }

  @Test
  void breakBeforeMakeDoesFlicker() {
    // The control: the same two steps in the other order are visible, so the test above can fail.
    try (DsFixture f = new DsFixture()) {
      CompletableFuture<Facet> old = new CompletableFuture<>();
      f.run(t -> t.publish(f.ds, f.observe("<group <rec x> {0: <bind <_>>}>")));
      f.run(t -> old.complete(t.facet(t2 -> t2.publish(f.ds, v("<x 1>")))));
      f.run(t -> t.stopAndContinue(old.join(), t2 -> t2.facet(t3 -> t3.publish(f.ds, v("<x 1>")))));
      assertThat(f.probe.log()).containsExactly("+[1]", "-[1]", "+[1]");
    }
  }
}
