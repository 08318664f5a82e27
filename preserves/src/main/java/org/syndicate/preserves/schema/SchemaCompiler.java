package org.syndicate.preserves.schema;

import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Compiles the values of one Preserves Schema source file ({@code .prs}) into the compiled form
 * {@code <schema {version: 1 embeddedType: E definitions: {Name: Definition …}}>} described by the
 * metaschema (reference note preserves.md §5.1–5.2; Preserves Schema 0.4).
 *
 * <p>Input: the top-level values of the file as the text reader returns them in document mode,
 * <b>with annotations kept</b> (symbol annotations {@code @name} are binding names and variant
 * labels; string annotations are comments, i.e. documentation, and are dropped). The values are
 * split into clauses at each bare symbol {@code .}; the clauses are {@code version 1}, {@code
 * embeddedType #f}/{@code embeddedType Mod.Name} and definitions {@code Name = body}. A body is
 * an alternation ({@code /}, leading {@code /} allowed, ≥ 2 alternatives), an intersection
 * ({@code &}, leading {@code &} allowed, ≥ 2 pieces) or a single pattern. Pattern syntax and its
 * compiled form are tabulated in preserves.md §5.2; variant labels follow the rules listed there
 * (explicit {@code @name}, record label symbol, last component of a reference, {@code =sym}, a
 * Boolean/String/integer literal's text).
 *
 * <p>Output: an annotation-free {@link Value} (dictionaries are sorted, so its canonical encoding
 * is deterministic).
 *
 * <p>Errors: {@link SchemaSyntaxError} naming {@code file:line:column} of the offending value
 * (positions come from a {@link SourcePositions}; when the offending value has none, the nearest
 * enclosing value that has one is used) and saying what was expected.
 */
public final class SchemaCompiler {
  private static final Set<String> SIMPLE_LABELS =
      Set.of("atom", "embedded", "lit", "seqof", "setof", "dictof", "ref");
  private static final Map<String, String> ATOMS =
      Map.of(
          "bool", "Boolean",
          "double", "Double",
          "int", "SignedInteger",
          "string", "String",
          "bytes", "ByteString",
          "symbol", "Symbol");

  private final String source;
  private final SourcePositions positions;
  private final Deque<Value> context = new ArrayDeque<>();

  private SchemaCompiler(String source, SourcePositions positions) {
    this.source = source;
    this.positions = positions == null ? SourcePositions.NONE : positions;
  }

  /**
   * Compiles one schema source.
   *
   * @param values the top-level values of the {@code .prs} file, annotations kept
   * @param source the file name used in error messages (may be null)
   * @param positions where the values started (may be null or {@link SourcePositions#NONE})
   * @return the compiled {@code <schema {…}>} value, without annotations
   * @throws SchemaSyntaxError on the first error, naming file:line:column and what was expected
   */
  public static Value compile(List<Value> values, String source, SourcePositions positions) {
    return new SchemaCompiler(source, positions).compileSchema(values);
  }

  /** As {@link #compile(List, String, SourcePositions)} without file name or positions. */
  public static Value compile(List<Value> values) {
    return compile(values, null, SourcePositions.NONE);
  }

  // ---------------------------------------------------------------------------------------------

  private Value compileSchema(List<Value> values) {
    List<List<Value>> clauses = new ArrayList<>();
    List<Value> current = new ArrayList<>();
    for (Value v : values) {
      if (v.isSymbol(".")) {
        if (!current.isEmpty()) clauses.add(current);
        current = new ArrayList<>();
      } else {
        current.add(v);
      }
    }
    if (!current.isEmpty()) clauses.add(current);

    Value version = null;
    Value embeddedType = null;
    Map<String, Value> definitions = new LinkedHashMap<>();
    for (List<Value> clause : clauses) {
      Value head = clause.get(0);
      context.push(head);
      try {
        if (head.isSymbol("version")) {
          if (version != null) throw error(head, "duplicate `version` clause");
          if (clause.size() != 2) throw error(head, "expected `version 1 .` (exactly one value after `version`)");
          Value n = clause.get(1);
          if (!(n instanceof SignedInteger si) || !si.bigValue().equals(BigInteger.ONE)) {
            throw error(n, "unsupported schema version " + n.strip() + ": expected 1");
          }
          version = n.strip();
        } else if (head.isSymbol("embeddedType")) {
          if (embeddedType != null) throw error(head, "duplicate `embeddedType` clause");
          if (clause.size() != 2) throw error(head, "expected `embeddedType #f .` or `embeddedType Module.Name .`");
          embeddedType = compileEmbeddedType(clause.get(1));
        } else if (clause.size() >= 2 && clause.get(1).isSymbol("=")) {
          if (!(head instanceof Symbol name)) {
            throw error(head, "expected a definition name (a symbol) before `=`, found " + head.strip());
          }
          String n = name.name();
          if (n.isEmpty() || n.contains(".") || n.equals("=") || n.equals("/") || n.equals("&")) {
            throw error(head, "invalid definition name `" + n + "`");
          }
          if (definitions.containsKey(n)) throw error(head, "duplicate definition `" + n + "`");
          List<Value> body = clause.subList(2, clause.size());
          if (body.isEmpty()) throw error(clause.get(1), "expected a pattern after `" + n + " =`");
          definitions.put(n, compileDefinition(body, clause.get(1)));
        } else {
          throw error(head, "expected a clause `Name = pattern .`, `version 1 .` or `embeddedType X .`, found "
              + describe(head) + (clause.size() > 1 ? " followed by " + describe(clause.get(1)) : ""));
        }
      } finally {
        context.pop();
      }
    }
    if (version == null) {
      throw error(values.isEmpty() ? null : values.get(0), "missing `version 1 .` clause");
    }
    Dictionary.Builder defs = Dictionary.builder();
    definitions.forEach(defs::put);
    return RecordValue.of(
        "schema",
        Dictionary.builder()
            .put("version", version)
            .put("embeddedType", embeddedType == null ? BooleanValue.FALSE : embeddedType)
            .put("definitions", defs.build())
            .build());
  }

  private Value compileEmbeddedType(Value v) {
    if (v instanceof BooleanValue b && !b.value()) return BooleanValue.FALSE;
    if (v instanceof Symbol s && !s.name().startsWith("=")) {
      Value ref = parseRef(s);
      if (ref != null) return ref;
    }
    throw error(v, "expected `#f` or a reference `Module.Name` after `embeddedType`, found " + describe(v));
  }

  private Value compileDefinition(List<Value> body, Value equalsSign) {
    if (body.stream().anyMatch(v -> v.isSymbol("/"))) {
      List<Value> alternatives = splitOn(body, "/", "alternative");
      if (alternatives.size() < 2) {
        throw error(body.get(0), "an alternation needs at least two alternatives separated by `/`");
      }
      List<Value> compiled = new ArrayList<>();
      Set<String> labels = new HashSet<>();
      for (Value alt : alternatives) {
        context.push(alt);
        try {
          Value p = pattern(alt);
          String label = bindingName(alt);
          if (label == null) label = implicitLabel(alt, p);
          if (!labels.add(label)) throw error(alt, "duplicate variant label \"" + label + "\"");
          compiled.add(Sequence.of(StringValue.of(label), p));
        } finally {
          context.pop();
        }
      }
      return RecordValue.of("or", Sequence.of(compiled));
    }
    if (body.stream().anyMatch(v -> v.isSymbol("&"))) {
      List<Value> pieces = splitOn(body, "&", "intersection piece");
      if (pieces.size() < 2) {
        throw error(body.get(0), "an intersection needs at least two patterns separated by `&`");
      }
      List<Value> compiled = new ArrayList<>();
      for (Value piece : pieces) compiled.add(namedPattern(piece));
      return RecordValue.of("and", Sequence.of(compiled));
    }
    if (body.size() != 1) {
      throw error(body.get(1), "expected a single pattern after `=` (separate alternatives with `/` and "
          + "intersections with `&`), found a second value " + describe(body.get(1)));
    }
    return pattern(body.get(0));
  }

  /** Splits on a bare separator symbol; a leading separator is allowed; each piece is one value. */
  private List<Value> splitOn(List<Value> body, String separator, String what) {
    List<Value> pieces = new ArrayList<>();
    int start = body.get(0).isSymbol(separator) ? 1 : 0;
    List<Value> piece = new ArrayList<>();
    Value lastSeparator = start == 1 ? body.get(0) : null;
    for (int i = start; i <= body.size(); i++) {
      if (i == body.size() || body.get(i).isSymbol(separator)) {
        if (piece.isEmpty()) {
          Value at = i < body.size() ? body.get(i) : lastSeparator;
          throw error(at, "expected a pattern (" + what + ") before `" + separator + "`"
              + (i == body.size() ? " (nothing follows the last `" + separator + "`)" : ""));
        }
        if (piece.size() > 1) {
          throw error(piece.get(1), "each " + what + " must be a single pattern; found a second value "
              + describe(piece.get(1)) + " (missing `" + separator + "`?)");
        }
        pieces.add(piece.get(0));
        piece = new ArrayList<>();
        if (i < body.size()) lastSeparator = body.get(i);
      } else {
        piece.add(body.get(i));
      }
    }
    return pieces;
  }

  private String implicitLabel(Value source, Value p) {
    if (p instanceof RecordValue r) {
      if (r.isRecord("rec", 2) && r.field(0).isRecord("lit", 1) && r.field(0) instanceof RecordValue l
          && l.field(0) instanceof Symbol s) {
        return s.name();
      }
      if (r.isRecord("ref", 2) && r.field(1) instanceof Symbol s) return s.name();
      if (r.isRecord("lit", 1)) {
        Value lit = r.field(0);
        switch (lit) {
          case Symbol s -> {
            return s.name();
          }
          case BooleanValue b -> {
            return b.value() ? "true" : "false";
          }
          case StringValue s -> {
            return s.value();
          }
          case SignedInteger i -> {
            return i.bigValue().toString();
          }
          default -> {}
        }
      }
    }
    throw error(source, "this alternative needs a name: write `@name` before it (only records with a "
        + "symbol label, references, `=symbol` and Boolean, string or integer literals are named implicitly)");
  }

  // ---- patterns --------------------------------------------------------------------------------

  /** A Pattern (simple or compound); annotations on {@code v} are not looked at. */
  private Value pattern(Value v) {
    context.push(v);
    try {
      return switch (v) {
        case Symbol s -> symbolPattern(s);
        case RecordValue r -> recordPattern(r);
        case Sequence s -> sequencePattern(s);
        case SetValue s -> {
          if (s.size() != 1) throw error(s, "a set pattern has exactly one element, `#{p}`; found " + s.size());
          yield RecordValue.of("setof", simple(s.elements().get(0)));
        }
        case Dictionary d -> dictionaryPattern(d);
        case Embedded e -> {
          if (!(e.payload() instanceof Value inner)) throw error(e, "expected a pattern after `#:`");
          yield RecordValue.of("embedded", simple(inner));
        }
        default -> RecordValue.of("lit", v.strip());
      };
    } finally {
      context.pop();
    }
  }

  private Value symbolPattern(Symbol s) {
    String n = s.name();
    if (n.equals("any")) return Symbol.of("any");
    String atom = ATOMS.get(n);
    if (atom != null) return RecordValue.of("atom", Symbol.of(atom));
    if (n.equals("float")) {
      throw error(s, "`float` is no longer a Preserves type (single-precision floats were removed in 0.993); use `double`");
    }
    if (n.startsWith("=")) {
      if (n.length() == 1) throw error(s, "expected a symbol after `=` (write `=sym` with no space)");
      return RecordValue.of("lit", Symbol.of(n.substring(1)));
    }
    if (n.equals("...") || n.equals("/") || n.equals("&") || n.equals(".")) {
      throw error(s, "unexpected `" + n + "`: expected a pattern");
    }
    Value ref = parseRef(s);
    if (ref == null) throw error(s, "invalid reference `" + n + "`: expected Name or module.Name");
    return ref;
  }

  /** {@code Name} → {@code <ref [] Name>}; {@code a.b.Name} → {@code <ref [a b] Name>}; null if malformed. */
  private static Value parseRef(Symbol s) {
    String[] parts = s.name().split("\\.", -1);
    for (String p : parts) if (p.isEmpty()) return null;
    List<Value> module = new ArrayList<>();
    for (int i = 0; i < parts.length - 1; i++) module.add(Symbol.of(parts[i]));
    return RecordValue.of("ref", Sequence.of(module), Symbol.of(parts[parts.length - 1]));
  }

  private Value recordPattern(RecordValue r) {
    Value label = r.label();
    if (label.isRecord("rec", 0)) {
      if (r.arity() != 2) throw error(r, "expected `<<rec> label fields>` (exactly two patterns after `<rec>`)");
      return RecordValue.of("rec", namedPattern(r.field(0)), namedPattern(r.field(1)));
    }
    if (label.isRecord("lit", 0)) {
      if (r.arity() != 1) throw error(r, "expected `<<lit> value>` (exactly one value after `<lit>`)");
      return RecordValue.of("lit", r.field(0).strip());
    }
    return RecordValue.of("rec", RecordValue.of("lit", label.strip()), tuplePattern(r.fields(), r));
  }

  private Value sequencePattern(Sequence s) {
    List<Value> items = s.items();
    if (items.size() == 2 && items.get(1).isSymbol("...") && bindingName(items.get(0)) == null) {
      return RecordValue.of("seqof", simple(items.get(0)));
    }
    return tuplePattern(items, s);
  }

  /** {@code [f1 … fn]} → tuple; {@code [f1 … fk x ...]} → tuplePrefix with a seqof tail. */
  private Value tuplePattern(List<Value> items, Value where) {
    int n = items.size();
    if (n > 0 && items.get(n - 1).isSymbol("...")) {
      if (n == 1) throw error(items.get(0), "`...` must follow the pattern it repeats");
      List<Value> fixed = new ArrayList<>();
      for (int i = 0; i < n - 2; i++) fixed.add(namedPattern(items.get(i)));
      Value tail = items.get(n - 2);
      String name = bindingName(tail);
      Value seqof = RecordValue.of("seqof", simpleIgnoringName(tail));
      Value variable = name == null ? seqof : RecordValue.of("named", Symbol.of(name), seqof);
      return RecordValue.of("tuplePrefix", Sequence.of(fixed), variable);
    }
    List<Value> compiled = new ArrayList<>();
    for (Value item : items) compiled.add(namedPattern(item));
    return RecordValue.of("tuple", Sequence.of(compiled));
  }

  private Value dictionaryPattern(Dictionary d) {
    Value ellipsis = Symbol.of("...");
    if (d.containsKey(ellipsis)) {
      Value rest = d.get(ellipsis);
      if (!rest.isSymbol("...") || d.size() != 2) {
        throw error(d, "expected a dictionary-of pattern `{keyPattern: valuePattern ...:...}` (exactly one entry besides `...: ...`)");
      }
      for (int i = 0; i < d.size(); i++) {
        Value k = d.keys().get(i);
        if (!k.isSymbol("...")) return RecordValue.of("dictof", simple(k), simple(d.values().get(i)));
      }
    }
    Dictionary.Builder entries = Dictionary.builder();
    for (int i = 0; i < d.size(); i++) {
      Value k = d.keys().get(i);
      Value v = d.values().get(i);
      String name = bindingName(v);
      if (name == null && k instanceof Symbol s) name = s.name();
      Value p = simpleIgnoringName(v);
      entries.put(k.strip(), name == null ? p : RecordValue.of("named", Symbol.of(name), p));
    }
    return RecordValue.of("dict", entries.build());
  }

  /** A NamedPattern: {@code @name simple} gives a Binding; otherwise any Pattern. */
  private Value namedPattern(Value v) {
    String name = bindingName(v);
    if (name == null) return pattern(v);
    return RecordValue.of("named", Symbol.of(name), simpleIgnoringName(v));
  }

  /** A SimplePattern with no binding name allowed. */
  private Value simple(Value v) {
    String name = bindingName(v);
    if (name != null) {
      throw error(v, "a binding name (`@" + name + "`) is not allowed here; name the enclosing pattern instead");
    }
    return simpleIgnoringName(v);
  }

  private Value simpleIgnoringName(Value v) {
    Value p = pattern(v);
    if (!isSimple(p)) {
      throw error(v, "expected a simple pattern here (any, an atom type, a literal, a reference, #:p, [p ...], "
          + "#{p} or {k: v ...:...}); a record, tuple or dictionary pattern needs a definition of its own");
    }
    return p;
  }

  private static boolean isSimple(Value p) {
    if (p.isSymbol("any")) return true;
    return p instanceof RecordValue r && r.label() instanceof Symbol s && SIMPLE_LABELS.contains(s.name());
  }

  /** The binding name of a value: its one symbol annotation, or null. Strings are comments. */
  private String bindingName(Value v) {
    String name = null;
    for (Value a : v.annotations()) {
      if (a instanceof Symbol s) {
        if (name != null) throw error(v, "more than one binding name (`@" + name + "` and `@" + s.name() + "`)");
        name = s.name();
      }
    }
    return name;
  }

  // ---- errors ------------------------------------------------------------------------------------

  private SchemaSyntaxError error(Value at, String detail) {
    Position p = at == null ? null : positions.positionOf(at);
    if (p == null) {
      for (Value c : context) {
        p = positions.positionOf(c);
        if (p != null) break;
      }
    }
    return new SchemaSyntaxError(source, p, detail);
  }

  private static String describe(Value v) {
    String text = v.strip().toString();
    if (text.length() > 60) text = text.substring(0, 57) + "...";
    return "`" + text + "`";
  }
}
