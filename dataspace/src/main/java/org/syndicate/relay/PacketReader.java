package org.syndicate.relay;

import java.util.function.Consumer;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.text.TextReader;

/**
 * Cuts a byte stream into packets and decodes them (reference note syndicate-server.md §2.1,
 * §2.6 "Syntax detection"). Pure: it knows nothing of refs; embedded values come out as {@link
 * WireRef} payloads, already checked.
 *
 * <p>Per packet, the first byte of the remaining input decides the syntax: {@code >= 0x80} binary,
 * anything else text. So whitespace left after a text packet makes the next packet text too, as
 * in the reference. Incomplete input waits for more bytes.
 *
 * <p>Cost and memory: a resumable scanner follows the structure of the packet being received
 * (binary tags and lengths; text brackets, strings, comments) and the real decoder runs only once
 * a packet can be complete, so a packet arriving in many pieces costs linear time, not quadratic.
 * The scanner enforces {@code maxPacketBytes} (a huge binary length prefix is refused at once,
 * before its bytes arrive) and {@code maxDepth} (deep nesting is refused as soon as it is seen);
 * the buffer never holds more than one incomplete packet plus the last chunk given to {@link
 * #feed}.
 *
 * <p>Not thread-safe: one transport thread feeds it.
 */
public final class PacketReader {
  /**
   * A decoded packet.
   *
   * @param packet the packet (embedded values as {@link WireRef}s)
   * @param text true if it arrived in text syntax
   * @param bytes its encoded length
   */
  public record Decoded(WirePacket packet, boolean text, int bytes) {}

  private static final int NORMAL = 0, STRING = 1, QSYMBOL = 2, BYTES = 3, HEXPRE = 4, HEX = 5, BASE64 = 6,
      COMMENT = 7;

  private final int maxPacketBytes;
  private final int maxDepth;
  private final BinaryReader.Options binaryOptions;
  private final TextReader.Options textOptions;
  /** The last error the embedded codec raised, to report it instead of the decoder's wrapper. */
  private RelayException codecError;

  private byte[] buf = new byte[256];
  private int start; // first byte of the current packet
  private int end; // one past the last received byte

  // scanner state, offsets relative to start
  private boolean scanning; // a packet has begun (its syntax is decided)
  private boolean binary;
  private int pos;
  private int depth;
  private int need; // binary: top-level values still needed
  private int mode; // text
  private boolean escape; // text
  private boolean inToken; // text: inside a bare token at depth 0
  private int utf8More; // text: continuation bytes still expected

  /**
   * @param maxPacketBytes largest packet accepted, in bytes
   * @param maxDepth deepest nesting accepted
   */
  public PacketReader(int maxPacketBytes, int maxDepth) {
    this.maxPacketBytes = maxPacketBytes;
    this.maxDepth = maxDepth;
    EmbeddedCodec codec =
        new EmbeddedCodec() {
          @Override
          public Value encode(Object payload) {
            return WireRef.CODEC.encode(payload);
          }

          @Override
          public Object decode(Value wire) {
            try {
              return WireRef.parse(wire);
            } catch (RelayException e) {
              codecError = e;
              throw e;
            }
          }
        };
    this.binaryOptions =
        BinaryReader.Options.DEFAULT.withEmbeddedCodec(codec).withMaxDepth(maxDepth).withMaxValueBytes(maxPacketBytes);
    this.textOptions =
        TextReader.Options.DEFAULT.withKeepAnnotations(false).withEmbeddedCodec(codec).withMaxDepth(maxDepth);
  }

  /**
   * The syntax of the packet being read (set by its first byte: {@code >= 0x80} binary, else
   * text); after {@link #feed} or {@link #feedFrame} threw, the syntax of the packet that failed
   * (reference note §2.6: the error reply goes out in that syntax).
   *
   * @return true for text
   */
  public boolean currentPacketText() {
    return !binary;
  }

  /** @return bytes received and not yet consumed by a complete packet. */
  public int buffered() {
    return end - start;
  }

  /** Drops everything buffered (after the connection has ended). */
  public void clear() {
    buf = new byte[0];
    start = end = 0;
    scanning = false;
  }

  /**
   * Appends bytes and hands every packet they complete to {@code out}, in order.
   *
   * @param data the bytes
   * @param off where they start
   * @param len how many
   * @param out receives each complete packet
   * @throws RelayException on malformed input, a packet over the size limit or nesting over the
   *     depth limit; packets before the bad one have already been handed to {@code out}
   */
  public void feed(byte[] data, int off, int len, Consumer<Decoded> out) {
    append(data, off, len);
    while (true) {
      int frame = scan();
      if (frame < 0) {
        if (end - start > maxPacketBytes) throw tooLong();
        compact();
        return;
      }
      Decoded d = binary ? decodeBinary(frame) : decodeText(frame);
      if (d == null) continue; // text: not complete after all; keep scanning
      start += d.bytes();
      resetScanner();
      out.accept(d);
    }
  }

  /**
   * Decodes every packet in one frame (a WebSocket message or a decrypted Noise datagram): all of
   * the bytes must be whole packets (§2.6; bug B6 fixed: not only the first). Trailing whitespace
   * after a text packet is allowed.
   *
   * @param data the frame
   * @param off where it starts
   * @param len its length
   * @param out receives each packet
   * @throws RelayException on malformed or incomplete packets
   */
  public void feedFrame(byte[] data, int off, int len, Consumer<Decoded> out) {
    feed(data, off, len, out);
    if (end > start && !onlyWhitespace(end - start)) {
      throw new RelayException("Invalid packet: incomplete packet at the end of a frame");
    }
    start = end = 0;
    resetScanner();
  }

  private boolean onlyWhitespace(int n) {
    for (int i = start; i < start + n; i++) {
      byte c = buf[i];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ',') return false;
    }
    return true;
  }

  private void append(byte[] data, int off, int len) {
    if (len == 0) return;
    if (end + len > buf.length) {
      int live = end - start;
      if (live + len <= buf.length && start > 0) {
        compact();
      } else {
        int cap = Math.max(buf.length * 2, live + len);
        byte[] nb = new byte[cap];
        System.arraycopy(buf, start, nb, 0, live);
        buf = nb;
        start = 0;
        end = live;
      }
    }
    System.arraycopy(data, off, buf, end, len);
    end += len;
  }

  private void compact() {
    if (start == 0) return;
    int live = end - start;
    if (live == 0) {
      start = end = 0;
      if (buf.length > 65536) buf = new byte[256]; // give back a big buffer once idle
      return;
    }
    System.arraycopy(buf, start, buf, 0, live);
    start = 0;
    end = live;
  }

  private void resetScanner() {
    scanning = false;
    pos = depth = need = 0;
    mode = NORMAL;
    escape = inToken = false;
    utf8More = 0;
    codecError = null;
  }

  /** @return the length of a candidate packet from {@code start}, or -1 if more bytes are needed. */
  private int scan() {
    if (!scanning) {
      if (end == start) return -1;
      scanning = true;
      binary = (buf[start] & 0xff) >= 0x80;
      need = 1;
    }
    return binary ? scanBinary() : scanText();
  }

  private RelayException tooLong() {
    return new RelayException("Invalid packet: longer than the limit of " + maxPacketBytes + " bytes");
  }

  private RelayException tooDeep() {
    return new RelayException("Invalid packet: nesting deeper than the limit of " + maxDepth);
  }

  private int scanBinary() {
    int avail = end - start;
    while (pos < avail) {
      int tag = buf[start + pos] & 0xff;
      switch (tag) {
        case 0x80, 0x81 -> {
          pos++;
          if (valueDone()) return pos;
        }
        case 0x84 -> {
          pos++;
          if (depth == 0) return pos; // stray end marker: let the decoder report it
          depth--;
          if (valueDone()) return pos;
        }
        case 0x85 -> {
          pos++;
          if (depth == 0) need++;
        }
        case 0x86 -> pos++;
        case 0x87, 0xB0, 0xB1, 0xB2, 0xB3 -> {
          // varint length, then that many bytes
          long len = 0;
          int shift = 0;
          int p = pos + 1;
          while (true) {
            if (p >= avail) return -1;
            int b = buf[start + p] & 0xff;
            p++;
            len |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) break;
            shift += 7;
            if (shift > 35) return pos + 1; // over-long varint: the decoder reports it
          }
          if (p + len > maxPacketBytes) throw tooLong();
          if (p + len > avail) return -1;
          pos = (int) (p + len);
          if (valueDone()) return pos;
        }
        case 0xB4, 0xB5, 0xB6, 0xB7 -> {
          pos++;
          if (++depth > maxDepth) throw tooDeep();
        }
        default -> {
          return pos + 1; // invalid tag: the decoder reports it with its position
        }
      }
      if (pos > maxPacketBytes) throw tooLong();
    }
    return -1;
  }

  private boolean valueDone() {
    if (depth != 0) return false;
    return --need == 0;
  }

  private int scanText() {
    int avail = end - start;
    while (pos < avail) {
      int c = buf[start + pos] & 0xff;
      if (c >= 0x80 || utf8More > 0) {
        // follow UTF-8 so that bytes that can never be valid text (binary after leftover
        // whitespace, §2.6) are reported at once instead of waiting for a delimiter
        if (utf8More > 0) {
          if ((c & 0xC0) != 0x80) return pos + 1;
          utf8More--;
        } else if (c >= 0xC2 && c <= 0xDF) {
          utf8More = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
          utf8More = 2;
        } else if (c >= 0xF0 && c <= 0xF4) {
          utf8More = 3;
        } else {
          return pos + 1; // invalid UTF-8: the decoder reports it
        }
      } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && mode == NORMAL) {
        return pos + 1; // a control character outside a string: the decoder reports it
      }
      switch (mode) {
        case STRING, QSYMBOL, BYTES -> {
          pos++;
          if (escape) {
            escape = false;
          } else if (c == '\\') {
            escape = true;
          } else if (c == (mode == QSYMBOL ? '|' : '"')) {
            mode = NORMAL;
            if (depth == 0) return pos;
          }
        }
        case HEXPRE -> {
          pos++;
          if (c == '"') mode = HEX;
          else if (c != 'd') return pos; // malformed: the decoder reports it
        }
        case HEX -> {
          pos++;
          if (c == '"') {
            mode = NORMAL;
            if (depth == 0) return pos;
          }
        }
        case BASE64 -> {
          pos++;
          if (c == ']') {
            mode = NORMAL;
            if (depth == 0) return pos;
          }
        }
        case COMMENT -> {
          pos++;
          if (c == '\n' || c == '\r') mode = NORMAL;
        }
        default -> {
          switch (c) {
            case ' ', '\t', '\n', '\r', ',' -> {
              if (pos == 0 && c != ',') {
                // whitespace before the packet: drop it (the syntax stays text, §2.6)
                start++;
                avail--;
                continue;
              }
              pos++;
              if (inToken && depth == 0) {
                inToken = false;
                return pos;
              }
            }
            case '[', '<', '{' -> {
              if (inToken && depth == 0) {
                inToken = false;
                return pos + 1;
              }
              pos++;
              if (++depth > maxDepth) throw tooDeep();
            }
            case ']', '>', '}' -> {
              pos++;
              if (depth == 0) return pos; // unbalanced: the decoder reports it
              if (--depth == 0) return pos;
            }
            case '"' -> {
              if (inToken && depth == 0) {
                inToken = false;
                return pos + 1;
              }
              pos++;
              mode = STRING;
            }
            case '|' -> {
              if (inToken && depth == 0) {
                inToken = false;
                return pos + 1;
              }
              pos++;
              mode = QSYMBOL;
            }
            case '#' -> {
              if (pos + 1 >= avail) return -1;
              int d = buf[start + pos + 1] & 0xff;
              switch (d) {
                case ' ', '\t', '!' -> {
                  pos += 2;
                  mode = COMMENT;
                }
                case '\n', '\r' -> pos += 1;
                case '"' -> {
                  pos += 2;
                  mode = BYTES;
                }
                case 'x' -> {
                  pos += 2;
                  mode = HEXPRE;
                }
                case '[' -> {
                  pos += 2;
                  mode = BASE64;
                }
                case '{' -> {
                  pos += 2;
                  if (++depth > maxDepth) throw tooDeep();
                }
                case ':' -> pos += 2;
                default -> {
                  pos++;
                  if (depth == 0) inToken = true;
                }
              }
            }
            default -> {
              pos++;
              if (depth == 0) inToken = true;
            }
          }
        }
      }
      if (pos > maxPacketBytes) throw tooLong();
    }
    return -1;
  }

  private Decoded decodeBinary(int frame) {
    try {
      Value v = BinaryReader.decode(buf, start, frame, binaryOptions);
      return new Decoded(WirePacket.parse(v), false, frame);
    } catch (SyntaxError e) {
      throw syntax(e);
    } catch (EndOfInputException e) {
      throw new RelayException("Invalid packet: malformed binary value at byte " + e.position(), e);
    }
  }

  private Decoded decodeText(int frame) {
    TextReader.Attempt a;
    try {
      a = TextReader.tryParseUtf8(buf, start, frame, textOptions);
    } catch (SyntaxError e) {
      throw syntax(e);
    } catch (PreservesException e) {
      throw new RelayException("Invalid packet: " + e.getMessage(), e);
    }
    return switch (a) {
      case TextReader.Parsed p -> new Decoded(WirePacket.parse(p.value()), true, p.end());
      case TextReader.NeedMore n -> null;
    };
  }

  private RelayException syntax(SyntaxError e) {
    if (codecError != null) {
      RelayException c = codecError;
      codecError = null;
      return c;
    }
    return new RelayException("Invalid packet: " + e.getMessage(), e);
  }
}
