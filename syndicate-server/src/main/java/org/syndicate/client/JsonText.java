package org.syndicate.client;

import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The JSON form of a Preserves value for {@code syndicate services --format=json} (RFC 8259, one
 * line): booleans, integers (any size), finite doubles, strings and sequences as themselves;
 * symbols as strings of their name; dictionaries whose keys are all strings or symbols as objects
 * (keys in Preserves order); anything else (records, byte strings, sets, embedded values,
 * dictionaries with other keys, NaN and infinities) as a string holding its Preserves text, as
 * {@link ClientText} writes it. Annotations are dropped. Lossy by design (a symbol and a string
 * of the same name look alike): for scripts; {@code --format=preserves} is exact.
 */
final class JsonText {
  private JsonText() {}

  /**
   * @param v the value
   * @param text writes the values JSON cannot hold
   * @return its JSON text, without a newline
   */
  static String json(Value v, ClientText text) {
    StringBuilder sb = new StringBuilder();
    write(sb, v, text, 0);
    return sb.toString();
  }

  /** Deeper than this, values are written as their Preserves text (bounds recursion). */
  private static final int MAX_DEPTH = 200;

  private static void write(StringBuilder sb, Value v, ClientText text, int depth) {
    Value s = v.strip();
    if (depth > MAX_DEPTH) {
      string(sb, text.text(s));
      return;
    }
    switch (s) {
      case BooleanValue b -> sb.append(b.value());
      case SignedInteger i -> sb.append(i.bigValue());
      case DoubleValue d when Double.isFinite(d.value()) -> sb.append(d.value());
      case StringValue str -> string(sb, str.value());
      case Symbol sym -> string(sb, sym.name());
      case Sequence seq -> {
        sb.append('[');
        for (int i = 0; i < seq.size(); i++) {
          if (i > 0) sb.append(',');
          write(sb, seq.get(i), text, depth + 1);
        }
        sb.append(']');
      }
      case Dictionary d when d.keys().stream().allMatch(k -> k instanceof StringValue || k instanceof Symbol) -> {
        sb.append('{');
        for (int i = 0; i < d.size(); i++) {
          if (i > 0) sb.append(',');
          Value k = d.keys().get(i);
          string(sb, k instanceof Symbol sym ? sym.name() : ((StringValue) k).value());
          sb.append(':');
          write(sb, d.values().get(i), text, depth + 1);
        }
        sb.append('}');
      }
      default -> string(sb, text.text(s));
    }
  }

  /** A JSON string literal: quote, backslash and control characters escaped; lone surrogates as U+FFFD. */
  static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\u%04x", (int) c));
          } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
            sb.append(c).append(s.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            sb.append('\uFFFD');
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
