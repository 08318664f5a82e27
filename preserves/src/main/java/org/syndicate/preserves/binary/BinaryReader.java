package org.syndicate.preserves.binary;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;

/**
 * Decoder for the Preserves binary syntax (Preserves 0.996 binary syntax; reference note
 * preserves.md §2.1, pitfalls 11–13 and 20–24).
 *
 * <p>Every call ends in exactly one of three ways:
 *
 * <ul>
 *   <li>a complete value (and, for the incremental calls, the number of bytes it used);
 *   <li>{@link EndOfInputException}: the input stopped before a value was complete, and more
 *       bytes could still make it valid ("need more bytes"). {@link EndOfInputException#atStart()}
 *       is true exactly when zero bytes were available;
 *   <li>{@link SyntaxError}: the bytes can never be valid whatever follows. Its {@link
 *       SyntaxError#position()} is the byte offset (0-based, from the start of the slice given to
 *       the reader) where the problem was detected.
 * </ul>
 *
 * <p>Rejected as syntax errors (§2.1): invalid tags (0x00–0x7F, 0x88–0xAF, 0xB8–0xFF, and the
 * retired tags 0x82/0x83/0x90–0xAF of the pre-0.990 format, §2.2), 0x84 where a value is
 * expected, a record without a label ({@code B4 84}), a dictionary with an odd number of items,
 * duplicate set elements or dictionary keys (annotations ignored), invalid UTF-8 in strings and
 * symbols, non-minimal varints, <b>non-minimal integers</b> (e.g. {@code B0 02 00 01} or {@code B0
 * 01 00}: rejected, so that accepted input keeps "same value ⇔ same bytes"), {@code 0x87} with a
 * length other than 8, nesting deeper than {@link Options#maxDepth()}, a declared length above
 * {@link Options#maxLength()}, a value longer than {@link Options#maxValueBytes()}, trailing bytes
 * after the value (only in {@link #decode(byte[])} and friends), and embedded payloads the {@link
 * EmbeddedCodec} refuses.
 *
 * <p>Declared lengths are checked against the bytes actually available before anything is
 * allocated (pitfall 21): a huge length with few bytes behind it is "need more bytes" (or a syntax
 * error when it exceeds the limits), never an {@link OutOfMemoryError}.
 *
 * <p>Instances read several values back to back from one slice ({@link #next()}); they are not
 * thread-safe. The static methods are.
 */
public final class BinaryReader {

  /**
   * Decoder options.
   *
   * @param keepAnnotations true to attach {@code 0x85} annotations to the values they annotate;
   *     false (the default, like the reference implementations) to check and then drop them
   * @param embeddedCodec maps the value after {@code 0x86} to the payload of the {@link Embedded}
   *     (default {@link EmbeddedCodec#IDENTITY}); a {@link PreservesException} or other runtime
   *     exception it throws becomes a {@link SyntaxError} at the {@code 0x86}
   * @param maxDepth maximum nesting of compounds, embedded payloads and annotation values (1 to
   *     {@value #MAX_DEPTH_CEILING}; default 512); deeper input is a {@link SyntaxError}
   * @param maxLength maximum declared length of one string, byte string, symbol, integer or
   *     double, in bytes (default 64 MiB)
   * @param maxValueBytes maximum size of one whole encoded value, in bytes (default 64 MiB); a
   *     value that would be longer is a {@link SyntaxError}, so a stream reader never has to
   *     buffer more than this before getting an answer
   */
  public record Options(
      boolean keepAnnotations,
      EmbeddedCodec embeddedCodec,
      int maxDepth,
      int maxLength,
      long maxValueBytes) {

    /** Hard ceiling on {@link #maxDepth}: deeper values would overflow recursive code elsewhere. */
    public static final int MAX_DEPTH_CEILING = 2048;

    /** Annotations dropped, identity embedded codec, depth 512, 64 MiB limits. */
    public static final Options DEFAULT =
        new Options(false, EmbeddedCodec.IDENTITY, 512, 64 << 20, 64L << 20);

    /** {@link #DEFAULT} but keeping annotations. */
    public static final Options WITH_ANNOTATIONS = DEFAULT.withKeepAnnotations(true);

    /** Validates the limits. */
    public Options {
      Objects.requireNonNull(embeddedCodec, "embeddedCodec");
      if (maxDepth < 1 || maxDepth > MAX_DEPTH_CEILING) {
        throw new IllegalArgumentException("maxDepth must be in 1.." + MAX_DEPTH_CEILING + ": " + maxDepth);
      }
      if (maxLength < 0) throw new IllegalArgumentException("maxLength must be >= 0: " + maxLength);
      if (maxValueBytes < 1) throw new IllegalArgumentException("maxValueBytes must be >= 1: " + maxValueBytes);
    }

    /** @return these options with {@code keepAnnotations} replaced. */
    public Options withKeepAnnotations(boolean keep) {
      return new Options(keep, embeddedCodec, maxDepth, maxLength, maxValueBytes);
    }

    /** @return these options with {@code embeddedCodec} replaced. */
    public Options withEmbeddedCodec(EmbeddedCodec codec) {
      return new Options(keepAnnotations, codec, maxDepth, maxLength, maxValueBytes);
    }

    /** @return these options with {@code maxDepth} replaced. */
    public Options withMaxDepth(int depth) {
      return new Options(keepAnnotations, embeddedCodec, depth, maxLength, maxValueBytes);
    }

    /** @return these options with {@code maxLength} replaced. */
    public Options withMaxLength(int length) {
      return new Options(keepAnnotations, embeddedCodec, maxDepth, length, maxValueBytes);
    }

    /** @return these options with {@code maxValueBytes} replaced. */
    public Options withMaxValueBytes(long bytes) {
      return new Options(keepAnnotations, embeddedCodec, maxDepth, maxLength, bytes);
    }
  }

  /**
   * One value decoded from the front of a buffer.
   *
   * @param value the value
   * @param length how many bytes its encoding used (from the given offset)
   */
  public record Decoded(Value value, int length) {}

  private final byte[] buf;
  private final int start;
  private final int end;
  private final Options options;
  private int pos;
  private long limitEnd; // absolute index the current value may not reach beyond
  private int valueStart;
  private int depth;
  private CharsetDecoder utf8;

  /**
   * A reader over {@code buf[offset .. offset+length)}, reading values back to back with {@link
   * #next()}.
   *
   * @throws IndexOutOfBoundsException if the slice is not inside {@code buf}
   */
  public BinaryReader(byte[] buf, int offset, int length, Options options) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    this.buf = buf;
    this.start = offset;
    this.end = offset + length;
    this.options = Objects.requireNonNull(options, "options");
    this.pos = offset;
  }

  /** A reader over all of {@code buf}. */
  public BinaryReader(byte[] buf, Options options) {
    this(buf, 0, buf.length, options);
  }

  // ------------------------------------------------------------------ static entry points

  /**
   * Decodes a binary document: exactly one value, annotations dropped, identity embedded codec.
   *
   * @throws EndOfInputException if {@code bytes} is empty or stops part-way through the value
   * @throws SyntaxError if the bytes are invalid or bytes follow the value
   */
  public static Value decode(byte[] bytes) {
    return decode(bytes, 0, bytes.length, Options.DEFAULT);
  }

  /** As {@link #decode(byte[])} with the given options. */
  public static Value decode(byte[] bytes, Options options) {
    return decode(bytes, 0, bytes.length, options);
  }

  /** As {@link #decode(byte[])} over {@code bytes[offset .. offset+length)}, offsets in errors relative to {@code offset}. */
  public static Value decode(byte[] bytes, int offset, int length, Options options) {
    BinaryReader r = new BinaryReader(bytes, offset, length, options);
    Value v = r.next();
    if (!r.atEnd()) {
      throw new SyntaxError(Position.ofByte(r.pos - r.start), "trailing bytes after the value (" + (r.end - r.pos) + " bytes)");
    }
    return v;
  }

  /**
   * Decodes the first value of {@code buf[offset .. offset+length)}, for stream readers (the
   * relay): the bytes after it are left alone. Each call parses from {@code offset} again; when a
   * large value may arrive in many pieces, find its end with a {@link BinaryFramer} (which resumes)
   * and decode only once it is complete.
   *
   * @return the value and the number of bytes it used
   * @throws EndOfInputException if more bytes are needed ({@code atStart()} when {@code length == 0})
   * @throws SyntaxError if the bytes can never start a valid value
   */
  public static Decoded decodePrefix(byte[] buf, int offset, int length, Options options) {
    BinaryReader r = new BinaryReader(buf, offset, length, options);
    Value v = r.next();
    return new Decoded(v, r.pos - offset);
  }

  /**
   * Decodes the first value between {@code in.position()} and {@code in.limit()}. On success the
   * buffer's position moves past the value; on any exception it is unchanged. Heap buffers are read
   * in place; direct buffers are copied (at most {@link Options#maxValueBytes()} bytes).
   *
   * @return the value and the number of bytes it used
   * @throws EndOfInputException if more bytes are needed
   * @throws SyntaxError if the bytes can never start a valid value
   */
  public static Decoded decodePrefix(ByteBuffer in, Options options) {
    Decoded d;
    if (in.hasArray()) {
      d = decodePrefix(in.array(), in.arrayOffset() + in.position(), in.remaining(), options);
    } else {
      int n = (int) Math.min(in.remaining(), Math.min(options.maxValueBytes() + 1, Integer.MAX_VALUE - 16));
      byte[] copy = new byte[n];
      in.get(in.position(), copy);
      d = decodePrefix(copy, 0, n, options);
    }
    in.position(in.position() + d.length());
    return d;
  }

  // ------------------------------------------------------------------ instance API

  /** @return true when every byte of the slice has been consumed. */
  public boolean atEnd() {
    return pos >= end;
  }

  /** @return how many bytes of the slice have been consumed by successful {@link #next()} calls. */
  public int consumed() {
    return pos - start;
  }

  /**
   * Reads the next value. On an exception the reader's position is left at the start of that
   * value.
   *
   * @throws EndOfInputException if the slice ends before the value does ({@code atStart()} when
   *     no bytes were left)
   * @throws SyntaxError if the bytes are invalid
   */
  public Value next() {
    valueStart = pos;
    long limit = pos + options.maxValueBytes();
    limitEnd = limit < 0 ? Long.MAX_VALUE : limit; // saturate on overflow
    depth = 0;
    if (pos >= end) throw new EndOfInputException(Position.ofByte(pos - start), true);
    try {
      return readValue();
    } catch (StackOverflowError e) {
      // Belt and braces: maxDepth is capped so this should not happen on ordinary thread stacks.
      pos = valueStart;
      throw new SyntaxError(Position.ofByte(valueStart - start), "value nested too deeply for this thread's stack");
    } catch (PreservesException e) {
      pos = valueStart;
      throw e;
    }
  }

  // ------------------------------------------------------------------ decoding

  private SyntaxError error(int at, String detail) {
    return new SyntaxError(Position.ofByte(at - start), detail);
  }

  /** Throws unless {@code n} more bytes are available (syntax error when over the value limit). */
  private void require(long n) {
    if (pos + n > limitEnd) {
      throw error(pos, "value longer than the limit of " + options.maxValueBytes() + " bytes");
    }
    if (pos + n > end) throw new EndOfInputException(Position.ofByte(end - start), false);
  }

  private int peekByte() {
    require(1);
    return buf[pos] & 0xff;
  }

  private int readByte() {
    require(1);
    return buf[pos++] & 0xff;
  }

  private Value readValue() {
    int tagPos = pos;
    int tag = readByte();
    return switch (tag) {
      case 0x80 -> BooleanValue.FALSE;
      case 0x81 -> BooleanValue.TRUE;
      case 0x84 -> throw error(tagPos, "end marker 0x84 where a value was expected");
      case 0x85 -> readAnnotated(tagPos);
      case 0x86 -> readEmbedded(tagPos);
      case 0x87 -> readDouble(tagPos);
      case 0xB0 -> readInteger(tagPos);
      case 0xB1 -> StringValue.of(readUtf8(tagPos, "string"));
      case 0xB2 -> readByteString();
      case 0xB3 -> Symbol.of(readUtf8(tagPos, "symbol"));
      case 0xB4 -> readRecord(tagPos);
      case 0xB5 -> Sequence.of(readItems(tagPos));
      case 0xB6 -> readSet(tagPos);
      case 0xB7 -> readDictionary(tagPos);
      default -> throw invalidTag(tagPos, tag);
    };
  }

  private SyntaxError invalidTag(int at, int tag) {
    return error(at, invalidTagDetail(tag));
  }

  /** The message for an invalid tag byte, naming the retired pre-0.990 tags as such (§2.2). */
  static String invalidTagDetail(int tag) {
    String hex = String.format("0x%02X", tag);
    if (tag == 0x82 || tag == 0x83 || (tag >= 0x90 && tag <= 0xAF)) {
      return "invalid tag " + hex + " (a tag of the retired pre-0.990 binary format)";
    }
    return "invalid tag " + hex;
  }

  private void enter(int at) {
    if (++depth > options.maxDepth()) {
      throw error(at, "nesting deeper than the limit of " + options.maxDepth());
    }
  }

  private Value readAnnotated(int firstTagPos) {
    List<Value> anns = options.keepAnnotations() ? new ArrayList<>(2) : null;
    int tagPos = firstTagPos;
    while (true) {
      enter(tagPos);
      Value a = readValue();
      depth--;
      if (anns != null) anns.add(a);
      if (peekByte() != 0x85) break;
      tagPos = pos++;
    }
    Value v = readValue(); // not 0x85: comes back without annotations of its own
    return anns != null ? v.withAnnotations(anns) : v;
  }

  private Value readEmbedded(int tagPos) {
    enter(tagPos);
    Value wire = readValue();
    depth--;
    Object payload;
    try {
      payload = options.embeddedCodec().decode(wire);
    } catch (RuntimeException e) {
      SyntaxError err = error(tagPos, "embedded value rejected: " + e.getMessage());
      err.initCause(e);
      throw err;
    }
    return Embedded.of(payload);
  }

  /** Reads a minimal unsigned LEB128 varint that must fit in an int (lengths). */
  private int readLength(String what) {
    int at = pos;
    long value = 0;
    int shift = 0;
    while (true) {
      int b = readByte();
      if (shift == 35 || (shift == 28 && (b & 0x7f) > 0x07)) {
        throw error(at, what + " length does not fit in 31 bits");
      }
      value |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        if (b == 0 && shift > 0) throw error(at, "non-minimal varint (" + what + " length)");
        break;
      }
      shift += 7;
    }
    if (value > options.maxLength()) {
      throw error(at, what + " length " + value + " exceeds the limit of " + options.maxLength() + " bytes");
    }
    return (int) value;
  }

  private Value readDouble(int tagPos) {
    int n = readLength("double");
    if (n != 8) throw error(tagPos, "0x87 with length " + n + " (only 8, a binary64 double, is valid)");
    require(8);
    long bits = 0;
    for (int i = 0; i < 8; i++) bits = (bits << 8) | (buf[pos + i] & 0xff);
    pos += 8;
    return DoubleValue.ofBits(bits);
  }

  private Value readInteger(int tagPos) {
    int n = readLength("integer");
    if (n == 0) return SignedInteger.of(0);
    require(n);
    int p = pos;
    byte first = buf[p];
    if (n == 1 && first == 0) throw error(tagPos, "non-minimal integer (zero is written B0 00)");
    if (n >= 2) {
      byte second = buf[p + 1];
      if ((first == 0 && second >= 0) || (first == -1 && second < 0)) {
        throw error(tagPos, "non-minimal integer (" + n + " bytes with a redundant sign byte)");
      }
    }
    pos += n;
    if (n <= 8) {
      long v = first; // sign-extended
      for (int i = 1; i < n; i++) v = (v << 8) | (buf[p + i] & 0xff);
      return SignedInteger.of(v);
    }
    return SignedInteger.of(new BigInteger(buf, p, n));
  }

  private Value readByteString() {
    int n = readLength("byte string");
    require(n);
    ByteString b = ByteString.of(buf, pos, pos + n);
    pos += n;
    return b;
  }

  private String readUtf8(int tagPos, String what) {
    int n = readLength(what);
    require(n);
    int p = pos;
    boolean ascii = true;
    for (int i = p; i < p + n; i++) {
      if (buf[i] < 0) {
        ascii = false;
        break;
      }
    }
    String s;
    if (ascii) {
      s = new String(buf, p, n, StandardCharsets.ISO_8859_1);
    } else {
      if (utf8 == null) {
        utf8 =
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
      }
      ByteBuffer in = ByteBuffer.wrap(buf, p, n);
      try {
        utf8.reset();
        CharBuffer chars = utf8.decode(in);
        s = chars.toString();
      } catch (CharacterCodingException e) {
        throw error(in.position(), "invalid UTF-8 in " + what + " (at byte " + (in.position() - p) + " of it)");
      }
    }
    pos += n;
    return s;
  }

  private Value readRecord(int tagPos) {
    if (peekByte() == 0x84) throw error(tagPos, "record without a label (B4 84)");
    List<Value> items = readItems(tagPos);
    return RecordValue.of(items.get(0), items.subList(1, items.size()));
  }

  private List<Value> readItems(int tagPos) {
    enter(tagPos);
    List<Value> items = new ArrayList<>();
    while (peekByte() != 0x84) items.add(readValue());
    pos++;
    depth--;
    return items;
  }

  private Value readSet(int tagPos) {
    enter(tagPos);
    List<Value> items = new ArrayList<>();
    while (peekByte() != 0x84) items.add(readValue());
    pos++;
    depth--;
    SetValue set = SetValue.of(items); // drops duplicates: a smaller set means there was one
    if (set.size() != items.size()) throw duplicate(tagPos, items, 1, "duplicate set element");
    return set;
  }

  /**
   * Locates the first element (every {@code step}-th item) equal to an earlier one and reports it
   * at its own offset, found by decoding the compound's items again (slow path, errors only).
   */
  private SyntaxError duplicate(int tagPos, List<Value> items, int step, String detail) {
    HashSet<Value> seen = new HashSet<>();
    int index = 0;
    for (int i = 0; i < items.size(); i += step) {
      if (!seen.add(items.get(i))) {
        index = i;
        break;
      }
    }
    int saved = pos;
    pos = tagPos + 1;
    for (int k = 0; k < index; k++) readValue();
    int at = pos;
    pos = saved;
    return error(at, detail);
  }

  private Value readDictionary(int tagPos) {
    enter(tagPos);
    List<Map.Entry<Value, Value>> entries = new ArrayList<>();
    while (peekByte() != 0x84) {
      Value k = readValue();
      if (peekByte() == 0x84) throw error(pos, "dictionary with an odd number of items (key without a value)");
      Value v = readValue();
      entries.add(Map.entry(k, v));
    }
    pos++;
    depth--;
    Dictionary dict = Dictionary.ofEntries(entries); // merges equal keys: a smaller one means a duplicate
    if (dict.size() != entries.size()) {
      List<Value> items = new ArrayList<>(entries.size() * 2);
      for (Map.Entry<Value, Value> e : entries) {
        items.add(e.getKey());
        items.add(e.getValue());
      }
      throw duplicate(tagPos, items, 2, "duplicate dictionary key");
    }
    return dict;
  }
}
