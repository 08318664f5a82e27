package org.syndicate.preserves.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A typed view of compiled schemas: the metaschema ({@code schema.prs} in this package's
 * resources; preserves.md §5.2 "The metaschema") as hand-written Java records, with {@code parse}
 * methods from the compiled {@link Value} form. Used by {@link JavaGenerator} and by tests that
 * generate conforming values. Parsing is strict (closed records, exact shapes), since compiled
 * schemas come from a compiler; errors are {@link SchemaParseException}s with the path.
 */
public final class SchemaModel {
  private SchemaModel() {}

  /** {@code <bundle {ModulePath: Schema …}>}; modules in Preserves key order. */
  public record Bundle(Map<List<String>, Schema> modules) {
    /** @throws SchemaParseException if {@code v} is not a compiled bundle */
    public static Bundle parse(Value v) {
      RecordValue r = closedRecord(v, "bundle", 1);
      Dictionary d = SchemaRuntime.dictionary(r.field(0));
      Map<List<String>, Schema> modules = new LinkedHashMap<>();
      for (int i = 0; i < d.size(); i++) {
        Value k = d.keys().get(i);
        try {
          modules.put(modulePath(k), Schema.parse(d.values().get(i)));
        } catch (SchemaParseException e) {
          throw e.atKey(k).atIndex(0);
        }
      }
      return new Bundle(Collections.unmodifiableMap(modules));
    }
  }

  /**
   * {@code <schema {version: 1 embeddedType: #f|Ref definitions: {Name: Definition …}}>}.
   *
   * @param embeddedType the embedded type's reference, or null for {@code #f}
   * @param definitions by name, in Preserves key order
   */
  public record Schema(Ref embeddedType, Map<String, Definition> definitions) {
    /** @throws SchemaParseException if {@code v} is not a compiled schema */
    public static Schema parse(Value v) {
      RecordValue r = closedRecord(v, "schema", 1);
      try {
        Dictionary d = SchemaRuntime.dictionary(r.field(0));
        try {
          SchemaRuntime.literal(SchemaRuntime.entry(d, Symbol.of("version")), SignedInteger.of(1));
        } catch (SchemaParseException e) {
          throw e.atKey(Symbol.of("version"));
        }
        Value et = SchemaRuntime.entry(d, Symbol.of("embeddedType"));
        Ref embeddedType;
        try {
          embeddedType = et.equals(BooleanValue.FALSE) ? null : Ref.parse(et);
        } catch (SchemaParseException e) {
          throw e.atKey(Symbol.of("embeddedType"));
        }
        Dictionary defs = SchemaRuntime.dictionary(SchemaRuntime.entry(d, Symbol.of("definitions")));
        Map<String, Definition> definitions = new LinkedHashMap<>();
        for (int i = 0; i < defs.size(); i++) {
          Value k = defs.keys().get(i);
          try {
            definitions.put(SchemaRuntime.symbol(k), Definition.parse(defs.values().get(i)));
          } catch (SchemaParseException e) {
            throw e.atKey(k).atKey(Symbol.of("definitions"));
          }
        }
        return new Schema(embeddedType, Collections.unmodifiableMap(definitions));
      } catch (SchemaParseException e) {
        throw e.atIndex(0);
      }
    }
  }

  /** A definition: {@link Or}, {@link And} or a single {@link Pattern}. */
  public sealed interface Definition permits Or, And, Pattern {
    /** @throws SchemaParseException if {@code v} is not a compiled definition */
    static Definition parse(Value v) {
      if (v.isRecord("or", 1)) {
        Sequence s = SchemaRuntime.sequenceAtLeast(((RecordValue) v).field(0), 2);
        List<Alternative> alts = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
          try {
            Sequence a = SchemaRuntime.sequence(s.get(i), 2);
            alts.add(new Alternative(SchemaRuntime.string(a.get(0)), Pattern.parse(a.get(1))));
          } catch (SchemaParseException e) {
            throw e.atIndex(i).atIndex(0);
          }
        }
        return new Or(List.copyOf(alts));
      }
      if (v.isRecord("and", 1)) {
        Sequence s = SchemaRuntime.sequenceAtLeast(((RecordValue) v).field(0), 2);
        List<NamedPattern> pieces = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
          try {
            pieces.add(NamedPattern.parse(s.get(i)));
          } catch (SchemaParseException e) {
            throw e.atIndex(i).atIndex(0);
          }
        }
        return new And(List.copyOf(pieces));
      }
      return Pattern.parse(v);
    }
  }

  /** {@code <or [[label pattern] …]>}: ordered choice; at least two alternatives. */
  public record Or(List<Alternative> alternatives) implements Definition {}

  /** One alternative of an {@link Or}: its variant label and pattern. */
  public record Alternative(String label, Pattern pattern) {}

  /** {@code <and [namedPattern …]>}: every piece must match; at least two pieces. */
  public record And(List<NamedPattern> pieces) implements Definition {}

  /** A binding or an anonymous pattern: record fields, tuple elements, parts of an {@code and}. */
  public sealed interface NamedPattern permits Pattern, NamedSimplePattern {
    /** @throws SchemaParseException if {@code v} is not a compiled NamedPattern */
    static NamedPattern parse(Value v) {
      return v.isRecord("named", 2) ? Binding.parse(v) : Pattern.parse(v);
    }
  }

  /** A binding or an anonymous simple pattern: dictionary entries and tuple tails. */
  public sealed interface NamedSimplePattern extends NamedPattern permits Binding, SimplePattern {
    /** @throws SchemaParseException if {@code v} is not a compiled NamedSimplePattern */
    static NamedSimplePattern parse(Value v) {
      return v.isRecord("named", 2) ? Binding.parse(v) : SimplePattern.parse(v);
    }
  }

  /** {@code <named name pattern>}: captures the matched value as field {@code name}. */
  public record Binding(String name, SimplePattern pattern) implements NamedSimplePattern {
    static Binding parse(Value v) {
      RecordValue r = closedRecord(v, "named", 2);
      String name;
      try {
        name = SchemaRuntime.symbol(r.field(0));
      } catch (SchemaParseException e) {
        throw e.atIndex(0);
      }
      try {
        return new Binding(name, SimplePattern.parse(r.field(1)));
      } catch (SchemaParseException e) {
        throw e.atIndex(1);
      }
    }
  }

  /** A simple or compound pattern. */
  public sealed interface Pattern extends Definition, NamedPattern permits SimplePattern, CompoundPattern {
    /** @throws SchemaParseException if {@code v} is not a compiled Pattern */
    static Pattern parse(Value v) {
      if (v instanceof RecordValue r && r.label() instanceof Symbol s) {
        switch (s.name()) {
          case "rec", "tuple", "tuplePrefix", "dict" -> {
            return CompoundPattern.parse(v);
          }
          default -> {}
        }
      }
      return SimplePattern.parse(v);
    }
  }

  /** Patterns that produce one host value. */
  public sealed interface SimplePattern extends Pattern, NamedSimplePattern
      permits Any, Atom, Embedded, Lit, SeqOf, SetOf, DictOf, Ref {
    /** @throws SchemaParseException if {@code v} is not a compiled SimplePattern */
    static SimplePattern parse(Value v) {
      if (v.isSymbol("any")) return Any.INSTANCE;
      if (v instanceof RecordValue r && r.label() instanceof Symbol s) {
        switch (s.name()) {
          case "atom" -> {
            closedRecord(v, "atom", 1);
            String k = SchemaRuntime.symbol(r.field(0));
            try {
              return new Atom(AtomKind.valueOf(k));
            } catch (IllegalArgumentException e) {
              throw new SchemaParseException("an AtomKind (Boolean Double SignedInteger String ByteString Symbol)", r.field(0)).atIndex(0);
            }
          }
          case "embedded" -> {
            closedRecord(v, "embedded", 1);
            return new Embedded(sub(r, 0));
          }
          case "lit" -> {
            closedRecord(v, "lit", 1);
            return new Lit(r.field(0).strip());
          }
          case "seqof" -> {
            closedRecord(v, "seqof", 1);
            return new SeqOf(sub(r, 0));
          }
          case "setof" -> {
            closedRecord(v, "setof", 1);
            return new SetOf(sub(r, 0));
          }
          case "dictof" -> {
            closedRecord(v, "dictof", 2);
            return new DictOf(sub(r, 0), sub(r, 1));
          }
          case "ref" -> {
            return Ref.parse(v);
          }
          default -> {}
        }
      }
      throw new SchemaParseException("a simple pattern (any, <atom …>, <embedded …>, <lit …>, <seqof …>, <setof …>, <dictof …> or <ref …>)", v);
    }

    private static SimplePattern sub(RecordValue r, int i) {
      try {
        return SimplePattern.parse(r.field(i));
      } catch (SchemaParseException e) {
        throw e.atIndex(i);
      }
    }
  }

  /** Patterns whose bindings become the fields of a host record. */
  public sealed interface CompoundPattern extends Pattern permits Rec, Tuple, TuplePrefix, Dict {
    /** @throws SchemaParseException if {@code v} is not a compiled CompoundPattern */
    static CompoundPattern parse(Value v) {
      RecordValue r = SchemaRuntime.record(v);
      String label = r.label() instanceof Symbol s ? s.name() : "";
      switch (label) {
        case "rec" -> {
          closedRecord(v, "rec", 2);
          NamedPattern l, f;
          try {
            l = NamedPattern.parse(r.field(0));
          } catch (SchemaParseException e) {
            throw e.atIndex(0);
          }
          try {
            f = NamedPattern.parse(r.field(1));
          } catch (SchemaParseException e) {
            throw e.atIndex(1);
          }
          return new Rec(l, f);
        }
        case "tuple" -> {
          closedRecord(v, "tuple", 1);
          return new Tuple(namedList(r, 0));
        }
        case "tuplePrefix" -> {
          closedRecord(v, "tuplePrefix", 2);
          List<NamedPattern> fixed = namedList(r, 0);
          try {
            return new TuplePrefix(fixed, NamedSimplePattern.parse(r.field(1)));
          } catch (SchemaParseException e) {
            throw e.atIndex(1);
          }
        }
        case "dict" -> {
          closedRecord(v, "dict", 1);
          Dictionary d;
          try {
            d = SchemaRuntime.dictionary(r.field(0));
          } catch (SchemaParseException e) {
            throw e.atIndex(0);
          }
          Map<Value, NamedSimplePattern> entries = new LinkedHashMap<>();
          for (int i = 0; i < d.size(); i++) {
            Value k = d.keys().get(i);
            try {
              entries.put(k.strip(), NamedSimplePattern.parse(d.values().get(i)));
            } catch (SchemaParseException e) {
              throw e.atKey(k).atIndex(0);
            }
          }
          return new Dict(Collections.unmodifiableMap(entries));
        }
        default -> throw new SchemaParseException("a compound pattern (<rec …>, <tuple …>, <tuplePrefix …> or <dict …>)", v);
      }
    }

    private static List<NamedPattern> namedList(RecordValue r, int i) {
      try {
        Value v = r.field(i);
        if (!(v instanceof Sequence s)) throw new SchemaParseException("a sequence of patterns", v);
        List<NamedPattern> out = new ArrayList<>();
        for (int j = 0; j < s.size(); j++) {
          try {
            out.add(NamedPattern.parse(s.get(j)));
          } catch (SchemaParseException e) {
            throw e.atIndex(j);
          }
        }
        return List.copyOf(out);
      } catch (SchemaParseException e) {
        throw e.atIndex(i);
      }
    }
  }

  /** The six atomic kinds ({@code Float} no longer exists, preserves.md §0). */
  public enum AtomKind {
    Boolean,
    Double,
    SignedInteger,
    String,
    ByteString,
    Symbol
  }

  /** {@code any}. */
  public enum Any implements SimplePattern {
    /** The only instance. */
    INSTANCE
  }

  /** {@code <atom Kind>}. */
  public record Atom(AtomKind kind) implements SimplePattern {}

  /** {@code <embedded interface>}: an embedded value; the interface is type information only. */
  public record Embedded(SimplePattern iface) implements SimplePattern {}

  /** {@code <lit value>}: exactly this value. */
  public record Lit(Value value) implements SimplePattern {}

  /** {@code <seqof p>}. */
  public record SeqOf(SimplePattern element) implements SimplePattern {}

  /** {@code <setof p>}. */
  public record SetOf(SimplePattern element) implements SimplePattern {}

  /** {@code <dictof k v>}. */
  public record DictOf(SimplePattern key, SimplePattern value) implements SimplePattern {}

  /** {@code <ref [module …] name>}; an empty module path means "this module". */
  public record Ref(List<String> module, String name) implements SimplePattern {
    /** @throws SchemaParseException if {@code v} is not {@code <ref [symbol …] symbol>} */
    public static Ref parse(Value v) {
      RecordValue r = closedRecord(v, "ref", 2);
      List<String> module;
      try {
        module = modulePath(r.field(0));
      } catch (SchemaParseException e) {
        throw e.atIndex(0);
      }
      try {
        return new Ref(module, SchemaRuntime.symbol(r.field(1)));
      } catch (SchemaParseException e) {
        throw e.atIndex(1);
      }
    }

    /** @return {@code a.b.Name} (or {@code Name}). */
    public String dotted() {
      return module.isEmpty() ? name : String.join(".", module) + "." + name;
    }
  }

  /** {@code <rec label fields>}. */
  public record Rec(NamedPattern label, NamedPattern fields) implements CompoundPattern {}

  /** {@code <tuple [p …]>}. */
  public record Tuple(List<NamedPattern> elements) implements CompoundPattern {}

  /** {@code <tuplePrefix [p …] tail>}. */
  public record TuplePrefix(List<NamedPattern> fixed, NamedSimplePattern variable) implements CompoundPattern {}

  /** {@code <dict {key: p …}>} (open: other keys are ignored when matching). */
  public record Dict(Map<Value, NamedSimplePattern> entries) implements CompoundPattern {}

  // ---- helpers -----------------------------------------------------------------------------------

  static List<String> modulePath(Value v) {
    if (!(v instanceof Sequence s)) throw new SchemaParseException("a module path (a sequence of symbols)", v);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      try {
        out.add(SchemaRuntime.symbol(s.get(i)));
      } catch (SchemaParseException e) {
        throw e.atIndex(i);
      }
    }
    return List.copyOf(out);
  }

  private static RecordValue closedRecord(Value v, String label, int arity) {
    if (v instanceof RecordValue r && r.arity() == arity && r.label().isSymbol(label)) return r;
    throw new SchemaParseException("a record <" + label + "> with exactly " + arity + (arity == 1 ? " field" : " fields"), v);
  }

  /** @return the text of a variant label or other string value (for messages). */
  static String text(Value v) {
    return v instanceof StringValue s ? s.value() : v.toString();
  }
}
