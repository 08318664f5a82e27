package org.syndicate.preserves;

import java.util.List;

/**
 * A Preserves Double: an IEEE 754 binary64 value held as its raw 64 bits, so that every NaN
 * pattern (sign, quiet bit, payload) survives decode and encode and is its own value, and
 * {@code -0.0} differs from {@code 0.0} (preserves.md §1, §4, pitfalls 6–7). Ordered by IEEE 754
 * {@code totalOrder}.
 */
public final class DoubleValue extends Value {
  private final long bits;

  private DoubleValue(long bits, List<Value> annotations) {
    super(annotations);
    this.bits = bits;
  }

  /** @return the Double with exactly the bits of {@code d} (via {@link Double#doubleToRawLongBits}). */
  public static DoubleValue of(double d) {
    return new DoubleValue(Double.doubleToRawLongBits(d), List.of());
  }

  /** @return the Double with the given big-endian IEEE 754 binary64 bit pattern. */
  public static DoubleValue ofBits(long bits) {
    return new DoubleValue(bits, List.of());
  }

  /** @return the raw 64-bit pattern. */
  public long bits() {
    return bits;
  }

  /**
   * @return the value as a Java double. For signalling NaNs the JVM may not preserve the exact
   *     pattern: use {@link #bits()} to re-encode.
   */
  public double value() {
    return Double.longBitsToDouble(bits);
  }

  @Override
  public Kind kind() {
    return Kind.DOUBLE;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new DoubleValue(bits, newAnnotations);
  }

  @Override
  public Value strip() {
    return hasAnnotations() ? ofBits(bits) : this;
  }

  /** IEEE 754 totalOrder key: flip all but the sign bit of negative patterns. */
  private static long orderKey(long bits) {
    return bits < 0 ? bits ^ 0x7fffffffffffffffL : bits;
  }

  @Override
  int compareSameKind(Value other, int depth) {
    return Long.compare(orderKey(bits), orderKey(((DoubleValue) other).bits));
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    return bits == ((DoubleValue) other).bits;
  }

  @Override
  int contentHash(int depth) {
    return Long.hashCode(bits) * 31 + 7;
  }
}
