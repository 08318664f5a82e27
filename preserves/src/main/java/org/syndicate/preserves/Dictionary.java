package org.syndicate.preserves;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Preserves Dictionary: a finite map from keys to values, keys pairwise distinct. Entries are
 * held sorted by key in the Preserves total order; lookup is O(log n). Ordered against other
 * dictionaries by the sorted (key, value) lists, key first (preserves.md §4).
 */
public final class Dictionary extends Value {
  private static final Dictionary EMPTY = new Dictionary(List.of(), List.of(), List.of());
  private final List<Value> keys; // sorted, distinct
  private final List<Value> values; // parallel to keys
  private int hash;

  private Dictionary(List<Value> keys, List<Value> values, List<Value> annotations) {
    super(annotations);
    this.keys = keys;
    this.values = values;
  }

  /** @return the empty dictionary. */
  public static Dictionary empty() {
    return EMPTY;
  }

  /**
   * @param entries key/value pairs; for equal keys (annotations ignored) the last value wins and
   *     the first key object is kept
   * @return the dictionary
   */
  public static Dictionary of(Map<? extends Value, ? extends Value> entries) {
    if (entries.isEmpty()) return EMPTY;
    List<Map.Entry<Value, Value>> list = new ArrayList<>(entries.size());
    for (Map.Entry<? extends Value, ? extends Value> e : entries.entrySet()) {
      list.add(Map.entry(e.getKey(), e.getValue()));
    }
    return ofEntries(list);
  }

  /** @return a dictionary from alternating keys and values: {@code of(k1, v1, k2, v2, ...)}. */
  public static Dictionary of(Value... keysAndValues) {
    if (keysAndValues.length % 2 != 0) throw new PreservesException("odd number of keys and values");
    List<Map.Entry<Value, Value>> list = new ArrayList<>();
    for (int i = 0; i < keysAndValues.length; i += 2) list.add(Map.entry(keysAndValues[i], keysAndValues[i + 1]));
    return ofEntries(list);
  }

  /** As {@link #of(Map)}, from a list of entries (later duplicates replace the value). */
  public static Dictionary ofEntries(List<Map.Entry<Value, Value>> entries) {
    if (entries.isEmpty()) return EMPTY;
    List<Map.Entry<Value, Value>> sorted = new ArrayList<>(entries);
    sorted.sort(Map.Entry.comparingByKey(Comparator.naturalOrder())); // stable
    List<Value> ks = new ArrayList<>(sorted.size());
    List<Value> vs = new ArrayList<>(sorted.size());
    for (Map.Entry<Value, Value> e : sorted) {
      Value k = java.util.Objects.requireNonNull(e.getKey(), "key");
      Value v = java.util.Objects.requireNonNull(e.getValue(), "value");
      if (!ks.isEmpty() && ks.get(ks.size() - 1).equals(k)) {
        vs.set(vs.size() - 1, v);
      } else {
        ks.add(k);
        vs.add(v);
      }
    }
    return new Dictionary(List.copyOf(ks), List.copyOf(vs), List.of());
  }

  /** @return a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Collects entries, then {@link #build()}s a Dictionary. Later puts of an equal key win. */
  public static final class Builder {
    private final List<Map.Entry<Value, Value>> entries = new ArrayList<>();

    /** Adds an entry. */
    public Builder put(Value key, Value value) {
      entries.add(Map.entry(key, value));
      return this;
    }

    /** Adds an entry whose key is the symbol {@code key}. */
    public Builder put(String key, Value value) {
      return put(Symbol.of(key), value);
    }

    /** @return the dictionary. */
    public Dictionary build() {
      return ofEntries(entries);
    }
  }

  /** @return the keys in ascending total order (immutable). */
  public List<Value> keys() {
    return keys;
  }

  /** @return the values, in the order of {@link #keys()} (immutable). */
  public List<Value> values() {
    return values;
  }

  /** @return the number of entries. */
  public int size() {
    return keys.size();
  }

  /** @return the entries in key order, as a new insertion-ordered map. */
  public Map<Value, Value> toMap() {
    Map<Value, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) m.put(keys.get(i), values.get(i));
    return m;
  }

  /** @return the value for {@code key} (annotations ignored), or null. */
  public Value get(Value key) {
    int i = Collections.binarySearch(keys, key);
    return i >= 0 ? values.get(i) : null;
  }

  /** @return the value for the symbol key {@code key}, or null. */
  public Value get(String symbolKey) {
    return get(Symbol.of(symbolKey));
  }

  /** @return true when {@code key} is present. */
  public boolean containsKey(Value key) {
    return Collections.binarySearch(keys, key) >= 0;
  }

  @Override
  public Kind kind() {
    return Kind.DICTIONARY;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new Dictionary(keys, values, newAnnotations);
  }

  @Override
  public Value strip() {
    List<Value> ks = stripList(keys);
    List<Value> vs = stripList(values);
    if (ks == keys && vs == values && !hasAnnotations()) return this;
    return new Dictionary(List.copyOf(ks), List.copyOf(vs), List.of());
  }

  @Override
  int compareSameKind(Value other, int depth) {
    Dictionary o = (Dictionary) other;
    int n = Math.min(keys.size(), o.keys.size());
    for (int i = 0; i < n; i++) {
      int c = Structure.compare(keys.get(i), o.keys.get(i), depth + 1);
      if (c != 0) return c;
      c = Structure.compare(values.get(i), o.values.get(i), depth + 1);
      if (c != 0) return c;
    }
    return Integer.compare(keys.size(), o.keys.size());
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    Dictionary o = (Dictionary) other;
    return contentHash(depth) == o.contentHash(depth)
        && Structure.listsEqual(keys, o.keys, depth)
        && Structure.listsEqual(values, o.values, depth);
  }

  @Override
  int contentHash(int depth) {
    int h = hash;
    if (h == 0) {
      if (depth >= Structure.RECURSION_LIMIT) return Structure.hashIteratively(this);
      h = (Structure.hashList(keys, depth) * 31 + Structure.hashList(values, depth)) * 31 + 17;
      if (h == 0) h = 1;
      hash = h;
    }
    return h;
  }

  @Override
  boolean hashKnown() {
    return hash != 0;
  }

  @Override
  int childCount() {
    return 2 * keys.size();
  }

  @Override
  Value child(int i) {
    return (i & 1) == 0 ? keys.get(i >> 1) : values.get(i >> 1);
  }
}
