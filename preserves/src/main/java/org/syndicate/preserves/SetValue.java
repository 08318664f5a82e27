package org.syndicate.preserves;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * A Preserves Set: a finite set of values, no two equal. Elements are held sorted by the
 * Preserves total order, so iteration, printing and comparison are deterministic. (Canonical
 * binary output re-sorts by encoded bytes; see the binary writer.) Membership is O(log n).
 */
public final class SetValue extends Value {
  private static final SetValue EMPTY = new SetValue(List.of(), List.of());
  private final List<Value> elements; // sorted, distinct; List.copyOf like every compound, so that
  // list calls in the structural operations see only the two JDK immutable list classes
  private int hash;

  private SetValue(List<Value> elements, List<Value> annotations) {
    super(annotations);
    this.elements = elements;
  }

  /**
   * @param items the elements; duplicates (equal ignoring annotations) are dropped, keeping the
   *     first occurrence
   * @return the set
   */
  public static SetValue of(Collection<? extends Value> items) {
    if (items.isEmpty()) return EMPTY;
    Value[] arr = items.toArray(new Value[0]);
    Arrays.sort(arr); // stable: the first of equal elements stays first
    List<Value> out = new ArrayList<>(arr.length);
    for (Value v : arr) {
      if (out.isEmpty() || !out.get(out.size() - 1).equals(v)) out.add(v);
    }
    return new SetValue(List.copyOf(out), List.of());
  }

  /** @return the set of {@code items}, duplicates dropped. */
  public static SetValue of(Value... items) {
    return of(Arrays.asList(items));
  }

  /**
   * @param items candidate elements
   * @return the first element of {@code items} that equals an earlier one, or null if all are
   *     distinct. Decoders use this to reject duplicate set elements.
   */
  public static Value firstDuplicate(Collection<? extends Value> items) {
    java.util.HashSet<Value> seen = new java.util.HashSet<>();
    for (Value v : items) if (!seen.add(v)) return v;
    return null;
  }

  /** @return the elements in ascending total order (immutable). */
  public List<Value> elements() {
    return elements;
  }

  /** @return the number of elements. */
  public int size() {
    return elements.size();
  }

  /** @return true when {@code v} (annotations ignored) is an element. */
  public boolean contains(Value v) {
    return Collections.binarySearch(elements, v) >= 0;
  }

  @Override
  public Kind kind() {
    return Kind.SET;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new SetValue(elements, newAnnotations);
  }

  @Override
  public Value strip() {
    List<Value> s = stripList(elements);
    if (s == elements && !hasAnnotations()) return this;
    return new SetValue(List.copyOf(s), List.of());
  }

  @Override
  int compareSameKind(Value other, int depth) {
    return Structure.compareLists(elements, ((SetValue) other).elements, depth);
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    SetValue o = (SetValue) other;
    return contentHash(depth) == o.contentHash(depth) && Structure.listsEqual(elements, o.elements, depth);
  }

  @Override
  int contentHash(int depth) {
    int h = hash;
    if (h == 0) {
      if (depth >= Structure.RECURSION_LIMIT) return Structure.hashIteratively(this);
      h = Structure.hashList(elements, depth) * 31 + 13;
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
    return elements.size();
  }

  @Override
  Value child(int i) {
    return elements.get(i);
  }
}
