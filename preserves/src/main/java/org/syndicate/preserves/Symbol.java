package org.syndicate.preserves;

import java.util.List;

/**
 * A Preserves Symbol: like a String (Unicode scalar values, code-point order) but a distinct kind,
 * used for identifiers and record labels. {@code "a"} and {@code a} are different values.
 */
public final class Symbol extends Value {
  private final String name;

  private Symbol(String name, List<Value> annotations) {
    super(annotations);
    this.name = name;
  }

  /**
   * @param name the symbol's text
   * @return the symbol
   * @throws PreservesException if {@code name} holds a lone surrogate
   */
  public static Symbol of(String name) {
    return new Symbol(checkScalarValues(name, "symbol"), List.of());
  }

  /** @return the symbol's text. */
  public String name() {
    return name;
  }

  @Override
  public Kind kind() {
    return Kind.SYMBOL;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new Symbol(name, newAnnotations);
  }

  @Override
  public Value strip() {
    return hasAnnotations() ? new Symbol(name, List.of()) : this;
  }

  @Override
  int compareSameKind(Value other, int depth) {
    return compareCodePoints(name, ((Symbol) other).name);
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    return name.equals(((Symbol) other).name);
  }

  @Override
  int contentHash(int depth) {
    return name.hashCode() * 31 + 5;
  }
}
