package org.syndicate.preserves;

import java.util.Arrays;
import java.util.List;

/** A Preserves Sequence: an ordered list of values, ordered lexicographically. */
public final class Sequence extends Value {
  private static final Sequence EMPTY = new Sequence(List.of(), List.of());
  private final List<Value> items;
  private int hash;

  private Sequence(List<Value> items, List<Value> annotations) {
    super(annotations);
    this.items = items;
  }

  /** @return the sequence of {@code items} (copied). */
  public static Sequence of(List<? extends Value> items) {
    return items.isEmpty() ? EMPTY : new Sequence(List.copyOf(items), List.of());
  }

  /** @return the sequence of {@code items}. */
  public static Sequence of(Value... items) {
    return of(Arrays.asList(items));
  }

  /** @return the elements (immutable). */
  public List<Value> items() {
    return items;
  }

  /** @return the number of elements. */
  public int size() {
    return items.size();
  }

  /** @return element {@code i} (0-based). */
  public Value get(int i) {
    return items.get(i);
  }

  @Override
  public Kind kind() {
    return Kind.SEQUENCE;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new Sequence(items, newAnnotations);
  }

  @Override
  public Value strip() {
    List<Value> s = stripList(items);
    if (s == items && !hasAnnotations()) return this;
    return new Sequence(List.copyOf(s), List.of());
  }

  @Override
  int compareSameKind(Value other, int depth) {
    return Structure.compareLists(items, ((Sequence) other).items, depth);
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    Sequence o = (Sequence) other;
    return contentHash(depth) == o.contentHash(depth) && Structure.listsEqual(items, o.items, depth);
  }

  @Override
  int contentHash(int depth) {
    int h = hash;
    if (h == 0) {
      if (depth >= Structure.RECURSION_LIMIT) return Structure.hashIteratively(this);
      h = Structure.hashList(items, depth) * 31 + 11;
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
    return items.size();
  }

  @Override
  Value child(int i) {
    return items.get(i);
  }
}
