package org.syndicate.sturdy;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Kind;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A pattern of the closed caveat pattern language ({@code sturdy.prs} definition {@code Pattern};
 * reference note syndicate-server.md §4.2 "Pattern language"). These patterns differ from
 * dataspace patterns: compounds match <em>exactly</em> the given arity (records, sequences), and
 * dictionaries match when the listed keys are present (extra keys allowed).
 *
 * <p>Wire forms, one record per variant:
 *
 * <pre>
 *   &lt;_&gt;                 {@link Discard}      anything
 *   Boolean Double SignedInteger String ByteString Symbol   {@link AtomKind}  (bare symbols)
 *   Embedded              {@link AnyEmbedded}  any embedded value
 *   &lt;bind P&gt;            {@link Bind}         capture (pre-order), then match P
 *   &lt;and [P …]&gt;         {@link And}          all must match
 *   &lt;not P&gt;             {@link Not}          P must not match
 *   &lt;lit V&gt;             {@link Lit}          equal to V (annotations ignored)
 *   &lt;rec L [P …]&gt;       {@link Rec}          record labelled L with exactly that many fields
 *   &lt;arr [P …]&gt;         {@link Arr}          sequence with exactly that many items
 *   &lt;dict {K: P …}&gt;     {@link Dict}         dictionary holding at least the keys K
 * </pre>
 *
 * <p>Bindings are captured in pre-order: a {@code <bind P>} pushes the whole value before P's own
 * bindings; {@code and}, {@code rec}, {@code arr} visit their parts left to right, {@code dict} in
 * ascending key order (Preserves total order), as syndicate-rs does.
 */
public sealed interface CaveatPattern {

  /**
   * Matches {@code v}, appending captured values to {@code bindings}.
   *
   * @param v the value under test
   * @param bindings receives the captures in pre-order; may hold partial captures after a
   *     failed match
   * @return true when {@code v} matches
   */
  boolean matches(Value v, List<Value> bindings);

  /** @return the number of values this pattern captures on a successful match. */
  int bindingCount();

  /** @return true when some {@code <bind …>} occurs anywhere inside this pattern, negated or not. */
  default boolean containsBind() {
    return switch (this) {
      case Bind b -> true;
      case Not n -> n.pattern().containsBind();
      case And a -> a.patterns().stream().anyMatch(CaveatPattern::containsBind);
      case Rec r -> r.fields().stream().anyMatch(CaveatPattern::containsBind);
      case Arr a -> a.items().stream().anyMatch(CaveatPattern::containsBind);
      case Dict d -> d.patterns().stream().anyMatch(CaveatPattern::containsBind);
      case Discard x -> false;
      case AtomKind x -> false;
      case AnyEmbedded x -> false;
      case Lit x -> false;
    };
  }

  /**
   * @return true when a {@code <bind …>} occurs inside a {@code <not …>} (syndicate-rs
   *     {@code CaveatError::BindingUnderNegation}; forbidden in a rewrite's pattern)
   */
  default boolean bindsUnderNegation() {
    return switch (this) {
      case Not n -> n.pattern().containsBind();
      case Bind b -> b.pattern().bindsUnderNegation();
      case And a -> a.patterns().stream().anyMatch(CaveatPattern::bindsUnderNegation);
      case Rec r -> r.fields().stream().anyMatch(CaveatPattern::bindsUnderNegation);
      case Arr a -> a.items().stream().anyMatch(CaveatPattern::bindsUnderNegation);
      case Dict d -> d.patterns().stream().anyMatch(CaveatPattern::bindsUnderNegation);
      case Discard x -> false;
      case AtomKind x -> false;
      case AnyEmbedded x -> false;
      case Lit x -> false;
    };
  }

  /** {@code <_>}: matches anything. */
  record Discard() implements CaveatPattern {
    @Override
    public boolean matches(Value v, List<Value> bindings) {
      return true;
    }

    @Override
    public int bindingCount() {
      return 0;
    }
  }

  /** A bare atom-kind symbol ({@code Boolean}, {@code Double}, …): a type test. */
  record AtomKind(Kind kind) implements CaveatPattern {
    /** @throws IllegalArgumentException unless {@code kind} is one of the six atomic kinds */
    public AtomKind {
      if (!kind.isAtom()) throw new IllegalArgumentException("not an atomic kind: " + kind);
    }

    @Override
    public boolean matches(Value v, List<Value> bindings) {
      return v.kind() == kind;
    }

    @Override
    public int bindingCount() {
      return 0;
    }
  }

  /** The bare symbol {@code Embedded}: matches any embedded value. */
  record AnyEmbedded() implements CaveatPattern {
    @Override
    public boolean matches(Value v, List<Value> bindings) {
      return v.kind() == Kind.EMBEDDED;
    }

    @Override
    public int bindingCount() {
      return 0;
    }
  }

  /** {@code <bind P>}: captures the value, then matches P against it. */
  record Bind(CaveatPattern pattern) implements CaveatPattern {
    @Override
    public boolean matches(Value v, List<Value> bindings) {
      bindings.add(v);
      return pattern.matches(v, bindings);
    }

    @Override
    public int bindingCount() {
      return 1 + pattern.bindingCount();
    }
  }

  /** {@code <and [P …]>}: every pattern matches (an empty list matches anything). */
  record And(List<CaveatPattern> patterns) implements CaveatPattern {
    /** Copies the list. */
    public And {
      patterns = List.copyOf(patterns);
    }

    @Override
    public boolean matches(Value v, List<Value> bindings) {
      for (CaveatPattern p : patterns) if (!p.matches(v, bindings)) return false;
      return true;
    }

    @Override
    public int bindingCount() {
      int n = 0;
      for (CaveatPattern p : patterns) n += p.bindingCount();
      return n;
    }
  }

  /** {@code <not P>}: P does not match. In a rewrite, P may hold no binding. */
  record Not(CaveatPattern pattern) implements CaveatPattern {
    @Override
    public boolean matches(Value v, List<Value> bindings) {
      int mark = bindings.size();
      boolean m = pattern.matches(v, bindings);
      // only reachable with binds inside a reject's pattern, where bindings are unused
      while (bindings.size() > mark) bindings.removeLast();
      return !m;
    }

    @Override
    public int bindingCount() {
      return 0;
    }

  }

  /** {@code <lit V>}: equality with V (annotations are ignored). */
  record Lit(Value value) implements CaveatPattern {
    @Override
    public boolean matches(Value v, List<Value> bindings) {
      return value.equals(v);
    }

    @Override
    public int bindingCount() {
      return 0;
    }
  }

  /** {@code <rec LABEL [P …]>}: a record with that label and exactly that many fields. */
  record Rec(Value label, List<CaveatPattern> fields) implements CaveatPattern {
    /** Copies the list. */
    public Rec {
      fields = List.copyOf(fields);
    }

    @Override
    public boolean matches(Value v, List<Value> bindings) {
      if (!(v instanceof RecordValue r) || r.arity() != fields.size() || !label.equals(r.label())) {
        return false;
      }
      for (int i = 0; i < fields.size(); i++) if (!fields.get(i).matches(r.field(i), bindings)) return false;
      return true;
    }

    @Override
    public int bindingCount() {
      int n = 0;
      for (CaveatPattern p : fields) n += p.bindingCount();
      return n;
    }

  }

  /** {@code <arr [P …]>}: a sequence with exactly that many items. */
  record Arr(List<CaveatPattern> items) implements CaveatPattern {
    /** Copies the list. */
    public Arr {
      items = List.copyOf(items);
    }

    @Override
    public boolean matches(Value v, List<Value> bindings) {
      if (!(v instanceof Sequence s) || s.size() != items.size()) return false;
      for (int i = 0; i < items.size(); i++) if (!items.get(i).matches(s.get(i), bindings)) return false;
      return true;
    }

    @Override
    public int bindingCount() {
      int n = 0;
      for (CaveatPattern p : items) n += p.bindingCount();
      return n;
    }

  }

  /**
   * {@code <dict {K: P …}>}: a dictionary holding every key K, whose value matches P. Extra keys
   * are allowed. {@code keys} are in ascending Preserves order, {@code patterns} parallel to them.
   */
  record Dict(List<Value> keys, List<CaveatPattern> patterns) implements CaveatPattern {
    /** Copies the lists; they must have the same size. */
    public Dict {
      keys = List.copyOf(keys);
      patterns = List.copyOf(patterns);
      if (keys.size() != patterns.size()) throw new IllegalArgumentException("keys and patterns differ in size");
    }

    @Override
    public boolean matches(Value v, List<Value> bindings) {
      if (!(v instanceof Dictionary d)) return false;
      for (int i = 0; i < keys.size(); i++) {
        Value item = d.get(keys.get(i));
        if (item == null || !patterns.get(i).matches(item, bindings)) return false;
      }
      return true;
    }

    @Override
    public int bindingCount() {
      int n = 0;
      for (CaveatPattern p : patterns) n += p.bindingCount();
      return n;
    }

  }

  /**
   * Reads a pattern from its Preserves form, exactly as the schema requires (records of the
   * stated arity, sequences and dictionaries where the schema has them).
   *
   * @param v the pattern's value (annotations are looked through)
   * @param depth how many more levels of nesting are allowed
   * @return the pattern, or null when {@code v} is not a Pattern per {@code sturdy.prs}
   * @throws CaveatException ({@link CaveatException.Problem#TOO_DEEP}) when nested deeper than
   *     allowed
   */
  static CaveatPattern parse(Value v, int depth) {
    if (depth <= 0) throw Attenuation.tooDeep();
    switch (v) {
      case Symbol s -> {
        return switch (s.name()) {
          case "Boolean" -> new AtomKind(Kind.BOOLEAN);
          case "Double" -> new AtomKind(Kind.DOUBLE);
          case "SignedInteger" -> new AtomKind(Kind.SIGNED_INTEGER);
          case "String" -> new AtomKind(Kind.STRING);
          case "ByteString" -> new AtomKind(Kind.BYTE_STRING);
          case "Symbol" -> new AtomKind(Kind.SYMBOL);
          case "Embedded" -> new AnyEmbedded();
          default -> null;
        };
      }
      case RecordValue r when r.label() instanceof Symbol label -> {
        int n = r.arity();
        switch (label.name()) {
          case "_" -> {
            return n == 0 ? new Discard() : null;
          }
          case "bind" -> {
            if (n != 1) return null;
            CaveatPattern p = parse(r.field(0), depth - 1);
            return p == null ? null : new Bind(p);
          }
          case "and" -> {
            if (n != 1) return null;
            List<CaveatPattern> ps = parseList(r.field(0), depth - 1);
            return ps == null ? null : new And(ps);
          }
          case "not" -> {
            if (n != 1) return null;
            CaveatPattern p = parse(r.field(0), depth - 1);
            return p == null ? null : new Not(p);
          }
          case "lit" -> {
            return n == 1 ? new Lit(r.field(0)) : null;
          }
          case "rec" -> {
            if (n != 2) return null;
            List<CaveatPattern> ps = parseList(r.field(1), depth - 1);
            return ps == null ? null : new Rec(r.field(0), ps);
          }
          case "arr" -> {
            if (n != 1) return null;
            List<CaveatPattern> ps = parseList(r.field(0), depth - 1);
            return ps == null ? null : new Arr(ps);
          }
          case "dict" -> {
            if (n != 1 || !(r.field(0) instanceof Dictionary d)) return null;
            List<CaveatPattern> ps = new ArrayList<>(d.size());
            for (Value item : d.values()) {
              CaveatPattern p = parse(item, depth - 1);
              if (p == null) return null;
              ps.add(p);
            }
            return new Dict(d.keys(), ps);
          }
          default -> {
            return null;
          }
        }
      }
      default -> {
        return null;
      }
    }
  }

  private static List<CaveatPattern> parseList(Value v, int depth) {
    if (!(v instanceof Sequence s)) return null;
    List<CaveatPattern> out = new ArrayList<>(s.size());
    for (Value item : s.items()) {
      CaveatPattern p = parse(item, depth);
      if (p == null) return null;
      out.add(p);
    }
    return out;
  }
}
