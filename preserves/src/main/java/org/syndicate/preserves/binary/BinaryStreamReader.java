package org.syndicate.preserves.binary;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;

/**
 * Reads binary Preserves values back to back from a blocking {@link InputStream} (a binary
 * stream has no framing: preserves.md §2.1), e.g. a child process's stdout or a file of packets.
 * Bytes are buffered; a {@link BinaryFramer} finds each value's end before it is decoded, so a
 * value is parsed once however the bytes arrive, and never more than {@link
 * BinaryReader.Options#maxValueBytes()} bytes are buffered for one value.
 *
 * <p>Error offsets are counted from the start of the stream. Not thread-safe; does not close the
 * stream.
 */
public final class BinaryStreamReader {
  private final InputStream in;
  private final BinaryReader.Options options;
  private final BinaryFramer framer;
  private byte[] buf = new byte[8192];
  private int start; // first byte of the current value in buf
  private int end; // end of buffered bytes
  private long consumedBefore; // stream offset of buf[0]
  private boolean eof;

  /** A reader over {@code in} with the given decoding options. */
  public BinaryStreamReader(InputStream in, BinaryReader.Options options) {
    this.in = Objects.requireNonNull(in, "in");
    this.options = Objects.requireNonNull(options, "options");
    this.framer = new BinaryFramer(options);
  }

  /**
   * Reads the next value, blocking until it is complete.
   *
   * @return the value, or null when the stream ended cleanly between values
   * @throws EndOfInputException if the stream ended part-way through a value
   * @throws SyntaxError if the bytes are invalid (offsets from the start of the stream)
   * @throws IOException if reading fails
   */
  public Value next() throws IOException {
    while (true) {
      int n;
      try {
        n = framer.scan(buf, start, end - start);
      } catch (SyntaxError e) {
        throw shifted(e);
      }
      if (n >= 0) {
        Value v;
        try {
          v = BinaryReader.decode(buf, start, n, options);
        } catch (SyntaxError e) {
          throw shifted(e);
        }
        start += n;
        return v;
      }
      if (eof) {
        if (start == end) return null;
        throw new EndOfInputException(Position.ofByte(consumedBefore + end), false);
      }
      fill();
    }
  }

  /** @return the number of bytes of the stream consumed by the values returned so far. */
  public long consumed() {
    return consumedBefore + start;
  }

  private SyntaxError shifted(SyntaxError e) {
    long at = consumedBefore + start + e.position().offset();
    SyntaxError s = new SyntaxError(Position.ofByte(at), e.detail());
    s.initCause(e);
    return s;
  }

  private void fill() throws IOException {
    if (start > 0 && (start == end || end == buf.length)) { // move the partial value to the front
      System.arraycopy(buf, start, buf, 0, end - start);
      consumedBefore += start;
      end -= start;
      start = 0;
    }
    if (end == buf.length) {
      // the framer has already rejected values longer than maxValueBytes, so growth is bounded
      buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, Integer.MAX_VALUE - 16));
    }
    int r = in.read(buf, end, buf.length - end);
    if (r < 0) eof = true;
    else end += r;
  }
}
