package org.syndicate.dataspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.dataspace.DsFixture.v;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Facet;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;

/** during / onMessage / onAssertedRetracted (reference note §3.5 "during"). */
class SubscriptionsTest {

  @Test
  void duringRunsAFacetPerMatchAndStopsItOnRetraction() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> Subscriptions.during(t, f.ds, Patterns.rec("Present", Patterns.bind()), (t2, c) -> {
        t2.publish(f.probe.ref, RecordValue.of("greeting", c.get(0)));
        t2.onStop(t3 -> t3.message(f.probe.ref, RecordValue.of("bye", c.get(0))));
      }));
      long[] h = new long[2];
      f.run(t -> {
        h[0] = t.publish(f.ds, v("<Present alice>"));
        h[1] = t.publish(f.ds, v("<Present bob>"));
      });
      assertThat(f.probe.live()).containsExactly("<greeting alice>", "<greeting bob>");
      f.run(t -> t.retract(h[0]));
      f.run(t -> {});
      assertThat(f.probe.live()).containsExactly("<greeting bob>");
      assertThat(f.probe.log()).contains("!<bye alice>");
    }
  }

  @Test
  void stoppingTheFacetHoldingADuringStopsAllItsMatchFacets() {
    try (DsFixture f = new DsFixture()) {
      CompletableFuture<Facet> holder = new CompletableFuture<>();
      f.run(t -> holder.complete(t.facet(t1 -> Subscriptions.during(t1, f.ds, Patterns.rec("Present", Patterns.bind()),
          (t2, c) -> t2.publish(f.probe.ref, RecordValue.of("greeting", c.get(0)))))));
      f.run(t -> {
        t.publish(f.ds, v("<Present alice>"));
        t.publish(f.ds, v("<Present bob>"));
      });
      f.run(t -> {});
      assertThat(f.probe.live()).hasSize(2);
      f.run(t -> t.stop(holder.join()));
      f.run(t -> {});
      assertThat(f.probe.live()).isEmpty();
    }
  }

  @Test
  void onMessageAndOnAssertedRetracted() {
    try (DsFixture f = new DsFixture()) {
      f.run(t -> {
        Subscriptions.onMessage(t, f.ds, Patterns.rec("Says", Patterns.bind(), Patterns.bind()),
            (t2, c) -> t2.message(f.probe.ref, RecordValue.of("heard", c.get(0), c.get(1))));
        Subscriptions.onAssertedRetracted(t, f.ds, Patterns.rec("Present", Patterns.bind()),
            (t2, c) -> t2.message(f.probe.ref, RecordValue.of("arrived", c.get(0))),
            (t2, c) -> t2.message(f.probe.ref, RecordValue.of("left", c.get(0))));
      });
      long[] h = new long[1];
      f.run(t -> {
        t.message(f.ds, v("<Says alice \"hi\">"));
        h[0] = t.publish(f.ds, v("<Present carol>"));
      });
      f.run(t -> t.retract(h[0]));
      f.run(t -> {});
      assertThat(f.probe.log()).containsExactly("!<heard alice \"hi\">", "!<arrived carol>", "!<left carol>");
      assertThat(f.probe.log()).doesNotContain("!" + Symbol.of("x"));
    }
  }
}
