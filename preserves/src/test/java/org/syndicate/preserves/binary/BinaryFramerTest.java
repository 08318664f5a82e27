package org.syndicate.preserves.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.syndicate.preserves.binary.BinaryReaderTest.hex;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.ValueGenerators;
import org.syndicate.preserves.binary.BinaryWriter.Mode;

/** {@link BinaryFramer}: value boundaries in a stream, resumable, agreeing with {@link BinaryReader}. */
class BinaryFramerTest {
  private static final BinaryReader.Options OPTS = BinaryReader.Options.WITH_ANNOTATIONS;

  private static long seed(String test) {
    String fixed = System.getProperty("preserves.seed");
    long s = fixed != null ? Long.parseLong(fixed) : System.nanoTime();
    System.out.println(BinaryFramerTest.class.getSimpleName() + "." + test + " seed=" + s);
    return s;
  }

  @Test
  void findsEveryValueOfAStreamFedInRandomChunks() {
    long seed = seed("chunks");
    ValueGenerators gen = new ValueGenerators(seed);
    SplittableRandom rnd = gen.random();
    for (int round = 0; round < 100; round++) {
      List<Value> values = new ArrayList<>();
      List<Integer> lengths = new ArrayList<>();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      for (int i = 0; i < 8; i++) {
        Value v = gen.value();
        byte[] b = BinaryWriter.encode(v, Mode.CANONICAL_WITH_ANNOTATIONS);
        values.add(v);
        lengths.add(b.length);
        stream.writeBytes(b);
      }
      byte[] all = stream.toByteArray();
      BinaryFramer framer = new BinaryFramer(OPTS);
      List<Value> got = new ArrayList<>();
      List<Integer> gotLengths = new ArrayList<>();
      int start = 0, avail = 0;
      while (start < all.length) {
        avail = Math.min(all.length, avail + 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 200));
        while (start < avail) {
          int n = framer.scan(all, start, avail - start);
          if (n < 0) break;
          gotLengths.add(n);
          got.add(BinaryReader.decode(all, start, n, OPTS));
          start += n;
        }
      }
      assertThat(gotLengths).as("seed=" + seed).isEqualTo(lengths);
      for (int i = 0; i < values.size(); i++) assertThat(got.get(i).equalsWithAnnotations(values.get(i))).isTrue();
    }
  }

  @Test
  void everyProperPrefixNeedsMoreBytesAndByteByByteFeedingFindsTheEnd() {
    long seed = seed("prefixes");
    ValueGenerators gen = new ValueGenerators(seed);
    for (int i = 0; i < 300; i++) {
      byte[] b = BinaryWriter.encode(gen.value(), Mode.CANONICAL_WITH_ANNOTATIONS);
      BinaryFramer incremental = new BinaryFramer(OPTS);
      for (int k = 0; k < b.length; k++) {
        if (k < 400) assertThat(new BinaryFramer(OPTS).scan(b, 0, k)).as("fresh, seed=" + seed).isEqualTo(-1);
        assertThat(incremental.scan(b, 0, k)).as("resumed, seed=" + seed).isEqualTo(-1);
      }
      assertThat(incremental.scan(b, 0, b.length)).isEqualTo(b.length);
      assertThat(new BinaryFramer(OPTS).scan(b, 0, b.length)).isEqualTo(b.length);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "84, 0",
    "B4 84, 0",
    "B7 80 84, 2",
    "B5 85 80 84, 3",
    "B1 8100, 1",
    "87 04 00000000, 0",
    "91, 0",
    "B5 10, 1",
    "B2 FFFFFFFF07, 1",
    "B2 FFFFFFFFFF01, 1",
  })
  void framingErrorsAreSyntaxErrorsAtTheSameOffsetAsTheReader(String h, long offset) {
    byte[] b = hex(h);
    Throwable framer = catchThrowable(() -> new BinaryFramer(OPTS).scan(b, 0, b.length));
    assertThat(framer).isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.position().offset()).isEqualTo(offset));
    Throwable reader = catchThrowable(() -> BinaryReader.decodePrefix(b, 0, b.length, OPTS));
    assertThat(reader).isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.position().offset()).isEqualTo(offset));
  }

  @Test
  void deepNestingAndHugeLengthsNeverOverflowOrAllocate() {
    byte[] deep = new byte[100_000];
    Arrays.fill(deep, (byte) 0xB5);
    assertThat(catchThrowable(() -> new BinaryFramer(OPTS).scan(deep, 0, deep.length))).isInstanceOf(SyntaxError.class);
    Arrays.fill(deep, (byte) 0x85);
    assertThat(catchThrowable(() -> new BinaryFramer(OPTS).scan(deep, 0, deep.length))).isInstanceOf(SyntaxError.class);
    byte[] big = hex("B2 8080801E 010203"); // 60 MiB declared, 3 bytes present
    BinaryFramer f = new BinaryFramer(OPTS);
    assertThat(f.scan(big, 0, big.length)).isEqualTo(-1);
    BinaryFramer tiny = new BinaryFramer(OPTS.withMaxValueBytes(8));
    assertThat(catchThrowable(() -> tiny.scan(hex("B5 B000 B000 B000 B000"), 0, 9))).isInstanceOf(SyntaxError.class);
  }

  @Test
  void agreesWithTheReaderOnRandomAndMutatedBytes() {
    long seed = seed("agreement");
    SplittableRandom rnd = new SplittableRandom(seed);
    ValueGenerators gen = new ValueGenerators(seed);
    int[] outcomes = new int[3];
    for (int i = 0; i < 8000; i++) {
      byte[] input;
      if (i % 2 == 0) {
        input = new byte[rnd.nextInt(30)];
        for (int j = 0; j < input.length; j++) input[j] = (byte) (rnd.nextInt(3) == 0 ? rnd.nextInt(256) : 0x80 + rnd.nextInt(0x38));
      } else {
        input = BinaryWriter.encode(gen.value(), Mode.CANONICAL_WITH_ANNOTATIONS);
        int at = rnd.nextInt(input.length);
        input[at] = (byte) rnd.nextInt(256);
        if (rnd.nextBoolean()) input = Arrays.copyOf(input, rnd.nextInt(input.length + 1));
      }
      byte[] in = input;
      int n;
      try {
        n = new BinaryFramer(OPTS).scan(in, 0, in.length);
      } catch (SyntaxError e) {
        outcomes[0]++;
        assertThat(catchThrowable(() -> BinaryReader.decodePrefix(in, 0, in.length, OPTS)))
            .as(() -> "seed=" + seed + " #" + " framer rejected " + java.util.HexFormat.of().formatHex(in))
            .isInstanceOf(SyntaxError.class);
        continue;
      }
      Throwable t = catchThrowable(() -> BinaryReader.decodePrefix(in, 0, in.length, OPTS));
      if (n < 0) {
        outcomes[1]++;
        assertThat(t).as(() -> "seed=" + seed + " framer needs more for " + java.util.HexFormat.of().formatHex(in))
            .isInstanceOfAny(EndOfInputException.class, SyntaxError.class);
      } else {
        outcomes[2]++;
        if (t == null) {
          assertThat(BinaryReader.decodePrefix(in, 0, in.length, OPTS).length()).isEqualTo(n);
        } else {
          assertThat(t).as(() -> "seed=" + seed + " framer found " + n + " bytes in " + java.util.HexFormat.of().formatHex(in))
              .isInstanceOf(SyntaxError.class);
        }
      }
    }
    System.out.println("framer agreement: syntaxErrors=" + outcomes[0] + " needMore=" + outcomes[1] + " complete=" + outcomes[2]);
    assertThat(outcomes).doesNotContain(0);
  }
}
