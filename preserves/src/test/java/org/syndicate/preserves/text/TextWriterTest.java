package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
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

/** Output forms of {@link TextWriter} (preserves.md §3 "Printing", pitfalls 8 and 17). */
class TextWriterTest {
  private static String t(Value v) {
    return TextWriter.toText(v, TextWriter.Options.DEFAULT);
  }

  @Test
  void symbolsAreBareOnlyWhenTheyReadBackAsTheSameSymbol() {
    assertThat(t(Symbol.of("hello"))).isEqualTo("hello");
    assertThat(t(Symbol.of("a-b.c/d?!"))).isEqualTo("a-b.c/d?!");
    assertThat(t(Symbol.of("héllo"))).isEqualTo("héllo");
    assertThat(t(Symbol.of("1.0f"))).isEqualTo("1.0f");
    assertThat(t(Symbol.of("١٢٣"))).isEqualTo("١٢٣");
    assertThat(t(Symbol.of(""))).isEqualTo("||");
    assertThat(t(Symbol.of("123"))).isEqualTo("|123|");
    assertThat(t(Symbol.of("-1.5"))).isEqualTo("|-1.5|");
    assertThat(t(Symbol.of("1e5"))).isEqualTo("|1e5|");
    assertThat(t(Symbol.of("a b"))).isEqualTo("|a b|");
    assertThat(t(Symbol.of("a|b\\c"))).isEqualTo("|a\\|b\\\\c|");
    assertThat(t(Symbol.of("a\"b"))).isEqualTo("|a\"b|");
    assertThat(t(Symbol.of("x:y"))).isEqualTo("|x:y|");
  }

  @Test
  void doublesAlwaysLookLikeDoublesAndKeepTheirBits() {
    assertThat(t(DoubleValue.of(1.0))).isEqualTo("1.0");
    assertThat(t(DoubleValue.of(-0.0))).isEqualTo("-0.0");
    assertThat(t(DoubleValue.of(1e10))).isEqualTo("1.0E10");
    assertThat(t(DoubleValue.of(Double.POSITIVE_INFINITY))).isEqualTo("#xd\"7ff0000000000000\"");
    assertThat(t(DoubleValue.ofBits(0xfff8000000000111L))).isEqualTo("#xd\"fff8000000000111\"");
    for (long bits : new long[] {1L, 0x7fefffffffffffffL, 0x3fb999999999999aL, 0x8000000000000001L}) {
      String s = t(DoubleValue.ofBits(bits));
      assertThat(s).containsAnyOf(".", "E");
      assertThat(((DoubleValue) TextReader.parse(s)).bits()).isEqualTo(bits);
    }
  }

  @Test
  void stringsAndBytesEscapeWhatTheyMust() {
    assertThat(t(StringValue.of("a\"b\\c\n\t\u0001\u007f|"))).isEqualTo("\"a\\\"b\\\\c\\n\\t\\u0001\\u007F|\"");
    assertThat(t(StringValue.of("𝄞é"))).isEqualTo("\"𝄞é\"");
    assertThat(t(ByteString.of("hi \"x\"".getBytes()))).isEqualTo("#\"hi \\\"x\\\"\"");
    assertThat(t(ByteString.of(new byte[] {0, (byte) 0xff}))).isEqualTo("#x\"00ff\"");
    assertThat(t(SignedInteger.of(new java.math.BigInteger("-98765432109876543210")))).isEqualTo("-98765432109876543210");
  }

  @Test
  void compoundsAnnotationsAndEmbedded() {
    Value v = TextReader.parse("@\"doc\" <r @a x {b: 2 a: 1} #{3 1} [#:[0 1]]>");
    assertThat(t(v)).isEqualTo("@\"doc\" <r @a x {a: 1 b: 2} #{1 3} [#:[0 1]]>");
    assertThat(TextWriter.toText(v, TextWriter.Options.DEFAULT.withAnnotations(false))).isEqualTo("<r x {a: 1 b: 2} #{1 3} [#:[0 1]]>");
    assertThat(t(Dictionary.empty())).isEqualTo("{}");
    assertThat(t(SetValue.of())).isEqualTo("#{}");
    assertThat(t(RecordValue.of(RecordValue.of("a")))).isEqualTo("<<a>>");
  }

  @Test
  void embeddedHostObjects() {
    Embedded e = Embedded.of(new Object() {
      @Override
      public String toString() {
        return "ref#1";
      }
    });
    assertThat(e.toString()).as("toString never throws").isEqualTo("#:\"ref#1\"");
    assertThatThrownBy(() -> TextWriter.toText(e, TextWriter.Options.DEFAULT)).isInstanceOf(PreservesException.class);
  }

  @Test
  void indentedOutputBreaksLongCompoundsAndReadsBack() {
    Value small = TextReader.parse("[1 2 3]");
    assertThat(TextWriter.toText(small, TextWriter.Options.DEFAULT.withIndent(2))).isEqualTo("[1 2 3]");
    Value big = TextReader.parse(
        "<config {name: \"a rather long service name\" argv: [\"/usr/bin/some-daemon\" \"--flag\" \"--another-flag\"] env: {}}>");
    String s = TextWriter.toText(big, TextWriter.Options.DEFAULT.withIndent(2));
    assertThat(s).isEqualTo(
        """
        <config
          {
            argv: ["/usr/bin/some-daemon" "--flag" "--another-flag"]
            env: {}
            name: "a rather long service name"
          }>""");
    assertThat(TextReader.parse(s)).isEqualTo(big);
  }

  @Test
  void indentedOutputWritesStringAnnotationsAsComments() {
    String src = "# A service\n<daemon # its name\n x {# the command\n argv: [\"a\"] @\"two\\nlines\" @z env: {}}>";
    Value v = TextReader.parse(src);
    String s = TextWriter.toText(v, TextWriter.Options.DEFAULT.withIndent(2));
    assertThat(s).isEqualTo(
        """
        # A service
        <daemon
          # its name
          x
          {
            # the command
            argv: ["a"]
            @"two\\nlines" @z env: {}
          }>""");
    assertThat(TextReader.parse(s).equalsWithAnnotations(v)).isTrue();
    assertThat(TextWriter.toText(TextReader.parse("#\n#  x\n1"), TextWriter.Options.DEFAULT.withIndent(2))).isEqualTo("#\n#  x\n1");
    assertThat(t(v)).startsWith("@\"A service\" <daemon @\"its name\" x");
  }

  @Test
  void deepValuesPrintWithoutStackOverflow() {
    Value v = SignedInteger.of(0);
    for (int i = 0; i < 300_000; i++) v = i % 3 == 0 ? Sequence.of(v) : i % 3 == 1 ? RecordValue.of(v) : Embedded.of(v);
    String s = v.toString();
    // outermost is #:, innermost 0; checked with booleans so a failure does not print 1 MB
    assertThat(s.startsWith("#:<[#:<[") && s.contains("[0]") && s.endsWith("]>")).isTrue();
    assertThat(s.length()).isEqualTo(300_000 * 2 + 1);
    String indented = TextWriter.toText(v, TextWriter.Options.DEFAULT.withIndent(1));
    // compared through text: the value model's equals/hashCode recurse on such depths
    Value back = TextReader.parse(indented, TextReader.Options.DEFAULT.withMaxDepth(400_000));
    assertThat(back.toString().equals(s)).isTrue();
  }
}
