package org.syndicate.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Seeded random literals and candidates: extending a literal (extra fields, elements, keys)
 * always matches; and whatever {@link OpenLiteral#matches} accepts, the real dataspace delivers
 * to an observer of {@link OpenLiteral#pattern} (the pattern is never narrower).
 */
class OpenLiteralPropertyTest {
  private static final Symbol[] LABELS = {Symbol.of("a"), Symbol.of("b")};

  private static Value atom(Random r) {
    return switch (r.nextInt(3)) {
      case 0 -> SignedInteger.of(r.nextInt(3));
      case 1 -> Symbol.of("s" + r.nextInt(2));
      default -> StringValue.of("t" + r.nextInt(2));
    };
  }

  private static Value gen(Random r, int depth) {
    if (depth == 0) return atom(r);
    return switch (r.nextInt(5)) {
      case 0 -> atom(r);
      case 1 -> RecordValue.of(LABELS[r.nextInt(2)], items(r, depth));
      case 2 -> Sequence.of(items(r, depth));
      case 3 -> {
        TreeMap<Value, Value> m = new TreeMap<>();
        for (int i = r.nextInt(3); i > 0; i--) m.put(Symbol.of("k" + r.nextInt(3)), gen(r, depth - 1));
        yield Dictionary.of(m);
      }
      default -> SetValue.of(new HashSet<>(items(r, 1)));
    };
  }

  private static List<Value> items(Random r, int depth) {
    List<Value> out = new ArrayList<>();
    for (int i = r.nextInt(3); i > 0; i--) out.add(gen(r, depth - 1));
    return out;
  }

  /** @return a value that extends {@code v}: extra trailing fields/elements, extra keys, recursively. */
  private static Value extend(Random r, Value v) {
    return switch (v) {
      case RecordValue rv -> {
        List<Value> fs = new ArrayList<>();
        for (Value f : rv.fields()) fs.add(extend(r, f));
        for (int i = r.nextInt(2); i > 0; i--) fs.add(atom(r));
        yield RecordValue.of(rv.label(), fs);
      }
      case Sequence s -> {
        List<Value> xs = new ArrayList<>();
        for (Value x : s.items()) xs.add(extend(r, x));
        for (int i = r.nextInt(2); i > 0; i--) xs.add(atom(r));
        yield Sequence.of(xs);
      }
      case Dictionary d -> {
        TreeMap<Value, Value> m = new TreeMap<>();
        for (Map.Entry<Value, Value> e : d.toMap().entrySet()) m.put(e.getKey(), extend(r, e.getValue()));
        if (r.nextBoolean()) m.put(Symbol.of("extra"), atom(r));
        yield Dictionary.of(m);
      }
      default -> v;
    };
  }

  @Test
  void extensionsMatchAndTheDataspaceAgrees() {
    long seed = System.nanoTime();
    System.out.println("OpenLiteralPropertyTest seed=" + seed);
    Random r = new Random(seed);
    int checked = 0;
    try (Harness h = new Harness()) {
      for (int round = 0; round < 40; round++) {
        Value literal = gen(r, 3);
        Set<Value> candidates = new HashSet<>();
        for (int i = 0; i < 6; i++) {
          Value ext = extend(r, literal);
          assertThat(OpenLiteral.matches(literal, ext)).as("seed %d: %s extends %s", seed, ext, literal).isTrue();
          candidates.add(ext);
          candidates.add(gen(r, 3));
        }
        Set<Value> seen = java.util.Collections.synchronizedSet(new HashSet<>());
        Value lit = literal;
        org.syndicate.actor.Facet f =
            h.run(
                t ->
                    t.facet(
                    t2 -> {
                      t2.preventInertCheck();
                      for (Value c : candidates) t2.publish(h.config, RecordValue.of(Symbol.of("cand"), c));
                      Subscriptions.observe(
                          t2,
                          h.config,
                          org.syndicate.dataspace.Patterns.rec("cand", OpenLiteral.pattern(lit)),
                          new Entity() {
                            @Override
                            public void onAssert(Turn turn, Value captures, long handle) {
                              seen.add(((Sequence) captures).get(0));
                            }
                          });
                    }));
        for (Value c : candidates) {
          if (OpenLiteral.matches(literal, c)) {
            assertThat(seen).as("seed %d: the pattern of %s must deliver %s", seed, literal, c).contains(c);
            checked++;
          }
        }
        h.runVoid(t -> t.stop(f));
      }
    }
    assertThat(checked).as("seed %d: enough matching candidates were checked", seed).isGreaterThanOrEqualTo(40);
  }
}
