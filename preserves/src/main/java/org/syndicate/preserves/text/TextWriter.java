package org.syndicate.preserves.text;

import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * Writes {@link Value}s in the Preserves text syntax (reference note preserves.md §3 "Printing"),
 * so that {@link TextReader} reads back an equal value (with equal annotations when they are
 * written).
 *
 * <ul>
 *   <li>Doubles: finite values as {@link Double#toString(double)} (shortest form that reads back
 *       to the same bits; always holds {@code .} or {@code E}); infinities and NaNs as {@code
 *       #xd"<16 hex digits>"} with the raw bits.
 *   <li>Symbols bare when non-empty, made only of symbol characters and not readable as a number;
 *       otherwise {@code |...|} with {@code \|}, {@code \\} and control characters escaped.
 *   <li>Strings in {@code "..."} escaping {@code "}, {@code \} and control characters.
 *   <li>Byte strings as {@code #"..."} when every byte is printable ASCII, else {@code #x"..."}.
 *   <li>Sets and dictionaries in the semantic total order (the order {@link SetValue} and {@link
 *       Dictionary} hold).
 *   <li>Annotations (when enabled) as {@code @annotation value}. In indented output, a string
 *       annotation without line breaks (and without annotations of its own) is written as a comment
 *       line {@code # text} before its value, as people write them; compact output always uses
 *       {@code @"text"}.
 *   <li>Embedded values as {@code #:} followed by the payload's form from the {@link
 *       EmbeddedCodec}.
 * </ul>
 *
 * <p>Compact output is one line with single spaces: it never contains CR or LF (strings, symbols
 * and byte strings escape them; annotations, comments included, are written as {@code @"..."}),
 * so a relay can send one value per line. With {@link Options#indent()} {@code > 0},
 * compounds whose compact form does not fit in {@link #WIDTH} columns are broken over lines, one
 * item per line, indented by that many spaces per level. Output never recurses on the Java stack
 * for the compact form, so arbitrarily deep values print without stack overflow. Deciding whether
 * a value fits is a one-line trial that gives up as soon as a cheap lower bound on the remaining
 * text exceeds the room, so wide compounds and long atoms (big integers, whose decimal conversion
 * is superlinear) are not expanded again by the trial of every enclosing level.
 */
public final class TextWriter {
  /** Target line width for indented output. */
  public static final int WIDTH = 80;

  /** Nesting beyond which indented output falls back to compact form (bounds recursion). */
  private static final int MAX_PRETTY_DEPTH = 200;

  /**
   * Writer settings.
   *
   * @param annotations write annotations ({@code @a value}); false drops them
   * @param indent spaces per nesting level; 0 for compact one-line output
   * @param embeddedCodec maps embedded payloads to the value written after {@code #:}
   */
  public record Options(boolean annotations, int indent, EmbeddedCodec embeddedCodec) {
    /** Compact, with annotations, identity codec. */
    public static final Options DEFAULT = new Options(true, 0, EmbeddedCodec.IDENTITY);

    /** Validates the settings. */
    public Options {
      Objects.requireNonNull(embeddedCodec, "embeddedCodec");
      if (indent < 0) throw new IllegalArgumentException("indent must be >= 0: " + indent);
    }

    /** @return these options with annotations on or off. */
    public Options withAnnotations(boolean on) {
      return new Options(on, indent, embeddedCodec);
    }

    /** @return these options with the given indent (0 = compact). */
    public Options withIndent(int spaces) {
      return new Options(annotations, spaces, embeddedCodec);
    }

    /** @return these options with the given embedded codec. */
    public Options withEmbeddedCodec(EmbeddedCodec codec) {
      return new Options(annotations, indent, codec);
    }
  }

  /**
   * The codec behind {@link #toText(Value)} ({@link Value#toString()}): Value payloads as
   * themselves, any other payload as the string of its {@code toString()} (a debugging form: it
   * reads back as a String payload, not the original object). Never throws.
   */
  public static final EmbeddedCodec DEBUG_CODEC =
      new EmbeddedCodec() {
        @Override
        public Value encode(Object payload) {
          if (payload instanceof Value v) return v;
          return StringValue.of(safeString(payload));
        }

        @Override
        public Object decode(Value wire) {
          return wire;
        }
      };

  private static String safeString(Object o) {
    String s = String.valueOf(o);
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        sb.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        sb.append('\uFFFD');
      } else {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private TextWriter() {}

  /**
   * Compact text with annotations; non-Value embedded payloads print via {@link #DEBUG_CODEC}.
   * Used by {@link Value#toString()}; never throws.
   *
   * @param v the value
   * @return its text syntax
   */
  public static String toText(Value v) {
    return toText(v, new Options(true, 0, DEBUG_CODEC));
  }

  /**
   * @param v the value
   * @param options writer settings
   * @return its text syntax
   * @throws PreservesException if the embedded codec cannot encode a payload
   */
  public static String toText(Value v, Options options) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, options);
    return sb.toString();
  }

  /**
   * Appends the text syntax of {@code v} to {@code out} (no trailing newline).
   *
   * @param out where to write
   * @param v the value
   * @param options writer settings
   * @throws PreservesException if the embedded codec cannot encode a payload
   */
  public static void write(StringBuilder out, Value v, Options options) {
    if (options.indent() == 0) {
      writeCompact(out, v, options, -1);
    } else {
      writePretty(out, v, options, 0);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Compact form (explicit work stack)

  /**
   * Writes the compact form; stops early (returning false) once {@code out} grows beyond {@code
   * limit} characters ({@code limit < 0}: no limit).
   */
  private static boolean writeCompact(StringBuilder out, Value root, Options o, int limit) {
    ArrayDeque<Object> work = new ArrayDeque<>();
    work.push(root);
    List<Object> parts = new ArrayList<>();
    while (!work.isEmpty()) {
      if (limit >= 0 && out.length() > limit) return false;
      Object item = work.pop();
      if (item instanceof String s) {
        out.append(s);
        continue;
      }
      Value v = (Value) item;
      if (limit >= 0 && out.length() + minCompactLength(v, o) > limit) return false;
      if (v.kind().isAtom() && (!o.annotations() || !v.hasAnnotations())) {
        out.append(atomText(v));
        continue;
      }
      parts.clear();
      if (limit >= 0 && o.annotations() && hasCommentAnnotation(v)) {
        return false; // indented output writes it as a comment line: it cannot stay on one line
      }
      if (o.annotations()) {
        for (Value a : v.annotations()) {
          parts.add("@");
          parts.add(a);
          parts.add(" ");
        }
      }
      switch (v) {
        case RecordValue r -> {
          parts.add("<");
          parts.add(r.label());
          for (Value f : r.fields()) {
            parts.add(" ");
            parts.add(f);
          }
          parts.add(">");
        }
        case Sequence s -> addItems(parts, "[", s.items(), "]");
        case SetValue s -> addItems(parts, "#{", s.elements(), "}");
        case Dictionary d -> {
          parts.add("{");
          for (int i = 0; i < d.size(); i++) {
            if (i > 0) parts.add(" ");
            parts.add(d.keys().get(i));
            parts.add(": ");
            parts.add(d.values().get(i));
          }
          parts.add("}");
        }
        case Embedded e -> {
          parts.add("#:");
          parts.add(encodeEmbedded(e, o));
        }
        default -> parts.add(atomText(v));
      }
      for (int i = parts.size() - 1; i >= 0; i--) work.push(parts.get(i));
    }
    return limit < 0 || out.length() <= limit;
  }

  /**
   * A lower bound on the length of {@code v}'s compact text, found without producing it. A trial
   * that cannot fit gives up before expanding a wide compound or converting a long atom, so
   * indented output costs about {@link #WIDTH} characters of trial per value however wide or long
   * its children (a big integer's decimal text costs more than linear time to produce).
   */
  private static long minCompactLength(Value v, Options o) {
    long n = o.annotations() ? 2L * v.annotations().size() : 0;
    return n
        + switch (v) {
          case BooleanValue b -> 2;
          case DoubleValue d -> 3;
          case SignedInteger i -> i.fitsLong() ? 1 : 1 + (i.bigValue().bitLength() - 1) * 3L / 10;
          case StringValue s -> s.value().length() + 2L;
          case ByteString b -> b.length() + 3L;
          case Symbol s -> s.name().length();
          case RecordValue r -> 3L + 2L * r.arity();
          case Sequence s -> 1L + Math.max(1, 2L * s.size());
          case SetValue s -> 2L + Math.max(1, 2L * s.size());
          case Dictionary d -> 1L + Math.max(1, 5L * d.size());
          case Embedded e -> 3;
        };
  }

  private static void addItems(List<Object> parts, String open, List<Value> items, String close) {
    parts.add(open);
    for (int i = 0; i < items.size(); i++) {
      if (i > 0) parts.add(" ");
      parts.add(items.get(i));
    }
    parts.add(close);
  }

  private static Value encodeEmbedded(Embedded e, Options o) {
    Value w = o.embeddedCodec().encode(e.payload());
    if (w == null) throw new PreservesException("embedded codec produced no value for " + e.payload().getClass().getName());
    return w;
  }

  // ------------------------------------------------------------------------------------------
  // Indented form

  private static void writePretty(StringBuilder out, Value v, Options o, int level) {
    int lineStart = out.lastIndexOf("\n") + 1;
    int room = Math.max(WIDTH - (out.length() - lineStart), 20);
    int mark = out.length();
    if (level >= MAX_PRETTY_DEPTH || writeCompact(out, v, o, mark + room)) {
      if (level >= MAX_PRETTY_DEPTH) {
        out.setLength(mark);
        writeCompact(out, v, o, -1);
      }
      return;
    }
    out.setLength(mark);
    if (o.annotations()) {
      for (Value a : v.annotations()) {
        if (isCommentable(a)) {
          String text = ((StringValue) a).value();
          out.append('#');
          if (!text.isEmpty()) out.append(' ').append(text);
        } else {
          out.append('@');
          writePretty(out, a, o, level);
        }
        newline(out, o, level);
      }
    }
    switch (v) {
      case RecordValue r -> {
        out.append('<');
        writePretty(out, r.label(), o, level + 1);
        for (Value f : r.fields()) {
          newline(out, o, level + 1);
          writePretty(out, f, o, level + 1);
        }
        out.append('>');
      }
      case Sequence s -> prettyItems(out, o, level, "[", s.items(), "]");
      case SetValue s -> prettyItems(out, o, level, "#{", s.elements(), "}");
      case Dictionary d -> {
        out.append('{');
        for (int i = 0; i < d.size(); i++) {
          newline(out, o, level + 1);
          writePretty(out, d.keys().get(i), o, level + 1);
          out.append(": ");
          writePretty(out, d.values().get(i), o, level + 1);
        }
        newline(out, o, level);
        out.append('}');
      }
      case Embedded e -> {
        out.append("#:");
        writePretty(out, encodeEmbedded(e, o), o, level);
      }
      default -> out.append(atomText(v));
    }
  }

  /** A string annotation without annotations of its own and without CR/LF: a comment line. */
  private static boolean isCommentable(Value a) {
    if (!(a instanceof StringValue sv) || a.hasAnnotations()) return false;
    String t = sv.value();
    return t.indexOf('\n') < 0 && t.indexOf('\r') < 0;
  }

  private static boolean hasCommentAnnotation(Value v) {
    for (Value a : v.annotations()) if (isCommentable(a)) return true;
    return false;
  }

  private static void prettyItems(
      StringBuilder out, Options o, int level, String open, List<Value> items, String close) {
    out.append(open);
    for (Value item : items) {
      newline(out, o, level + 1);
      writePretty(out, item, o, level + 1);
    }
    newline(out, o, level);
    out.append(close);
  }

  private static void newline(StringBuilder out, Options o, int level) {
    out.append('\n');
    out.repeat(' ', o.indent() * level);
  }

  // ------------------------------------------------------------------------------------------
  // Atoms

  /** @return the text of an atom (not embedded, not compound), without annotations. */
  private static String atomText(Value v) {
    return switch (v) {
      case BooleanValue b -> b.value() ? "#t" : "#f";
      case DoubleValue d -> doubleText(d);
      case SignedInteger i -> i.fitsLong() ? Long.toString(i.longValue()) : i.bigValue().toString();
      case StringValue s -> quote(s.value(), '"');
      case ByteString b -> bytesText(b);
      case Symbol s -> symbolText(s.name());
      default -> throw new IllegalArgumentException("not an atom: " + v.kind());
    };
  }

  /**
   * @param d a double
   * @return its text: decimal for finite values, {@code #xd"..."} otherwise
   */
  public static String doubleText(DoubleValue d) {
    double x = d.value();
    if (Double.isFinite(x) && Double.doubleToRawLongBits(x) == d.bits()) return Double.toString(x);
    return String.format("#xd\"%016x\"", d.bits());
  }

  /**
   * @param name a symbol's text
   * @return the symbol bare when it reads back as the same symbol, else in {@code |...|}
   */
  public static String symbolText(String name) {
    if (isBareSymbol(name)) return name;
    return quote(name, '|');
  }

  /** @return true when {@code name} can be written as a bare symbol. */
  static boolean isBareSymbol(String name) {
    if (name.isEmpty()) return false;
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      if (!TextSyntax.isSymbolChar(cp)) return false;
      i += Character.charCount(cp);
    }
    return TextSyntax.classify(name) == TextSyntax.TokenKind.SYMBOL;
  }

  /**
   * @param s text
   * @param q the quote: {@code "} for strings, {@code |} for symbols
   * @return {@code s} quoted and escaped
   */
  static String quote(String s, char q) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append(q);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c == q) {
            sb.append('\\').append(c);
          } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
            sb.append(String.format("\\u%04X", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(q).toString();
  }

  private static String bytesText(ByteString b) {
    byte[] bytes = b.unsafeBytes();
    boolean printable = true;
    for (byte x : bytes) {
      if (x < 0x20 || x > 0x7e) {
        printable = false;
        break;
      }
    }
    StringBuilder sb = new StringBuilder(bytes.length * 2 + 4);
    if (printable) {
      sb.append("#\"");
      for (byte x : bytes) {
        if (x == '"' || x == '\\') sb.append('\\');
        sb.append((char) x);
      }
      return sb.append('"').toString();
    }
    return sb.append("#x\"").append(b.toHex()).append('"').toString();
  }
}
