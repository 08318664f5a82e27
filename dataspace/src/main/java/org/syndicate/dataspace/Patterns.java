package org.syndicate.dataspace;

import java.util.Map;
import java.util.TreeMap;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Builders for {@link Pattern}s in Java, e.g. {@code rec("Says", bind(), bind())} for the
 * reference's {@code <Says $ $>} (reference note §3.2, §10 row 24).
 */
public final class Patterns {
  private Patterns() {}

  /** @return {@code <_>}. */
  public static Pattern discard() {
    return Pattern.Discard.INSTANCE;
  }

  /** @return {@code <bind <_>>} (the reference's {@code $}). */
  public static Pattern bind() {
    return new Pattern.Bind(Pattern.Discard.INSTANCE);
  }

  /**
   * @param p the sub-pattern
   * @return {@code <bind p>}
   */
  public static Pattern bind(Pattern p) {
    return new Pattern.Bind(p);
  }

  /**
   * @param atom an atom or embedded value
   * @return {@code <lit atom>}
   * @throws IllegalArgumentException for a compound (use {@link #lift})
   */
  public static Pattern lit(Value atom) {
    return new Pattern.Lit(atom);
  }

  /**
   * @param label the record label
   * @param fields patterns for fields 0, 1, … (further fields are ignored when matching)
   * @return {@code <group <rec label> {0: f0 1: f1 …}>}
   */
  public static Pattern rec(Value label, Pattern... fields) {
    return new Pattern.Group(new GroupType.Rec(label), indexed(fields));
  }

  /**
   * @param label the record label, as a symbol
   * @param fields patterns for fields 0, 1, …
   * @return {@code <group <rec label> {0: f0 …}>}
   */
  public static Pattern rec(String label, Pattern... fields) {
    return rec(Symbol.of(label), fields);
  }

  /**
   * @param items patterns for elements 0, 1, … (further elements are ignored)
   * @return {@code <group <arr> {0: p0 …}>}
   */
  public static Pattern arr(Pattern... items) {
    return new Pattern.Group(GroupType.Arr.INSTANCE, indexed(items));
  }

  /**
   * @param entries patterns by dictionary key (further keys are ignored)
   * @return {@code <group <dict> {k: p …}>}
   */
  public static Pattern dict(Map<? extends Value, ? extends Pattern> entries) {
    return new Pattern.Group(GroupType.Dict.INSTANCE, new TreeMap<Value, Pattern>(entries));
  }

  /**
   * Lifts a value into the pattern matching it (and, since groups are open, compounds extending
   * it): atoms and embedded values become {@code lit}, compounds become groups of lifted parts.
   *
   * @param v the value
   * @return the pattern
   * @throws IllegalArgumentException if {@code v} contains a set (no pattern form matches sets)
   */
  public static Pattern lift(Value v) {
    return switch (v) {
      case RecordValue r -> rec(r.label(), r.fields().stream().map(Patterns::lift).toArray(Pattern[]::new));
      case Sequence s -> arr(s.items().stream().map(Patterns::lift).toArray(Pattern[]::new));
      case Dictionary d -> {
        TreeMap<Value, Pattern> m = new TreeMap<>();
        d.toMap().forEach((k, x) -> m.put(k, lift(x)));
        yield dict(m);
      }
      case SetValue s -> throw new IllegalArgumentException("a set cannot be lifted into a dataspace pattern");
      default -> lit(v);
    };
  }

  private static TreeMap<Value, Pattern> indexed(Pattern[] ps) {
    TreeMap<Value, Pattern> m = new TreeMap<>();
    for (int i = 0; i < ps.length; i++) m.put(SignedInteger.of(i), ps[i]);
    return m;
  }
}
