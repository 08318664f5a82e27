package org.syndicate.preserves.binary;

import java.util.Arrays;
import java.util.Objects;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.SyntaxError;

/**
 * Finds where a binary Preserves value ends in a byte stream, without building it and without
 * allocating for declared lengths: the "skip first, parse later" approach of syndicate-rs
 * (reference note preserves.md pitfalls 21–22). A relay calls {@link #scan} each time bytes
 * arrive; the scan resumes where the previous call stopped, so a large packet arriving in many
 * pieces is scanned once in total, not once per piece. When the value is complete, decode exactly
 * those bytes with {@link BinaryReader#decode(byte[], int, int, BinaryReader.Options)}.
 *
 * <p>The scan checks the structure (tags, {@code 0x84} placement, a label in every record, an even
 * number of dictionary items, minimal varints, {@code 0x87} length 8, the depth and size limits of
 * the {@link BinaryReader.Options}) with the same depth rule as {@link BinaryReader}; content rules
 * (UTF-8, minimal integers, duplicates, embedded payloads) are left to the decoder. So a value the
 * framer reports complete either decodes from exactly those bytes or is a {@link SyntaxError};
 * a framing {@link SyntaxError} is also one for the decoder.
 *
 * <p>One framer per stream; not thread-safe. After a {@link SyntaxError} the framer is reset (the
 * stream is unusable anyway: drop the connection).
 */
public final class BinaryFramer {
  private static final byte ANNOTATION = 1; // the annotation value after 0x85
  private static final byte EMBEDDED = 2; // the payload after 0x86
  private static final byte COMPOUND = 3; // items until 0x84

  private final BinaryReader.Options options;
  private byte[] kinds = new byte[16];
  private byte[] tags = new byte[16];
  private int[] counts = new int[16];
  private int depth;
  private boolean valueRequired; // an annotation has ended: its annotated value must follow (no 0x84)
  private int resume; // offset from the value's first byte where the next scan starts (a token boundary)

  /** A framer applying the limits of {@code options} (its annotation and codec settings do not matter). */
  public BinaryFramer(BinaryReader.Options options) {
    this.options = Objects.requireNonNull(options, "options");
  }

  /** Forgets any partly scanned value. */
  public void reset() {
    depth = 0;
    valueRequired = false;
    resume = 0;
  }

  /**
   * Scans {@code buf[offset .. offset+length)}, which holds the first bytes of the current value
   * (those scanned by earlier calls must still be there, unchanged, at the same place relative to
   * {@code offset}).
   *
   * @return the length in bytes of the complete value starting at {@code offset} (the framer is
   *     then ready for the next value), or -1 if more bytes are needed
   * @throws SyntaxError if the bytes cannot be the start of a valid value; its offset is relative
   *     to {@code offset}
   */
  public int scan(byte[] buf, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buf.length);
    try {
      return scan0(buf, offset, offset + length);
    } catch (SyntaxError e) {
      reset();
      throw e;
    }
  }

  private int scan0(byte[] buf, int base, int end) {
    long limit = options.maxValueBytes();
    int p = base + resume;
    while (true) {
      resume = p - base;
      if (depth > 0 && kinds[depth - 1] == COMPOUND && !valueRequired) {
        if (!available(p, 1, base, end, limit)) return -1;
        if (buf[p] == (byte) 0x84) {
          int tag = tags[depth - 1] & 0xff, n = counts[depth - 1];
          if (tag == 0xB4 && n == 0) throw error(p - 1, base, "record without a label (B4 84)");
          if (tag == 0xB7 && (n & 1) != 0) throw error(p, base, "dictionary with an odd number of items (key without a value)");
          p++;
          depth--;
          if (valueDone()) return finish(p - base);
          continue;
        }
      }
      if (!available(p, 1, base, end, limit)) return -1;
      int tagPos = p;
      int tag = buf[p++] & 0xff;
      valueRequired = false;
      switch (tag) {
        case 0x80, 0x81 -> {
          if (valueDone()) return finish(p - base);
        }
        case 0x84 -> throw error(tagPos, base, "end marker 0x84 where a value was expected");
        case 0x85 -> push(ANNOTATION, tag, tagPos, base);
        case 0x86 -> push(EMBEDDED, tag, tagPos, base);
        case 0xB4, 0xB5, 0xB6, 0xB7 -> push(COMPOUND, tag, tagPos, base);
        case 0x87, 0xB0, 0xB1, 0xB2, 0xB3 -> {
          // varint length, then that many bytes
          long n = 0;
          int shift = 0;
          while (true) {
            if (!available(p, 1, base, end, limit)) return -1;
            int b = buf[p++] & 0xff;
            if (shift == 35 || (shift == 28 && (b & 0x7f) > 0x07)) throw error(tagPos + 1, base, "length does not fit in 31 bits");
            n |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
              if (b == 0 && shift > 0) throw error(tagPos + 1, base, "non-minimal varint (length)");
              break;
            }
            shift += 7;
          }
          if (n > options.maxLength()) {
            throw error(tagPos + 1, base, "length " + n + " exceeds the limit of " + options.maxLength() + " bytes");
          }
          if (tag == 0x87 && n != 8) throw error(tagPos, base, "0x87 with length " + n + " (only 8, a binary64 double, is valid)");
          if (!available(p, n, base, end, limit)) return -1;
          p += (int) n;
          if (valueDone()) return finish(p - base);
        }
        default -> throw error(tagPos, base, BinaryReader.invalidTagDetail(tag));
      }
    }
  }

  /** True if {@code [p, p+n)} is inside the input; -1 path when not; syntax error past the size limit. */
  private boolean available(int p, long n, int base, int end, long limit) {
    if ((long) p - base + n > limit) {
      throw error(p, base, "value longer than the limit of " + limit + " bytes");
    }
    return p + n <= end;
  }

  private void push(byte kind, int tag, int tagPos, int base) {
    if (depth + 1 > options.maxDepth()) throw error(tagPos, base, "nesting deeper than the limit of " + options.maxDepth());
    if (depth == kinds.length) {
      int n = Math.min(kinds.length * 2, BinaryReader.Options.MAX_DEPTH_CEILING + 1);
      kinds = Arrays.copyOf(kinds, n);
      tags = Arrays.copyOf(tags, n);
      counts = Arrays.copyOf(counts, n);
    }
    kinds[depth] = kind;
    tags[depth] = (byte) tag;
    counts[depth] = 0;
    depth++;
  }

  /**
   * Records that a value just ended in the innermost open slot.
   *
   * @return true when that completes the top-level value
   */
  private boolean valueDone() {
    while (depth > 0) {
      switch (kinds[depth - 1]) {
        case COMPOUND -> {
          counts[depth - 1]++;
          return false;
        }
        case ANNOTATION -> { // the annotated value comes next, in the enclosing slot (same depth as the reader)
          depth--;
          valueRequired = true;
          return false;
        }
        default -> depth--; // an embedded payload ended: the Embedded is a value of the enclosing slot
      }
    }
    return true;
  }

  private int finish(int length) {
    reset();
    return length;
  }

  private static SyntaxError error(int at, int base, String detail) {
    return new SyntaxError(Position.ofByte(at - base), detail);
  }
}
