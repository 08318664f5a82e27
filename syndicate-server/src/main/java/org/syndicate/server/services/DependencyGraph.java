package org.syndicate.server.services;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Value;
import org.syndicate.server.During;

/**
 * A live copy of the service dependency edges in {@code $config} (reference note §6): one edge
 * DEPENDANT → DEPENDEE per distinct {@code <depends-on DEPENDANT <service-state DEPENDEE STATE>>}
 * asserted, whatever STATE. A {@code depends-on} whose second field is not a {@code service-state}
 * record names no service and adds no edge. Names are compared exactly (the tracker's open matching
 * of extra fields is not applied). Used at shutdown ({@code Shutdown}) to stop dependants before
 * their dependees; read from any thread ({@link #snapshot}), updated in the turns of the facet
 * that {@link #track} ran in.
 */
public final class DependencyGraph {
  private record Edge(Value dependant, Value dependee) {}

  private final Map<Edge, Integer> edges = new LinkedHashMap<>();

  private DependencyGraph() {}

  /**
   * Starts following {@code <depends-on …>} in {@code config} from the current facet (for as long
   * as it lives).
   *
   * @param t the running turn
   * @param config {@code $config}
   * @return the graph, filled as assertions arrive
   */
  public static DependencyGraph track(Turn t, Ref config) {
    Objects.requireNonNull(config, "config");
    DependencyGraph g = new DependencyGraph();
    During.observe(
        t,
        config,
        Patterns.rec("depends-on", Patterns.bind(), Patterns.rec("service-state", Patterns.bind(), Patterns.discard())),
        (mt, c) -> {
          Edge e = new Edge(c.get(0), c.get(1));
          g.add(e);
          mt.onStop(st -> g.remove(e));
        });
    return g;
  }

  /**
   * A graph holding exactly the given edges (for tests and tools).
   *
   * @param dependsOn per dependant, its dependees
   * @return the graph
   */
  public static DependencyGraph of(Map<Value, Set<Value>> dependsOn) {
    DependencyGraph g = new DependencyGraph();
    dependsOn.forEach((a, bs) -> bs.forEach(b -> g.add(new Edge(a, b))));
    return g;
  }

  private synchronized void add(Edge e) {
    edges.merge(e, 1, Integer::sum);
  }

  private synchronized void remove(Edge e) {
    edges.computeIfPresent(e, (k, n) -> n == 1 ? null : n - 1);
  }

  /**
   * @return per dependant service name, the names of the services it depends on (in the order the
   *     edges were first asserted); a copy
   */
  public synchronized Map<Value, Set<Value>> snapshot() {
    Map<Value, Set<Value>> out = new LinkedHashMap<>();
    for (Edge e : edges.keySet()) out.computeIfAbsent(e.dependant(), k -> new LinkedHashSet<>()).add(e.dependee());
    return out;
  }
}
