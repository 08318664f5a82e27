package org.syndicate.server.script;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A compiled value template (reference note syndicate-server.md §5.5, "Templates"): what {@code
 * +=}, {@code !}, record/dictionary assertions and {@code let} right-hand sides instantiate against
 * the environment.
 *
 * <ul>
 *   <li>{@code $x} is the variable's value, {@code $.} the environment as a dictionary;
 *   <li>{@code ?x} and {@code _} are errors when instantiated ("Invalid use of wildcard in
 *       template");
 *   <li>{@code =x} and bare symbols are symbols; other atoms are themselves;
 *   <li>records (label included), sequences, sets and dictionaries (keys included) are
 *       instantiated recursively;
 *   <li>{@code <* $ref [caveats]>} is the attenuated ref (§5.6).
 * </ul>
 *
 * <p>Like the reference, problems inside a template are <em>run-time</em> errors: they are found
 * when the template is instantiated, and stop only the facet that instantiates it. Constant
 * subtrees are folded into one {@link Literal} at compile time. Annotations are dropped.
 */
public sealed interface Template {
  /** A constant value (annotations stripped). */
  record Literal(Value value) implements Template {}

  /** {@code $name}; {@code $.} is the whole environment. */
  record Variable(String name, Position position) implements Template {}

  /** {@code ?x} or {@code _} in a template: an error when instantiated. */
  record Wildcard(Value token, Position position) implements Template {}

  /** A record whose label or fields need instantiating. */
  record Rec(Template label, List<Template> fields) implements Template {
    /** Copies the list. */
    public Rec {
      fields = List.copyOf(fields);
    }
  }

  /** A sequence with something to instantiate. */
  record Seq(List<Template> items) implements Template {
    /** Copies the list. */
    public Seq {
      items = List.copyOf(items);
    }
  }

  /** A set with something to instantiate (equal results collapse). */
  record SetOf(List<Template> items) implements Template {
    /** Copies the list. */
    public SetOf {
      items = List.copyOf(items);
    }
  }

  /** A dictionary entry template. */
  record Entry(Template key, Template value) {}

  /** A dictionary with something to instantiate (for equal keys the last entry wins). */
  record Dict(List<Entry> entries) implements Template {
    /** Copies the list. */
    public Dict {
      entries = List.copyOf(entries);
    }
  }

  /** {@code <* $ref [caveats]>}: the attenuated ref. */
  record Attenuate(AttenuationTemplate attenuation) implements Template {}

  /** A malformed {@code <* ...>} record: an error when instantiated. */
  record Invalid(String message, Position position) implements Template {}

  /**
   * Compiles a template token.
   *
   * @param token the value as read from the file
   * @param map token positions
   * @param fallback position when a token's own is unknown
   * @return the template (never throws on any value)
   */
  static Template compile(Value token, SourceMap map, Position fallback) {
    Position here = map.at(token, fallback);
    return switch (token) {
      case Symbol s ->
          switch (Symbolic.analyze(s.name())) {
            case Symbolic.Binder b -> new Wildcard(token.strip(), here);
            case Symbolic.Discard d -> new Wildcard(token.strip(), here);
            case Symbolic.Reference r -> new Variable(r.name(), here);
            case Symbolic.Literal l -> new Literal(Symbol.of(l.name()));
            case Symbolic.Bare b -> new Literal(Symbol.of(b.name()));
          };
      case RecordValue r -> {
        AttenuationTemplate.Parsed att = AttenuationTemplate.parse(r, map, here);
        if (att != null) {
          yield att.error() != null ? new Invalid(att.error(), here) : new Attenuate(att.template());
        }
        Template label = compile(r.label(), map, here);
        List<Template> fields = new ArrayList<>(r.arity());
        for (Value f : r.fields()) fields.add(compile(f, map, here));
        if (label instanceof Literal l && allLiteral(fields)) {
          yield new Literal(RecordValue.of(l.value(), literals(fields)));
        }
        yield new Rec(label, fields);
      }
      case Sequence s -> {
        List<Template> items = new ArrayList<>(s.size());
        for (Value v : s.items()) items.add(compile(v, map, here));
        yield allLiteral(items) ? new Literal(Sequence.of(literals(items))) : new Seq(items);
      }
      case SetValue s -> {
        List<Template> items = new ArrayList<>(s.size());
        for (Value v : s.elements()) items.add(compile(v, map, here));
        yield allLiteral(items) ? new Literal(SetValue.of(literals(items))) : new SetOf(items);
      }
      case Dictionary d -> {
        List<Entry> entries = new ArrayList<>(d.size());
        boolean constant = true;
        for (int i = 0; i < d.size(); i++) {
          Entry e = new Entry(compile(d.keys().get(i), map, here), compile(d.values().get(i), map, here));
          constant &= e.key() instanceof Literal && e.value() instanceof Literal;
          entries.add(e);
        }
        if (constant) {
          Dictionary.Builder b = Dictionary.builder();
          for (Entry e : entries) b.put(((Literal) e.key()).value(), ((Literal) e.value()).value());
          yield new Literal(b.build());
        }
        yield new Dict(entries);
      }
      default -> new Literal(token.strip());
    };
  }

  private static boolean allLiteral(List<Template> ts) {
    for (Template t : ts) if (!(t instanceof Literal)) return false;
    return true;
  }

  private static List<Value> literals(List<Template> ts) {
    List<Value> out = new ArrayList<>(ts.size());
    for (Template t : ts) out.add(((Literal) t).value());
    return out;
  }

  /**
   * Instantiates this template.
   *
   * @param env the environment
   * @return the value (no annotations)
   * @throws ScriptRuntimeException on an undefined variable, a wildcard, or a failed attenuation
   */
  default Value instantiate(Env env) {
    return switch (this) {
      case Literal l -> l.value();
      case Variable v -> env.lookup(v.name(), "template variable", v.position());
      case Wildcard w ->
          throw new ScriptRuntimeException(w.position(), "Invalid use of wildcard in template: " + w.token());
      case Rec r -> {
        Value label = r.label().instantiate(env);
        List<Value> fields = new ArrayList<>(r.fields().size());
        for (Template f : r.fields()) fields.add(f.instantiate(env));
        yield RecordValue.of(label, fields);
      }
      case Seq s -> {
        List<Value> items = new ArrayList<>(s.items().size());
        for (Template t : s.items()) items.add(t.instantiate(env));
        yield Sequence.of(items);
      }
      case SetOf s -> {
        List<Value> items = new ArrayList<>(s.items().size());
        for (Template t : s.items()) items.add(t.instantiate(env));
        yield SetValue.of(items);
      }
      case Dict d -> {
        Dictionary.Builder b = Dictionary.builder();
        for (Entry e : d.entries()) b.put(e.key().instantiate(env), e.value().instantiate(env));
        yield b.build();
      }
      case Attenuate a -> a.attenuation().evaluate(env);
      case Invalid i -> throw new ScriptRuntimeException(i.position(), i.message());
    };
  }

  /**
   * @return a value that reads back (as a template) to this one: the inspection form used by
   *     tests and logs, e.g. {@code <foo $x =?y>}
   */
  default Value describe() {
    return switch (this) {
      case Literal l -> describeLiteral(l.value());
      case Variable v -> Symbol.of("$" + v.name());
      case Wildcard w -> w.token();
      case Rec r -> {
        List<Value> fields = new ArrayList<>();
        for (Template f : r.fields()) fields.add(f.describe());
        yield RecordValue.of(r.label().describe(), fields);
      }
      case Seq s -> Sequence.of(s.items().stream().map(Template::describe).toList());
      case SetOf s -> SetValue.of(s.items().stream().map(Template::describe).toList());
      case Dict d -> {
        Dictionary.Builder b = Dictionary.builder();
        for (Entry e : d.entries()) b.put(e.key().describe(), e.value().describe());
        yield b.build();
      }
      case Attenuate a -> a.attenuation().describe();
      case Invalid i -> RecordValue.of("invalid", org.syndicate.preserves.StringValue.of(i.message()));
    };
  }

  /** Quotes the symbols inside a literal so that it reads back as the same literal. */
  static Value describeLiteral(Value v) {
    return switch (v) {
      case Symbol s -> Symbolic.quote(s.name());
      case RecordValue r ->
          RecordValue.of(describeLiteral(r.label()), r.fields().stream().map(Template::describeLiteral).toList());
      case Sequence s -> Sequence.of(s.items().stream().map(Template::describeLiteral).toList());
      case SetValue s -> SetValue.of(s.elements().stream().map(Template::describeLiteral).toList());
      case Dictionary d -> {
        Dictionary.Builder b = Dictionary.builder();
        for (int i = 0; i < d.size(); i++) b.put(describeLiteral(d.keys().get(i)), describeLiteral(d.values().get(i)));
        yield b.build();
      }
      default -> v;
    };
  }
}
