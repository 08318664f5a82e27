package org.syndicate.preserves.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.syndicate.preserves.binary.BinaryReaderTest.hex;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.ValueGenerators;
import org.syndicate.preserves.binary.BinaryWriter.Mode;

class BinaryStreamReaderTest {
  private static final BinaryReader.Options KEEP = BinaryReader.Options.WITH_ANNOTATIONS;

  /** Hands out at most a few bytes per read, like a pipe. */
  static InputStream trickle(byte[] bytes, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    return new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, 1 + rnd.nextInt(rnd.nextBoolean() ? 3 : 5000)));
      }
    };
  }

  @Test
  void readsValuesBackToBackFromATrickle() throws IOException {
    long seed = System.nanoTime();
    System.out.println("BinaryStreamReaderTest seed=" + seed);
    ValueGenerators gen = new ValueGenerators(seed);
    List<Value> values = new ArrayList<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    BinaryWriter w = new BinaryWriter(Mode.CANONICAL_WITH_ANNOTATIONS);
    for (int i = 0; i < 300; i++) {
      Value v = gen.value();
      values.add(v);
      w.write(v, out);
    }
    values.add(ByteString.of(new byte[300_000])); // bigger than the initial buffer
    w.write(values.get(values.size() - 1), out);
    byte[] all = out.toByteArray();
    BinaryStreamReader r = new BinaryStreamReader(trickle(all, seed), KEEP);
    for (Value v : values) assertThat(r.next().equalsWithAnnotations(v)).as("seed=" + seed).isTrue();
    assertThat(r.next()).isNull();
    assertThat(r.consumed()).isEqualTo(all.length);
  }

  @Test
  void aStreamEndingMidValueIsEndOfInput() throws IOException {
    BinaryStreamReader r = new BinaryStreamReader(trickle(hex("80 B5 B00101"), 1), KEEP);
    assertThat(r.next().toString()).isEqualTo("#f");
    assertThatThrownBy(r::next)
        .isInstanceOfSatisfying(EndOfInputException.class, e -> {
          assertThat(e.atStart()).isFalse();
          assertThat(e.position().offset()).isEqualTo(5);
        });
  }

  @Test
  void syntaxErrorsAreReportedAtStreamOffsets() throws IOException {
    BinaryStreamReader r = new BinaryStreamReader(trickle(hex("B1 02 6869 81 B4 84"), 2), KEEP);
    r.next();
    r.next();
    assertThatThrownBy(r::next).isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.position().offset()).isEqualTo(5));
    BinaryStreamReader utf = new BinaryStreamReader(trickle(hex("81 B1 02 C080"), 3), KEEP);
    utf.next();
    assertThatThrownBy(utf::next).isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.position().offset()).isEqualTo(3));
  }

  @Test
  void oversizedValuesAreRejectedWithoutBufferingThemWhole() {
    byte[] head = hex("B2 8080801E"); // declares 60 MiB
    InputStream endless = new InputStream() {
      int i;

      @Override
      public int read() {
        return i < head.length ? head[i++] & 0xff : 0;
      }
    };
    BinaryStreamReader r = new BinaryStreamReader(endless, KEEP.withMaxValueBytes(1 << 20));
    assertThatThrownBy(r::next).isInstanceOf(SyntaxError.class);
  }
}
