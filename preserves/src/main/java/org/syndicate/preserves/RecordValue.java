package org.syndicate.preserves;

import java.util.Arrays;
import java.util.List;

/**
 * A Preserves Record: a label (any value, usually a {@link Symbol}) and zero or more fields.
 * Ordered by label, then by the fields as a sequence.
 */
public final class RecordValue extends Value {
  private final Value label;
  private final List<Value> fields;
  private int hash;

  private RecordValue(Value label, List<Value> fields, List<Value> annotations) {
    super(annotations);
    this.label = label;
    this.fields = fields;
  }

  /** @return the record {@code <label fields...>}. */
  public static RecordValue of(Value label, List<? extends Value> fields) {
    return new RecordValue(java.util.Objects.requireNonNull(label, "label"), List.copyOf(fields), List.of());
  }

  /** @return the record {@code <label fields...>}. */
  public static RecordValue of(Value label, Value... fields) {
    return of(label, Arrays.asList(fields));
  }

  /** @return the record {@code <label fields...>} whose label is the symbol {@code label}. */
  public static RecordValue of(String label, Value... fields) {
    return of(Symbol.of(label), Arrays.asList(fields));
  }

  /** @return the label. */
  public Value label() {
    return label;
  }

  /** @return the fields (immutable). */
  public List<Value> fields() {
    return fields;
  }

  /** @return the number of fields. */
  public int arity() {
    return fields.size();
  }

  /**
   * @param i 0-based field index
   * @return field {@code i}
   * @throws IndexOutOfBoundsException if there is no such field
   */
  public Value field(int i) {
    return fields.get(i);
  }

  @Override
  public Kind kind() {
    return Kind.RECORD;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new RecordValue(label, fields, newAnnotations);
  }

  @Override
  public Value strip() {
    Value l = label.strip();
    List<Value> f = stripList(fields);
    if (l == label && f == fields && !hasAnnotations()) return this;
    return new RecordValue(l, List.copyOf(f), List.of());
  }

  @Override
  int compareSameKind(Value other, int depth) {
    RecordValue o = (RecordValue) other;
    int c = Structure.compare(label, o.label, depth + 1);
    return c != 0 ? c : Structure.compareLists(fields, o.fields, depth);
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    RecordValue o = (RecordValue) other;
    return contentHash(depth) == o.contentHash(depth)
        && Structure.equal(label, o.label, depth + 1)
        && Structure.listsEqual(fields, o.fields, depth);
  }

  @Override
  int contentHash(int depth) {
    int h = hash;
    if (h == 0) {
      if (depth >= Structure.RECURSION_LIMIT) return Structure.hashIteratively(this);
      h = label.contentHash(depth + 1) * 31 + Structure.hashList(fields, depth);
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
    return 1 + fields.size();
  }

  @Override
  Value child(int i) {
    return i == 0 ? label : fields.get(i - 1);
  }
}
