package org.syndicate.preserves.binary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import org.syndicate.preserves.binary.BinaryWriter.Mode;

/** Encodings from the reference note's worked examples (preserves.md §2.1, §2.3). */
class BinaryWriterTest {

  static String hexOf(byte[] b) {
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  @Test
  void workedExamples() {
    assertThat(hexOf(BinaryWriter.canonical(RecordValue.of("capture", RecordValue.of("discard")))))
        .isEqualTo("B4B307" + "63617074757265" + "B4B307" + "64697363617264" + "8484");
    assertThat(hexOf(BinaryWriter.canonical(Sequence.of(SignedInteger.of(1), SignedInteger.of(2))))).isEqualTo("B5B00101B0010284");
    assertThat(hexOf(BinaryWriter.canonical(DoubleValue.of(1.0)))).isEqualTo("87083FF0000000000000");
    assertThat(hexOf(BinaryWriter.canonical(DoubleValue.of(-0.0)))).isEqualTo("87088000000000000000");
    assertThat(hexOf(BinaryWriter.canonical(StringValue.of("hello")))).isEqualTo("B10568656C6C6F");
    assertThat(hexOf(BinaryWriter.canonical(Symbol.of("hello")))).isEqualTo("B30568656C6C6F");
    assertThat(hexOf(BinaryWriter.canonical(Symbol.of("")))).isEqualTo("B300");
    assertThat(hexOf(BinaryWriter.canonical(Embedded.of(SignedInteger.of(0))))).isEqualTo("86B000");
    Value annotated = SignedInteger.of(1).annotate(StringValue.of("c"));
    assertThat(hexOf(BinaryWriter.encode(annotated, Mode.AS_IS))).isEqualTo("85B10163B00101");
    assertThat(hexOf(BinaryWriter.canonical(annotated))).isEqualTo("B00101");
    assertThat(hexOf(BinaryWriter.canonical(BooleanValue.TRUE))).isEqualTo("81");
    assertThat(hexOf(BinaryWriter.canonical(ByteString.of(new byte[] {1, 2})))).isEqualTo("B2020102");
  }

  @ParameterizedTest
  @CsvSource({
    "0, B000",
    "1, B00101",
    "127, B0017F",
    "128, B0020080",
    "255, B00200FF",
    "256, B0020100",
    "-1, B001FF",
    "-128, B00180",
    "-129, B002FF7F",
    "32767, B0027FFF",
    "32768, B003008000",
    "9223372036854775807, B0087FFFFFFFFFFFFFFF",
    "-9223372036854775808, B0088000000000000000",
    "9223372036854775808, B009008000000000000000",
    "-9223372036854775809, B009FF7FFFFFFFFFFFFFFF",
    "18446744073709551616, B009010000000000000000",
  })
  void integersAreMinimalTwosComplement(String n, String expected) {
    assertThat(hexOf(BinaryWriter.canonical(SignedInteger.of(new BigInteger(n))))).isEqualTo(expected);
  }

  @Test
  void lengthsAreMinimalVarints() {
    byte[] b = BinaryWriter.canonical(Symbol.of("x".repeat(130)));
    assertThat(hexOf(java.util.Arrays.copyOf(b, 3))).isEqualTo("B38201");
    byte[] big = BinaryWriter.canonical(ByteString.of(new byte[1_000_000_000 / 10_000]));
    assertThat(hexOf(java.util.Arrays.copyOf(big, 4))).isEqualTo("B2A08D06"); // 100000
    EncodingBuffer buf = new EncodingBuffer(1);
    buf.writeVarint(1_000_000_000);
    assertThat(hexOf(buf.toByteArray())).isEqualTo("8094EBDC03");
  }

  @Test
  void canonicalOrderIsByEncodedBytesNotByTheTotalOrder() {
    // #{"b" "aa"}: "b" (B1 01 62) is byte-wise smaller than "aa" (B1 02 61 61)
    SetValue set = SetValue.of(StringValue.of("aa"), StringValue.of("b"));
    assertThat(hexOf(BinaryWriter.canonical(set))).isEqualTo("B6" + "B10162" + "B1026161" + "84");
    assertThat(hexOf(BinaryWriter.encode(set, Mode.AS_IS))).isEqualTo("B6" + "B1026161" + "B10162" + "84");
    // {1: a, -1: b}: 1 (B0 01 01) before -1 (B0 01 FF)
    Dictionary d = Dictionary.of(SignedInteger.of(-1), Symbol.of("b"), SignedInteger.of(1), Symbol.of("a"));
    assertThat(hexOf(BinaryWriter.canonical(d))).isEqualTo("B7" + "B00101B30161" + "B001FFB30162" + "84");
    // Embedded (0x86) sorts before Double (0x87) in bytes, although it is the greatest kind
    SetValue mixed = SetValue.of(DoubleValue.of(1.0), Embedded.of(BooleanValue.FALSE));
    assertThat(hexOf(BinaryWriter.canonical(mixed))).isEqualTo("B6" + "8680" + "87083FF0000000000000" + "84");
  }

  @Test
  void annotatedCanonicalSortsByTheBareBytesAndWritesAnnotations() {
    // @#t "b" would sort after "aa" by its annotated bytes (85 ...), but the bare "b" sorts first
    SetValue set = SetValue.of(StringValue.of("aa"), StringValue.of("b").annotate(BooleanValue.TRUE));
    assertThat(hexOf(BinaryWriter.encode(set, Mode.CANONICAL_WITH_ANNOTATIONS)))
        .isEqualTo("B6" + "8581B10162" + "B1026161" + "84");
    // the same for dictionary keys, inside a set element, inside a dictionary value
    Dictionary inner =
        Dictionary.of(StringValue.of("aa"), SignedInteger.of(1), StringValue.of("b").annotate(BooleanValue.TRUE), SignedInteger.of(2));
    Value outer = Dictionary.of(Symbol.of("k"), SetValue.of(inner, SignedInteger.of(7).annotate(Symbol.of("z"))));
    String innerHex = "B7" + "8581B10162B00102" + "B1026161B00101" + "84";
    assertThat(hexOf(BinaryWriter.encode(outer, Mode.CANONICAL_WITH_ANNOTATIONS)))
        .isEqualTo("B7" + "B3016B" + "B6" + "85B3017AB00107" + innerHex + "84" + "84");
    assertThat(hexOf(BinaryWriter.canonical(outer)))
        .isEqualTo("B7" + "B3016B" + "B6" + "B00107" + "B7B10162B00102B1026161B0010184" + "84" + "84");
  }

  @Test
  void annotationsOfAnnotationsAndLabelsAreWritten() {
    // @@1 2 @@3 4 5 -> 85 85 «1» «2» 85 85 «3» «4» «5»
    Value v =
        SignedInteger.of(5)
            .annotate(SignedInteger.of(2).annotate(SignedInteger.of(1)))
            .annotate(SignedInteger.of(4).annotate(SignedInteger.of(3)));
    assertThat(hexOf(BinaryWriter.encode(v, Mode.AS_IS))).isEqualTo("8585B00101B00102" + "8585B00103B00104" + "B00105");
    Value rec = RecordValue.of(Symbol.of("a").annotate(Symbol.of("doc")));
    assertThat(hexOf(BinaryWriter.encode(rec, Mode.CANONICAL_WITH_ANNOTATIONS))).isEqualTo("B485B303646F63B3016184");
  }

  @Test
  void nanBitsAreWrittenExactly() {
    assertThat(hexOf(BinaryWriter.canonical(DoubleValue.ofBits(0xFFF0_0000_0000_0001L)))).isEqualTo("8708FFF0000000000001");
  }

  @Test
  void aHandBuiltValueTooDeepForTheStackIsAPreservesException() {
    Value v = BooleanValue.TRUE;
    for (int i = 0; i < 1_000_000; i++) v = Sequence.of(v);
    Value deep = v;
    EncodingBuffer buf = new EncodingBuffer();
    buf.write(0x80);
    assertThatThrownBy(() -> new BinaryWriter(Mode.CANONICAL).write(deep, buf)).isInstanceOf(PreservesException.class);
    assertThat(buf.length()).isEqualTo(1);
  }

  @Test
  void writingToStreamsAndBuffers() throws Exception {
    Value v = Sequence.of(StringValue.of("x"), SignedInteger.of(300));
    ByteArrayOutputStream os = new ByteArrayOutputStream();
    new BinaryWriter(Mode.CANONICAL).write(v, os);
    assertThat(os.toByteArray()).isEqualTo(BinaryWriter.canonical(v));
    EncodingBuffer buf = new EncodingBuffer(2);
    BinaryWriter w = new BinaryWriter(Mode.AS_IS);
    w.write(BooleanValue.TRUE, buf);
    w.write(v, buf);
    assertThat(hexOf(buf.toByteArray())).isEqualTo("81" + hexOf(BinaryWriter.canonical(v)));
    // a failing embedded payload leaves the buffer as it was
    int before = buf.length();
    assertThatThrownBy(() -> w.write(Sequence.of(BooleanValue.TRUE, Embedded.of(new Object())), buf)).isInstanceOf(PreservesException.class);
    assertThat(buf.length()).isEqualTo(before);
  }
}
