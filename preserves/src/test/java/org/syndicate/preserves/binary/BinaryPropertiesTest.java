package org.syndicate.preserves.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.ValueGenerators;
import org.syndicate.preserves.ValueGenerators.Settings;
import org.syndicate.preserves.binary.BinaryWriter.Mode;

/**
 * Property tests of the binary codec and of the value order, over seeded random values. Each test
 * prints its seed; rerun one with {@code -Dpreserves.seed=N}.
 */
class BinaryPropertiesTest {
  private static final BinaryReader.Options KEEP = BinaryReader.Options.WITH_ANNOTATIONS;

  private static long seed(String test) {
    String fixed = System.getProperty("preserves.seed");
    long s = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    System.out.println(BinaryPropertiesTest.class.getSimpleName() + "." + test + " seed=" + s);
    return s;
  }

  @Test
  void roundTripsWithAndWithoutAnnotations() {
    long seed = seed("roundTrips");
    ValueGenerators gen = new ValueGenerators(seed);
    for (int i = 0; i < 1500; i++) {
      Value v = gen.value();
      int n = i;
      java.util.function.Supplier<String> ctx = () -> "seed=" + seed + " #" + n + " " + v;
      byte[] cwa = BinaryWriter.encode(v, Mode.CANONICAL_WITH_ANNOTATIONS);
      byte[] asIs = BinaryWriter.encode(v, Mode.AS_IS);
      byte[] canonical = BinaryWriter.canonical(v);
      assertThat(BinaryReader.decode(cwa, KEEP).equalsWithAnnotations(v)).as(ctx).isTrue();
      assertThat(BinaryReader.decode(asIs, KEEP).equalsWithAnnotations(v)).as(ctx).isTrue();
      assertThat(BinaryReader.decode(canonical, KEEP).equalsWithAnnotations(v.strip())).as(ctx).isTrue();
      assertThat(BinaryReader.decode(cwa).equalsWithAnnotations(v.strip())).as(ctx).isTrue();
      // the efficient writer agrees with a naive one that encodes children separately and sorts them
      assertThat(canonical).as(ctx).isEqualTo(naive(v, false));
      assertThat(cwa).as(ctx).isEqualTo(naive(v, true));
      // canonical bytes are a fixed point
      assertThat(BinaryWriter.canonical(BinaryReader.decode(asIs))).as(ctx).isEqualTo(canonical);
    }
  }

  @Test
  void quickTheoriesRoundTripWithoutAnnotations() {
    qt().withExamples(300)
        .forAll(ValueGenerators.quickTheories(Settings.PLAIN))
        .check(v -> BinaryReader.decode(BinaryWriter.canonical(v)).equalsWithAnnotations(v));
  }

  @Test
  void canonicalBytesDoNotDependOnInsertionOrder() {
    long seed = seed("insertionOrder");
    ValueGenerators gen = new ValueGenerators(seed);
    for (int i = 0; i < 1000; i++) {
      Value v = gen.value();
      Value w = gen.reshuffle(v);
      int n = i;
      java.util.function.Supplier<String> ctx = () -> "seed=" + seed + " #" + n + " " + v;
      assertThat(w.equalsWithAnnotations(v)).as(ctx).isTrue();
      assertThat(BinaryWriter.canonical(w)).as(ctx).isEqualTo(BinaryWriter.canonical(v));
      assertThat(BinaryWriter.encode(w, Mode.CANONICAL_WITH_ANNOTATIONS)).as(ctx).isEqualTo(BinaryWriter.encode(v, Mode.CANONICAL_WITH_ANNOTATIONS));
      // and equal values with different annotations still have the same canonical bytes
      assertThat(BinaryWriter.canonical(v.strip())).as(ctx).isEqualTo(BinaryWriter.canonical(v));
    }
  }

  @Test
  void compareToIsATotalOrderConsistentWithEqualsAndHashCode() {
    long seed = seed("totalOrder");
    ValueGenerators small = new ValueGenerators(seed, Settings.SMALL);
    ValueGenerators big = new ValueGenerators(seed + 1);
    int equalPairs = 0;
    for (int i = 0; i < 4000; i++) {
      ValueGenerators g = i % 2 == 0 ? small : big;
      Value a = g.value(), b = g.value(), c = g.value();
      if (i % 7 == 0) b = BinaryReader.decode(BinaryWriter.encode(a, Mode.AS_IS)); // equal, annotations dropped
      int n = i;
      Value fa = a, fb = b, fc = c;
      java.util.function.Supplier<String> ctx = () -> "seed=" + seed + " #" + n + " a=" + fa + " b=" + fb + " c=" + fc;
      for (Value[] p : List.of(new Value[] {a, b}, new Value[] {b, c}, new Value[] {a, c})) {
        int ab = Integer.signum(p[0].compareTo(p[1]));
        int ba = Integer.signum(p[1].compareTo(p[0]));
        assertThat(ab).as(() -> "antisymmetry " + ctx.get()).isEqualTo(-ba);
        boolean eq = p[0].equals(p[1]);
        assertThat(eq).as(() -> "equals <=> compare == 0 " + ctx.get()).isEqualTo(ab == 0);
        assertThat(p[1].equals(p[0])).as(() -> "symmetry " + ctx.get()).isEqualTo(eq);
        if (eq) {
          equalPairs++;
          assertThat(p[0].hashCode()).as(() -> "hashCode " + ctx.get()).isEqualTo(p[1].hashCode());
        }
        assertThat(Arrays.equals(BinaryWriter.canonical(p[0]), BinaryWriter.canonical(p[1])))
            .as(() -> "equal <=> same canonical bytes " + ctx.get())
            .isEqualTo(eq);
      }
      assertThat(a.compareTo(a)).isZero();
      // transitivity: sort the triple and check every pair agrees with the sorted order
      Value[] t = {a, b, c};
      Arrays.sort(t);
      assertThat(t[0].compareTo(t[1])).as(() -> "sorted " + ctx.get()).isLessThanOrEqualTo(0);
      assertThat(t[1].compareTo(t[2])).as(() -> "sorted " + ctx.get()).isLessThanOrEqualTo(0);
      assertThat(t[0].compareTo(t[2])).as(() -> "transitivity " + ctx.get()).isLessThanOrEqualTo(0);
      if (t[0].compareTo(t[1]) < 0 || t[1].compareTo(t[2]) < 0) {
        assertThat(t[0].compareTo(t[2])).as(() -> "strict transitivity " + ctx.get()).isNegative();
      }
    }
    System.out.println("totalOrder: " + equalPairs + " equal pairs checked");
    assertThat(equalPairs).as("the generator must produce equal pairs for the property to mean anything").isGreaterThan(500);
  }

  @Test
  void everyProperPrefixNeedsMoreBytes() {
    long seed = seed("prefixes");
    ValueGenerators gen = new ValueGenerators(seed);
    int checked = 0;
    for (int i = 0; i < 400; i++) {
      Value v = gen.value();
      byte[] full = BinaryWriter.encode(v, i % 2 == 0 ? Mode.CANONICAL_WITH_ANNOTATIONS : Mode.CANONICAL);
      if (full.length > 1500) continue;
      for (BinaryReader.Options o : List.of(KEEP, BinaryReader.Options.DEFAULT)) {
        for (int k = 0; k < full.length; k++) {
          int len = k;
          try {
            Value got = BinaryReader.decodePrefix(full, 0, len, o).value();
            fail("seed=" + seed + " #" + i + ": prefix of " + len + "/" + full.length + " bytes decoded to " + got);
          } catch (EndOfInputException e) {
            assertThat(e.atStart()).isEqualTo(len == 0);
          } catch (RuntimeException e) {
            throw new AssertionError("seed=" + seed + " #" + i + ": prefix of " + len + "/" + full.length + " bytes of " + v + " gave " + e, e);
          }
          checked++;
        }
        assertThat(BinaryReader.decodePrefix(full, 0, full.length, o).length()).isEqualTo(full.length);
      }
    }
    System.out.println("prefixes: " + checked + " proper prefixes checked");
  }

  @Test
  void randomAndMutatedBytesOnlyEverGivePreservesExceptions() {
    long seed = seed("randomBytes");
    SplittableRandom rnd = new SplittableRandom(seed);
    ValueGenerators gen = new ValueGenerators(seed);
    int[] outcomes = new int[3]; // value, syntax error, end of input
    for (int i = 0; i < 20000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[rnd.nextInt(40)];
        for (int j = 0; j < input.length; j++) {
          // bias towards valid tags so that the decoder gets past the first byte
          input[j] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : 0x80 + rnd.nextInt(0x38));
        }
      } else {
        input = BinaryWriter.encode(gen.value(), Mode.CANONICAL_WITH_ANNOTATIONS);
        int flips = 1 + rnd.nextInt(3);
        for (int f = 0; f < flips && input.length > 0; f++) {
          int at = rnd.nextInt(input.length);
          input[at] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : input[at] ^ (1 << rnd.nextInt(8)));
        }
      }
      BinaryReader.Options o = i % 3 == 0 ? BinaryReader.Options.DEFAULT : KEEP;
      try {
        Value v = BinaryReader.decode(input, o);
        outcomes[0]++;
        // anything accepted re-encodes to something that decodes to the same value
        assertThat(BinaryReader.decode(BinaryWriter.encode(v, Mode.AS_IS), o).equalsWithAnnotations(v)).isTrue();
      } catch (org.syndicate.preserves.SyntaxError e) {
        outcomes[1]++;
        assertThat(e.position().offset()).isBetween(0L, (long) input.length);
      } catch (EndOfInputException e) {
        outcomes[2]++;
      } catch (PreservesException e) {
        fail("seed=" + seed + " #" + i + ": a bare PreservesException (not SyntaxError/EndOfInput): " + e);
      } catch (Throwable t) {
        throw new AssertionError("seed=" + seed + " #" + i + ": input " + java.util.HexFormat.of().formatHex(input) + " gave " + t, t);
      }
    }
    System.out.println("randomBytes: values=" + outcomes[0] + " syntaxErrors=" + outcomes[1] + " endOfInput=" + outcomes[2]);
    assertThat(outcomes).doesNotContain(0);
  }

  // ---- a deliberately simple reference encoder: every child encoded on its own, then sorted ----

  private static byte[] naive(Value v, boolean annotations) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (annotations) {
      for (Value a : v.annotations()) {
        out.write(0x85);
        out.writeBytes(naive(a, true));
      }
    }
    switch (v) {
      case RecordValue r -> {
        out.write(0xB4);
        out.writeBytes(naive(r.label(), annotations));
        for (Value f : r.fields()) out.writeBytes(naive(f, annotations));
        out.write(0x84);
      }
      case Sequence s -> {
        out.write(0xB5);
        for (Value e : s.items()) out.writeBytes(naive(e, annotations));
        out.write(0x84);
      }
      case SetValue s -> {
        List<byte[][]> items = new ArrayList<>();
        for (Value e : s.elements()) {
          byte[] key = naive(e, false);
          items.add(new byte[][] {key, annotations ? naive(e, true) : key});
        }
        items.sort((x, y) -> Arrays.compareUnsigned(x[0], y[0]));
        out.write(0xB6);
        for (byte[][] it : items) out.writeBytes(it[1]);
        out.write(0x84);
      }
      case Dictionary d -> {
        List<byte[][]> items = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
          byte[] key = naive(d.keys().get(i), false);
          items.add(new byte[][] {key, annotations ? naive(d.keys().get(i), true) : key, naive(d.values().get(i), annotations)});
        }
        items.sort((x, y) -> Arrays.compareUnsigned(x[0], y[0]));
        out.write(0xB7);
        for (byte[][] it : items) {
          out.writeBytes(it[1]);
          out.writeBytes(it[2]);
        }
        out.write(0x84);
      }
      case Embedded e -> {
        out.write(0x86);
        out.writeBytes(naive((Value) e.payload(), annotations));
      }
      default -> out.writeBytes(BinaryWriter.canonical(v)); // atoms: checked against fixed vectors elsewhere
    }
    return out.toByteArray();
  }
}
