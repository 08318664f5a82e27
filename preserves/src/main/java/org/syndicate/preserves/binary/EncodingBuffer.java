package org.syndicate.preserves.binary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A growing byte array that {@link BinaryWriter} appends encodings to: one per connection or per
 * packet in the relay, reused with {@link #clear()}. Not thread-safe.
 *
 * <p>Capacity doubles as needed; {@link #array()} exposes the backing array (valid up to {@link
 * #length()}) so callers can hand the bytes to a socket without copying.
 */
public final class EncodingBuffer {
  private byte[] bytes;
  private int length;

  /** A buffer with a small initial capacity. */
  public EncodingBuffer() {
    this(64);
  }

  /** @param initialCapacity initial capacity in bytes (at least 1 is used) */
  public EncodingBuffer(int initialCapacity) {
    bytes = new byte[Math.max(1, initialCapacity)];
  }

  /** @return the number of bytes written. */
  public int length() {
    return length;
  }

  /** @return the backing array; bytes {@code [0, length())} are the content. Not a copy. */
  public byte[] array() {
    return bytes;
  }

  /** @return a copy of the content. */
  public byte[] toByteArray() {
    return Arrays.copyOf(bytes, length);
  }

  /** @return a heap ByteBuffer over the content (shares the array; position 0, limit {@link #length()}). */
  public ByteBuffer asByteBuffer() {
    return ByteBuffer.wrap(bytes, 0, length);
  }

  /** Forgets the content, keeping the capacity. */
  public void clear() {
    length = 0;
  }

  /**
   * Drops everything after the first {@code newLength} bytes.
   *
   * @throws IndexOutOfBoundsException if {@code newLength} is negative or beyond {@link #length()}
   */
  public void truncate(int newLength) {
    Objects.checkIndex(newLength, length + 1);
    length = newLength;
  }

  /** Writes the content to {@code out}. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(bytes, 0, length);
  }

  /** Makes room for {@code n} more bytes. */
  void ensure(int n) {
    int need = length + n;
    if (need < 0) throw new OutOfMemoryError("encoding longer than 2 GiB");
    if (need > bytes.length) {
      int cap = Math.max(need, bytes.length < (1 << 30) ? bytes.length * 2 : Integer.MAX_VALUE - 16);
      bytes = Arrays.copyOf(bytes, cap);
    }
  }

  /** Appends one byte (the low 8 bits of {@code b}). */
  public void write(int b) {
    if (length == bytes.length) ensure(1);
    bytes[length++] = (byte) b;
  }

  /** Appends {@code src[off .. off+len)}. */
  public void write(byte[] src, int off, int len) {
    ensure(len);
    System.arraycopy(src, off, bytes, length, len);
    length += len;
  }

  /** Appends all of {@code src}. */
  public void write(byte[] src) {
    write(src, 0, src.length);
  }

  /** Appends {@code value} as a minimal unsigned LEB128 varint (preserves.md §2.1). */
  public void writeVarint(long value) {
    if (value < 0) throw new IllegalArgumentException("negative varint " + value);
    ensure(10);
    while (value >= 0x80) {
      bytes[length++] = (byte) (value | 0x80);
      value >>>= 7;
    }
    bytes[length++] = (byte) value;
  }

  /** Appends the 8 bytes of {@code v}, big-endian. */
  public void writeLongBE(long v) {
    ensure(8);
    for (int i = 56; i >= 0; i -= 8) bytes[length++] = (byte) (v >>> i);
  }
}
