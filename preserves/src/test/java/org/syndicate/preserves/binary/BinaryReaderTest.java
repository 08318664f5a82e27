package org.syndicate.preserves.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;

/** The decoding rules the sample suite has no vectors for (preserves.md §2.1, §6.1 "Not covered", §7). */
class BinaryReaderTest {

  static byte[] hex(String h) {
    return HexFormat.of().parseHex(h.replace(" ", ""));
  }

  static SyntaxError syntaxError(String h) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> BinaryReader.decode(hex(h)));
    assertThat(t).as(h).isInstanceOf(SyntaxError.class);
    return (SyntaxError) t;
  }

  static EndOfInputException short_(String h) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> BinaryReader.decode(hex(h)));
    assertThat(t).as(h).isInstanceOf(EndOfInputException.class);
    return (EndOfInputException) t;
  }

  @ParameterizedTest
  @CsvSource({
    // non-minimal varints (lengths)
    "B1 8100, 1",
    "B1 800000, 1",
    "B2 8000, 1",
    "87 8800 0000000000000000, 1",
    // non-minimal integers
    "B0 01 00, 0",
    "B0 02 0001, 0",
    "B0 02 007F, 0",
    "B0 02 FFFF, 0",
    "B0 02 FF80, 0",
    "B0 03 000080, 0",
    "B0 09 00 7FFFFFFFFFFFFFFF, 0",
    "B0 09 FF 8000000000000000, 0",
  })
  void nonMinimalVarintsAndIntegersAreRejected(String h, int offset) {
    assertThat(syntaxError(h).position().offset()).isEqualTo(offset);
  }

  @Test
  void minimalIntegersAtTheBoundariesDecode() {
    assertThat(BinaryReader.decode(hex("B000"))).isEqualTo(SignedInteger.of(0));
    assertThat(BinaryReader.decode(hex("B0017F"))).isEqualTo(SignedInteger.of(127));
    assertThat(BinaryReader.decode(hex("B0020080"))).isEqualTo(SignedInteger.of(128));
    assertThat(BinaryReader.decode(hex("B00180"))).isEqualTo(SignedInteger.of(-128));
    assertThat(BinaryReader.decode(hex("B002FF7F"))).isEqualTo(SignedInteger.of(-129));
    assertThat(BinaryReader.decode(hex("B0087FFFFFFFFFFFFFFF"))).isEqualTo(SignedInteger.of(Long.MAX_VALUE));
    assertThat(BinaryReader.decode(hex("B0088000000000000000"))).isEqualTo(SignedInteger.of(Long.MIN_VALUE));
    assertThat(BinaryReader.decode(hex("B009008000000000000000")))
        .isEqualTo(SignedInteger.of(BigInteger.ONE.shiftLeft(63)));
    assertThat(BinaryReader.decode(hex("B009FF7FFFFFFFFFFFFFFF")))
        .isEqualTo(SignedInteger.of(BigInteger.ONE.shiftLeft(63).negate().subtract(BigInteger.ONE)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "B1 02 C0 80", // overlong NUL
        "B1 03 E0 80 80", // overlong
        "B1 03 ED A0 80", // encoded surrogate U+D800
        "B1 03 ED BF BF", // encoded surrogate U+DFFF
        "B1 01 80", // lone continuation byte
        "B1 02 E2 82", // truncated sequence inside the string
        "B1 04 F4 90 80 80", // above U+10FFFF
        "B1 01 FF",
        "B3 02 C3 28", // symbol: bad continuation
        "B3 03 ED B0 80"
      })
  void invalidUtf8IsASyntaxError(String h) {
    SyntaxError e = syntaxError(h);
    assertThat(e.detail()).contains("invalid UTF-8");
    assertThat(e.position().offset()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void validUtf8IncludingNonBmpDecodes() {
    assertThat(BinaryReader.decode(hex("B1 04 F0 9F 98 80"))).isEqualTo(StringValue.of("\uD83D\uDE00"));
    assertThat(BinaryReader.decode(hex("B3 03 EF BF BF"))).isEqualTo(Symbol.of("\uFFFF"));
  }

  @Test
  void recordWithoutLabelIsRejected() {
    SyntaxError e = syntaxError("B4 84");
    assertThat(e.position().offset()).isZero();
    assertThat(e.detail()).contains("label");
    assertThat(syntaxError("B5 B4 84 84").position().offset()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"87 04 3F800000", "87 00", "87 10 00000000000000000000000000000000", "87 07 00000000000000"})
  void doublesMustHaveLengthEight(String h) {
    assertThat(syntaxError(h).detail()).contains("0x87 with length");
  }

  @Test
  void doublesKeepEveryBit() {
    long snan = 0x7ff0_0000_0000_0001L;
    assertThat(((DoubleValue) BinaryReader.decode(hex("87 08 7FF0000000000001"))).bits()).isEqualTo(snan);
    assertThat(((DoubleValue) BinaryReader.decode(hex("87 08 8000000000000000"))).bits()).isEqualTo(Long.MIN_VALUE);
  }

  @ParameterizedTest
  @ValueSource(strings = {"82", "83", "90", "91", "9C", "9D", "9F", "A0", "A1", "AF"})
  void oldFormatTagsAreRejectedAndNamedAsSuch(String h) {
    SyntaxError e = syntaxError(h + " 00 00 00 00 00 00 00 00");
    assertThat(e.position().offset()).isZero();
    assertThat(e.detail()).contains("retired");
  }

  @ParameterizedTest
  @ValueSource(strings = {"00", "10", "61", "7F", "88", "8F", "B8", "C2", "FF"})
  void otherInvalidTagsAreRejected(String h) {
    assertThat(syntaxError(h).detail()).startsWith("invalid tag 0x" + h);
  }

  @Test
  void endMarkerOutOfPlaceIsRejected() {
    assertThat(syntaxError("84").position().offset()).isZero();
    assertThat(syntaxError("85 84 80").position().offset()).isEqualTo(1);
    assertThat(syntaxError("85 80 84").position().offset()).isEqualTo(2);
    assertThat(syntaxError("86 84").position().offset()).isEqualTo(1);
    assertThat(syntaxError("B7 80 84").detail()).contains("odd number");
  }

  @Test
  void duplicatesAreRejectedEvenWhenAnnotationsDiffer() {
    // #{1 @x 1} and {1: #t @x 1: #f}
    assertThat(syntaxError("B6 B00101 85 B30178 B00101 84").position().offset()).isEqualTo(4);
    assertThat(syntaxError("B7 B00101 81 85 B30178 B00101 80 84").detail()).contains("duplicate dictionary key");
    assertThat(syntaxError("B7 B00101 81 85 B30178 B00101 80 84").position().offset()).isEqualTo(5);
    assertThat(syntaxError("B7 B00102 81 B00101 80 B00102 80 84").position().offset()).isEqualTo(9);
    assertThat(
            org.assertj.core.api.Assertions.catchThrowable(
                () -> BinaryReader.decode(hex("B6 B00101 85 B30178 B00101 84"), BinaryReader.Options.WITH_ANNOTATIONS)))
        .isInstanceOf(SyntaxError.class);
  }

  @Test
  void trailingBytesAfterADocumentAreRejected() {
    SyntaxError e = syntaxError("80 80");
    assertThat(e.position().offset()).isEqualTo(1);
    assertThat(e.detail()).contains("trailing");
  }

  @Test
  void legacyNimSchemaIsRejectedAtTheFirst0x91() throws Exception {
    byte[] legacy = BinarySamplesTest.readShared("testdata/preserves/legacy/preserves-nim/schema.bin");
    int first91 = -1;
    for (int i = 0; i < legacy.length; i++) {
      if ((legacy[i] & 0xff) == 0x91) {
        first91 = i;
        break;
      }
    }
    assertThat(first91).isPositive();
    int at = first91;
    assertThatThrownBy(() -> BinaryReader.decode(legacy))
        .isInstanceOfSatisfying(
            SyntaxError.class,
            e -> {
              assertThat(e.position().offset()).isEqualTo(at);
              assertThat(e.detail()).contains("0x91").contains("retired");
            });
  }

  @Test
  void hundredThousandNestedSequencesGiveASyntaxErrorNotAStackOverflow() {
    byte[] deep = new byte[100_000];
    java.util.Arrays.fill(deep, (byte) 0xB5);
    assertThatThrownBy(() -> BinaryReader.decode(deep))
        .isInstanceOfSatisfying(
            SyntaxError.class,
            e -> {
              assertThat(e.detail()).contains("nesting deeper");
              assertThat(e.position().offset()).isEqualTo(512);
            });
    byte[] deepAnnotations = new byte[100_000];
    java.util.Arrays.fill(deepAnnotations, (byte) 0x85);
    assertThatThrownBy(() -> BinaryReader.decode(deepAnnotations, BinaryReader.Options.WITH_ANNOTATIONS)).isInstanceOf(SyntaxError.class);
    byte[] deepEmbedded = new byte[100_000];
    java.util.Arrays.fill(deepEmbedded, (byte) 0x86);
    assertThatThrownBy(() -> BinaryReader.decode(deepEmbedded)).isInstanceOf(SyntaxError.class);
  }

  @Test
  void depthLimitIsConfigurableAndExact() {
    byte[] ten = new byte[20];
    java.util.Arrays.fill(ten, 0, 10, (byte) 0xB5);
    java.util.Arrays.fill(ten, 10, 20, (byte) 0x84);
    assertThat(BinaryReader.decode(ten, BinaryReader.Options.DEFAULT.withMaxDepth(10))).isInstanceOf(Sequence.class);
    assertThatThrownBy(() -> BinaryReader.decode(ten, BinaryReader.Options.DEFAULT.withMaxDepth(9))).isInstanceOf(SyntaxError.class);
    assertThatThrownBy(() -> BinaryReader.Options.DEFAULT.withMaxDepth(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void hugeDeclaredLengthsNeverAllocate() {
    // 2^31-1 declared: above the 64 MiB default limit -> syntax error at once
    assertThat(syntaxError("B2 FFFFFFFF07").detail()).contains("exceeds the limit");
    // beyond 31 bits
    assertThat(syntaxError("B1 FFFFFFFFFF01").detail()).contains("does not fit");
    // 60 MiB declared, 3 bytes present: within the limits -> need more bytes
    assertThat(short_("B2 8080801E 010203").atStart()).isFalse();
    // a raised limit still does not allocate before the bytes are there
    BinaryReader.Options big = BinaryReader.Options.DEFAULT.withMaxLength(Integer.MAX_VALUE).withMaxValueBytes(Long.MAX_VALUE);
    assertThatThrownBy(() -> BinaryReader.decode(hex("B2 FEFFFFFF07 00"), big)).isInstanceOf(EndOfInputException.class);
    // the whole-value limit
    BinaryReader.Options tiny = BinaryReader.Options.DEFAULT.withMaxValueBytes(8);
    assertThatThrownBy(() -> BinaryReader.decode(hex("B1 0A 00"), tiny)).isInstanceOf(SyntaxError.class);
    assertThatThrownBy(() -> BinaryReader.decode(hex("B5 B000 B000 B000 B000 84"), tiny)).isInstanceOf(SyntaxError.class);
    assertThat(BinaryReader.decode(hex("B5 B000 B000 B000 84"), tiny)).isInstanceOf(Sequence.class);
    BinaryReader.Options shortStrings = BinaryReader.Options.DEFAULT.withMaxLength(3);
    assertThatThrownBy(() -> BinaryReader.decode(hex("B1 04 61616161"), shortStrings)).isInstanceOf(SyntaxError.class);
  }

  @Test
  void severalValuesBackToBackInAStream() {
    byte[] stream = hex("B5 B00101 84 80 B1 02 6869 86 B000 B4 B3 01 78 84");
    BinaryReader r = new BinaryReader(stream, BinaryReader.Options.DEFAULT);
    List<Value> got = new ArrayList<>();
    while (!r.atEnd()) got.add(r.next());
    assertThat(got).hasSize(5);
    assertThat(got.get(2)).isEqualTo(StringValue.of("hi"));
    assertThat(got.get(3)).isEqualTo(Embedded.of(SignedInteger.of(0)));
    assertThat(r.consumed()).isEqualTo(stream.length);
    assertThatThrownBy(r::next).isInstanceOfSatisfying(EndOfInputException.class, e -> assertThat(e.atStart()).isTrue());
  }

  @Test
  void incrementalDecodingOverAGrowingBuffer() {
    byte[] stream = hex("B5 B00101 84 B1 02 6869 80");
    int[] expectedEnds = {5, 9, 10};
    // feed the stream one byte at a time, as a relay would, and pull values out as they complete
    int consumed = 0;
    List<Integer> ends = new ArrayList<>();
    for (int avail = 0; avail <= stream.length; avail++) {
      while (true) {
        try {
          BinaryReader.Decoded d = BinaryReader.decodePrefix(stream, consumed, avail - consumed, BinaryReader.Options.DEFAULT);
          consumed += d.length();
          ends.add(consumed);
        } catch (EndOfInputException e) {
          assertThat(e.atStart()).isEqualTo(avail == consumed);
          break;
        }
      }
    }
    assertThat(ends).containsExactly(expectedEnds[0], expectedEnds[1], expectedEnds[2]);
  }

  @Test
  void byteBufferPrefixDecodingMovesThePositionOnlyOnSuccess() {
    for (ByteBuffer bb : List.of(ByteBuffer.wrap(hex("80 B1 01")), ByteBuffer.allocateDirect(3).put(hex("80 B1 01")).flip())) {
      assertThat(BinaryReader.decodePrefix(bb, BinaryReader.Options.DEFAULT).value().toString()).isEqualTo("#f");
      assertThat(bb.position()).isEqualTo(1);
      assertThatThrownBy(() -> BinaryReader.decodePrefix(bb, BinaryReader.Options.DEFAULT)).isInstanceOf(EndOfInputException.class);
      assertThat(bb.position()).isEqualTo(1);
    }
  }

  @Test
  void annotationsAreKeptOrDroppedAsAsked() {
    byte[] b = hex("85 B1 01 63 85 B30178 B00101");
    Value kept = BinaryReader.decode(b, BinaryReader.Options.WITH_ANNOTATIONS);
    assertThat(kept.annotations()).containsExactly(StringValue.of("c"), Symbol.of("x"));
    assertThat(BinaryReader.decode(b).hasAnnotations()).isFalse();
  }

  @Test
  void embeddedCodecErrorsBecomeSyntaxErrors() {
    EmbeddedCodec refuse =
        new EmbeddedCodec() {
          @Override
          public Value encode(Object payload) {
            throw new PreservesException("no");
          }

          @Override
          public Object decode(Value wire) {
            throw new PreservesException("not a wire ref: " + wire);
          }
        };
    assertThatThrownBy(() -> BinaryReader.decode(hex("B5 86 B000 84"), BinaryReader.Options.DEFAULT.withEmbeddedCodec(refuse)))
        .isInstanceOfSatisfying(SyntaxError.class, e -> assertThat(e.position().offset()).isEqualTo(1));
    EmbeddedCodec wrap =
        new EmbeddedCodec() {
          @Override
          public Value encode(Object payload) {
            return StringValue.of((String) payload);
          }

          @Override
          public Object decode(Value wire) {
            return ((StringValue) wire).value();
          }
        };
    Value v = BinaryReader.decode(hex("86 B1 01 61"), BinaryReader.Options.DEFAULT.withEmbeddedCodec(wrap));
    assertThat(((Embedded) v).payload()).isEqualTo("a");
    assertThat(BinaryWriter.encode(v, BinaryWriter.Mode.CANONICAL, wrap)).isEqualTo(hex("86 B1 01 61"));
  }

  @Test
  void emptyAndShortInputs() {
    assertThat(short_("").atStart()).isTrue();
    for (String h : List.of("B5", "B1 05 6162", "87 08 00", "85", "85 80", "86", "B0 01", "B1 80", "B7 80", "B4 B3")) {
      assertThat(short_(h).atStart()).as(h).isFalse();
    }
    assertThat(BinaryReader.decode(hex("B2 00"))).isEqualTo(ByteString.of(new byte[0]));
  }
}
