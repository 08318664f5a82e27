package org.syndicate.schemas;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.schema.SchemaModel.*;
import org.syndicate.preserves.schema.SchemaParseException;
import org.syndicate.preserves.schema.SchemaRuntime;

/**
 * Seeded generator of values that conform to a definition of a compiled bundle (test support for
 * the property unparse(parse(v)) == v). Depth is bounded: past {@link #maxDepth} collections are
 * empty and alternations take an alternative known to terminate (computed by a fixpoint over the
 * definitions, so that following the choices always reaches a definition without required
 * references).
 */
final class ConformingValues {
  final Bundle bundle;
  final Random rnd;
  final int maxDepth;
  /** "module/Def" → alternative index that terminates (-1 for non-or definitions). */
  private final Map<String, Integer> finite = new HashMap<>();

  ConformingValues(Bundle bundle, long seed, int maxDepth) {
    this.bundle = bundle;
    this.rnd = new Random(seed);
    this.maxDepth = maxDepth;
    boolean changed = true;
    while (changed) {
      changed = false;
      Set<String> known = new HashSet<>(finite.keySet());
      for (Map.Entry<List<String>, Schema> m : bundle.modules().entrySet()) {
        for (Map.Entry<String, Definition> d : m.getValue().definitions().entrySet()) {
          String key = key(m.getKey(), d.getKey());
          if (finite.containsKey(key)) continue;
          Integer choice = switch (d.getValue()) {
            case Or or -> {
              Integer c = null;
              for (int i = 0; i < or.alternatives().size() && c == null; i++) {
                if (requiredFinite(m.getKey(), or.alternatives().get(i).pattern(), known)) c = i;
              }
              yield c;
            }
            case And and -> and.pieces().stream().allMatch(p -> requiredFinite(m.getKey(), p, known)) ? -1 : null;
            case Pattern p -> requiredFinite(m.getKey(), p, known) ? -1 : null;
          };
          if (choice != null) {
            finite.put(key, choice);
            changed = true;
          }
        }
      }
    }
  }

  static String key(List<String> module, String name) {
    return String.join(".", module) + "/" + name;
  }

  List<String> resolve(List<String> from, Ref r) {
    List<String> mod = r.module().isEmpty() ? from : r.module();
    if (bundle.modules().containsKey(mod)) return mod;
    for (List<String> m : bundle.modules().keySet()) {
      if (String.join(".", m).equalsIgnoreCase(String.join(".", mod))) return m;
    }
    throw new IllegalStateException("unresolved module " + mod);
  }

  private boolean requiredFinite(List<String> module, NamedPattern p, Set<String> known) {
    return switch (p) {
      case Binding b -> requiredFinite(module, b.pattern(), known);
      case Ref r -> known.contains(key(resolve(module, r), r.name()));
      case SeqOf s -> true;
      case SetOf s -> true;
      case DictOf s -> true;
      case SimplePattern s -> true;
      case Rec r -> requiredFinite(module, r.label(), known) && requiredFinite(module, r.fields(), known);
      case Tuple t -> t.elements().stream().allMatch(e -> requiredFinite(module, e, known));
      case TuplePrefix t -> t.fixed().stream().allMatch(e -> requiredFinite(module, e, known))
          && requiredFinite(module, t.variable(), known);
      case Dict d -> d.entries().values().stream().allMatch(e -> requiredFinite(module, e, known));
    };
  }

  /** @return a value conforming to definition {@code name} of {@code module}. */
  Value definition(List<String> module, String name, int depth) {
    Definition d = bundle.modules().get(module).definitions().get(name);
    Integer terminating = finite.get(key(module, name));
    return switch (d) {
      case Or or -> {
        int i = depth > maxDepth && terminating != null ? terminating : rnd.nextInt(or.alternatives().size());
        yield pattern(module, or.alternatives().get(i).pattern(), depth + 1);
      }
      case And and -> {
        for (int attempt = 0; ; attempt++) {
          Value[] pieces = new Value[and.pieces().size()];
          for (int i = 0; i < pieces.length; i++) pieces[i] = pattern(module, and.pieces().get(i), depth + 1);
          try {
            yield SchemaRuntime.merge(pieces);
          } catch (SchemaParseException e) {
            if (attempt > 100) throw e;
          }
        }
      }
      case Pattern p -> pattern(module, p, depth + 1);
    };
  }

  Value pattern(List<String> module, NamedPattern p, int depth) {
    boolean deep = depth > maxDepth;
    return switch (p) {
      case Binding b -> pattern(module, b.pattern(), depth);
      case Any a -> any(depth);
      case Atom a -> atom(a.kind());
      case org.syndicate.preserves.schema.SchemaModel.Embedded e -> Embedded.of(any(depth + 1));
      case Lit l -> l.value();
      case SeqOf s -> {
        List<Value> items = new ArrayList<>();
        int n = deep ? 0 : rnd.nextInt(4);
        for (int i = 0; i < n; i++) items.add(pattern(module, s.element(), depth + 1));
        yield Sequence.of(items);
      }
      case SetOf s -> {
        List<Value> items = new ArrayList<>();
        int n = deep ? 0 : rnd.nextInt(4);
        for (int i = 0; i < n; i++) items.add(pattern(module, s.element(), depth + 1));
        yield SetValue.of(items);
      }
      case DictOf s -> {
        Dictionary.Builder b = Dictionary.builder();
        int n = deep ? 0 : rnd.nextInt(4);
        for (int i = 0; i < n; i++) b.put(pattern(module, s.key(), depth + 1), pattern(module, s.value(), depth + 1));
        yield b.build();
      }
      case Ref r -> definition(resolve(module, r), r.name(), depth + 1);
      case Rec r -> RecordValue.of(pattern(module, r.label(), depth + 1),
          ((Sequence) pattern(module, r.fields(), depth + 1)).items());
      case Tuple t -> {
        List<Value> items = new ArrayList<>();
        for (NamedPattern e : t.elements()) items.add(pattern(module, e, depth + 1));
        yield Sequence.of(items);
      }
      case TuplePrefix t -> {
        List<Value> items = new ArrayList<>();
        for (NamedPattern e : t.fixed()) items.add(pattern(module, e, depth + 1));
        items.addAll(((Sequence) pattern(module, t.variable(), depth + 1)).items());
        yield Sequence.of(items);
      }
      case Dict d -> {
        Dictionary.Builder b = Dictionary.builder();
        d.entries().forEach((k, v) -> b.put(k, pattern(module, v, depth + 1)));
        yield b.build();
      }
    };
  }

  Value atom(AtomKind kind) {
    return switch (kind) {
      case Boolean -> BooleanValue.of(rnd.nextBoolean());
      case Double -> switch (rnd.nextInt(6)) {
        case 0 -> DoubleValue.of(-0.0);
        case 1 -> DoubleValue.of(Double.POSITIVE_INFINITY);
        case 2 -> DoubleValue.ofBits(0x7ff8000000000123L); // quiet NaN with payload
        default -> DoubleValue.of(rnd.nextGaussian() * 1e6);
      };
      case SignedInteger -> rnd.nextInt(4) == 0
          ? SignedInteger.of(new BigInteger(100, rnd).subtract(BigInteger.ONE.shiftLeft(99)))
          : SignedInteger.of(rnd.nextInt(2000) - 1000);
      case String -> StringValue.of(text());
      case ByteString -> {
        byte[] b = new byte[rnd.nextInt(5)];
        rnd.nextBytes(b);
        yield ByteString.of(b);
      }
      case Symbol -> Symbol.of(text());
    };
  }

  String text() {
    String[] pool = {"", "a", "hello", "tcp-local", "ünïcödé", "\uD834\uDD1E", "with space", "x\"y\\z"};
    return pool[rnd.nextInt(pool.length)];
  }

  Value any(int depth) {
    int k = rnd.nextInt(depth > maxDepth ? 6 : 11);
    return switch (k) {
      case 0 -> atom(AtomKind.Boolean);
      case 1 -> atom(AtomKind.Double);
      case 2 -> atom(AtomKind.SignedInteger);
      case 3 -> atom(AtomKind.String);
      case 4 -> atom(AtomKind.ByteString);
      case 5 -> atom(AtomKind.Symbol);
      case 6 -> RecordValue.of(Symbol.of(text()), anys(depth));
      case 7 -> Sequence.of(anys(depth));
      case 8 -> SetValue.of(anys(depth));
      case 9 -> {
        Dictionary.Builder b = Dictionary.builder();
        for (Value v : anys(depth)) b.put(v, any(depth + 1));
        yield b.build();
      }
      default -> Embedded.of(any(depth + 1));
    };
  }

  List<Value> anys(int depth) {
    List<Value> out = new ArrayList<>();
    int n = rnd.nextInt(3);
    for (int i = 0; i < n; i++) out.add(any(depth + 1));
    return out;
  }
}
