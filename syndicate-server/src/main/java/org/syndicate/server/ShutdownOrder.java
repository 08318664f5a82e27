package org.syndicate.server;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syndicate.preserves.Value;

/**
 * The order in which a shutdown stops services (ours; reference note supervision.md §1A "Shutdown
 * ordering", §5 scenario 34): a service is stopped once every service that depends on it has
 * stopped, so dependants stop before their dependencies, and services with no path between them
 * stop in parallel. Dependency cycles would make that wait forever; they are broken first: a
 * depth-first walk along depends-on edges (dependant → dependee, in the order given) drops each
 * edge that closes a cycle, and {@link #brokenEdges()} lists them so the caller can log them.
 *
 * <p>Pure data, no I/O: build it with {@link #of(Map, Set)}, then per service {@link
 * #dependants(Value)} (the services to wait for) and {@link #topological()} (every service,
 * dependants before dependees).
 */
public final class ShutdownOrder {
  /**
   * A depends-on edge dropped to break a cycle.
   *
   * @param dependant the service that depends
   * @param dependee the service it depends on
   */
  public record Edge(Value dependant, Value dependee) {}

  private final Map<Value, Set<Value>> dependants = new LinkedHashMap<>();
  private final List<Value> topological = new ArrayList<>();
  private final List<Edge> broken = new ArrayList<>();

  private ShutdownOrder() {}

  /**
   * @param dependsOn per dependant, the services it depends on (from {@code <depends-on …>})
   * @param services more services to include (e.g. those with processes to stop), with or without
   *     edges
   * @return the order; every service named in either argument is in it
   */
  public static ShutdownOrder of(Map<Value, Set<Value>> dependsOn, Set<Value> services) {
    ShutdownOrder o = new ShutdownOrder();
    Map<Value, List<Value>> out = new LinkedHashMap<>();
    for (Value s : services) out.computeIfAbsent(s, k -> new ArrayList<>());
    for (var e : dependsOn.entrySet()) {
      out.computeIfAbsent(e.getKey(), k -> new ArrayList<>());
      for (Value d : e.getValue()) {
        if (d.equals(e.getKey())) {
          o.broken.add(new Edge(d, d)); // a service depending on itself
          continue;
        }
        out.get(e.getKey()).add(d);
        out.computeIfAbsent(d, k -> new ArrayList<>());
      }
    }
    // Iterative depth-first walk (no recursion: a long chain of bad input must not overflow the
    // stack). WHITE: absent from state; 1: on the current path; 2: done. An edge to a node on the
    // path closes a cycle and is dropped. Post-order gives dependees before dependants.
    Map<Value, Integer> state = new HashMap<>();
    Map<Value, List<Value>> kept = new LinkedHashMap<>();
    List<Value> postOrder = new ArrayList<>();
    for (Value root : out.keySet()) {
      if (state.containsKey(root)) continue;
      Deque<Value> path = new ArrayDeque<>();
      Deque<Integer> next = new ArrayDeque<>();
      path.push(root);
      next.push(0);
      state.put(root, 1);
      kept.put(root, new ArrayList<>());
      while (!path.isEmpty()) {
        Value v = path.peek();
        int i = next.pop();
        List<Value> targets = out.get(v);
        if (i == targets.size()) {
          path.pop();
          state.put(v, 2);
          postOrder.add(v);
          continue;
        }
        next.push(i + 1);
        Value w = targets.get(i);
        Integer sw = state.get(w);
        if (sw == null) {
          kept.get(v).add(w);
          state.put(w, 1);
          kept.put(w, new ArrayList<>());
          path.push(w);
          next.push(0);
        } else if (sw == 1) {
          o.broken.add(new Edge(v, w));
        } else {
          kept.get(v).add(w);
        }
      }
    }
    for (Value v : out.keySet()) o.dependants.put(v, new LinkedHashSet<>());
    for (var e : kept.entrySet()) {
      for (Value dependee : e.getValue()) o.dependants.get(dependee).add(e.getKey());
    }
    // post-order lists every dependee before its dependants; shutdown wants the reverse
    for (int i = postOrder.size() - 1; i >= 0; i--) o.topological.add(postOrder.get(i));
    return o;
  }

  /**
   * @param service a service of this order
   * @return the services that depend on it (cycle-breaking edges left out): they stop first; empty
   *     for a service not in the order
   */
  public Set<Value> dependants(Value service) {
    return dependants.getOrDefault(service, Set.of());
  }

  /** @return every service, each after all of its dependants */
  public List<Value> topological() {
    return List.copyOf(topological);
  }

  /** @return the depends-on edges dropped to break cycles (a service depending on itself too) */
  public List<Edge> brokenEdges() {
    return List.copyOf(broken);
  }
}
