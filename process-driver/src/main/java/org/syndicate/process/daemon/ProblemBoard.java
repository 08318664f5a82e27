package org.syndicate.process.daemon;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.supervision.ServiceProblem;

/**
 * The {@code <service-problem <daemon ID> DETAIL>} assertions of one daemon service (supervision.prs
 * {@code ServiceProblem}), at most one per process spec. It lives in the facet that holds the
 * service's supervisor, not in the supervisee, so a problem stays visible while the supervisee is
 * down (a bad spec fails it) and goes when the service's {@code run-service} goes.
 *
 * <p>The supervisee calls {@link #set} and {@link #clear} from its own turns; they are handed to
 * the board's facet as turns of its actor ({@link Facet#execute}), in call order.
 *
 * <p>The board's facet also holds the {@code stopping} process statuses of a supervisee that is
 * itself going away (a {@code restart-service}), until their processes are gone ({@link
 * #showUntil}).
 */
final class ProblemBoard {
  private final Facet facet;
  private final Ref config;
  private final Value serviceName;
  private final Map<Value, Long> handles = new HashMap<>();
  private final Map<Value, Value> details = new HashMap<>();

  ProblemBoard(Facet facet, Ref config, Value serviceName) {
    this.facet = facet;
    this.config = config;
    this.serviceName = serviceName;
  }

  /** Asserts (or replaces) the problem of {@code spec}. From any thread. */
  void set(Value spec, Value detail) {
    facet.execute(t -> {
      if (detail.equals(details.get(spec))) return;
      Long old = handles.get(spec);
      handles.put(spec, t.replace(config, old == null ? 0 : old, new ServiceProblem(serviceName, detail).unparse()));
      details.put(spec, detail);
    });
  }

  /** Retracts the problem of {@code spec}, if any. From any thread. */
  void clear(Value spec) {
    facet.execute(t -> drop(t, spec));
  }

  /**
   * Retracts the problem of {@code spec} if its detail satisfies {@code which}. From any thread.
   *
   * @param spec the process spec
   * @param which which details to retract
   */
  void clearIf(Value spec, Predicate<Value> which) {
    facet.execute(t -> {
      Value d = details.get(spec);
      if (d != null && which.test(d)) drop(t, spec);
    });
  }

  /**
   * Asserts {@code assertion} in {@code $config} from the board's facet until {@code until}
   * completes (or the facet stops). From any thread.
   *
   * @param assertion e.g. a {@code <process-status … {state: stopping …}>}
   * @param until e.g. the process's stop
   */
  void showUntil(Value assertion, CompletableFuture<?> until) {
    facet.execute(t -> {
      long h = t.publish(config, assertion);
      until.whenComplete((r, e) -> facet.execute(t2 -> t2.retract(h)));
    });
  }

  /** @return true while the board's facet (the service's) is alive. */
  boolean isAlive() {
    return facet.isAlive();
  }

  /** Retracts every problem whose spec is not in {@code specs}. From any thread. */
  void retainOnly(Set<Value> specs) {
    Set<Value> keep = Set.copyOf(specs);
    facet.execute(t -> {
      for (Value s : Set.copyOf(handles.keySet())) if (!keep.contains(s)) drop(t, s);
    });
  }

  private void drop(Turn t, Value spec) {
    Long h = handles.remove(spec);
    details.remove(spec);
    if (h != null) t.retract(h);
  }
}
