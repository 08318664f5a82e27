package org.syndicate.server.script;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A compiled script pattern (reference note syndicate-server.md §5.5, "Patterns"), instantiated
 * against the environment into a {@link DataspacePattern} (open matching).
 *
 * <ul>
 *   <li>{@code _} is a discard; {@code ?x} is {@code <bind <_>>} with binder x;
 *   <li>{@code $x} is the variable's value as a literal (compound values lifted to groups);
 *   <li>{@code =x} and bare symbols are literal symbols; other atoms are literals;
 *   <li>{@code <?x P>} (a binder label and exactly one field) is {@code <bind P>};
 *   <li>{@code <* $ref [caveats]>} is the literal attenuated ref;
 *   <li>other records are {@code group rec}, whose label must instantiate to a literal;
 *   <li>sequences are {@code group arr}; dictionaries are {@code group dict} with their keys taken
 *       literally (not instantiated); sets are an error.
 * </ul>
 *
 * <p><b>Binder order</b> is the capture order: pre-order, so in {@code <?x P>} the name x comes
 * before the binders of P. This fixes the reference's bug B7 (it records P's binders first, so names
 * and captured values get mismatched when P has binders).
 *
 * <p>As in the reference, errors inside a pattern (undefined variables, non-literal record labels,
 * sets, malformed attenuations) are run-time errors, raised by {@link #instantiate}.
 */
public sealed interface PatternTemplate {
  /** {@code _}. */
  record Discard() implements PatternTemplate {}

  /** {@code ?name} ({@code pattern} is a discard) or {@code <?name pattern>}. */
  record Bind(String name, PatternTemplate pattern) implements PatternTemplate {}

  /** An atom or a literal symbol. */
  record Literal(Value value) implements PatternTemplate {}

  /** {@code $name}: the variable's value, lifted. */
  record Variable(String name, Position position) implements PatternTemplate {}

  /** {@code <* $ref [caveats]>}: the attenuated ref as a literal. */
  record Attenuate(AttenuationTemplate attenuation) implements PatternTemplate {}

  /** A record pattern. The label must instantiate to a literal. */
  record Rec(PatternTemplate label, List<PatternTemplate> fields, Position position)
      implements PatternTemplate {
    /** Copies the list. */
    public Rec {
      fields = List.copyOf(fields);
    }
  }

  /** A sequence pattern. */
  record Arr(List<PatternTemplate> items) implements PatternTemplate {
    /** Copies the list. */
    public Arr {
      items = List.copyOf(items);
    }
  }

  /** A dictionary pattern: literal keys (sorted) to sub-patterns. */
  record Dict(SortedMap<Value, PatternTemplate> entries) implements PatternTemplate {
    /** Copies the map. */
    public Dict {
      entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }
  }

  /** Something that cannot be a pattern (a set, a malformed attenuation): an error when used. */
  record Invalid(String message, Position position) implements PatternTemplate {}

  /**
   * Compiles a pattern token.
   *
   * @param token the value as read from the file
   * @param map token positions
   * @param fallback position when a token's own is unknown
   * @return the pattern template (never throws on any value)
   */
  static PatternTemplate compile(Value token, SourceMap map, Position fallback) {
    Position here = map.at(token, fallback);
    return switch (token) {
      case Symbol s ->
          switch (Symbolic.analyze(s.name())) {
            case Symbolic.Discard d -> new Discard();
            case Symbolic.Binder b -> new Bind(b.name(), new Discard());
            case Symbolic.Reference r -> new Variable(r.name(), here);
            case Symbolic.Literal l -> new Literal(Symbol.of(l.name()));
            case Symbolic.Bare b -> new Literal(Symbol.of(b.name()));
          };
      case RecordValue r -> {
        AttenuationTemplate.Parsed att = AttenuationTemplate.parse(r, map, here);
        if (att != null) {
          yield att.error() != null ? new Invalid(att.error(), here) : new Attenuate(att.template());
        }
        if (r.arity() == 1 && Symbolic.analyze(r.label()) instanceof Symbolic.Binder b) {
          yield new Bind(b.name(), compile(r.field(0), map, here));
        }
        PatternTemplate label = compile(r.label(), map, here);
        List<PatternTemplate> fields = new ArrayList<>(r.arity());
        for (Value f : r.fields()) fields.add(compile(f, map, here));
        yield new Rec(label, fields, here);
      }
      case Sequence s -> {
        List<PatternTemplate> items = new ArrayList<>(s.size());
        for (Value v : s.items()) items.add(compile(v, map, here));
        yield new Arr(items);
      }
      case SetValue s -> new Invalid("Sets not permitted in patterns: " + s.strip(), here);
      case Dictionary d -> {
        TreeMap<Value, PatternTemplate> m = new TreeMap<>();
        for (int i = 0; i < d.size(); i++) m.put(d.keys().get(i).strip(), compile(d.values().get(i), map, here));
        yield new Dict(m);
      }
      default -> new Literal(token.strip());
    };
  }

  /**
   * @return the binder names of this pattern in capture order (pre-order; dictionary entries in
   *     key order). Names may repeat; the later capture then wins when bound.
   */
  default List<String> binders() {
    List<String> out = new ArrayList<>();
    collectBinders(out);
    return out;
  }

  private void collectBinders(List<String> out) {
    switch (this) {
      case Bind b -> {
        out.add(b.name());
        b.pattern().collectBinders(out);
      }
      case Rec r -> {
        r.label().collectBinders(out);
        for (PatternTemplate f : r.fields()) f.collectBinders(out);
      }
      case Arr a -> {
        for (PatternTemplate p : a.items()) p.collectBinders(out);
      }
      case Dict d -> {
        for (PatternTemplate p : d.entries().values()) p.collectBinders(out);
      }
      default -> {}
    }
  }

  /**
   * Instantiates this pattern in {@code env}.
   *
   * @param env the environment ({@code $x} values, the attenuator)
   * @return the dataspace pattern
   * @throws ScriptRuntimeException on an undefined variable, a non-literal record label, a set, a
   *     value containing a set used as a literal, or a failed attenuation
   */
  default DataspacePattern instantiate(Env env) {
    return switch (this) {
      case Discard d -> DataspacePattern.DISCARD;
      case Bind b -> new DataspacePattern.Bind(b.pattern().instantiate(env));
      case Literal l -> DataspacePattern.lift(l.value());
      case Variable v -> lift(env.lookup(v.name(), "pattern-template variable", v.position()), v.position());
      case Attenuate a -> lift(a.attenuation().evaluate(env), a.attenuation().position());
      case Rec r -> {
        DataspacePattern label = r.label().instantiate(env);
        TreeMap<Value, DataspacePattern> m = new TreeMap<>();
        for (int i = 0; i < r.fields().size(); i++) m.put(SignedInteger.of(i), r.fields().get(i).instantiate(env));
        Value literalLabel = label.asLiteral();
        if (literalLabel == null) {
          throw new ScriptRuntimeException(r.position(), "Record pattern must have literal label");
        }
        yield new DataspacePattern.Group(DataspacePattern.GroupType.REC, literalLabel, m);
      }
      case Arr a -> {
        TreeMap<Value, DataspacePattern> m = new TreeMap<>();
        for (int i = 0; i < a.items().size(); i++) m.put(SignedInteger.of(i), a.items().get(i).instantiate(env));
        yield new DataspacePattern.Group(DataspacePattern.GroupType.ARR, null, m);
      }
      case Dict d -> {
        TreeMap<Value, DataspacePattern> m = new TreeMap<>();
        for (Map.Entry<Value, PatternTemplate> e : d.entries().entrySet()) m.put(e.getKey(), e.getValue().instantiate(env));
        yield new DataspacePattern.Group(DataspacePattern.GroupType.DICT, null, m);
      }
      case Invalid i -> throw new ScriptRuntimeException(i.position(), i.message());
    };
  }

  private static DataspacePattern lift(Value v, Position where) {
    try {
      return DataspacePattern.lift(v);
    } catch (IllegalArgumentException e) {
      throw new ScriptRuntimeException(where, e.getMessage());
    }
  }

  /** @return a value that reads back (as a pattern) to this one, e.g. {@code <foo ?x $y =_>}. */
  default Value describe() {
    return switch (this) {
      case Discard d -> Symbol.of("_");
      case Bind b ->
          b.pattern() instanceof Discard
              ? Symbol.of("?" + b.name())
              : RecordValue.of(Symbol.of("?" + b.name()), b.pattern().describe());
      case Literal l -> Template.describeLiteral(l.value());
      case Variable v -> Symbol.of("$" + v.name());
      case Attenuate a -> a.attenuation().describe();
      case Rec r -> RecordValue.of(r.label().describe(), r.fields().stream().map(PatternTemplate::describe).toList());
      case Arr a -> Sequence.of(a.items().stream().map(PatternTemplate::describe).toList());
      case Dict d -> {
        Dictionary.Builder b = Dictionary.builder();
        d.entries().forEach((k, p) -> b.put(k, p.describe())); // keys are literal as written
        yield b.build();
      }
      case Invalid i -> RecordValue.of("invalid", StringValue.of(i.message()));
    };
  }
}
