package org.syndicate.preserves.text;

import org.syndicate.preserves.*;

/**
 * PLACEHOLDER (to be replaced by the full text writer): prints a value in Preserves text syntax,
 * compactly, with annotations. Embedded payloads that are not Values print as their toString.
 */
public final class TextWriter {
  private TextWriter() {}

  /** @return the text syntax of {@code v}. */
  public static String toText(Value v) {
    StringBuilder sb = new StringBuilder();
    write(sb, v);
    return sb.toString();
  }

  private static void write(StringBuilder sb, Value v) {
    for (Value a : v.annotations()) {
      sb.append('@');
      write(sb, a);
      sb.append(' ');
    }
    switch (v) {
      case BooleanValue b -> sb.append(b.value() ? "#t" : "#f");
      case DoubleValue d -> sb.append(Double.isFinite(d.value()) ? Double.toString(d.value()) : String.format("#xd\"%016x\"", d.bits()));
      case SignedInteger i -> sb.append(i.bigValue());
      case StringValue s -> sb.append('"').append(s.value().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
      case ByteString b -> sb.append("#x\"").append(b.toHex()).append('"');
      case Symbol s -> sb.append('|').append(s.name().replace("\\", "\\\\").replace("|", "\\|")).append('|');
      case RecordValue r -> {
        sb.append('<');
        write(sb, r.label());
        for (Value f : r.fields()) { sb.append(' '); write(sb, f); }
        sb.append('>');
      }
      case Sequence s -> {
        sb.append('[');
        for (int i = 0; i < s.size(); i++) { if (i > 0) sb.append(' '); write(sb, s.get(i)); }
        sb.append(']');
      }
      case SetValue s -> {
        sb.append("#{");
        for (int i = 0; i < s.size(); i++) { if (i > 0) sb.append(' '); write(sb, s.elements().get(i)); }
        sb.append('}');
      }
      case Dictionary d -> {
        sb.append('{');
        for (int i = 0; i < d.size(); i++) {
          if (i > 0) sb.append(' ');
          write(sb, d.keys().get(i)); sb.append(": "); write(sb, d.values().get(i));
        }
        sb.append('}');
      }
      case Embedded e -> {
        sb.append("#:");
        if (e.payload() instanceof Value p) write(sb, p); else sb.append(e.payload());
      }
    }
  }
}
