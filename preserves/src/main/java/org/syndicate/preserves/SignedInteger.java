package org.syndicate.preserves;

import java.math.BigInteger;
import java.util.List;

/**
 * A Preserves SignedInteger of any size. Values that fit a {@code long} are held as one (the
 * common case); larger ones as a {@link BigInteger}. Ordered numerically; never equal to a
 * {@link DoubleValue}.
 */
public final class SignedInteger extends Value {
  private static final SignedInteger[] SMALL = new SignedInteger[256 + 128];

  static {
    for (int i = 0; i < SMALL.length; i++) SMALL[i] = new SignedInteger(i - 128, null, List.of());
  }

  private final long small;
  private final BigInteger big; // non-null only when the value does not fit a long

  private SignedInteger(long small, BigInteger big, List<Value> annotations) {
    super(annotations);
    this.small = small;
    this.big = big;
  }

  /** @return the integer {@code n}. */
  public static SignedInteger of(long n) {
    if (n >= -128 && n < 256) return SMALL[(int) n + 128];
    return new SignedInteger(n, null, List.of());
  }

  /** @return the integer {@code n}; a long-sized one is stored as a long. */
  public static SignedInteger of(BigInteger n) {
    if (n.bitLength() < 64) return of(n.longValue());
    return new SignedInteger(0, n, List.of());
  }

  /** @return true when the value fits in a Java {@code long}. */
  public boolean fitsLong() {
    return big == null;
  }

  /** @return true when the value fits in a Java {@code int}. */
  public boolean fitsInt() {
    return big == null && small == (int) small;
  }

  /**
   * @return the value as a long
   * @throws PreservesException if it does not fit (see {@link #fitsLong()})
   */
  public long longValue() {
    if (big != null) throw new PreservesException("integer " + big + " does not fit in 64 bits");
    return small;
  }

  /**
   * @return the value as an int
   * @throws PreservesException if it does not fit (see {@link #fitsInt()})
   */
  public int intValue() {
    if (!fitsInt()) throw new PreservesException("integer " + bigValue() + " does not fit in 32 bits");
    return (int) small;
  }

  /** @return the value as a BigInteger. */
  public BigInteger bigValue() {
    return big != null ? big : BigInteger.valueOf(small);
  }

  /** @return -1, 0 or 1. */
  public int signum() {
    return big != null ? big.signum() : Long.signum(small);
  }

  @Override
  public Kind kind() {
    return Kind.SIGNED_INTEGER;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new SignedInteger(small, big, newAnnotations);
  }

  @Override
  public Value strip() {
    if (!hasAnnotations()) return this;
    return big != null ? new SignedInteger(0, big, List.of()) : of(small);
  }

  @Override
  int compareSameKind(Value other, int depth) {
    SignedInteger o = (SignedInteger) other;
    if (big == null && o.big == null) return Long.compare(small, o.small);
    return bigValue().compareTo(o.bigValue());
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    SignedInteger o = (SignedInteger) other;
    if (big == null && o.big == null) return small == o.small;
    return big != null && big.equals(o.big); // canonical: a long-sized value never has big set
  }

  @Override
  int contentHash(int depth) {
    return big != null ? big.hashCode() : Long.hashCode(small);
  }
}
