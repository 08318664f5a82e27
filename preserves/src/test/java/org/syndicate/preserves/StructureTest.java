package org.syndicate.preserves;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The explicit-stack paths of {@link Structure} agree with the recursive ones on random values
 * (seed printed): started at {@link Structure#RECURSION_LIMIT} an operation runs iteratively from
 * the root, started at 0 it recurses (for these shallow values) all the way.
 */
class StructureTest {
  static final int ITERATIVE = Structure.RECURSION_LIMIT;

  /** equalsWithAnnotations as plain recursion over the public API: the reference. */
  static boolean referenceEqualsWithAnnotations(Value a, Value b) {
    if (!a.equals(b) || a.annotations().size() != b.annotations().size()) return false;
    for (int i = 0; i < a.annotations().size(); i++) {
      if (!referenceEqualsWithAnnotations(a.annotations().get(i), b.annotations().get(i))) return false;
    }
    List<Value> ca = children(a), cb = children(b);
    for (int i = 0; i < ca.size(); i++) {
      if (!referenceEqualsWithAnnotations(ca.get(i), cb.get(i))) return false;
    }
    return true;
  }

  static List<Value> children(Value v) {
    return switch (v) {
      case RecordValue r -> {
        List<Value> l = new java.util.ArrayList<>();
        l.add(r.label());
        l.addAll(r.fields());
        yield l;
      }
      case Sequence s -> s.items();
      case SetValue s -> s.elements();
      case Dictionary d -> {
        List<Value> l = new java.util.ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
          l.add(d.keys().get(i));
          l.add(d.values().get(i));
        }
        yield l;
      }
      case Embedded e -> e.payload() instanceof Value p ? List.of(p) : List.of();
      default -> List.of();
    };
  }

  @Test
  void iterativeAndRecursivePathsAgree() {
    long seed = System.nanoTime();
    System.out.println("StructureTest seed: " + seed);
    ValueGenerators small = new ValueGenerators(seed, ValueGenerators.Settings.SMALL);
    ValueGenerators big = new ValueGenerators(seed + 1, new ValueGenerators.Settings(4, 4, true, true, 20));
    int equalPairs = 0;
    for (int n = 0; n < 4000; n++) {
      ValueGenerators g = n % 2 == 0 ? small : big;
      Value a = g.value(), b = n % 5 == 0 ? g.reshuffle(a) : g.value();
      String ctx = "seed " + seed + " #" + n + ": " + a + " vs " + b;
      int recursive = Integer.signum(Structure.compare(a, b, 0));
      assertThat(Integer.signum(Structure.compare(a, b, ITERATIVE))).as(ctx).isEqualTo(recursive);
      assertThat(Integer.signum(Structure.compare(b, a, ITERATIVE))).as(ctx).isEqualTo(-recursive);
      boolean eq = Structure.equal(a, b, 0);
      assertThat(eq).as(ctx).isEqualTo(recursive == 0);
      assertThat(Structure.equal(a, b, ITERATIVE)).as(ctx).isEqualTo(eq);
      if (eq) {
        equalPairs++;
        assertThat(a.hashCode()).as(ctx).isEqualTo(b.hashCode());
      }
      // fresh copies have no cached hashes: compute one recursively, the other on the stack
      Value c1 = g.reshuffle(a), c2 = g.reshuffle(a);
      assertThat(Structure.hashIteratively(c2)).as(ctx).isEqualTo(c1.hashCode()).isEqualTo(a.hashCode());
      assertThat(a.equalsWithAnnotations(b)).as(ctx).isEqualTo(referenceEqualsWithAnnotations(a, b));
      assertThat(a.equalsWithAnnotations(c1)).as(ctx).isTrue();
    }
    assertThat(equalPairs).isGreaterThan(100);
  }
}
