package org.syndicate.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.syndicate.dataspace.Pattern;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The pattern syntax of {@code syndicate observe}: the config-script pattern language (reference
 * note syndicate-server.md §5.5) without variables, compiled to an (open) dataspace pattern.
 *
 * <ul>
 *   <li>{@code _} matches anything; {@code ?x} captures the value at its position under the name
 *       {@code x}; {@code <?x P>} captures what P matches;
 *   <li>{@code =name} is the literal symbol {@code name} (so {@code =?x}, {@code =_} are
 *       literals); any other symbol, and every other atom, is itself;
 *   <li>records, sequences and dictionaries match values with at least the listed fields,
 *       elements or keys (dictionary keys are literal); a record label must be a literal;
 *   <li>{@code $x} (there are no variables here) and sets are errors.
 * </ul>
 *
 * <p>Binder names are listed in capture order (pre-order; group entries by ascending key), the
 * order of the captured values the dataspace sends.
 *
 * @param pattern the compiled dataspace pattern
 * @param binders the binder names in capture order
 */
public record ClientPattern(Pattern pattern, List<String> binders) {
  /** Copies the list. */
  public ClientPattern {
    binders = List.copyOf(binders);
  }

  /**
   * Compiles a pattern value.
   *
   * @param source the pattern as read from Preserves text
   * @return the compiled pattern
   * @throws IllegalArgumentException naming the offending part: a {@code $x} variable, a set, a
   *     binder or discard used as a record label
   */
  public static ClientPattern compile(Value source) {
    List<String> names = new ArrayList<>();
    Pattern p = compile(source.strip(), names, "");
    return new ClientPattern(p, names);
  }

  private static Pattern compile(Value v, List<String> names, String path) {
    return switch (v) {
      case Symbol s -> symbol(s, names, path);
      case RecordValue r -> {
        Value label = r.label().strip();
        if (label instanceof Symbol s && s.name().startsWith("?") && r.arity() == 1) {
          names.add(s.name().substring(1));
          yield Patterns.bind(compile(r.field(0), names, path + "/0"));
        }
        if (label instanceof Symbol s && isSpecial(s.name())) {
          throw new IllegalArgumentException("at " + where(path) + ": a record label must be a literal, not " + s.name());
        }
        Pattern[] fields = new Pattern[r.arity()];
        for (int i = 0; i < r.arity(); i++) fields[i] = compile(r.field(i), names, path + "/" + i);
        yield Patterns.rec(literalLabel(label), fields);
      }
      case Sequence s -> {
        Pattern[] items = new Pattern[s.items().size()];
        for (int i = 0; i < items.length; i++) items[i] = compile(s.items().get(i), names, path + "/" + i);
        yield Patterns.arr(items);
      }
      case Dictionary d -> {
        TreeMap<Value, Pattern> m = new TreeMap<>();
        for (Map.Entry<Value, Value> e : new TreeMap<>(d.toMap()).entrySet()) {
          m.put(e.getKey().strip(), compile(e.getValue(), names, path + "/" + e.getKey().strip()));
        }
        yield Patterns.dict(m);
      }
      case SetValue s -> throw new IllegalArgumentException("at " + where(path) + ": sets cannot be matched by patterns");
      default -> Patterns.lit(v);
    };
  }

  private static Pattern symbol(Symbol s, List<String> names, String path) {
    String n = s.name();
    if (n.equals("_")) return Patterns.discard();
    if (n.startsWith("?")) {
      names.add(n.substring(1));
      return Patterns.bind();
    }
    if (n.startsWith("$")) {
      throw new IllegalArgumentException("at " + where(path) + ": " + n + ": there are no variables here (write =" + n + " for the symbol)");
    }
    if (n.startsWith("=")) return Patterns.lit(Symbol.of(n.substring(1)));
    return Patterns.lit(s);
  }

  private static Value literalLabel(Value label) {
    if (label instanceof Symbol s && s.name().startsWith("=")) return Symbol.of(s.name().substring(1));
    return label;
  }

  private static boolean isSpecial(String n) {
    return n.equals("_") || n.startsWith("?") || n.startsWith("$");
  }

  private static String where(String path) {
    return path.isEmpty() ? "the top" : path;
  }
}
