package org.syndicate.preserves;

import java.util.List;

/**
 * A Preserves String: a sequence of Unicode scalar values. Ordered by code point (not by UTF-16
 * unit, preserves.md pitfall 15). Construction rejects Java strings holding lone surrogates.
 */
public final class StringValue extends Value {
  private static final StringValue EMPTY = new StringValue("", List.of());
  private final String value;

  private StringValue(String value, List<Value> annotations) {
    super(annotations);
    this.value = value;
  }

  /**
   * @param s the text
   * @return the Preserves String
   * @throws PreservesException if {@code s} holds a lone surrogate
   */
  public static StringValue of(String s) {
    if (s.isEmpty()) return EMPTY;
    return new StringValue(checkScalarValues(s, "string"), List.of());
  }

  /** @return the text. */
  public String value() {
    return value;
  }

  @Override
  public Kind kind() {
    return Kind.STRING;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new StringValue(value, newAnnotations);
  }

  @Override
  public Value strip() {
    return hasAnnotations() ? new StringValue(value, List.of()) : this;
  }

  @Override
  int compareSameKind(Value other, int depth) {
    return compareCodePoints(value, ((StringValue) other).value);
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    return value.equals(((StringValue) other).value);
  }

  @Override
  int contentHash(int depth) {
    return value.hashCode() * 31 + 3;
  }
}
