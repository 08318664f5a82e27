package org.syndicate.server.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;

/**
 * A dataspace pattern (reference note syndicate-server.md §3.2, {@code dataspacePatterns.prs}) as
 * compiled from a script pattern: the <em>open</em> pattern language of {@code Observe}.
 *
 * <ul>
 *   <li>{@link Discard} {@code <_>}: anything, but the position must exist;
 *   <li>{@link Bind} {@code <bind P>}: capture, then match P;
 *   <li>{@link Lit} {@code <lit ATOM>}: equality with an atom (never a compound: compounds are
 *       {@link #lift lifted} to groups);
 *   <li>{@link Group} {@code <group <rec LABEL>|<arr>|<dict> {KEY: P ...}>}: the listed keys must
 *       exist and match, others are ignored (arity is not checked).
 * </ul>
 *
 * <p>Captures come in pre-order (a bind before the binds inside it), group entries in ascending
 * Preserves order of their keys.
 */
public sealed interface DataspacePattern {
  /** {@code <_>}. */
  record Discard() implements DataspacePattern {}

  /** {@code <bind P>}. */
  record Bind(DataspacePattern pattern) implements DataspacePattern {}

  /** {@code <lit V>}, V an atom (bool, double, int, string, bytes, symbol, embedded). */
  record Lit(Value value) implements DataspacePattern {}

  /** The three group types. */
  enum GroupType {
    /** {@code <rec LABEL>}. */
    REC,
    /** {@code <arr>}. */
    ARR,
    /** {@code <dict>}. */
    DICT
  }

  /**
   * {@code <group TYPE {KEY: P ...}>}.
   *
   * @param type rec, arr or dict
   * @param label the record label (any value) for {@code REC}, else null
   * @param entries key to sub-pattern, sorted by key (field/element indices are SignedIntegers)
   */
  record Group(GroupType type, Value label, SortedMap<Value, DataspacePattern> entries)
      implements DataspacePattern {
    /** Copies {@code entries} into an immutable sorted map. */
    public Group {
      entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }
  }

  /** The shared discard. */
  DataspacePattern DISCARD = new Discard();

  /**
   * The {@code lift_literal} of the reference: a pattern matching exactly {@code v} (open
   * matching aside). Atoms become {@link Lit}; records, sequences and dictionaries become groups
   * of lifted parts.
   *
   * @param v a value (annotations ignored)
   * @return the pattern
   * @throws IllegalArgumentException if {@code v} is or contains a set (the reference panics here,
   *     §5.5; we report an error instead)
   */
  static DataspacePattern lift(Value v) {
    return switch (v) {
      case RecordValue r -> {
        TreeMap<Value, DataspacePattern> m = new TreeMap<>();
        for (int i = 0; i < r.arity(); i++) m.put(SignedInteger.of(i), lift(r.field(i)));
        yield new Group(GroupType.REC, r.label().strip(), m);
      }
      case Sequence s -> {
        TreeMap<Value, DataspacePattern> m = new TreeMap<>();
        for (int i = 0; i < s.size(); i++) m.put(SignedInteger.of(i), lift(s.get(i)));
        yield new Group(GroupType.ARR, null, m);
      }
      case Dictionary d -> {
        TreeMap<Value, DataspacePattern> m = new TreeMap<>();
        for (int i = 0; i < d.size(); i++) m.put(d.keys().get(i).strip(), lift(d.values().get(i)));
        yield new Group(GroupType.DICT, null, m);
      }
      case SetValue s ->
          throw new IllegalArgumentException("A set cannot be used as a pattern literal: " + s.strip());
      default -> new Lit(v.strip());
    };
  }

  /**
   * The {@code drop_literal} of the reference: the value this pattern matches exactly, if it is a
   * literal or a group of literals whose rec/arr indices are exactly 0..n-1.
   *
   * @return the value, or null when the pattern is not a constant
   */
  default Value asLiteral() {
    return switch (this) {
      case Lit l -> l.value();
      case Group g -> {
        List<Value> items = new ArrayList<>();
        if (g.type() == GroupType.DICT) {
          Dictionary.Builder b = Dictionary.builder();
          for (Map.Entry<Value, DataspacePattern> e : g.entries().entrySet()) {
            Value v = e.getValue().asLiteral();
            if (v == null) yield null;
            b.put(e.getKey(), v);
          }
          yield b.build();
        }
        long i = 0;
        for (Map.Entry<Value, DataspacePattern> e : g.entries().entrySet()) {
          if (!(e.getKey() instanceof SignedInteger k) || !k.fitsLong() || k.longValue() != i) yield null;
          Value v = e.getValue().asLiteral();
          if (v == null) yield null;
          items.add(v);
          i++;
        }
        yield g.type() == GroupType.REC ? RecordValue.of(g.label(), items) : Sequence.of(items);
      }
      default -> null;
    };
  }

  /**
   * @return the wire form in the shapes of {@code dataspacePatterns.prs}, e.g. {@code <group <rec
   *     foo> {0: <bind <_>>}>}
   */
  default Value toValue() {
    return switch (this) {
      case Discard d -> RecordValue.of("_");
      case Bind b -> RecordValue.of("bind", b.pattern().toValue());
      case Lit l -> RecordValue.of("lit", l.value());
      case Group g -> {
        Value type =
            switch (g.type()) {
              case REC -> RecordValue.of("rec", g.label());
              case ARR -> RecordValue.of("arr");
              case DICT -> RecordValue.of("dict");
            };
        Dictionary.Builder b = Dictionary.builder();
        g.entries().forEach((k, p) -> b.put(k, p.toValue()));
        yield RecordValue.of("group", type, b.build());
      }
    };
  }

  /**
   * The {@code embed_pattern} of the reference: this pattern in the <em>closed</em> caveat pattern
   * language of {@code sturdy.prs} (§4.2): {@code <_>}, {@code <bind P>}, {@code <lit V>}, {@code
   * <rec LABEL [P ...]>}, {@code <arr [P ...]>}, {@code <dict {K: P ...}>}. Record fields and
   * sequence elements become positional lists; indices a group does not list become discards.
   *
   * @return the caveat pattern value
   */
  default Value toCaveatPattern() {
    return switch (this) {
      case Discard d -> RecordValue.of("_");
      case Bind b -> RecordValue.of("bind", b.pattern().toCaveatPattern());
      case Lit l -> RecordValue.of("lit", l.value());
      case Group g -> {
        if (g.type() == GroupType.DICT) {
          Dictionary.Builder b = Dictionary.builder();
          g.entries().forEach((k, p) -> b.put(k, p.toCaveatPattern()));
          yield RecordValue.of("dict", b.build());
        }
        List<Value> items = new ArrayList<>();
        for (Map.Entry<Value, DataspacePattern> e : g.entries().entrySet()) {
          if (!(e.getKey() instanceof SignedInteger k) || !k.fitsInt() || k.intValue() < items.size()) {
            continue; // not a position: cannot come from a script pattern
          }
          while (items.size() < k.intValue()) items.add(RecordValue.of("_"));
          items.add(e.getValue().toCaveatPattern());
        }
        Sequence seq = Sequence.of(items);
        yield g.type() == GroupType.REC ? RecordValue.of("rec", g.label(), seq) : RecordValue.of("arr", seq);
      }
    };
  }

  /**
   * Matches {@code v} (open matching, §3.2).
   *
   * @param v the value
   * @return the captures in pre-order, or null when {@code v} does not match
   */
  default List<Value> match(Value v) {
    List<Value> captures = new ArrayList<>();
    return matchInto(v, captures) ? captures : null;
  }

  /** Matches {@code v}, appending captures; returns false on mismatch. */
  private boolean matchInto(Value v, List<Value> captures) {
    return switch (this) {
      case Discard d -> true;
      case Bind b -> {
        captures.add(v.strip());
        yield b.pattern().matchInto(v, captures);
      }
      case Lit l -> l.value().equals(v);
      case Group g -> {
        for (Map.Entry<Value, DataspacePattern> e : g.entries().entrySet()) {
          Value child = child(g, v, e.getKey());
          if (child == null || !e.getValue().matchInto(child, captures)) yield false;
        }
        yield switch (g.type()) {
          case REC -> v instanceof RecordValue r && r.label().equals(g.label());
          case ARR -> v instanceof Sequence;
          case DICT -> v instanceof Dictionary;
        };
      }
    };
  }

  private static Value child(Group g, Value v, Value key) {
    switch (g.type()) {
      case REC -> {
        if (!(v instanceof RecordValue r) || !r.label().equals(g.label())) return null;
        return index(key, r.arity()) < 0 ? null : r.field(index(key, r.arity()));
      }
      case ARR -> {
        if (!(v instanceof Sequence s)) return null;
        return index(key, s.size()) < 0 ? null : s.get(index(key, s.size()));
      }
      default -> {
        return v instanceof Dictionary d ? d.get(key) : null;
      }
    }
  }

  private static int index(Value key, int size) {
    if (key instanceof SignedInteger k && k.fitsInt() && k.intValue() >= 0 && k.intValue() < size) {
      return k.intValue();
    }
    return -1;
  }
}
