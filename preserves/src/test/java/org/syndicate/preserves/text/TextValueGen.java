package org.syndicate.preserves.text;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Seeded random Preserves values for the text-syntax property tests, biased towards the awkward
 * corners of the text syntax: number-like and non-ASCII symbols, escapes and supplementary
 * characters in strings, every kind of double bit pattern, annotations everywhere (including on
 * annotations, labels, keys and embedded payloads).
 */
final class TextValueGen {
  private final SplittableRandom rnd;

  TextValueGen(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  int nextInt(int bound) {
    return rnd.nextInt(bound);
  }

  Value value(int depth, boolean annotate) {
    Value v = depth <= 0 || rnd.nextInt(3) > 0 ? atom() : compound(depth, annotate);
    if (annotate && rnd.nextInt(5) == 0) {
      List<Value> anns = new ArrayList<>();
      int n = 1 + rnd.nextInt(3);
      for (int i = 0; i < n; i++) anns.add(rnd.nextBoolean() ? StringValue.of(text(12)) : value(depth - 1, true));
      v = v.withAnnotations(anns);
    }
    return v;
  }

  Value compound(int depth, boolean annotate) {
    int n = rnd.nextInt(5);
    switch (rnd.nextInt(5)) {
      case 0 -> {
        Value label = rnd.nextInt(4) > 0 ? symbol() : value(depth - 1, annotate);
        List<Value> fields = new ArrayList<>();
        for (int i = 0; i < n; i++) fields.add(value(depth - 1, annotate));
        return RecordValue.of(label, fields);
      }
      case 1 -> {
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(value(depth - 1, annotate));
        return Sequence.of(items);
      }
      case 2 -> {
        List<Value> items = new ArrayList<>();
        for (int i = 0; i < n; i++) items.add(value(depth - 1, annotate));
        return SetValue.of(items);
      }
      case 3 -> {
        Dictionary.Builder b = Dictionary.builder();
        for (int i = 0; i < n; i++) b.put(value(depth - 1, annotate), value(depth - 1, annotate));
        return b.build();
      }
      default -> {
        return Embedded.of(value(depth - 1, annotate));
      }
    }
  }

  Value atom() {
    return switch (rnd.nextInt(7)) {
      case 0 -> BooleanValue.of(rnd.nextBoolean());
      case 1 -> doubleValue();
      case 2 -> integer();
      case 3 -> StringValue.of(text(10));
      case 4 -> {
        byte[] b = new byte[rnd.nextInt(12)];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (rnd.nextBoolean() ? 0x20 + rnd.nextInt(0x5f) : rnd.nextInt(256));
        yield ByteString.of(b);
      }
      default -> symbol();
    };
  }

  Value doubleValue() {
    return switch (rnd.nextInt(6)) {
      case 0 -> DoubleValue.ofBits(rnd.nextLong());
      case 1 -> DoubleValue.ofBits(0x7ff0000000000000L | (rnd.nextBoolean() ? Long.MIN_VALUE : 0) | rnd.nextLong(1L << 52));
      case 2 -> DoubleValue.of(new double[] {0.0, -0.0, 1.0, -1.5, 1e300, 4.9e-324, Double.MAX_VALUE, 1e-5, 1e21, 123456.789}[rnd.nextInt(10)]);
      default -> DoubleValue.of((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(40) - 20));
    };
  }

  Value integer() {
    return switch (rnd.nextInt(3)) {
      case 0 -> SignedInteger.of(rnd.nextInt(2000) - 1000);
      case 1 -> SignedInteger.of(rnd.nextLong());
      default -> SignedInteger.of(new BigInteger(1 + rnd.nextInt(200), new java.util.Random(rnd.nextLong())).multiply(BigInteger.valueOf(rnd.nextBoolean() ? 1 : -1)));
    };
  }

  private static final String[] SYMBOL_SAMPLES = {
    "", "a", "hello", "1.0f", "١٢٣", "1.", ".5", "+", "-", "---1", "1-2-3", "123", "-7", "1.5",
    "1e9", "+1.x", "...", "héllo", "λx", "日本語", "a b", "a|b", "a\\b", "?x", "$x", "=", "!", "a:b",
    "#t", "@a", "x,y", "\uD834\uDD1E", "NaN", "Infinity", "0x10", "a\"b",
  };

  Value symbol() {
    if (rnd.nextInt(3) == 0) return Symbol.of(text(8));
    return Symbol.of(SYMBOL_SAMPLES[rnd.nextInt(SYMBOL_SAMPLES.length)]);
  }

  private static final String TRICKY = "\"\\|/\b\f\n\r\t\u0000\u0001\u007f\u0085 ,:@#<>[]{}'`;abcXYZ019é日\u00A0\u2028\uFEFF";

  /** Random text of Unicode scalar values (never lone surrogates). */
  String text(int maxLen) {
    int n = rnd.nextInt(maxLen + 1);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      switch (rnd.nextInt(4)) {
        case 0 -> sb.append(TRICKY.charAt(rnd.nextInt(TRICKY.length())));
        case 1 -> sb.appendCodePoint(0x10000 + rnd.nextInt(0x100000));
        case 2 -> {
          int cp = rnd.nextInt(0x10000);
          if (!Character.isSurrogate((char) cp)) sb.appendCodePoint(cp);
        }
        default -> sb.append((char) (0x20 + rnd.nextInt(0x5f)));
      }
    }
    return sb.toString();
  }
}
