package org.syndicate.dataspace;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/**
 * A dataspace pattern (dataspacePatterns.prs, the post-April-2024 forms; reference note §3.2):
 *
 * <pre>
 * Pattern = &lt;_&gt; / &lt;bind Pattern&gt; / &lt;lit AnyAtom&gt; / &lt;group GroupType {any: Pattern ...:...}&gt;
 * </pre>
 *
 * <p>Matching (the reference semantics; the index in {@link SkeletonIndex} gives the same results): {@code
 * <_>} matches anything; {@code <bind P>} matches what P matches and captures the value; {@code
 * <lit A>} matches values equal to the atom A; a group matches a compound of its {@link GroupType}
 * in which every listed key (field index, element index or dictionary key) exists and matches its
 * sub-pattern. Positions a group does not list are ignored (records with more fields match).
 * Captures come in pre-order: a bind before the binds inside it; group entries in ascending
 * Preserves order of their keys.
 *
 * <p>This is the compiled form used by the dataspace; {@link #parse} reads the wire form and
 * {@link #toValue} writes it. {@link Patterns} builds patterns in Java.
 */
public sealed interface Pattern {
  /** Default limit on pattern nesting accepted by {@link #parse(Value)}. */
  int DEFAULT_MAX_DEPTH = 256;

  /** @return the wire form of this pattern. */
  Value toValue();

  /** {@code <_>}: matches anything. */
  record Discard() implements Pattern {
    /** The one instance. */
    public static final Discard INSTANCE = new Discard();

    @Override
    public Value toValue() {
      return RecordValue.of("_");
    }
  }

  /**
   * {@code <bind P>}: captures the value at this position, and matches it against {@code
   * pattern}.
   *
   * @param pattern the sub-pattern
   */
  record Bind(Pattern pattern) implements Pattern {
    @Override
    public Value toValue() {
      return RecordValue.of("bind", pattern.toValue());
    }
  }

  /**
   * {@code <lit A>}: matches a value equal to the atom (or embedded value) {@code value}.
   *
   * @param value an atom or an {@link Embedded}; never a compound
   */
  record Lit(Value value) implements Pattern {
    /** @throws IllegalArgumentException if {@code value} is a compound */
    public Lit {
      if (value.kind().isCompound()) {
        throw new IllegalArgumentException("lit needs an atom or embedded value, not a " + value.kind());
      }
    }

    @Override
    public Value toValue() {
      return RecordValue.of("lit", value);
    }
  }

  /**
   * {@code <group TYPE {KEY: P ...}>}.
   *
   * @param type what kind of compound to match
   * @param entries sub-patterns by key, sorted by the Preserves order of the keys (unmodifiable)
   */
  record Group(GroupType type, SortedMap<Value, Pattern> entries) implements Pattern {
    /** Copies {@code entries} into an unmodifiable map sorted by Preserves order. */
    public Group {
      entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    @Override
    public Value toValue() {
      Dictionary.Builder b = Dictionary.builder();
      entries.forEach((k, p) -> b.put(k, p.toValue()));
      return RecordValue.of("group", type.toValue(), b.build());
    }
  }

  // ------------------------------------------------------------------ parsing

  /**
   * Reads the wire form, with nesting limited to {@link #DEFAULT_MAX_DEPTH}.
   *
   * @param v a pattern value
   * @return the pattern
   * @throws PatternException naming the position of the first problem
   */
  static Pattern parse(Value v) {
    return parse(v, DEFAULT_MAX_DEPTH);
  }

  /**
   * Reads the wire form. Like the reference's schema parser, records with more fields than the
   * form needs are accepted and the extra fields ignored (reference note §12 B22).
   *
   * @param v a pattern value
   * @param maxDepth the deepest nesting accepted (1 = a single leaf pattern)
   * @return the pattern
   * @throws PatternException naming the position of the first problem (including too deep)
   */
  static Pattern parse(Value v, int maxDepth) {
    return PatternParsing.parse(v, "", maxDepth);
  }

  /**
   * Steps into a compound by one group key.
   *
   * @param v a value
   * @param key a field or element index (an integer) for records and sequences, any key for
   *     dictionaries
   * @return the value at {@code key}, or null if there is none (or {@code v} is not a record,
   *     sequence or dictionary)
   */
  static Value step(Value v, Value key) {
    return switch (v) {
      case RecordValue r -> {
        int i = index(key, r.arity());
        yield i >= 0 ? r.field(i) : null;
      }
      case Sequence s -> {
        int i = index(key, s.size());
        yield i >= 0 ? s.get(i) : null;
      }
      case Dictionary d -> d.get(key);
      default -> null;
    };
  }

  private static int index(Value key, int size) {
    if (key instanceof org.syndicate.preserves.SignedInteger i && i.fitsInt()) {
      int n = i.intValue();
      return n >= 0 && n < size ? n : -1;
    }
    return -1;
  }

  /**
   * @param type a group type
   * @param v a value
   * @return true when {@code v} is a compound of that type
   */
  static boolean hasType(GroupType type, Value v) {
    return switch (type) {
      case GroupType.Rec r -> v instanceof RecordValue rv && rv.label().equals(r.label());
      case GroupType.Arr a -> v instanceof Sequence;
      case GroupType.Dict d -> v instanceof Dictionary;
    };
  }
}
