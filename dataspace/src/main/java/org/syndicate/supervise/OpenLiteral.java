package org.syndicate.supervise;

import java.util.Map;
import java.util.TreeMap;
import org.syndicate.dataspace.Pattern;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/**
 * A value used as a literal pattern that matches <em>openly</em>, as the reference lifts service
 * names and dependees into patterns (reference note §6 step 3, review-log row 28): a record,
 * sequence or dictionary also matches one with extra trailing fields, elements or keys, whose
 * given parts match in turn. Unlike {@link Patterns#lift}, this never throws for sets (§5.5,
 * §10 "a depends-on whose dependee holds a set must not crash anything"): a set matches only an
 * equal set.
 *
 * <p>Use {@link #pattern} to observe candidates in a dataspace (the pattern captures the whole
 * assertion, and is coarser than the literal where sets occur), then keep only the captures
 * that pass {@link #matches}.
 */
public final class OpenLiteral {
  /** Deepest literal accepted by {@link #pattern} (the dataspace's own default limit). */
  public static final int MAX_DEPTH = Pattern.DEFAULT_MAX_DEPTH - 1;

  private OpenLiteral() {}

  /**
   * @param literal the value
   * @return {@code <bind P>}, where P is {@code literal} lifted with every set replaced by {@code
   *     <_>}; it matches at least everything {@link #matches} accepts
   * @throws IllegalArgumentException if {@code literal} nests deeper than {@link #MAX_DEPTH}
   */
  public static Pattern pattern(Value literal) {
    return Patterns.bind(lift(literal, 1));
  }

  private static Pattern lift(Value v, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException("value nests deeper than " + MAX_DEPTH + " levels; cannot observe it");
    }
    return switch (v) {
      case RecordValue r -> {
        Pattern[] fs = new Pattern[r.arity()];
        for (int i = 0; i < fs.length; i++) fs[i] = lift(r.field(i), depth + 1);
        yield Patterns.rec(r.label(), fs);
      }
      case Sequence s -> {
        Pattern[] ps = new Pattern[s.size()];
        for (int i = 0; i < ps.length; i++) ps[i] = lift(s.get(i), depth + 1);
        yield Patterns.arr(ps);
      }
      case Dictionary d -> {
        TreeMap<Value, Pattern> m = new TreeMap<>();
        for (Map.Entry<Value, Value> e : d.toMap().entrySet()) m.put(e.getKey(), lift(e.getValue(), depth + 1));
        yield Patterns.dict(m);
      }
      case org.syndicate.preserves.SetValue s -> Patterns.discard();
      default -> Patterns.lit(v);
    };
  }

  /**
   * Open matching of a candidate against a literal: records need the same label and at least the
   * literal's fields, sequences at least its elements, dictionaries at least its keys, each part
   * matching openly; anything else (atoms, sets, embedded values) must be equal. Annotations are
   * ignored.
   *
   * @param literal the literal
   * @param candidate the value to test
   * @return true when {@code candidate} satisfies {@code literal}
   */
  public static boolean matches(Value literal, Value candidate) {
    return switch (literal) {
      case RecordValue r -> {
        if (!(candidate instanceof RecordValue c) || c.arity() < r.arity() || !c.label().equals(r.label())) yield false;
        for (int i = 0; i < r.arity(); i++) if (!matches(r.field(i), c.field(i))) yield false;
        yield true;
      }
      case Sequence s -> {
        if (!(candidate instanceof Sequence c) || c.size() < s.size()) yield false;
        for (int i = 0; i < s.size(); i++) if (!matches(s.get(i), c.get(i))) yield false;
        yield true;
      }
      case Dictionary d -> {
        if (!(candidate instanceof Dictionary c)) yield false;
        for (Map.Entry<Value, Value> e : d.toMap().entrySet()) {
          Value x = c.get(e.getKey());
          if (x == null || !matches(e.getValue(), x)) yield false;
        }
        yield true;
      }
      default -> literal.equals(candidate);
    };
  }
}
