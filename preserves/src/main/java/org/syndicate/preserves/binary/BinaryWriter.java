package org.syndicate.preserves.binary;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Encoder for the Preserves binary syntax (Preserves 0.996 binary syntax and canonical form;
 * reference note preserves.md §2.1 and §2.3).
 *
 * <p>Output is always minimal (shortest varints and integers, zero as {@code B0 00}, doubles as
 * {@code 87 08} plus their raw 64 bits, NaN patterns untouched). The {@link Mode} decides
 * annotations and collection order:
 *
 * <ul>
 *   <li>{@link Mode#CANONICAL}: the canonical form of §2.3: no annotations; set elements and
 *       dictionary entries in ascending order of the canonical bytes of the element / key,
 *       compared as unsigned bytes (<b>not</b> the semantic total order; pitfall 3). Equal values
 *       give equal bytes: use it for hashing and signatures.
 *   <li>{@link Mode#CANONICAL_WITH_ANNOTATIONS}: the same order (decided by the annotation-free
 *       bytes), annotations written. {@code samples.bin} is in this form.
 *   <li>{@link Mode#AS_IS}: annotations written, sets and dictionaries in the order the value holds
 *       them (the semantic total order of {@link SetValue} / {@link Dictionary}).
 * </ul>
 *
 * <p>Sorting is done without re-encoding: each element is encoded once into the output, its byte
 * range is remembered, and the ranges are reordered in place (one copy per nesting level of
 * sets/dictionaries). In {@link Mode#CANONICAL_WITH_ANNOTATIONS} the annotation-free sort keys are
 * produced alongside, in one pass, into a second buffer.
 *
 * <p>Embedded payloads are turned into values by the {@link EmbeddedCodec} and written after
 * {@code 0x86}. Instances are immutable and thread-safe. Recursion follows the value's nesting;
 * values come from decoders that bound it (see {@link BinaryReader.Options#maxDepth()}).
 */
public final class BinaryWriter {

  /** Annotation and ordering behaviour; see the class comment. */
  public enum Mode {
    /** No annotations; sets and dictionaries sorted by canonical bytes (§2.3). */
    CANONICAL,
    /** Annotations written; sets and dictionaries sorted by the canonical bytes of the bare element/key. */
    CANONICAL_WITH_ANNOTATIONS,
    /** Annotations written; collections in held order. */
    AS_IS
  }

  private static final BinaryWriter CANONICAL_WRITER = new BinaryWriter(Mode.CANONICAL);

  private final Mode mode;
  private final EmbeddedCodec codec;

  /** A writer in {@code mode} with {@link EmbeddedCodec#IDENTITY}. */
  public BinaryWriter(Mode mode) {
    this(mode, EmbeddedCodec.IDENTITY);
  }

  /** A writer in {@code mode} mapping embedded payloads with {@code codec}. */
  public BinaryWriter(Mode mode, EmbeddedCodec codec) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.codec = Objects.requireNonNull(codec, "codec");
  }

  /** @return the mode. */
  public Mode mode() {
    return mode;
  }

  /** @return the embedded codec. */
  public EmbeddedCodec embeddedCodec() {
    return codec;
  }

  /**
   * @return the canonical binary encoding of {@code v} (identity embedded codec)
   * @throws org.syndicate.preserves.PreservesException if an embedded payload is not a Value
   */
  public static byte[] canonical(Value v) {
    return CANONICAL_WRITER.toBytes(v);
  }

  /** @return the encoding of {@code v} in {@code mode} (identity embedded codec). */
  public static byte[] encode(Value v, Mode mode) {
    return new BinaryWriter(mode).toBytes(v);
  }

  /** @return the encoding of {@code v} in {@code mode}, embedded payloads mapped by {@code codec}. */
  public static byte[] encode(Value v, Mode mode, EmbeddedCodec codec) {
    return new BinaryWriter(mode, codec).toBytes(v);
  }

  /** @return the encoding of {@code v}. */
  public byte[] toBytes(Value v) {
    EncodingBuffer out = new EncodingBuffer(128);
    write(v, out);
    return out.toByteArray();
  }

  /**
   * Appends the encoding of {@code v} to {@code out}. If encoding fails (the embedded codec
   * throws a {@link PreservesException}, or the value is too deep for the thread's stack, which
   * is reported as a {@link PreservesException}), {@code out} is restored to its previous length
   * and the exception propagates.
   */
  public void write(Value v, EncodingBuffer out) {
    int mark = out.length();
    try {
      new Encoder(out).value(v);
    } catch (RuntimeException e) {
      out.truncate(mark);
      throw e;
    } catch (StackOverflowError e) {
      // only for values built by hand deeper than any decoder allows (decoders cap the depth)
      out.truncate(mark);
      throw new PreservesException("value nested too deeply to encode on this thread's stack", e);
    }
  }

  /** Writes the encoding of {@code v} to {@code out} (one {@code write} call). */
  public void write(Value v, OutputStream out) throws IOException {
    EncodingBuffer buf = new EncodingBuffer(128);
    write(v, buf);
    buf.writeTo(out);
  }

  /** One encoding run: the output buffer, plus the sort-key buffer in annotated-canonical mode. */
  private final class Encoder {
    private final EncodingBuffer out;
    private final boolean annotations = mode != Mode.CANONICAL;
    private final boolean sorting = mode != Mode.AS_IS;
    private final boolean separateKeys = mode == Mode.CANONICAL_WITH_ANNOTATIONS;
    /** Annotation-free bytes, written while {@link #keyDepth} &gt; 0 (annotated-canonical mode). */
    private EncodingBuffer keys;
    private int keyDepth;

    Encoder(EncodingBuffer out) {
      this.out = out;
    }

    /** Copies what was written to {@code out} since {@code from} into the key buffer if it is active. */
    private void mirror(int from) {
      if (keyDepth > 0) keys.write(out.array(), from, out.length() - from);
    }

    private void tag(int b) {
      out.write(b);
      if (keyDepth > 0) keys.write(b);
    }

    void value(Value v) {
      if (annotations && v.hasAnnotations()) {
        int saved = keyDepth;
        keyDepth = 0; // annotations are not part of any sort key
        for (Value a : v.annotations()) {
          out.write(0x85);
          value(a);
        }
        keyDepth = saved;
      }
      int from = out.length();
      switch (v) {
        case BooleanValue b -> {
          out.write(b.value() ? 0x81 : 0x80);
          mirror(from);
        }
        case DoubleValue d -> {
          out.write(0x87);
          out.write(8);
          out.writeLongBE(d.bits());
          mirror(from);
        }
        case SignedInteger i -> {
          writeInteger(i);
          mirror(from);
        }
        case StringValue s -> {
          writeBytes(0xB1, s.value().getBytes(StandardCharsets.UTF_8));
          mirror(from);
        }
        case ByteString b -> {
          writeBytes(0xB2, b.unsafeBytes());
          mirror(from);
        }
        case Symbol s -> {
          writeBytes(0xB3, s.name().getBytes(StandardCharsets.UTF_8));
          mirror(from);
        }
        case RecordValue r -> {
          tag(0xB4);
          value(r.label());
          for (Value f : r.fields()) value(f);
          tag(0x84);
        }
        case Sequence s -> {
          tag(0xB5);
          for (Value e : s.items()) value(e);
          tag(0x84);
        }
        case SetValue s -> {
          tag(0xB6);
          if (sorting && s.size() > 1) sortedSet(s.elements());
          else for (Value e : s.elements()) value(e);
          tag(0x84);
        }
        case Dictionary d -> {
          tag(0xB7);
          if (sorting && d.size() > 1) {
            sortedDictionary(d.keys(), d.values());
          } else {
            for (int i = 0; i < d.size(); i++) {
              value(d.keys().get(i));
              value(d.values().get(i));
            }
          }
          tag(0x84);
        }
        case Embedded e -> {
          tag(0x86);
          value(codec.encode(e.payload()));
        }
      }
    }

    private void writeBytes(int tag, byte[] bytes) {
      out.write(tag);
      out.writeVarint(bytes.length);
      out.write(bytes);
    }

    private void writeInteger(SignedInteger i) {
      out.write(0xB0);
      if (i.fitsLong()) {
        long v = i.longValue();
        if (v == 0) {
          out.write(0);
          return;
        }
        int bits = 64 - Long.numberOfLeadingZeros(v ^ (v >> 63)); // magnitude bits without sign
        int n = bits / 8 + 1;
        out.write(n);
        for (int k = (n - 1) * 8; k >= 0; k -= 8) out.write((int) (v >> k));
      } else {
        byte[] b = i.bigValue().toByteArray(); // minimal two's complement for non-zero values
        out.writeVarint(b.length);
        out.write(b);
      }
    }

    private void sortedSet(List<Value> elements) {
      int n = elements.size();
      int[] outAt = new int[n + 1];
      if (!separateKeys) {
        for (int i = 0; i < n; i++) {
          outAt[i] = out.length();
          value(elements.get(i));
        }
        outAt[n] = out.length();
        Integer[] order = sortBySegments(out, outAt, outAt, 1);
        permute(out, outAt, order);
        return;
      }
      if (keys == null) keys = new EncodingBuffer(256);
      int outer = keyDepth;
      int[] keyAt = new int[n + 1];
      keyDepth++;
      for (int i = 0; i < n; i++) {
        outAt[i] = out.length();
        keyAt[i] = keys.length();
        value(elements.get(i));
      }
      keyDepth--;
      outAt[n] = out.length();
      keyAt[n] = keys.length();
      Integer[] order = sortBySegments(keys, keyAt, keyAt, 1);
      permute(out, outAt, order);
      if (outer > 0) permute(keys, keyAt, order);
      else keys.truncate(keyAt[0]);
    }

    private void sortedDictionary(List<Value> ks, List<Value> vs) {
      int n = ks.size();
      int[] outAt = new int[n + 1]; // entry starts in out
      int[] keyStart = new int[n + 1]; // key starts in the sort-key buffer (entry starts when mirrored)
      int[] keyEnd = new int[n];
      EncodingBuffer keyBuf = separateKeys ? keys() : out;
      int outer = keyDepth;
      for (int i = 0; i < n; i++) {
        outAt[i] = out.length();
        keyStart[i] = keyBuf.length();
        if (separateKeys) keyDepth++;
        value(ks.get(i));
        if (separateKeys) keyDepth--;
        keyEnd[i] = keyBuf.length();
        value(vs.get(i));
      }
      outAt[n] = out.length();
      keyStart[n] = keyBuf.length();
      Integer[] order = sortBySegments(keyBuf, keyStart, keyEnd, 0);
      permute(out, outAt, order);
      if (separateKeys) {
        if (outer > 0) permute(keys, keyStart, order); // entries (key and value) were mirrored
        else keys.truncate(keyStart[0]);
      }
    }

    private EncodingBuffer keys() {
      if (keys == null) keys = new EncodingBuffer(256);
      return keys;
    }
  }

  /**
   * Sorts segment indices by the unsigned bytes of segments {@code [start[i], end[i + endShift])}
   * of {@code buf}.
   */
  private static Integer[] sortBySegments(EncodingBuffer buf, int[] start, int[] end, int endShift) {
    int n = start.length - 1;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) order[i] = i;
    byte[] a = buf.array();
    Arrays.sort(
        order,
        (x, y) -> Arrays.compareUnsigned(a, start[x], end[x + endShift], a, start[y], end[y + endShift]));
    return order;
  }

  /** Rewrites the contiguous segments {@code [at[i], at[i+1])} of {@code buf} in {@code order}. */
  private static void permute(EncodingBuffer buf, int[] at, Integer[] order) {
    int n = order.length;
    boolean identity = true;
    for (int i = 0; i < n && identity; i++) identity = order[i] == i;
    if (identity) return;
    byte[] a = buf.array();
    byte[] copy = Arrays.copyOfRange(a, at[0], at[n]);
    int base = at[0];
    int p = base;
    for (int i = 0; i < n; i++) {
      int s = at[order[i]], len = at[order[i] + 1] - s;
      System.arraycopy(copy, s - base, a, p, len);
      p += len;
    }
  }
}
