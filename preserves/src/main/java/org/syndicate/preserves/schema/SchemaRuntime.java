package org.syndicate.preserves.schema;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
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

/**
 * Helpers called by the code {@link JavaGenerator} generates: matching values against patterns
 * (throwing {@link SchemaParseException} with the path of the failure) and building values back.
 * The matching rules are those of preserves.md §5.3: records are <b>open</b> (extra fields are
 * ignored, as in the reference implementation), tuples have exactly their length, dictionary
 * patterns ignore extra keys, alternatives are tried in order.
 *
 * <p>Not meant to be called by hand; the method names are short because generated code is dense.
 */
public final class SchemaRuntime {
  private SchemaRuntime() {}

  // ---- matching ---------------------------------------------------------------------------------

  /** @return {@code v} as a record (any label, any arity). */
  public static RecordValue record(Value v) {
    if (v instanceof RecordValue r) return r;
    throw new SchemaParseException("a record", v);
  }

  /** @return {@code v} as a record labelled {@code label} with at least {@code minFields} fields. */
  public static RecordValue record(Value v, Value label, int minFields) {
    if (v instanceof RecordValue r && r.arity() >= minFields && r.label().equals(label)) return r;
    throw new SchemaParseException(
        "a record <" + label + (minFields == 0 ? "" : " …") + "> with at least " + minFields
            + (minFields == 1 ? " field" : " fields"), v);
  }

  /** Checks that a record has at least {@code minFields} fields. */
  public static RecordValue arityAtLeast(RecordValue r, int minFields) {
    if (r.arity() >= minFields) return r;
    throw new SchemaParseException("a record with at least " + minFields + " fields", r);
  }

  /** @return {@code v} as a sequence of exactly {@code length} elements. */
  public static Sequence sequence(Value v, int length) {
    if (v instanceof Sequence s && s.size() == length) return s;
    throw new SchemaParseException("a sequence of exactly " + length + (length == 1 ? " element" : " elements"), v);
  }

  /** @return {@code v} as a sequence of at least {@code length} elements. */
  public static Sequence sequenceAtLeast(Value v, int length) {
    if (v instanceof Sequence s && s.size() >= length) return s;
    throw new SchemaParseException("a sequence of at least " + length + (length == 1 ? " element" : " elements"), v);
  }

  /** @return {@code v} as a dictionary. */
  public static Dictionary dictionary(Value v) {
    if (v instanceof Dictionary d) return d;
    throw new SchemaParseException("a dictionary", v);
  }

  /** @return the value under {@code key}; throws naming the missing key. */
  public static Value entry(Dictionary d, Value key) {
    Value v = d.get(key);
    if (v != null) return v;
    throw new SchemaParseException("a dictionary with the key " + key, d);
  }

  /** Checks that {@code v} equals the literal {@code lit}; returns {@code v}. */
  public static Value literal(Value v, Value lit) {
    if (v.equals(lit)) return v;
    throw new SchemaParseException(lit.toString(), v);
  }

  /** @return the Boolean {@code v}. */
  public static boolean bool(Value v) {
    if (v instanceof BooleanValue b) return b.value();
    throw new SchemaParseException("a Boolean", v);
  }

  /** @return the Double {@code v}. */
  public static double dbl(Value v) {
    if (v instanceof DoubleValue d) return d.value();
    throw new SchemaParseException("a Double", v);
  }

  /** @return the SignedInteger {@code v}. */
  public static BigInteger integer(Value v) {
    if (v instanceof SignedInteger i) return i.bigValue();
    throw new SchemaParseException("a SignedInteger", v);
  }

  /** @return the String {@code v}. */
  public static String string(Value v) {
    if (v instanceof StringValue s) return s.value();
    throw new SchemaParseException("a String", v);
  }

  /** @return the ByteString {@code v} (annotations removed). */
  public static ByteString bytes(Value v) {
    if (v instanceof ByteString b) return (ByteString) b.strip();
    throw new SchemaParseException("a ByteString", v);
  }

  /** @return the name of the Symbol {@code v}. */
  public static String symbol(Value v) {
    if (v instanceof Symbol s) return s.name();
    throw new SchemaParseException("a Symbol", v);
  }

  /** @return the payload of the Embedded {@code v}. */
  public static Object embedded(Value v) {
    if (v instanceof Embedded e) return e.payload();
    throw new SchemaParseException("an embedded value", v);
  }

  /** @return the payload of the Embedded {@code v}, which must be a {@code type}. */
  public static <T> T embedded(Value v, Class<T> type) {
    if (v instanceof Embedded e && type.isInstance(e.payload())) return type.cast(e.payload());
    throw new SchemaParseException("an embedded " + type.getSimpleName(), v);
  }

  /** Parses every element of the sequence {@code v}. */
  public static <T> List<T> seqOf(Value v, Function<Value, T> element) {
    if (!(v instanceof Sequence s)) throw new SchemaParseException("a sequence", v);
    return tail(s.items(), 0, element);
  }

  /** Parses {@code items[from…]}, reporting paths as indexes into {@code items}. */
  public static <T> List<T> tail(List<Value> items, int from, Function<Value, T> element) {
    List<T> out = new ArrayList<>(Math.max(0, items.size() - from));
    for (int i = from; i < items.size(); i++) {
      try {
        out.add(element.apply(items.get(i)));
      } catch (SchemaParseException e) {
        throw e.atIndex(i);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** @return {@code items[from…]} as a Sequence. */
  public static Sequence rest(List<Value> items, int from) {
    return Sequence.of(items.subList(Math.min(from, items.size()), items.size()));
  }

  /** Parses every element of the set {@code v} (iteration in the Preserves order). */
  public static <T> Set<T> setOf(Value v, Function<Value, T> element) {
    if (!(v instanceof SetValue s)) throw new SchemaParseException("a set", v);
    Set<T> out = new LinkedHashSet<>();
    for (Value e : s.elements()) {
      try {
        out.add(element.apply(e));
      } catch (SchemaParseException x) {
        throw x.at("#{" + e + "}");
      }
    }
    return Collections.unmodifiableSet(out);
  }

  /** Parses every key and value of the dictionary {@code v} (iteration in key order). */
  public static <K, W> Map<K, W> dictOf(Value v, Function<Value, K> key, Function<Value, W> value) {
    if (!(v instanceof Dictionary d)) throw new SchemaParseException("a dictionary", v);
    Map<K, W> out = new LinkedHashMap<>();
    for (int i = 0; i < d.size(); i++) {
      Value k = d.keys().get(i);
      K pk;
      try {
        pk = key.apply(k);
      } catch (SchemaParseException x) {
        throw x.at("{" + k + " (key)}");
      }
      try {
        out.put(pk, value.apply(d.values().get(i)));
      } catch (SchemaParseException x) {
        throw x.atKey(k);
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /**
   * The error for an ordered choice none of whose alternatives matched: the failure that got
   * deepest into the value (the most informative), or, when all failed at the value itself, one
   * listing the alternatives.
   *
   * @param typeName the definition's name
   * @param v the value
   * @param labels what each alternative expects (literal, record label, reference or variant label), in order
   * @param failures each alternative's failure, in order (null for one skipped by a cheap guard)
   */
  public static SchemaParseException noAlternative(
      String typeName, Value v, List<String> labels, SchemaParseException... failures) {
    SchemaParseException deepest = null;
    for (SchemaParseException f : failures) {
      if (f != null && f.depth() > 0 && (deepest == null || f.depth() > deepest.depth())) deepest = f;
    }
    if (deepest != null) return deepest;
    return new SchemaParseException(typeName + " (one of: " + String.join(" / ", labels) + ")", v);
  }

  // ---- building ------------------------------------------------------------------------------------

  /** @return the Sequence of the unparsed elements. */
  public static <T> Sequence seq(List<T> items, Function<? super T, Value> element) {
    return Sequence.of(list(items, element));
  }

  /** @return the unparsed elements as a list of values. */
  public static <T> List<Value> list(List<T> items, Function<? super T, Value> element) {
    List<Value> out = new ArrayList<>(items.size());
    for (T t : items) out.add(element.apply(t));
    return out;
  }

  /** @return the Set of the unparsed elements. */
  public static <T> SetValue set(Set<T> items, Function<? super T, Value> element) {
    List<Value> out = new ArrayList<>(items.size());
    for (T t : items) out.add(element.apply(t));
    return SetValue.of(out);
  }

  /** @return the Dictionary of the unparsed entries. */
  public static <K, W> Dictionary dict(Map<K, W> entries, Function<? super K, Value> key, Function<? super W, Value> value) {
    Dictionary.Builder b = Dictionary.builder();
    for (Map.Entry<K, W> e : entries.entrySet()) b.put(key.apply(e.getKey()), value.apply(e.getValue()));
    return b.build();
  }

  /** @return {@code a} followed by {@code b}. */
  public static List<Value> concat(List<Value> a, List<Value> b) {
    List<Value> out = new ArrayList<>(a.size() + b.size());
    out.addAll(a);
    out.addAll(b);
    return out;
  }

  /** @return the elements of {@code v}, which must be a Sequence (a tuple tail's unparsed form). */
  public static List<Value> items(Value v) {
    if (v instanceof Sequence s) return s.items();
    throw new SchemaParseException("a sequence (for the fields of a record)", v);
  }

  /**
   * Merges the values produced by the pieces of an intersection ({@code &}): dictionaries are
   * united (values under a shared key merged recursively), records and sequences of the same
   * shape are merged position by position, and otherwise the values must be equal.
   *
   * @throws SchemaParseException when the pieces produce incompatible values
   */
  public static Value merge(Value... pieces) {
    Value acc = pieces[0];
    for (int i = 1; i < pieces.length; i++) acc = merge2(acc, pieces[i]);
    return acc;
  }

  private static Value merge2(Value a, Value b) {
    if (a instanceof Dictionary da && b instanceof Dictionary db) {
      Map<Value, Value> m = new LinkedHashMap<>(da.toMap());
      for (int i = 0; i < db.size(); i++) {
        Value k = db.keys().get(i);
        Value old = m.get(k);
        m.put(k, old == null ? db.values().get(i) : merge2(old, db.values().get(i)));
      }
      return Dictionary.of(m);
    }
    if (a instanceof RecordValue ra && b instanceof RecordValue rb && ra.arity() == rb.arity()) {
      Value label = merge2(ra.label(), rb.label());
      List<Value> fs = new ArrayList<>();
      for (int i = 0; i < ra.arity(); i++) fs.add(merge2(ra.field(i), rb.field(i)));
      return RecordValue.of(label, fs);
    }
    if (a instanceof Sequence sa && b instanceof Sequence sb && sa.size() == sb.size()) {
      List<Value> fs = new ArrayList<>();
      for (int i = 0; i < sa.size(); i++) fs.add(merge2(sa.get(i), sb.get(i)));
      return Sequence.of(fs);
    }
    if (a.equals(b)) return a;
    throw new SchemaParseException("values that can be merged (an intersection's pieces disagree: " + a + ")", b);
  }
}
