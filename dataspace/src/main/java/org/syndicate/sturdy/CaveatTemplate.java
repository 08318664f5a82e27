package org.syndicate.sturdy;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A template of the caveat language ({@code sturdy.prs} definition {@code Template}; reference
 * note syndicate-server.md §4.2 "Template language"): builds the rewritten value from the
 * bindings a {@link CaveatPattern} captured.
 *
 * <pre>
 *   &lt;lit V&gt;                   {@link Lit}        the value V
 *   &lt;ref N&gt;                   {@link Ref}        the N-th binding, 0-based
 *   &lt;attenuate T [CAVEAT …]&gt;  {@link Attenuate}  T's embedded ref, further attenuated
 *   &lt;rec L [T …]&gt; &lt;arr [T …]&gt; &lt;dict {K: T …}&gt;  {@link Rec} {@link Arr} {@link Dict}
 * </pre>
 */
public sealed interface CaveatTemplate {

  /**
   * @param bindings the captures of the pattern that matched; every {@link Ref} in this template
   *     is below their count (checked when the caveat was attached)
   * @return the built value, or null when the value must be rejected (an {@code attenuate}
   *     template whose inner template did not give an attenuable embedded ref)
   */
  Value instantiate(List<Value> bindings);

  /** {@code <lit V>}: the value V, as given. */
  record Lit(Value value) implements CaveatTemplate {
    @Override
    public Value instantiate(List<Value> bindings) {
      return value;
    }
  }

  /**
   * {@code <ref N>}: the N-th binding. {@code binding} is the integer as written (it may be
   * negative or huge; such a template is refused by {@link Caveat#check}).
   */
  record Ref(SignedInteger binding) implements CaveatTemplate {
    @Override
    public Value instantiate(List<Value> bindings) {
      return bindings.get(binding.intValue());
    }
  }

  /**
   * {@code <attenuate T [CAVEAT …]>}: T must give an embedded value whose payload is {@link
   * Attenuable}; the result embeds {@code payload.attenuate(attenuation)}. Otherwise the value is
   * rejected.
   */
  record Attenuate(CaveatTemplate template, List<Caveat> caveats) implements CaveatTemplate {
    /** Copies the list. */
    public Attenuate {
      caveats = List.copyOf(caveats);
    }

    @Override
    public Value instantiate(List<Value> bindings) {
      Value v = template.instantiate(bindings);
      if (v instanceof Embedded e && e.payload() instanceof Attenuable a) {
        return Embedded.of(a.attenuate(new Attenuation(caveats)));
      }
      return null;
    }
  }

  /** {@code <rec LABEL [T …]>}: builds a record. */
  record Rec(Value label, List<CaveatTemplate> fields) implements CaveatTemplate {
    /** Copies the list. */
    public Rec {
      fields = List.copyOf(fields);
    }

    @Override
    public Value instantiate(List<Value> bindings) {
      List<Value> out = instantiateAll(fields, bindings);
      return out == null ? null : RecordValue.of(label, out);
    }
  }

  /** {@code <arr [T …]>}: builds a sequence. */
  record Arr(List<CaveatTemplate> items) implements CaveatTemplate {
    /** Copies the list. */
    public Arr {
      items = List.copyOf(items);
    }

    @Override
    public Value instantiate(List<Value> bindings) {
      List<Value> out = instantiateAll(items, bindings);
      return out == null ? null : Sequence.of(out);
    }
  }

  /** {@code <dict {K: T …}>}: builds a dictionary; {@code keys} and {@code templates} are parallel. */
  record Dict(List<Value> keys, List<CaveatTemplate> templates) implements CaveatTemplate {
    /** Copies the lists; they must have the same size. */
    public Dict {
      keys = List.copyOf(keys);
      templates = List.copyOf(templates);
      if (keys.size() != templates.size()) throw new IllegalArgumentException("keys and templates differ in size");
    }

    @Override
    public Value instantiate(List<Value> bindings) {
      List<Value> vs = instantiateAll(templates, bindings);
      if (vs == null) return null;
      Dictionary.Builder b = Dictionary.builder();
      for (int i = 0; i < keys.size(); i++) b.put(keys.get(i), vs.get(i));
      return b.build();
    }
  }

  /**
   * @return one more than the highest binding index this template uses (0 when it uses none),
   *     looking into nested {@code attenuate} templates too; {@link Long#MAX_VALUE} when an index
   *     is negative or does not fit an int, so that the caller reports it as unbound
   */
  default long impliedBindingCount() {
    return switch (this) {
      case Lit x -> 0;
      case Ref r -> r.binding().signum() >= 0 && r.binding().fitsInt() ? r.binding().intValue() + 1L : Long.MAX_VALUE;
      case Attenuate a -> a.template().impliedBindingCount();
      case Rec r -> maxImplied(r.fields());
      case Arr a -> maxImplied(a.items());
      case Dict d -> maxImplied(d.templates());
    };
  }

  /** Checks the caveats of every nested {@code attenuate}; {@code path} prefixes error messages. */
  default void checkNestedCaveats(String path) {
    switch (this) {
      case Lit x -> {}
      case Ref x -> {}
      case Attenuate a -> {
        a.template().checkNestedCaveats(path);
        for (int i = 0; i < a.caveats().size(); i++) a.caveats().get(i).check(path + ": attenuate caveat " + i);
      }
      case Rec r -> r.fields().forEach(t -> t.checkNestedCaveats(path));
      case Arr a -> a.items().forEach(t -> t.checkNestedCaveats(path));
      case Dict d -> d.templates().forEach(t -> t.checkNestedCaveats(path));
    }
  }

  private static long maxImplied(List<CaveatTemplate> ts) {
    long max = 0;
    for (CaveatTemplate t : ts) max = Math.max(max, t.impliedBindingCount());
    return max;
  }

  private static List<Value> instantiateAll(List<CaveatTemplate> ts, List<Value> bindings) {
    List<Value> out = new ArrayList<>(ts.size());
    for (CaveatTemplate t : ts) {
      Value v = t.instantiate(bindings);
      if (v == null) return null;
      out.add(v);
    }
    return out;
  }

  /**
   * Reads a template from its Preserves form, exactly as the schema requires.
   *
   * @param v the template's value
   * @param depth how many more levels of nesting are allowed
   * @return the template, or null when {@code v} is not a Template per {@code sturdy.prs}
   * @throws CaveatException ({@link CaveatException.Problem#TOO_DEEP}) when nested deeper than
   *     allowed
   */
  static CaveatTemplate parse(Value v, int depth) {
    if (depth <= 0) throw Attenuation.tooDeep();
    if (!(v instanceof RecordValue r) || !(r.label() instanceof Symbol label)) return null;
    int n = r.arity();
    return switch (label.name()) {
      case "lit" -> n == 1 ? new Lit(r.field(0)) : null;
      case "ref" -> n == 1 && r.field(0) instanceof SignedInteger i ? new Ref(i) : null;
      case "attenuate" -> {
        if (n != 2 || !(r.field(1) instanceof Sequence cs)) yield null;
        CaveatTemplate t = parse(r.field(0), depth - 1);
        if (t == null) yield null;
        List<Caveat> caveats = new ArrayList<>(cs.size());
        for (Value c : cs.items()) caveats.add(Caveat.parse(c, depth - 1));
        yield new Attenuate(t, caveats);
      }
      case "rec" -> {
        if (n != 2) yield null;
        List<CaveatTemplate> ts = parseList(r.field(1), depth - 1);
        yield ts == null ? null : new Rec(r.field(0), ts);
      }
      case "arr" -> {
        if (n != 1) yield null;
        List<CaveatTemplate> ts = parseList(r.field(0), depth - 1);
        yield ts == null ? null : new Arr(ts);
      }
      case "dict" -> {
        if (n != 1 || !(r.field(0) instanceof Dictionary d)) yield null;
        List<CaveatTemplate> ts = new ArrayList<>(d.size());
        for (Value item : d.values()) {
          CaveatTemplate t = parse(item, depth - 1);
          if (t == null) yield null;
          ts.add(t);
        }
        yield new Dict(d.keys(), ts);
      }
      default -> null;
    };
  }

  private static List<CaveatTemplate> parseList(Value v, int depth) {
    if (!(v instanceof Sequence s)) return null;
    List<CaveatTemplate> out = new ArrayList<>(s.size());
    for (Value item : s.items()) {
      CaveatTemplate t = parse(item, depth);
      if (t == null) return null;
      out.add(t);
    }
    return out;
  }
}
