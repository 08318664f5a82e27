package org.syndicate.preserves.text;

import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
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
 * Reads the Preserves text syntax (reference note preserves.md §3; Preserves 0.996 text syntax)
 * into {@link Value}s.
 *
 * <p><b>Entry points.</b>
 *
 * <ul>
 *   <li>{@link #parse(String)}: a <i>document</i> of exactly one value. Leading and trailing
 *       whitespace is allowed; anything else after the value (including a comment) is a {@link
 *       SyntaxError}. Empty input throws {@link EndOfInputException} with {@code atStart() ==
 *       true}; input holding only whitespace or annotations throws it with {@code atStart() ==
 *       false} (sample {@code whitespace0}).
 *   <li>{@link #parseAll(String)} and {@link #next()}: a <i>stream</i> of values (schema files,
 *       config files). Whitespace and trailing comments ({@code # ...}, {@code #!...}) before the
 *       end of input are a clean end ({@link #next()} returns null). An {@code @annotation} with
 *       no value after it is still a premature end.
 *   <li>{@link #tryParse(CharSequence, Options)} / {@link #tryParseUtf8(byte[], int, int,
 *       Options)}: for relays reading text packets from a growing buffer; they tell "a value and
 *       where it ended" from "need more input", and throw {@link SyntaxError} when no more input
 *       could help. In this mode input is never considered final: a bare symbol, number, {@code
 *       #t}/{@code #f} or comment running to the end of the buffer needs more input (a delimiter
 *       could still change its meaning).
 *   <li>{@link #of(Reader, Options)}: reads a whole {@link Reader} into memory, then acts as a
 *       stream reader.
 * </ul>
 *
 * <p><b>Errors.</b> Bad input throws {@link SyntaxError} whose {@link Position} carries the
 * source name of the options, the 0-based code-point offset, the 1-based line and the 1-based
 * column counted in code points (LF, CR and CRLF each end a line), and a message saying what was
 * expected. Running out of input throws {@link EndOfInputException}. Nothing else escapes: nesting
 * is tracked on an explicit stack (no recursion), and deeper nesting than {@link
 * Options#maxDepth()} is a {@link SyntaxError}.
 *
 * <p><b>Cost.</b> Reading is linear in the input. The two costs that are not linear by nature are
 * bounded: an integer literal longer than {@link Options#maxIntegerDigits()} digits is a {@link
 * SyntaxError} naming its first character (decimal-to-binary conversion is quadratic), and line and
 * column tracking ({@link #recordPositions}, errors) keeps checkpoints every 32
 * characters, so positions asked for out of order cost at most that many
 * characters each and the whole document is scanned once.
 *
 * <p><b>Grammar decisions</b> beyond the sample suite: an annotation or comment must be followed
 * by a value, so a comment just before a closing bracket ({@code [1 # note\n]}) is a {@link
 * SyntaxError}; a comment may end at the end of input instead of a newline; a {@code #} that is
 * the last character of the input is an empty comment; raw control characters are allowed inside
 * strings and quoted symbols (the spec allows any scalar value there); {@code #"..."} allows only
 * printable ASCII raw; {@code #[...]} accepts both base64 alphabets, even mixed; a base64 body
 * whose length leaves a single dangling character is an error, but unused low bits are ignored.
 *
 * <p><b>Annotations</b> ({@code @value}, {@code # comment} lines as strings, {@code #!line} as
 * {@code <interpreter "line">}) are kept by default ({@link Options#DEFAULT}): text is written by
 * people, and comments are documentation the schema and config readers want to see. Use {@link
 * Options#withKeepAnnotations(boolean)} to drop them. Annotation values are still parsed and
 * checked when they are dropped.
 *
 * <p>Instances are not thread-safe.
 */
public final class TextReader {

  /**
   * Reader settings.
   *
   * @param keepAnnotations attach annotations and comments to the values read (default true)
   * @param embeddedCodec turns the value after {@code #:} into an {@link Embedded} payload (default
   *     {@link EmbeddedCodec#IDENTITY}: the payload is the value itself)
   * @param maxDepth maximum nesting of compounds, embedded values and annotation values (default
   *     512; at least 1); deeper input is a {@link SyntaxError}
   * @param sourceName name of the input used in error positions (file path), or null
   * @param maxIntegerDigits maximum number of decimal digits in one integer literal, leading zeros
   *     included, sign not (default {@value #DEFAULT_MAX_INTEGER_DIGITS}; at least 19, so every
   *     64-bit integer fits); a longer literal is a {@link SyntaxError} at its first character.
   *     Converting decimal digits to binary takes time quadratic in their number (about ten
   *     seconds for a million digits on a busy 2-core machine, JDK 25), so the limit keeps one
   *     literal from stalling the reader.
   *     Binary input has no such cost and only the {@link
   *     org.syndicate.preserves.binary.BinaryReader.Options#maxLength()} limit.
   */
  public record Options(
      boolean keepAnnotations,
      EmbeddedCodec embeddedCodec,
      int maxDepth,
      String sourceName,
      int maxIntegerDigits) {
    /** The default nesting limit. */
    public static final int DEFAULT_MAX_DEPTH = 512;

    /** The default limit on the digits of an integer literal (a 16,600-bit integer). */
    public static final int DEFAULT_MAX_INTEGER_DIGITS = 5000;

    /** Keep annotations, identity codec, depth 512, no source name, 5000-digit integers. */
    public static final Options DEFAULT =
        new Options(true, EmbeddedCodec.IDENTITY, DEFAULT_MAX_DEPTH, null, DEFAULT_MAX_INTEGER_DIGITS);

    /** Validates the settings. */
    public Options {
      Objects.requireNonNull(embeddedCodec, "embeddedCodec");
      if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
      if (maxIntegerDigits < 19) {
        throw new IllegalArgumentException("maxIntegerDigits must be at least 19: " + maxIntegerDigits);
      }
    }

    /**
     * The settings without an integer limit of their own: {@link #DEFAULT_MAX_INTEGER_DIGITS}.
     *
     * @param keepAnnotations attach annotations and comments to the values read
     * @param embeddedCodec turns the value after {@code #:} into an {@link Embedded} payload
     * @param maxDepth maximum nesting (at least 1)
     * @param sourceName name of the input used in error positions, or null
     */
    public Options(boolean keepAnnotations, EmbeddedCodec embeddedCodec, int maxDepth, String sourceName) {
      this(keepAnnotations, embeddedCodec, maxDepth, sourceName, DEFAULT_MAX_INTEGER_DIGITS);
    }

    /** @return these options with {@code keepAnnotations} set. */
    public Options withKeepAnnotations(boolean keep) {
      return new Options(keep, embeddedCodec, maxDepth, sourceName, maxIntegerDigits);
    }

    /** @return these options with the given embedded codec. */
    public Options withEmbeddedCodec(EmbeddedCodec codec) {
      return new Options(keepAnnotations, codec, maxDepth, sourceName, maxIntegerDigits);
    }

    /** @return these options with the given nesting limit. */
    public Options withMaxDepth(int depth) {
      return new Options(keepAnnotations, embeddedCodec, depth, sourceName, maxIntegerDigits);
    }

    /** @return these options with the given source name (used in error positions). */
    public Options withSourceName(String name) {
      return new Options(keepAnnotations, embeddedCodec, maxDepth, name, maxIntegerDigits);
    }

    /** @return these options with the given limit on the digits of an integer literal (at least 19). */
    public Options withMaxIntegerDigits(int digits) {
      return new Options(keepAnnotations, embeddedCodec, maxDepth, sourceName, digits);
    }
  }

  /** Result of {@link #tryParse}: either a value and where it ended, or "need more input". */
  public sealed interface Attempt permits Parsed, NeedMore {}

  /**
   * A complete value was read.
   *
   * @param value the value
   * @param end index just after the value in the buffer (chars for {@link #tryParse}, bytes for
   *     {@link #tryParseUtf8}); the next value starts there (after optional whitespace)
   */
  public record Parsed(Value value, int end) implements Attempt {}

  /** The buffer holds no complete value yet (possibly only whitespace); read more and retry. */
  public record NeedMore() implements Attempt {
    /** The one instance. */
    public static final NeedMore INSTANCE = new NeedMore();
  }

  private static final int SEQ = 0, SET = 1, DICT = 2, REC = 3, ANNOT = 4, EMBED = 5;
  // DICT states
  private static final int EXPECT_KEY = 0, EXPECT_COLON = 1, EXPECT_VALUE = 2;
  // ANNOT states
  private static final int AWAIT_ANNOTATION = 0, AWAIT_TARGET = 1;

  private static final Symbol INTERPRETER = Symbol.of("interpreter");

  /** One open construct on the explicit parse stack. */
  private static final class Frame {
    final int kind;
    final int start; // char index of the opening syntax
    final List<Value> items = new ArrayList<>(); // SEQ/SET/REC items; ANNOT annotations
    HashSet<Value> seen; // SET elements / DICT keys
    List<Map.Entry<Value, Value>> entries; // DICT
    Value key;
    int keyStart;
    int state;
    int itemStart;
    boolean onlyComments;

    Frame(int kind, int start) {
      this.kind = kind;
      this.start = start;
    }

    boolean acceptsComma() {
      return kind == SEQ || kind == SET || (kind == DICT && state == EXPECT_KEY);
    }
  }

  private final String text;
  private final int length;
  private final Options options;
  private final boolean finalInput;
  private int pos;
  private final ArrayList<Frame> stack = new ArrayList<>();
  // Optional position reporting (schema compiler error messages); see recordPositions.
  private java.util.function.BiConsumer<Value, Position> positionSink;
  private int lastStart;

  /**
   * A stream reader over {@code text} with default options.
   *
   * @param text the whole input
   */
  public TextReader(String text) {
    this(text, Options.DEFAULT);
  }

  /**
   * A stream reader over {@code text}.
   *
   * @param text the whole input
   * @param options reader settings
   */
  public TextReader(String text, Options options) {
    this(text, options, true);
  }

  private TextReader(String text, Options options, boolean finalInput) {
    this.text = Objects.requireNonNull(text, "text");
    this.length = text.length();
    this.options = Objects.requireNonNull(options, "options");
    this.finalInput = finalInput;
  }

  /**
   * Reads all of {@code in} (into memory) and returns a stream reader over it.
   *
   * @param in the input; read to its end but not closed
   * @param options reader settings
   * @return a reader positioned at the start
   * @throws IOException if reading fails
   */
  public static TextReader of(Reader in, Options options) throws IOException {
    StringBuilder sb = new StringBuilder();
    char[] buf = new char[8192];
    int n;
    while ((n = in.read(buf)) >= 0) sb.append(buf, 0, n);
    return new TextReader(sb.toString(), options);
  }

  /**
   * Parses a document holding exactly one value, with default options.
   *
   * @param text the document
   * @return the value
   * @throws SyntaxError on invalid input or anything but whitespace after the value
   * @throws EndOfInputException when the input ends before a value is complete
   */
  public static Value parse(String text) {
    return parse(text, Options.DEFAULT);
  }

  /**
   * Parses a document holding exactly one value.
   *
   * @param text the document
   * @param options reader settings
   * @return the value
   * @throws SyntaxError on invalid input or anything but whitespace after the value
   * @throws EndOfInputException when the input ends before a value is complete ({@code atStart()}
   *     only for empty input)
   */
  public static Value parse(String text, Options options) {
    TextReader r = new TextReader(text, options);
    Value v = r.readValue(false);
    r.skipWhitespace();
    if (r.pos < r.length) {
      throw r.error(r.pos, "expected end of input after the value, found " + r.describe(r.pos));
    }
    return v;
  }

  /**
   * Parses a stream of values (whitespace and trailing comments allowed at the end), with default
   * options.
   *
   * @param text the input
   * @return the values in order (empty for blank input)
   * @throws SyntaxError on invalid input
   * @throws EndOfInputException when the input ends inside a value
   */
  public static List<Value> parseAll(String text) {
    return parseAll(text, Options.DEFAULT);
  }

  /**
   * Parses a stream of values (whitespace and trailing comments allowed at the end).
   *
   * @param text the input
   * @param options reader settings
   * @return the values in order (empty for blank input)
   * @throws SyntaxError on invalid input
   * @throws EndOfInputException when the input ends inside a value
   */
  public static List<Value> parseAll(String text, Options options) {
    TextReader r = new TextReader(text, options);
    List<Value> out = new ArrayList<>();
    Value v;
    while ((v = r.next()) != null) out.add(v);
    return out;
  }

  /**
   * Tries to read one value from the start of {@code buffer}, which may be incomplete (a relay's
   * receive buffer). Leading whitespace is skipped.
   *
   * @param buffer the text received so far
   * @param options reader settings
   * @return {@link Parsed} with the value and the char index just after it, or {@link NeedMore}
   * @throws SyntaxError when the buffer starts with invalid text that no further input can fix
   */
  public static Attempt tryParse(CharSequence buffer, Options options) {
    TextReader r = new TextReader(buffer.toString(), options, false);
    try {
      Value v = r.readValue(true);
      return v == null ? NeedMore.INSTANCE : new Parsed(v, r.pos);
    } catch (EndOfInputException e) {
      return NeedMore.INSTANCE;
    }
  }

  /**
   * As {@link #tryParse(CharSequence, Options)} over UTF-8 bytes. An incomplete UTF-8 sequence at
   * the end of the region means "need more input"; malformed UTF-8 is a {@link SyntaxError} naming
   * the byte offset within the region.
   *
   * @param data the buffer
   * @param offset where the region starts
   * @param len how many bytes it holds
   * @param options reader settings
   * @return {@link Parsed} whose {@code end} counts bytes from {@code offset}, or {@link NeedMore}
   * @throws SyntaxError on invalid UTF-8 or invalid text
   */
  public static Attempt tryParseUtf8(byte[] data, int offset, int len, Options options) {
    CharsetDecoder dec =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(data, offset, len);
    CharBuffer out = CharBuffer.allocate(len);
    CoderResult cr = dec.decode(in, out, false);
    if (cr.isError()) {
      throw new SyntaxError(
          new Position(options.sourceName(), in.position() - offset, -1, -1), "invalid UTF-8 in text input");
    }
    out.flip();
    String s = out.toString();
    Attempt a = tryParse(s, options);
    if (a instanceof Parsed p) {
      return new Parsed(p.value(), utf8Length(s, p.end()));
    }
    return a;
  }

  private static int utf8Length(String s, int end) {
    int n = 0;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  /**
   * Reads the next value of the stream.
   *
   * @return the value, or null when only whitespace and comments remain
   * @throws SyntaxError on invalid input
   * @throws EndOfInputException when the input ends inside a value
   */
  public Value next() {
    return readValue(true);
  }

  /**
   * Asks this reader to report where every value it reads starts (the first character of the
   * value itself, after its annotations; for {@code #:v} the {@code #}): {@code sink} receives
   * each finished value object, exactly as it is placed in its parent or returned, with its
   * position. Used by the schema compiler to name {@code file:line:column} in its errors.
   *
   * @param sink receives (value, start position); null turns reporting off
   * @return this reader
   */
  public TextReader recordPositions(java.util.function.BiConsumer<Value, Position> sink) {
    this.positionSink = sink;
    return this;
  }

  /** @return the char index of the next unread character. */
  public int offset() {
    return pos;
  }

  /** @return the position of the next unread character. */
  public Position position() {
    return positionOf(pos);
  }

  // ------------------------------------------------------------------------------------------
  // The main loop

  private Value readValue(boolean document) {
    stack.clear();
    int startPos = pos;
    for (; ; ) {
      skipWhitespace();
      if (pos >= length) {
        if (!finalInput) throw shortInput(pos);
        if (stack.isEmpty()) {
          if (document) return null;
          throw new EndOfInputException(positionOf(pos), pos == startPos);
        }
        if (document && stack.size() == 1) {
          Frame f = stack.get(0);
          if (f.kind == ANNOT && f.state == AWAIT_TARGET && f.onlyComments) {
            stack.clear();
            return null;
          }
        }
        throw shortInput(pos);
      }
      Frame top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
      int c = text.charAt(pos);
      if (c == ',') {
        if (top != null && top.acceptsComma()) {
          pos++;
          continue;
        }
        throw error(pos, "a comma may only separate the items of a sequence, set or dictionary");
      }
      if (top != null && top.kind == DICT && top.state == EXPECT_COLON) {
        if (c == ':') {
          pos++;
          top.state = EXPECT_VALUE;
          continue;
        }
        throw error(pos, "expected ':' after dictionary key, found " + describe(pos));
      }
      Value v;
      if (c == ']' || c == '}' || c == '>') {
        v = close(top, c);
        lastStart = top.start;
      } else {
        if (top != null && top.kind != ANNOT && top.kind != EMBED) top.itemStart = pos;
        int at = pos;
        v = readStart(top, c);
        if (v != null) lastStart = at;
      }
      if (v != null) {
        Value done = complete(v);
        if (done != null) return done;
      }
    }
  }

  /** Handles a closing bracket; returns the finished compound. */
  private Value close(Frame top, int c) {
    int at = pos;
    if (top == null) throw error(at, "unexpected '" + (char) c + "' with nothing open");
    switch (top.kind) {
      case SEQ -> {
        if (c != ']') break;
        pos++;
        stack.remove(stack.size() - 1);
        return Sequence.of(top.items);
      }
      case SET -> {
        if (c != '}') break;
        pos++;
        stack.remove(stack.size() - 1);
        return SetValue.of(top.items);
      }
      case DICT -> {
        if (c != '}') break;
        if (top.state == EXPECT_VALUE) throw error(at, "expected a value after ':' in dictionary");
        pos++;
        stack.remove(stack.size() - 1);
        return Dictionary.ofEntries(top.entries);
      }
      case REC -> {
        if (c != '>') break;
        if (top.items.isEmpty()) throw error(at, "a record needs a label: '<>' is not allowed");
        pos++;
        stack.remove(stack.size() - 1);
        return RecordValue.of(top.items.get(0), top.items.subList(1, top.items.size()));
      }
      case ANNOT -> throw error(at, "expected a value after the annotation, found '" + (char) c + "'");
      case EMBED -> throw error(at, "expected a value after '#:', found '" + (char) c + "'");
      default -> {}
    }
    String expected =
        switch (top.kind) {
          case SEQ -> "']'";
          case REC -> "'>'";
          default -> "'}'";
        };
    Position opened = positionOf(top.start);
    throw error(
        at,
        "unexpected '" + (char) c + "': expected " + expected + " to close the "
            + kindName(top.kind) + " opened at " + opened.line() + ":" + opened.column());
  }

  private static String kindName(int kind) {
    return switch (kind) {
      case SEQ -> "sequence";
      case SET -> "set";
      case DICT -> "dictionary";
      case REC -> "record";
      case ANNOT -> "annotation";
      default -> "embedded value";
    };
  }

  /**
   * Starts reading a value at {@code pos} (whitespace skipped, not a comma or close bracket).
   * Returns an atom, or null after pushing a frame or collecting an annotation.
   */
  private Value readStart(Frame top, int c) {
    int at = pos;
    switch (c) {
      case '<' -> {
        pos++;
        push(new Frame(REC, at));
        return null;
      }
      case '[' -> {
        pos++;
        push(new Frame(SEQ, at));
        return null;
      }
      case '{' -> {
        pos++;
        Frame f = new Frame(DICT, at);
        f.entries = new ArrayList<>();
        f.seen = new HashSet<>();
        f.state = EXPECT_KEY;
        push(f);
        return null;
      }
      case '"' -> {
        pos++;
        return StringValue.of(readQuoted('"', at));
      }
      case '|' -> {
        pos++;
        return Symbol.of(readQuoted('|', at));
      }
      case '@' -> {
        pos++;
        if (top != null && top.kind == ANNOT && top.state == AWAIT_TARGET) {
          top.state = AWAIT_ANNOTATION;
          top.onlyComments = false;
        } else {
          Frame f = new Frame(ANNOT, at);
          f.state = AWAIT_ANNOTATION;
          push(f);
        }
        return null;
      }
      case ':' -> throw error(at, "unexpected ':' (only allowed after a dictionary key)");
      case '#' -> {
        return readHash(top);
      }
      default -> {
        int cp = text.codePointAt(pos);
        if (TextSyntax.isSymbolChar(cp)) return readToken();
        throw error(at, "expected a value, found " + describe(at));
      }
    }
  }

  /**
   * Opens a frame, enforcing {@link Options#maxDepth()}: nesting counts compounds, embedded
   * markers and annotation values being read, not the annotation lists waiting for their target
   * (which alternate with counted frames, so the stack stays within twice the limit).
   */
  private void push(Frame f) {
    boolean counted = f.kind != ANNOT || f.state != AWAIT_TARGET;
    if (counted && stack.size() >= options.maxDepth()) {
      int depth = 0;
      for (Frame g : stack) if (g.kind != ANNOT || g.state != AWAIT_TARGET) depth++;
      if (depth >= options.maxDepth()) {
        throw error(f.start, "nesting deeper than the limit of " + options.maxDepth());
      }
    }
    if (f.kind == SET) f.seen = new HashSet<>();
    stack.add(f);
  }

  /**
   * A value is finished: hand it to the enclosing frames. Returns the top-level value when the
   * stack is empty, else null.
   */
  private Value complete(Value v) {
    for (; ; ) {
      if (stack.isEmpty()) {
        if (positionSink != null) positionSink.accept(v, positionOf(lastStart));
        return v;
      }
      Frame f = stack.get(stack.size() - 1);
      switch (f.kind) {
        case ANNOT -> {
          if (f.state == AWAIT_ANNOTATION) {
            if (options.keepAnnotations()) f.items.add(v);
            f.state = AWAIT_TARGET;
            return null;
          }
          stack.remove(stack.size() - 1);
          if (options.keepAnnotations() && !f.items.isEmpty()) {
            List<Value> anns = new ArrayList<>(f.items.size() + v.annotations().size());
            anns.addAll(f.items);
            anns.addAll(v.annotations());
            v = v.withAnnotations(anns);
          }
        }
        case EMBED -> {
          stack.remove(stack.size() - 1);
          Object payload;
          try {
            payload = options.embeddedCodec().decode(v);
          } catch (RuntimeException e) {
            throw error(f.start, "embedded value rejected: " + e.getMessage());
          }
          if (payload == null) throw error(f.start, "embedded value rejected by the codec");
          v = Embedded.of(payload);
          lastStart = f.start;
        }
        case SEQ, REC -> {
          if (positionSink != null) positionSink.accept(v, positionOf(lastStart));
          f.items.add(v);
          return null;
        }
        case SET -> {
          if (!f.seen.add(v)) throw error(f.itemStart, "duplicate set element " + shorten(v));
          if (positionSink != null) positionSink.accept(v, positionOf(lastStart));
          f.items.add(v);
          return null;
        }
        case DICT -> {
          if (positionSink != null) positionSink.accept(v, positionOf(lastStart));
          if (f.state == EXPECT_KEY) {
            if (!f.seen.add(v)) throw error(f.itemStart, "duplicate dictionary key " + shorten(v));
            f.key = v;
            f.keyStart = f.itemStart;
            f.state = EXPECT_COLON;
          } else {
            f.entries.add(new AbstractMap.SimpleImmutableEntry<>(f.key, v));
            f.key = null;
            f.state = EXPECT_KEY;
          }
          return null;
        }
        default -> throw new IllegalStateException("frame kind " + f.kind);
      }
    }
  }

  private static String shorten(Value v) {
    String s = TextWriter.toText(v.strip());
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /** An annotation known at once (comment, interpreter line): join or open an annotation frame. */
  private void addDirectAnnotation(Value ann, int at) {
    Frame top = stack.isEmpty() ? null : stack.get(stack.size() - 1);
    if (top != null && top.kind == ANNOT && top.state == AWAIT_TARGET) {
      if (options.keepAnnotations()) top.items.add(ann);
      return;
    }
    Frame f = new Frame(ANNOT, at);
    f.state = AWAIT_TARGET;
    f.onlyComments = true;
    push(f);
    if (options.keepAnnotations()) f.items.add(ann);
  }

  // ------------------------------------------------------------------------------------------
  // '#' forms

  private Value readHash(Frame top) {
    int at = pos;
    if (pos + 1 >= length) {
      if (!finalInput) throw shortInput(pos + 1);
      // '#' as the very last character of final input: an empty comment ended by end of input
      pos++;
      addDirectAnnotation(StringValue.of(""), at);
      return null;
    }
    char d = text.charAt(pos + 1);
    switch (d) {
      case 't', 'f' -> {
        pos += 2;
        requireDelimiter(at, d == 't' ? "#t" : "#f");
        return BooleanValue.of(d == 't');
      }
      case '{' -> {
        pos += 2;
        push(new Frame(SET, at));
        return null;
      }
      case '"' -> {
        pos += 2;
        return readByteStringLiteral(at);
      }
      case 'x' -> {
        if (pos + 2 >= length) throw shortInput(pos + 2);
        char e = text.charAt(pos + 2);
        if (e == '"') {
          pos += 3;
          return ByteString.wrap(readHexBytes(at, -1));
        }
        if (e == 'd') {
          if (pos + 3 >= length) throw shortInput(pos + 3);
          if (text.charAt(pos + 3) != '"') throw error(pos + 3, "expected '\"' after '#xd'");
          pos += 4;
          byte[] b = readHexBytes(at, 8);
          long bits = 0;
          for (byte x : b) bits = (bits << 8) | (x & 0xff);
          return DoubleValue.ofBits(bits);
        }
        throw error(pos + 2, "expected '\"' or 'd\"' after '#x', found " + describe(pos + 2));
      }
      case '[' -> {
        pos += 2;
        return ByteString.wrap(readBase64(at));
      }
      case ':' -> {
        pos += 2;
        push(new Frame(EMBED, at));
        return null;
      }
      case '!' -> {
        pos += 2;
        String line = readLine();
        addDirectAnnotation(RecordValue.of(INTERPRETER, StringValue.of(line)), at);
        return null;
      }
      case ' ', '\t' -> {
        pos += 2;
        String line = readLine();
        addDirectAnnotation(StringValue.of(line), at);
        return null;
      }
      case '\r', '\n' -> {
        pos += 1;
        addDirectAnnotation(StringValue.of(""), at);
        return null;
      }
      default ->
          throw error(
              at,
              "invalid '#' syntax: expected one of #t #f #{ #\" #x\" #xd\" #[ #: #! or '#' followed"
                  + " by space/newline (comment), found " + describe(pos + 1));
    }
  }

  /** Reads up to (not including) CR, LF or end of input; checks the text is valid Unicode. */
  private String readLine() {
    int s = pos;
    while (pos < length) {
      char c = text.charAt(pos);
      if (c == '\n' || c == '\r') break;
      if (Character.isSurrogate(c)) {
        checkSurrogateAt(pos);
        pos++; // the low half of the pair
      }
      pos++;
    }
    if (pos >= length && !finalInput) throw shortInput(pos);
    return text.substring(s, pos);
  }

  private void requireDelimiter(int tokenStart, String token) {
    if (pos >= length) {
      if (!finalInput) throw shortInput(pos);
      return;
    }
    int cp = text.codePointAt(pos);
    if (TextSyntax.isSymbolChar(cp)) {
      throw error(pos, "expected a delimiter after " + token + ", found " + describe(pos));
    }
  }

  // ------------------------------------------------------------------------------------------
  // Atoms

  private Value readToken() {
    int s = pos;
    while (pos < length) {
      int cp = text.codePointAt(pos);
      if (!TextSyntax.isSymbolChar(cp)) break;
      pos += Character.charCount(cp);
    }
    if (pos >= length && !finalInput) throw shortInput(pos);
    String t = text.substring(s, pos);
    switch (TextSyntax.classify(t)) {
      case INTEGER -> {
        String digits = t.charAt(0) == '+' ? t.substring(1) : t;
        if (digits.length() <= 18) return SignedInteger.of(Long.parseLong(digits));
        int count = digits.length() - (digits.charAt(0) == '-' ? 1 : 0);
        if (count > options.maxIntegerDigits()) {
          throw error(
              s, "integer literal of " + count + " digits is longer than the limit of " + options.maxIntegerDigits() + " digits");
        }
        return SignedInteger.of(new BigInteger(digits));
      }
      case DOUBLE -> {
        return DoubleValue.of(Double.parseDouble(t));
      }
      default -> {
        return Symbol.of(t);
      }
    }
  }

  /** Reads a string or quoted symbol body; {@code pos} is just after the opening quote. */
  private String readQuoted(char terminator, int start) {
    StringBuilder sb = new StringBuilder();
    for (; ; ) {
      if (pos >= length) throw shortInput(pos);
      char c = text.charAt(pos);
      if (c == terminator) {
        pos++;
        return sb.toString();
      }
      if (c == '\\') {
        int escAt = pos;
        if (pos + 1 >= length) throw shortInput(pos + 1);
        char e = text.charAt(pos + 1);
        pos += 2;
        switch (e) {
          case '\\' -> sb.append('\\');
          case '/' -> sb.append('/');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'u' -> {
            int u = readHex4();
            if (Character.isLowSurrogate((char) u)) {
              throw error(escAt, "unpaired low surrogate \\u" + hex4(u) + " (a low surrogate must follow a high one)");
            }
            if (Character.isHighSurrogate((char) u)) {
              if (pos >= length) throw shortInput(pos);
              if (text.charAt(pos) != '\\' || (pos + 1 < length && text.charAt(pos + 1) != 'u')) {
                throw error(escAt, "unpaired high surrogate \\u" + hex4(u) + ": expected a \\u escape of a low surrogate after it");
              }
              if (pos + 1 >= length) throw shortInput(pos + 1);
              int lowAt = pos;
              pos += 2;
              int lo = readHex4();
              if (!Character.isLowSurrogate((char) lo)) {
                throw error(lowAt, "expected a low surrogate (\\uDC00-\\uDFFF) after high surrogate \\u" + hex4(u) + ", found \\u" + hex4(lo));
              }
              sb.append((char) u).append((char) lo);
            } else {
              sb.append((char) u);
            }
          }
          default -> {
            if (e == terminator) {
              sb.append(e);
            } else {
              throw error(
                  escAt,
                  "invalid escape '\\" + e + "' in " + (terminator == '"' ? "string" : "quoted symbol")
                      + ": expected one of \\\\ \\/ \\" + terminator + " \\b \\f \\n \\r \\t \\uXXXX");
            }
          }
        }
        continue;
      }
      if (Character.isSurrogate(c)) {
        checkSurrogateAt(pos);
        sb.append(c).append(text.charAt(pos + 1));
        pos += 2;
        continue;
      }
      sb.append(c);
      pos++;
    }
  }

  private static String hex4(int u) {
    return String.format("%04X", u);
  }

  /** Reads exactly four hex digits at {@code pos}. */
  private int readHex4() {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      if (pos >= length) throw shortInput(pos);
      int h = TextSyntax.hexValue(text.charAt(pos));
      if (h < 0) throw error(pos, "expected 4 hex digits after \\u, found " + describe(pos));
      v = v * 16 + h;
      pos++;
    }
    return v;
  }

  /** A raw surrogate char in the input must start a valid pair. */
  private void checkSurrogateAt(int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) return;
    throw error(i, "input holds a lone surrogate U+" + hex4(c) + " (not valid Unicode)");
  }

  /** {@code #"..."}: {@code pos} is just after the opening quote. */
  private Value readByteStringLiteral(int start) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (; ; ) {
      if (pos >= length) throw shortInput(pos);
      char c = text.charAt(pos);
      if (c == '"') {
        pos++;
        return ByteString.wrap(out.toByteArray());
      }
      if (c == '\\') {
        int escAt = pos;
        if (pos + 1 >= length) throw shortInput(pos + 1);
        char e = text.charAt(pos + 1);
        pos += 2;
        switch (e) {
          case '\\' -> out.write('\\');
          case '/' -> out.write('/');
          case '"' -> out.write('"');
          case 'b' -> out.write('\b');
          case 'f' -> out.write('\f');
          case 'n' -> out.write('\n');
          case 'r' -> out.write('\r');
          case 't' -> out.write('\t');
          case 'x' -> {
            int v = 0;
            for (int i = 0; i < 2; i++) {
              if (pos >= length) throw shortInput(pos);
              int h = TextSyntax.hexValue(text.charAt(pos));
              if (h < 0) throw error(pos, "expected 2 hex digits after \\x, found " + describe(pos));
              v = v * 16 + h;
              pos++;
            }
            out.write(v);
          }
          default ->
              throw error(
                  escAt,
                  "invalid escape '\\" + e + "' in byte string: expected one of \\\\ \\/ \\\" \\b \\f \\n \\r \\t \\xHH");
        }
        continue;
      }
      if (c < 0x20 || c > 0x7e) {
        throw error(pos, "byte string literals hold only printable ASCII (use \\xHH escapes), found " + describe(pos));
      }
      out.write(c);
      pos++;
    }
  }

  /**
   * {@code #x"..."} ({@code count < 0}) or {@code #xd"..."} ({@code count == 8}): hex pairs with
   * optional whitespace between pairs. {@code pos} is just after the opening quote.
   */
  private byte[] readHexBytes(int start, int count) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (; ; ) {
      while (pos < length && TextSyntax.isWhitespace(text.charAt(pos))) pos++;
      if (pos >= length) throw shortInput(pos);
      char c = text.charAt(pos);
      if (c == '"') {
        if (count >= 0 && out.size() != count) {
          throw error(start, "#xd\"...\" needs exactly 16 hex digits (8 bytes), found " + out.size() * 2);
        }
        pos++;
        return out.toByteArray();
      }
      int hi = TextSyntax.hexValue(c);
      if (hi < 0) throw error(pos, "expected a hex digit or '\"', found " + describe(pos));
      if (pos + 1 >= length) throw shortInput(pos + 1);
      int lo = TextSyntax.hexValue(text.charAt(pos + 1));
      if (lo < 0) {
        throw error(pos + 1, "hex digits must come in pairs: expected a second hex digit, found " + describe(pos + 1));
      }
      if (count >= 0 && out.size() >= count) {
        throw error(start, "#xd\"...\" needs exactly 16 hex digits (8 bytes), found more");
      }
      out.write(hi * 16 + lo);
      pos += 2;
    }
  }

  /** {@code #[...]}: base64 (standard or URL-safe), optional padding, whitespace anywhere. */
  private byte[] readBase64(int start) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    int acc = 0, bits = 0, chars = 0;
    boolean padding = false;
    for (; ; ) {
      if (pos >= length) throw shortInput(pos);
      char c = text.charAt(pos);
      if (TextSyntax.isWhitespace(c)) {
        pos++;
        continue;
      }
      if (c == ']') {
        if (chars % 4 == 1) throw error(pos, "base64 data ends with a single leftover character");
        pos++;
        return out.toByteArray();
      }
      if (c == '=') {
        if (chars % 4 < 2) throw error(pos, "misplaced '=' padding in base64");
        padding = true;
        pos++;
        continue;
      }
      int v = base64Value(c);
      if (v < 0) throw error(pos, "expected a base64 character or ']', found " + describe(pos));
      if (padding) throw error(pos, "base64 data after '=' padding");
      acc = (acc << 6) | v;
      bits += 6;
      chars++;
      if (bits >= 8) {
        bits -= 8;
        out.write((acc >> bits) & 0xff);
      }
      pos++;
    }
  }

  private static int base64Value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
  }

  // ------------------------------------------------------------------------------------------
  // Whitespace, positions, errors

  private void skipWhitespace() {
    while (pos < length && TextSyntax.isWhitespace(text.charAt(pos))) pos++;
  }

  /** @return a short description of the character at {@code i} for error messages. */
  private String describe(int i) {
    if (i >= length) return "end of input";
    int cp = text.codePointAt(i);
    if (cp >= 0x21 && cp < 0x7f) return "'" + (char) cp + "'";
    String name = switch (cp) {
      case ' ' -> "space";
      case '\t' -> "tab";
      case '\n' -> "newline";
      case '\r' -> "carriage return";
      default -> null;
    };
    if (name != null) return name;
    String u = String.format("U+%04X", cp);
    return Character.isISOControl(cp) || Character.isSurrogate((char) cp) ? u : u + " '" + Character.toString(cp) + "'";
  }

  // Position tracking (line/column/offset of a char index), linear in the input overall.
  // The frontier is the furthest index computed so far; queries at or beyond it scan forward from
  // it, and while it advances a checkpoint (index, line, column, offset) is recorded at the first
  // code-point boundary at or after every multiple of CHECKPOINT_INTERVAL. Queries behind the
  // frontier (a compound's start, asked for after its children's; an error naming an earlier
  // construct) scan forward from the checkpoint at or before them: at most CHECKPOINT_INTERVAL
  // characters, and they leave the frontier where it is.
  /** Characters between position checkpoints (see the class comment, "Cost"). */
  static final int CHECKPOINT_INTERVAL = 32;
  private int frontierIndex;
  private int frontierLine = 1;
  private int frontierColumn = 1;
  private int frontierOffset;
  private int checkpoints; // how many are recorded
  private int[] checkpointIndex = new int[8];
  private int[] checkpointLine = new int[8];
  private int[] checkpointColumn = new int[8];
  private int[] checkpointOffset = new int[8];
  private long charsScanned; // work counter for tests

  /** @return the position of char index {@code index} (tests). */
  Position positionAt(int index) {
    return positionOf(index);
  }

  /** @return how many characters position tracking has scanned so far (a work counter for tests). */
  long charsScannedForPositions() {
    return charsScanned;
  }

  /** @return the text position of char index {@code index} (line/column/offset in code points). */
  private Position positionOf(int index) {
    int end = Math.max(0, Math.min(index, length));
    boolean advance = end >= frontierIndex;
    int i, line, col, offset;
    if (advance) {
      i = frontierIndex;
      line = frontierLine;
      col = frontierColumn;
      offset = frontierOffset;
    } else {
      int k = Math.min(end / CHECKPOINT_INTERVAL, checkpoints - 1);
      while (checkpointIndex[k] > end) k--; // checkpoint 0 is index 0
      i = checkpointIndex[k];
      line = checkpointLine[k];
      col = checkpointColumn[k];
      offset = checkpointOffset[k];
    }
    charsScanned += end - i;
    int nextCheckpoint = advance ? checkpoints * CHECKPOINT_INTERVAL : Integer.MAX_VALUE;
    while (i < end) {
      if (i >= nextCheckpoint) {
        addCheckpoint(i, line, col, offset);
        nextCheckpoint = checkpoints * CHECKPOINT_INTERVAL;
      }
      char c = text.charAt(i);
      if (c == '\n' || (c == '\r' && (i + 1 >= length || text.charAt(i + 1) != '\n'))) {
        line++;
        col = 1;
        i++;
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        col++;
        i += 2;
      } else {
        col++;
        i++;
      }
      offset++;
    }
    if (advance) {
      frontierIndex = i;
      frontierLine = line;
      frontierColumn = col;
      frontierOffset = offset;
    }
    return Position.ofText(options.sourceName(), offset, line, col);
  }

  private void addCheckpoint(int index, int line, int col, int offset) {
    if (checkpoints == checkpointIndex.length) {
      int n = checkpoints * 2;
      checkpointIndex = java.util.Arrays.copyOf(checkpointIndex, n);
      checkpointLine = java.util.Arrays.copyOf(checkpointLine, n);
      checkpointColumn = java.util.Arrays.copyOf(checkpointColumn, n);
      checkpointOffset = java.util.Arrays.copyOf(checkpointOffset, n);
    }
    checkpointIndex[checkpoints] = index;
    checkpointLine[checkpoints] = line;
    checkpointColumn[checkpoints] = col;
    checkpointOffset[checkpoints] = offset;
    checkpoints++;
  }

  private SyntaxError error(int at, String message) {
    return new SyntaxError(positionOf(at), message);
  }

  private EndOfInputException shortInput(int at) {
    return new EndOfInputException(positionOf(Math.min(at, length)), false);
  }
}
