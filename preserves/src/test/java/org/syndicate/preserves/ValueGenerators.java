package org.syndicate.preserves;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.quicktheories.core.Gen;

/**
 * Seeded random {@link Value} generators for property tests of the codecs (binary, text) and of
 * the order. Values cover every kind, with the awkward corners the spec and pitfalls name:
 * annotations everywhere (also on labels, keys, annotations and embedded payloads), embedded
 * values with Value payloads, every kind of NaN bit pattern, {@code -0.0}, infinities and
 * subnormals, integers at every byte-length boundary and big ones, non-BMP and
 * surrogate-neighbour code points, empty and long atoms, and occasional deep chains.
 *
 * <p>Usage: {@code new ValueGenerators(seed).value()}; log the seed so a failure can be replayed.
 * {@link #quickTheories(Settings)} adapts it to a QuickTheories {@link Gen} (no shrinking beyond
 * the seed).
 */
public final class ValueGenerators {

  /**
   * What to generate.
   *
   * @param maxDepth nesting depth budget for ordinary values
   * @param maxWidth maximum number of children of a compound
   * @param annotations whether to attach annotations
   * @param embedded whether to generate Embedded values (with Value payloads)
   * @param deepChanceInverse 1 in this many values is a deep chain (about 40-80 levels); 0 for never
   */
  public record Settings(int maxDepth, int maxWidth, boolean annotations, boolean embedded, int deepChanceInverse) {
    /** Depth 4, width 5, annotations and embedded values on, a deep chain 1 time in 200. */
    public static final Settings DEFAULT = new Settings(4, 5, true, true, 200);

    /** {@link #DEFAULT} without annotations. */
    public static final Settings PLAIN = new Settings(4, 5, false, true, 200);

    /** Small atoms from a tiny domain, so that equal values occur often (order/equality tests). */
    public static final Settings SMALL = new Settings(2, 3, true, true, 0);

    /** @return these settings with annotations switched on or off. */
    public Settings withAnnotations(boolean on) {
      return new Settings(maxDepth, maxWidth, on, embedded, deepChanceInverse);
    }
  }

  private final SplittableRandom rnd;
  private final Settings settings;
  private final boolean small;

  /** A generator with {@link Settings#DEFAULT}. */
  public ValueGenerators(long seed) {
    this(seed, Settings.DEFAULT);
  }

  /** A generator with the given settings. */
  public ValueGenerators(long seed, Settings settings) {
    this.rnd = new SplittableRandom(seed);
    this.settings = settings;
    this.small = settings == Settings.SMALL;
  }

  /** @return the underlying random source (for tests that need more random choices). */
  public SplittableRandom random() {
    return rnd;
  }

  /** @return a QuickTheories generator drawing one seed per example. */
  public static Gen<Value> quickTheories(Settings settings) {
    return in -> new ValueGenerators(in.next(org.quicktheories.impl.Constraint.none()), settings).value();
  }

  /** @return a random value. */
  public Value value() {
    if (settings.deepChanceInverse() > 0 && rnd.nextInt(settings.deepChanceInverse()) == 0) {
      return deepChain(40 + rnd.nextInt(40));
    }
    return value(settings.maxDepth());
  }

  /** @return a random value whose nesting is at most {@code depth}. */
  public Value value(int depth) {
    Value v = depth <= 0 || rnd.nextInt(3) == 0 ? atom() : compound(depth - 1);
    return maybeAnnotate(v, depth);
  }

  /** @return a chain of {@code depth} nested compounds around an atom. */
  public Value deepChain(int depth) {
    Value v = atom();
    for (int i = 0; i < depth; i++) {
      v =
          switch (rnd.nextInt(5)) {
            case 0 -> Sequence.of(v);
            case 1 -> RecordValue.of(Symbol.of("r"), v);
            case 2 -> SetValue.of(v, SignedInteger.of(i));
            case 3 -> Dictionary.of(v, SignedInteger.of(i));
            default -> settings.embedded() ? Embedded.of(v) : Sequence.of(v, v);
          };
      if (settings.annotations() && rnd.nextInt(10) == 0) v = v.annotate(atom());
    }
    return v;
  }

  private Value maybeAnnotate(Value v, int depth) {
    if (!settings.annotations() || rnd.nextInt(small ? 6 : 4) != 0) return v;
    int n = 1 + rnd.nextInt(2);
    for (int i = 0; i < n; i++) v = v.annotate(value(Math.min(depth - 1, 1)));
    return v;
  }

  /** @return a random atom (Boolean, Double, SignedInteger, String, ByteString or Symbol). */
  public Value atom() {
    if (small) {
      return switch (rnd.nextInt(6)) {
        case 0 -> BooleanValue.of(rnd.nextBoolean());
        case 1 -> DoubleValue.of(rnd.nextInt(3) - 1.0);
        case 2 -> SignedInteger.of(rnd.nextInt(3) - 1);
        case 3 -> StringValue.of(rnd.nextBoolean() ? "a" : "b");
        case 4 -> ByteString.of(new byte[] {(byte) rnd.nextInt(2)});
        default -> Symbol.of(rnd.nextBoolean() ? "a" : "\uD83D\uDE00");
      };
    }
    return switch (rnd.nextInt(6)) {
      case 0 -> BooleanValue.of(rnd.nextBoolean());
      case 1 -> doubleValue();
      case 2 -> integer();
      case 3 -> StringValue.of(text());
      case 4 -> byteString();
      default -> Symbol.of(text());
    };
  }

  /** @return a Double, often one of the special bit patterns. */
  public DoubleValue doubleValue() {
    return switch (rnd.nextInt(10)) {
      case 0 -> DoubleValue.of(0.0);
      case 1 -> DoubleValue.of(-0.0);
      case 2 -> DoubleValue.of(rnd.nextBoolean() ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
      case 3 -> { // NaN: any sign, quiet or signalling, random non-zero payload
        long payload = rnd.nextLong() & 0x000f_ffff_ffff_ffffL;
        if (payload == 0) payload = 1;
        long sign = rnd.nextBoolean() ? Long.MIN_VALUE : 0;
        yield DoubleValue.ofBits(sign | 0x7ff0_0000_0000_0000L | payload);
      }
      case 4 -> DoubleValue.ofBits(rnd.nextLong() & 0x800f_ffff_ffff_ffffL); // subnormal
      case 5 -> DoubleValue.ofBits(rnd.nextLong()); // any pattern
      case 6 -> DoubleValue.of(rnd.nextInt(2001) - 1000);
      default -> DoubleValue.of((rnd.nextDouble() - 0.5) * Math.pow(10, rnd.nextInt(40) - 20));
    };
  }

  /** @return a SignedInteger: small, at a byte boundary, long-sized or big. */
  public SignedInteger integer() {
    return switch (rnd.nextInt(6)) {
      case 0 -> SignedInteger.of(rnd.nextInt(513) - 256);
      case 1 -> { // 2^k + {-1, 0, 1}, either sign: every byte-length boundary
        BigInteger b = BigInteger.ONE.shiftLeft(rnd.nextInt(160)).add(BigInteger.valueOf(rnd.nextInt(3) - 1));
        yield SignedInteger.of(rnd.nextBoolean() ? b : b.negate());
      }
      case 2 -> SignedInteger.of(rnd.nextLong());
      case 3 -> SignedInteger.of(rnd.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE);
      case 4 -> SignedInteger.of(new BigInteger(8 + rnd.nextInt(320), new java.util.Random(rnd.nextLong())).subtract(BigInteger.ONE.shiftLeft(100)));
      default -> SignedInteger.of(rnd.nextInt());
    };
  }

  /** @return a string of Unicode scalar values, mixing ASCII, BMP, surrogate neighbours and non-BMP. */
  public String text() {
    int n = rnd.nextInt(6) == 0 ? rnd.nextInt(200) : rnd.nextInt(8);
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      int cp =
          switch (rnd.nextInt(8)) {
            case 0, 1, 2 -> 0x20 + rnd.nextInt(0x5f);
            case 3 -> rnd.nextInt(0x20); // controls, incl. NUL
            case 4 -> 0x80 + rnd.nextInt(0xD800 - 0x80);
            case 5 -> 0xE000 + rnd.nextInt(0x10000 - 0xE000); // just above the surrogates, up to U+FFFF
            case 6 -> 0x10000 + rnd.nextInt(0x110000 - 0x10000); // non-BMP
            default -> new int[] {0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF, 0x7F, 0x80, 0x7FF, 0x800}[rnd.nextInt(9)];
          };
      sb.appendCodePoint(cp);
    }
    return sb.toString();
  }

  /** @return a ByteString, sometimes empty or long. */
  public ByteString byteString() {
    int n = rnd.nextInt(6) == 0 ? rnd.nextInt(300) : rnd.nextInt(6);
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) b[i] = (byte) rnd.nextInt(256);
    return ByteString.wrap(b);
  }

  private Value compound(int depth) {
    int width = rnd.nextInt(settings.maxWidth() + 1);
    int kinds = settings.embedded() ? 5 : 4;
    return switch (rnd.nextInt(kinds)) {
      case 0 -> {
        Value label = rnd.nextInt(4) == 0 ? value(depth) : maybeAnnotate(Symbol.of(small ? "r" : text()), depth);
        yield RecordValue.of(label, children(width, depth));
      }
      case 1 -> Sequence.of(children(width, depth));
      case 2 -> SetValue.of(children(width, depth));
      case 3 -> {
        Dictionary.Builder b = Dictionary.builder();
        for (int i = 0; i < width; i++) b.put(value(depth), value(depth));
        yield b.build();
      }
      default -> Embedded.of(value(depth));
    };
  }

  private List<Value> children(int width, int depth) {
    List<Value> out = new ArrayList<>(width);
    for (int i = 0; i < width; i++) out.add(value(depth));
    return out;
  }

  /**
   * Rebuilds {@code v} with every set and dictionary constructed from its elements/entries in a
   * random order (annotations kept): an equal value made by a different insertion history.
   */
  public Value reshuffle(Value v) {
    Value out =
        switch (v) {
          case RecordValue r -> RecordValue.of(reshuffle(r.label()), r.fields().stream().map(this::reshuffle).toList());
          case Sequence s -> Sequence.of(s.items().stream().map(this::reshuffle).toList());
          case SetValue s -> {
            List<Value> items = new ArrayList<>(s.elements().stream().map(this::reshuffle).toList());
            Collections.shuffle(items, new java.util.Random(rnd.nextLong()));
            yield SetValue.of(items);
          }
          case Dictionary d -> {
            List<Map.Entry<Value, Value>> entries = new ArrayList<>();
            for (int i = 0; i < d.size(); i++) entries.add(Map.entry(reshuffle(d.keys().get(i)), reshuffle(d.values().get(i))));
            Collections.shuffle(entries, new java.util.Random(rnd.nextLong()));
            yield Dictionary.ofEntries(entries);
          }
          case Embedded e -> e.payload() instanceof Value p ? Embedded.of(reshuffle(p)) : e;
          default -> v.withAnnotations(List.of());
        };
    List<Value> anns = v.annotations().stream().map(this::reshuffle).toList();
    return out.withAnnotations(anns);
  }
}
