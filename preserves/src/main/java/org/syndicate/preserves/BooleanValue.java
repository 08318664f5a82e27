package org.syndicate.preserves;

import java.util.List;

/** A Preserves Boolean. {@code #f < #t}. Use {@link #of(boolean)}, {@link #TRUE}, {@link #FALSE}. */
public final class BooleanValue extends Value {
  /** The unannotated {@code #t}. */
  public static final BooleanValue TRUE = new BooleanValue(true, List.of());
  /** The unannotated {@code #f}. */
  public static final BooleanValue FALSE = new BooleanValue(false, List.of());

  private final boolean value;

  private BooleanValue(boolean value, List<Value> annotations) {
    super(annotations);
    this.value = value;
  }

  /** @return {@link #TRUE} or {@link #FALSE}. */
  public static BooleanValue of(boolean b) {
    return b ? TRUE : FALSE;
  }

  /** @return the boolean. */
  public boolean value() {
    return value;
  }

  @Override
  public Kind kind() {
    return Kind.BOOLEAN;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new BooleanValue(value, newAnnotations);
  }

  @Override
  public Value strip() {
    return hasAnnotations() ? of(value) : this;
  }

  @Override
  int compareSameKind(Value other, int depth) {
    return Boolean.compare(value, ((BooleanValue) other).value);
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    return value == ((BooleanValue) other).value;
  }

  @Override
  int contentHash(int depth) {
    return value ? 0x51ed270b : 0x1b873593;
  }
}
