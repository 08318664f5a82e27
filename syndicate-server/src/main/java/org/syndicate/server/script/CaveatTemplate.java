package org.syndicate.server.script;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The TEMPLATE half of {@code <rewrite PAT TEMPLATE>} inside {@code <* $ref [...]>} (reference note
 * syndicate-server.md §5.6), compiled against PAT's binder names and instantiated into the
 * template language of {@code sturdy.prs} (§4.2): {@code <lit V>}, {@code <ref N>}, {@code
 * <attenuate T [CAVEAT ...]>}, {@code <rec LABEL [T ...]>}, {@code <arr [T ...]>}, {@code <dict {K:
 * T ...}>}.
 *
 * <p>A {@code $name} bound by PAT is {@code <ref i>} (i = the first binder with that name);
 * otherwise it is {@code <lit V>} with V from the environment. {@code <* $bound [...]>} is an
 * {@code attenuate} of that binding; {@code <* $other [...]>} the literal attenuated ref. Record
 * labels must be literals; dictionary keys are taken as written; sets and wildcards are errors when
 * instantiated.
 */
public sealed interface CaveatTemplate {
  /** {@code <ref index>}. */
  record Ref(int index) implements CaveatTemplate {}

  /** {@code <lit value>}. */
  record Lit(Value value) implements CaveatTemplate {}

  /** An unbound {@code $name}: {@code <lit VALUE-FROM-ENV>}. */
  record Variable(String name, Position position) implements CaveatTemplate {}

  /** {@code <* $bound [...]>}: {@code <attenuate <ref index> [...]>}. */
  record AttenuateRef(int index, List<AttenuationTemplate.Caveat> caveats) implements CaveatTemplate {
    /** Copies the list. */
    public AttenuateRef {
      caveats = List.copyOf(caveats);
    }
  }

  /** {@code <* $unbound [...]>}: the literal attenuated ref. */
  record AttenuateLiteral(AttenuationTemplate attenuation) implements CaveatTemplate {}

  /** {@code <rec LABEL [T ...]>}; the label must instantiate to {@code <lit L>}. */
  record Rec(CaveatTemplate label, List<CaveatTemplate> fields, Position position) implements CaveatTemplate {
    /** Copies the list. */
    public Rec {
      fields = List.copyOf(fields);
    }
  }

  /** {@code <arr [T ...]>}. */
  record Arr(List<CaveatTemplate> items) implements CaveatTemplate {
    /** Copies the list. */
    public Arr {
      items = List.copyOf(items);
    }
  }

  /** A dictionary entry (literal key). */
  record Entry(Value key, CaveatTemplate value) {}

  /** {@code <dict {K: T ...}>}. */
  record Dict(List<Entry> entries) implements CaveatTemplate {
    /** Copies the list. */
    public Dict {
      entries = List.copyOf(entries);
    }
  }

  /** A wildcard or a set: an error when instantiated. */
  record Invalid(String message, Position position) implements CaveatTemplate {}

  /**
   * @param token the template token as written
   * @param binders the rewrite pattern's binder names, in capture order
   * @param map token positions
   * @param fallback position when a token's own is unknown
   * @return the compiled template (never throws)
   */
  static CaveatTemplate compile(Value token, List<String> binders, SourceMap map, Position fallback) {
    Position here = map.at(token, fallback);
    return switch (token) {
      case Symbol s ->
          switch (Symbolic.analyze(s.name())) {
            case Symbolic.Binder b -> new Invalid("Invalid use of wildcard in template: " + token.strip(), here);
            case Symbolic.Discard d -> new Invalid("Invalid use of wildcard in template: " + token.strip(), here);
            case Symbolic.Reference r -> {
              int i = binders.indexOf(r.name());
              yield i >= 0 ? new Ref(i) : new Variable(r.name(), here);
            }
            case Symbolic.Literal l -> new Lit(Symbol.of(l.name()));
            case Symbolic.Bare b -> new Lit(Symbol.of(b.name()));
          };
      case RecordValue r -> {
        AttenuationTemplate.Parsed att = AttenuationTemplate.parse(r, map, here);
        if (att != null) {
          if (att.error() != null) yield new Invalid(att.error(), here);
          int i = binders.indexOf(att.template().baseName());
          yield i >= 0 ? new AttenuateRef(i, att.template().caveats()) : new AttenuateLiteral(att.template());
        }
        CaveatTemplate label = compile(r.label(), binders, map, here);
        List<CaveatTemplate> fields = new ArrayList<>();
        for (Value f : r.fields()) fields.add(compile(f, binders, map, here));
        yield new Rec(label, fields, here);
      }
      case Sequence s -> {
        List<CaveatTemplate> items = new ArrayList<>();
        for (Value v : s.items()) items.add(compile(v, binders, map, here));
        yield new Arr(items);
      }
      case SetValue s -> new Invalid("Sets not permitted in templates: " + s.strip(), here);
      case Dictionary d -> {
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
          entries.add(new Entry(d.keys().get(i).strip(), compile(d.values().get(i), binders, map, here)));
        }
        yield new Dict(entries);
      }
      default -> new Lit(token.strip());
    };
  }

  /**
   * @param env the environment
   * @return the template value in sturdy.prs shapes
   * @throws ScriptRuntimeException on an undefined variable, a wildcard, a set, a non-literal
   *     record label, or a failed nested attenuation
   */
  default Value instantiate(Env env) {
    return switch (this) {
      case Ref r -> RecordValue.of("ref", SignedInteger.of(r.index()));
      case Lit l -> RecordValue.of("lit", l.value());
      case Variable v -> RecordValue.of("lit", env.lookup(v.name(), "attenuation-template variable", v.position()));
      case AttenuateRef a ->
          RecordValue.of(
              "attenuate",
              RecordValue.of("ref", SignedInteger.of(a.index())),
              Sequence.of(AttenuationTemplate.instantiateCaveats(a.caveats(), env)));
      case AttenuateLiteral a -> RecordValue.of("lit", a.attenuation().evaluate(env));
      case Rec r -> {
        Value label = r.label().instantiate(env);
        if (!label.isRecord("lit", 1)) {
          throw new ScriptRuntimeException(r.position(), "Record template must have literal label");
        }
        List<Value> fields = new ArrayList<>();
        for (CaveatTemplate f : r.fields()) fields.add(f.instantiate(env));
        yield RecordValue.of("rec", ((RecordValue) label).field(0), Sequence.of(fields));
      }
      case Arr a -> {
        List<Value> items = new ArrayList<>();
        for (CaveatTemplate t : a.items()) items.add(t.instantiate(env));
        yield RecordValue.of("arr", Sequence.of(items));
      }
      case Dict d -> {
        Dictionary.Builder b = Dictionary.builder();
        for (Entry e : d.entries()) b.put(e.key(), e.value().instantiate(env));
        yield RecordValue.of("dict", b.build());
      }
      case Invalid i -> throw new ScriptRuntimeException(i.position(), i.message());
    };
  }
}
