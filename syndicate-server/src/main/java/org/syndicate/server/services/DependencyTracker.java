package org.syndicate.server.services;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Pattern;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.service.ServiceState;
import org.syndicate.supervise.OpenLiteral;

/**
 * The dependency tracker (reference note §6 "Dependency tracker", §10 rows 58–59). For each
 * distinct {@code <require-service N>} in {@code $config}, a tracker runs (in a facet of its
 * own) while that assertion lasts:
 *
 * <ol>
 *   <li>it starts with an obstacle count of 1;
 *   <li>each {@code <depends-on N' D>} with N' matching N openly ({@link OpenLiteral}) adds 1;
 *       if D is {@code <service-state DN S>}, the tracker also asserts {@code <require-service
 *       DN>} for as long as that dependency and the tracker last (dependees are auto-required);
 *       otherwise a warning is logged and D still counts;
 *   <li>D is observed as an open literal: while at least one assertion matches it, the count is
 *       1 lower (extra record fields and dictionary keys still satisfy; sets must be equal; a D
 *       too deep to observe stays an obstacle, with a warning);
 *   <li>after a sync round trip with {@code $config} the initial 1 is removed, so every {@code
 *       depends-on} present at startup has been seen;
 *   <li>whenever the count is 0 it asserts {@code <run-service N>}; whenever it rises above 0
 *       the run-service is retracted (dependencies gate continuously);
 *   <li>when the {@code require-service} is retracted the tracker's facet stops, which retracts
 *       the run-service and the auto-required dependees.
 * </ol>
 *
 * A {@code run-service} asserted directly bypasses all this. A dependency cycle leaves every
 * member waiting (each has an unsatisfiable obstacle), with no activity; as in the reference,
 * the members also keep requiring each other, so retracting the outside require-service does
 * not stop such a cycle's trackers.
 */
public final class DependencyTracker {
  private static final Logger LOG = LoggerFactory.getLogger(DependencyTracker.class);

  private final Ref config;
  private final AtomicLong events = new AtomicLong();
  private final AtomicInteger trackers = new AtomicInteger();

  private DependencyTracker(Ref config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * Starts tracking every {@code <require-service N>} at {@code config}, from a new child of the
   * current facet (stop it to stop them all).
   *
   * @param t the running turn
   * @param config the {@code $config} dataspace
   * @return the tracker, for its counters
   */
  public static DependencyTracker start(Turn t, Ref config) {
    DependencyTracker d = new DependencyTracker(config);
    t.facet(
        t2 -> {
          t2.preventInertCheck();
          Subscriptions.during(
              t2, config, Patterns.rec("require-service", Patterns.bind()), (t3, c) -> d.track(t3, c.get(0)));
        });
    return d;
  }

  /** @return how many events (assertions, retractions, syncs) the trackers have handled so far. */
  public long events() {
    return events.get();
  }

  /** @return how many required services are being tracked now. */
  public int trackers() {
    return trackers.get();
  }

  private void track(Turn t, Value n) {
    events.incrementAndGet();
    trackers.incrementAndGet();
    Tracker tr = new Tracker(n, t.currentFacet());
    t.onStop(t2 -> trackers.decrementAndGet());
    Pattern depender = null;
    try {
      depender = OpenLiteral.pattern(n);
    } catch (IllegalArgumentException e) {
      LOG.warn("require-service {}: cannot observe its depends-on ({}); starting without dependencies", n, e.getMessage());
    }
    if (depender != null) {
      Subscriptions.during(
          t,
          config,
          Patterns.rec("depends-on", depender, Patterns.bind()),
          (t2, c) -> {
            events.incrementAndGet();
            if (OpenLiteral.matches(n, c.get(0))) tr.dependee(t2, c.get(1));
          });
    }
    t.sync(
        config,
        t2 -> {
          events.incrementAndGet();
          tr.adjust(t2, -1);
        });
  }

  /** One required service: its obstacle count and its run-service. */
  private final class Tracker {
    private final Value name;
    private final Facet facet;
    private int count = 1;
    private long runHandle;

    Tracker(Value name, Facet facet) {
      this.name = name;
      this.facet = facet;
    }

    /** Runs in a new facet per {@code depends-on}: one more obstacle while it lasts. */
    void dependee(Turn t, Value d) {
      adjust(t, +1);
      Optional<ServiceState> ss = ServiceState.tryParse(d);
      if (ss.isPresent()) {
        t.publish(config, ServiceRecords.requireService(ss.get().serviceName()));
      } else {
        LOG.warn("service {}: dependee {} is not a <service-state NAME STATE>; it still counts as an obstacle", name, d);
      }
      boolean[] satisfied = {false};
      t.onStop(
          t2 -> {
            events.incrementAndGet();
            if (!satisfied[0]) adjust(t2, -1);
          });
      Pattern p;
      try {
        p = OpenLiteral.pattern(d);
      } catch (IllegalArgumentException e) {
        LOG.warn("service {}: cannot observe dependee ({}); it stays an obstacle", name, e.getMessage());
        return;
      }
      Set<Long> matching = new HashSet<>();
      Subscriptions.observe(
          t,
          config,
          p,
          new Entity() {
            @Override
            public void onAssert(Turn turn, Value captures, long handle) {
              events.incrementAndGet();
              if (!(captures instanceof Sequence s) || s.size() != 1 || !OpenLiteral.matches(d, s.get(0))) return;
              matching.add(handle);
              if (matching.size() == 1 && !satisfied[0]) {
                satisfied[0] = true;
                adjust(turn, -1);
              }
            }

            @Override
            public void onRetract(Turn turn, long handle) {
              events.incrementAndGet();
              if (matching.remove(handle) && matching.isEmpty() && satisfied[0]) {
                satisfied[0] = false;
                adjust(turn, +1);
              }
            }
          });
    }

    void adjust(Turn t, int delta) {
      count += delta;
      if (!facet.isAlive()) return;
      if (count < 0) {
        LOG.error("service {}: obstacle count went negative ({}); treating as 0", name, count);
        count = 0;
      }
      if (count == 0 && runHandle == 0) {
        LOG.info("service {}: dependencies satisfied; asserting run-service", name);
        t.inFacet(facet, t2 -> runHandle = t2.publish(config, ServiceRecords.runService(name)));
      } else if (count > 0 && runHandle != 0) {
        LOG.info("service {}: {} dependencies unsatisfied; retracting run-service", name, count);
        t.retract(runHandle);
        runHandle = 0;
      }
    }
  }
}
