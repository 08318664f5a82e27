package org.syndicate.sturdy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * INTERIM: the canonical binary Preserves encoding e(v) that signatures cover (Preserves 0.996
 * binary syntax, canonical form: no annotations, set elements and dictionary keys ordered by
 * their encoded bytes; reference note preserves.md). To be replaced by the project's binary
 * codec ({@code org.syndicate.preserves.binary}) once it is on main.
 */
final class CanonicalBytes {
  private CanonicalBytes() {}

  /**
   * @param v any value; embedded payloads must be Values
   * @return its canonical binary encoding
   * @throws PreservesException for an embedded payload that is not a Value
   */
  static byte[] of(Value v) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(out, v);
    return out.toByteArray();
  }

  private static void write(ByteArrayOutputStream out, Value v) {
    switch (v) {
      case BooleanValue b -> out.write(b.value() ? 0x81 : 0x80);
      case DoubleValue d -> {
        out.write(0x87);
        out.write(8);
        long bits = d.bits();
        for (int i = 7; i >= 0; i--) out.write((int) (bits >>> (8 * i)));
      }
      case SignedInteger i -> {
        byte[] bs = i.signum() == 0 ? new byte[0] : i.bigValue().toByteArray();
        atom(out, 0xb0, bs);
      }
      case StringValue s -> atom(out, 0xb1, s.value().getBytes(StandardCharsets.UTF_8));
      case ByteString b -> atom(out, 0xb2, b.unsafeBytes());
      case Symbol s -> atom(out, 0xb3, s.name().getBytes(StandardCharsets.UTF_8));
      case RecordValue r -> {
        out.write(0xb4);
        write(out, r.label());
        for (Value f : r.fields()) write(out, f);
        out.write(0x84);
      }
      case Sequence s -> {
        out.write(0xb5);
        for (Value item : s.items()) write(out, item);
        out.write(0x84);
      }
      case SetValue s -> {
        out.write(0xb6);
        List<byte[]> items = new ArrayList<>();
        for (Value item : s.elements()) items.add(of(item));
        items.sort(Arrays::compareUnsigned);
        for (byte[] item : items) out.writeBytes(item);
        out.write(0x84);
      }
      case Dictionary d -> {
        out.write(0xb7);
        List<byte[][]> entries = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) entries.add(new byte[][] {of(d.keys().get(i)), of(d.values().get(i))});
        entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
        for (byte[][] e : entries) {
          out.writeBytes(e[0]);
          out.writeBytes(e[1]);
        }
        out.write(0x84);
      }
      case Embedded e -> {
        if (!(e.payload() instanceof Value p)) {
          throw new PreservesException("cannot encode an embedded " + e.payload().getClass().getName() + " canonically");
        }
        out.write(0x86);
        write(out, p);
      }
    }
  }

  private static void atom(ByteArrayOutputStream out, int tag, byte[] bs) {
    out.write(tag);
    long n = bs.length;
    while (n >= 0x80) {
      out.write((int) (n & 0x7f) | 0x80);
      n >>>= 7;
    }
    out.write((int) n);
    out.writeBytes(bs);
  }
}
