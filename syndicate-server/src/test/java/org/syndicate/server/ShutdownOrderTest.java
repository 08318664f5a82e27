package org.syndicate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * {@link ShutdownOrder}: dependants before dependees, independent services unordered, cycles
 * broken (and reported), long chains without recursion.
 */
class ShutdownOrderTest {
  static Value d(String id) {
    return RecordValue.of("daemon", Symbol.of(id));
  }

  static Map<Value, Set<Value>> edges(String... pairs) {
    Map<Value, Set<Value>> m = new LinkedHashMap<>();
    for (String p : pairs) {
      String[] ab = p.split(">");
      m.computeIfAbsent(d(ab[0]), k -> new LinkedHashSet<>()).add(d(ab[1]));
    }
    return m;
  }

  /** Every kept edge is respected by the topological order, and dependants() agrees with it. */
  static void assertConsistent(ShutdownOrder o) {
    List<Value> topo = o.topological();
    for (Value s : topo) {
      for (Value dependant : o.dependants(s)) {
        assertThat(topo.indexOf(dependant)).as("%s before %s", dependant, s).isLessThan(topo.indexOf(s));
      }
    }
  }

  @Test
  void chainStopsFromTheTop() {
    ShutdownOrder o = ShutdownOrder.of(edges("c>b", "b>a"), Set.of());
    assertThat(o.topological()).containsExactly(d("c"), d("b"), d("a"));
    assertThat(o.dependants(d("a"))).containsExactly(d("b"));
    assertThat(o.dependants(d("b"))).containsExactly(d("c"));
    assertThat(o.dependants(d("c"))).isEmpty();
    assertThat(o.brokenEdges()).isEmpty();
  }

  @Test
  void servicesWithoutEdgesHaveNoDependants() {
    ShutdownOrder o = ShutdownOrder.of(edges("c>m", "m>a"), new LinkedHashSet<>(List.of(d("x"), d("a"))));
    assertThat(o.topological()).contains(d("x"), d("a"), d("m"), d("c"));
    assertThat(o.dependants(d("x"))).isEmpty();
    assertThat(o.dependants(d("a"))).containsExactly(d("m"));
    assertThat(o.dependants(d("unknown"))).isEmpty();
    assertConsistent(o);
  }

  @Test
  void diamond() {
    ShutdownOrder o = ShutdownOrder.of(edges("top>l", "top>r", "l>base", "r>base"), Set.of());
    assertThat(o.dependants(d("base"))).containsExactlyInAnyOrder(d("l"), d("r"));
    assertThat(o.topological().getFirst()).isEqualTo(d("top"));
    assertThat(o.topological().getLast()).isEqualTo(d("base"));
    assertConsistent(o);
  }

  @Test
  void cyclesAreBrokenAndReported() {
    ShutdownOrder o = ShutdownOrder.of(edges("x>y", "y>z", "z>x", "s>s", "w>x"), Set.of());
    assertThat(o.brokenEdges()).containsExactlyInAnyOrder(
        new ShutdownOrder.Edge(d("z"), d("x")), new ShutdownOrder.Edge(d("s"), d("s")));
    assertThat(o.topological()).hasSize(5);
    assertConsistent(o);
    // with the edge z>x gone: x waits for y and w, y for z
    assertThat(o.dependants(d("x"))).containsExactlyInAnyOrder(d("w"));
    assertThat(o.dependants(d("y"))).containsExactly(d("x"));
    assertThat(o.dependants(d("z"))).containsExactly(d("y"));
  }

  @Test
  void aLongChainNeedsNoDeepStack() {
    Map<Value, Set<Value>> m = new LinkedHashMap<>();
    int n = 200_000;
    for (int i = 0; i < n; i++) m.put(d("n" + i), Set.of(d("n" + (i + 1))));
    m.put(d("n" + n), Set.of(d("n0"))); // and one cycle around it all
    ShutdownOrder o = ShutdownOrder.of(m, Set.of());
    assertThat(o.brokenEdges()).hasSize(1);
    assertThat(o.topological()).hasSize(n + 1);
    assertThat(o.topological().getFirst()).isEqualTo(d("n0"));
  }
}
