package org.syndicate.preserves;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A Preserves ByteString: a sequence of octets, ordered lexicographically as unsigned bytes. */
public final class ByteString extends Value {
  private static final ByteString EMPTY = new ByteString(new byte[0], List.of());
  private final byte[] bytes;

  private ByteString(byte[] bytes, List<Value> annotations) {
    super(annotations);
    this.bytes = bytes;
  }

  /** @return a ByteString holding a copy of {@code bytes}. */
  public static ByteString of(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new ByteString(bytes.clone(), List.of());
  }

  /** @return a ByteString holding a copy of {@code bytes[from..to)}. */
  public static ByteString of(byte[] bytes, int from, int to) {
    return from == to ? EMPTY : new ByteString(Arrays.copyOfRange(bytes, from, to), List.of());
  }

  /**
   * Wraps {@code bytes} without copying. The caller gives up the array: it must never be changed
   * afterwards. For decoders that have just allocated it.
   */
  public static ByteString wrap(byte[] bytes) {
    return bytes.length == 0 ? EMPTY : new ByteString(bytes, List.of());
  }

  /** @return the ByteString of the given hex digits (no separators). */
  public static ByteString fromHex(String hex) {
    return wrap(HexFormat.of().parseHex(hex));
  }

  /** @return a copy of the bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /**
   * @return the internal array, for encoders. It must not be changed.
   */
  public byte[] unsafeBytes() {
    return bytes;
  }

  /** @return the number of bytes. */
  public int length() {
    return bytes.length;
  }

  /** @return the byte at {@code i}. */
  public byte byteAt(int i) {
    return bytes[i];
  }

  /** @return lower-case hex of the bytes. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public Kind kind() {
    return Kind.BYTE_STRING;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new ByteString(bytes, newAnnotations);
  }

  @Override
  public Value strip() {
    return hasAnnotations() ? new ByteString(bytes, List.of()) : this;
  }

  @Override
  int compareSameKind(Value other, int depth) {
    return Arrays.compareUnsigned(bytes, ((ByteString) other).bytes);
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    return Arrays.equals(bytes, ((ByteString) other).bytes);
  }

  @Override
  int contentHash(int depth) {
    return Arrays.hashCode(bytes) * 31 + 4;
  }
}
