package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;

/** Grammar corners of {@link TextReader} that the sample suite does not cover (preserves.md §3, §7). */
class TextReaderTest {

  private static Value p(String s) {
    return TextReader.parse(s);
  }

  private static SyntaxError syntaxError(String s) {
    try {
      Value v = TextReader.parse(s);
      throw new AssertionError("expected a syntax error for " + s + ", parsed " + v);
    } catch (SyntaxError e) {
      return e;
    }
  }

  private static EndOfInputException eoi(String s) {
    try {
      Value v = TextReader.parse(s);
      throw new AssertionError("expected end of input for " + s + ", parsed " + v);
    } catch (EndOfInputException e) {
      return e;
    }
  }

  @Test
  void commasSeparateItemsOnlyInsideSequencesSetsAndDictionaries() {
    assertThat(p("[,, 1,, 2,,]")).isEqualTo(p("[1 2]"));
    assertThat(p("#{,1,,2,}")).isEqualTo(p("#{1 2}"));
    assertThat(p("{,a: 1,,b: 2,}")).isEqualTo(p("{a: 1 b: 2}"));
    assertThat(p("[,]")).isEqualTo(Sequence.of());
    syntaxError("<a, b>");
    syntaxError("<,a>");
    syntaxError("{a,: 1}");
    syntaxError("{a:, 1}");
    syntaxError("@,a b");
    syntaxError("@a, b");
    syntaxError("[# comment\n, 1]");
    syntaxError(",");
    syntaxError("1,");
    syntaxError("#x\"41,42\"");
  }

  @Test
  void nonAsciiAndNumberLikeTokens() {
    assertThat(p("héllo")).isEqualTo(Symbol.of("héllo"));
    assertThat(p("λ→x")).isEqualTo(Symbol.of("λ→x"));
    assertThat(p("日本語")).isEqualTo(Symbol.of("日本語"));
    assertThat(p("١٢٣")).as("Arabic-Indic digits are not ASCII digits").isEqualTo(Symbol.of("١٢٣"));
    assertThat(p("-١٢٣")).isEqualTo(Symbol.of("-١٢٣"));
    assertThat(p("1.0f")).as("Float syntax is gone (0.993)").isEqualTo(Symbol.of("1.0f"));
    for (String s : List.of("1.", ".5", "0x10", "1e", "1e+", "1.5e", "NaN", "Infinity", "-Infinity", "1d", "+", "-", "1_000", "1.0.0")) {
      assertThat(p(s)).as(s).isEqualTo(Symbol.of(s));
    }
    assertThat(p("+12")).isEqualTo(SignedInteger.of(12));
    assertThat(p("-0")).isEqualTo(SignedInteger.of(0));
    assertThat(p("007")).isEqualTo(SignedInteger.of(7));
    assertThat(p("123456789012345678901234567890"))
        .isEqualTo(SignedInteger.of(new java.math.BigInteger("123456789012345678901234567890")));
    assertThat(p("-0.0")).isEqualTo(DoubleValue.ofBits(0x8000000000000000L));
    assertThat(p("1E3")).isEqualTo(DoubleValue.of(1000.0));
    assertThat(p("2.5e-3")).isEqualTo(DoubleValue.of(0.0025));
    assertThat(p("1e400")).isEqualTo(DoubleValue.of(Double.POSITIVE_INFINITY));
    // a symbol stops at delimiters
    assertThat(p("[a@b c]")).isEqualTo(Sequence.of(Symbol.of("a"), Symbol.of("c")));
    assertThat(p("{a:b}")).isEqualTo(p("{a: b}"));
  }

  @Test
  void booleansNeedADelimiter() {
    syntaxError("#tx");
    syntaxError("[#t1]");
    syntaxError("#té");
    assertThat(TextReader.parseAll("#t#f")).hasSize(2);
    assertThat(p("[#t]")).isEqualTo(Sequence.of(org.syndicate.preserves.BooleanValue.TRUE));
  }

  @Test
  void hashDispatch() {
    syntaxError("#q");
    syntaxError("#xf\"00000000\"");
    assertThat(eoi("#x").atStart()).isFalse();
    syntaxError("#T");
    assertThat(eoi("#").atStart()).isFalse();
    assertThat(TextReader.parseAll("1\n#")).containsExactly(SignedInteger.of(1));
    assertThat(TextReader.tryParse("#", TextReader.Options.DEFAULT)).isInstanceOf(TextReader.NeedMore.class);
    assertThat(p("#x\"\"")).isEqualTo(ByteString.of(new byte[0]));
    assertThat(p("#[-_8]")).as("URL-safe base64").isEqualTo(ByteString.of(new byte[] {(byte) 0xfb, (byte) 0xff}));
    assertThat(p("#[+/8=]")).isEqualTo(ByteString.of(new byte[] {(byte) 0xfb, (byte) 0xff}));
    assertThat(p("#[\n  SGVs\n  bG8=\n]")).isEqualTo(ByteString.of("Hello".getBytes(StandardCharsets.US_ASCII)));
    assertThat(p("#[]")).isEqualTo(ByteString.of(new byte[0]));
    syntaxError("#[S]");
    syntaxError("#[SGk=x]");
    syntaxError("#[S=]");
    syntaxError("#[SG*]");
    syntaxError("#\"é\"");
    syntaxError("#\"a\nb\"");
    syntaxError("#\"\\xg0\"");
    assertThat(p("#\"\\x00\\xff\"")).isEqualTo(ByteString.of(new byte[] {0, (byte) 0xff}));
  }

  @Test
  void stringAndSymbolEscapes() {
    assertThat(p("\"a\\/b\"")).isEqualTo(StringValue.of("a/b"));
    assertThat(p("|a\\|b|")).isEqualTo(Symbol.of("a|b"));
    assertThat(p("|a\"b|")).isEqualTo(Symbol.of("a\"b"));
    assertThat(p("\"a|b\"")).isEqualTo(StringValue.of("a|b"));
    syntaxError("\"a\\|b\"");
    syntaxError("|a\\\"b|");
    syntaxError("\"\\q\"");
    syntaxError("\"\\U0041\"");
    assertThat(p("\"line1\nline2\"")).as("raw newlines allowed").isEqualTo(StringValue.of("line1\nline2"));
    assertThat(p("\"\u0001\"")).isEqualTo(StringValue.of("\u0001"));
    assertThat(p("\"𝄞\"")).isEqualTo(StringValue.of("𝄞"));
    assertThat(p("\"\\uD834\\uDD1E\"")).isEqualTo(StringValue.of("𝄞"));
    SyntaxError lone = syntaxError("\"a\uD800b\"");
    assertThat(lone.getMessage()).contains("lone surrogate");
    assertThat(eoi("\"abc").atStart()).isFalse();
    assertThat(eoi("\"abc\\").atStart()).isFalse();
    assertThat(eoi("\"\\uD834").atStart()).isFalse();
  }

  @Test
  void interpreterLinesAndComments() {
    Value v = p("#!/usr/bin/env syndicate-server -c\n[1]");
    assertThat(v).isEqualTo(p("[1]"));
    assertThat(v.annotations()).containsExactly(RecordValue.of("interpreter", StringValue.of("/usr/bin/env syndicate-server -c")));
    Value c = p("# one\n#\n#\ttab\r\n# crlf\r\n1");
    assertThat(c.annotations()).containsExactly(StringValue.of("one"), StringValue.of(""), StringValue.of("tab"), StringValue.of("crlf"));
    assertThat(p("#  two spaces\n1").annotations()).containsExactly(StringValue.of(" two spaces"));
    assertThat(p("# 𝄞 clef 𝄞\n1").annotations()).containsExactly(StringValue.of("𝄞 clef 𝄞"));
    assertThat(p("#!𝄞\n1").annotations()).containsExactly(RecordValue.of("interpreter", StringValue.of("𝄞")));
    assertThat(syntaxError("# a\uDD1Eb\n1").getMessage()).contains("lone surrogate");
    Value mixed = p("@a # c\n @b 1");
    assertThat(mixed.annotations()).containsExactly(Symbol.of("a"), StringValue.of("c"), Symbol.of("b"));
    assertThat(p("{# doc\nk: v}").equalsWithAnnotations(p("{@\"doc\" k: v}"))).isTrue();
    // dropped on request
    Value dropped = TextReader.parse("# c\n@x [@y 1]", TextReader.Options.DEFAULT.withKeepAnnotations(false));
    assertThat(dropped.equalsWithAnnotations(p("[1]"))).isTrue();
    syntaxError("[1 # trailing comment inside a sequence\n]");
  }

  @Test
  void documentModeAllowsTrailingWhitespaceAndComments() {
    assertThat(TextReader.parseAll("")).isEmpty();
    assertThat(TextReader.parseAll("  \n ")).isEmpty();
    assertThat(TextReader.parseAll("# only a comment")).isEmpty();
    assertThat(TextReader.parseAll("<a>\n<b> # c\n# trailing\n# lines\n")).containsExactly(p("<a>"), p("<b>"));
    assertThat(TextReader.parseAll("<a>\n# no newline at the end")).containsExactly(p("<a>"));
    assertThat(TextReader.parseAll("#!/bin/x\n")).isEmpty();
    assertThat(TextReader.parseAll("1 2 [3]foo\"s\"")).containsExactly(p("1"), p("2"), p("[3]"), p("foo"), p("\"s\""));
    // an @annotation promises a value
    assertThatThrownBy(() -> TextReader.parseAll("1 @a")).isInstanceOf(EndOfInputException.class);
    assertThatThrownBy(() -> TextReader.parseAll("[1 # c\n")).isInstanceOf(EndOfInputException.class);
    // single-value mode: comments and whitespace alone are a premature end, trailing text an error
    assertThat(eoi("# c\n").atStart()).isFalse();
    assertThat(eoi("   ").atStart()).isFalse();
    assertThat(eoi("").atStart()).isTrue();
    syntaxError("1 2");
    syntaxError("1 # trailing");
    assertThat(p("  1 \n")).isEqualTo(SignedInteger.of(1));
  }

  @Test
  void incrementalNextAndReader() throws Exception {
    TextReader r = TextReader.of(new StringReader("a b\n# end"), TextReader.Options.DEFAULT);
    assertThat(r.next()).isEqualTo(Symbol.of("a"));
    assertThat(r.next()).isEqualTo(Symbol.of("b"));
    assertThat(r.next()).isNull();
    assertThat(r.next()).isNull();
  }

  @Test
  void deepNestingIsALimitNotAStackOverflow() {
    int n = 200_000;
    for (String open : List.of("[", "<a ", "#{", "{a: ", "#:", "@", "@@")) {
      String deep = open.repeat(n);
      SyntaxError e = syntaxError(deep);
      assertThat(e.getMessage()).contains("nesting deeper than the limit of 512");
    }
    String ok = "[".repeat(512) + "]".repeat(512);
    assertThat(p(ok)).isInstanceOf(Sequence.class);
    assertThat(syntaxError("[".repeat(513) + "]".repeat(513)).getMessage()).contains("nesting deeper");
    // annotation lists waiting for their value do not count towards the depth
    assertThat(p("[@a # c\n".repeat(500) + "0" + "]".repeat(500))).isInstanceOf(Sequence.class);
    assertThat(syntaxError("[@a ".repeat(513) + "0" + "]".repeat(513)).getMessage()).contains("nesting deeper");
    TextReader.Options deeper = TextReader.Options.DEFAULT.withMaxDepth(100_000);
    Value v = TextReader.parse("[".repeat(100_000) + "]".repeat(100_000), deeper);
    assertThat(TextWriter.toText(v)).hasSize(200_000);
    assertThat(TextWriter.toText(v, TextWriter.Options.DEFAULT.withIndent(2))).contains("[[[[]]]]");
    // many comment lines before one value are one annotation frame, not deep nesting
    assertThat(TextReader.parseAll("# doc\n".repeat(10_000) + "1").get(0).annotations()).hasSize(10_000);
  }

  @Test
  void errorPositionsAreLineAndCodePointColumn() {
    SyntaxError e = syntaxError("[1 2\n  {a: 1 a: 2}]");
    assertThat(e.position().line()).isEqualTo(2);
    assertThat(e.position().column()).isEqualTo(9);
    assertThat(e.getMessage()).contains("2:9").contains("duplicate dictionary key a");
    SyntaxError astral = syntaxError("[𝄞 }");
    assertThat(astral.position().column()).as("column counts code points").isEqualTo(4);
    assertThat(astral.position().offset()).isEqualTo(3);
    assertThat(astral.getMessage()).contains("expected ']'");
    SyntaxError crlf = syntaxError("1\r\n2\r\n\r\n  ]");
    // parse() reads 1 then finds 2: the error is at line 2
    assertThat(crlf.position().line()).isEqualTo(2);
    SyntaxError named = (SyntaxError) catchThrowable(() -> TextReader.parseAll("a\n\n  <>", TextReader.Options.DEFAULT.withSourceName("x.pr")));
    assertThat(named.getMessage()).startsWith("x.pr:3:4: ").contains("label");
    assertThat(eoi("[1\n  2").position().line()).isEqualTo(2);
    assertThat(syntaxError("\u000c").getMessage()).contains("expected a value");
  }

  @Test
  void recordPositionsReportsWhereEachValueStarts() {
    java.util.Map<String, String> seen = new java.util.LinkedHashMap<>();
    TextReader r = new TextReader("# doc\n<a 𝄞 [x\n  @ann y]>\n\n#:z", TextReader.Options.DEFAULT)
        .recordPositions((v, pos) -> seen.put(v.strip().toString(), pos.line() + ":" + pos.column()));
    while (r.next() != null) {}
    assertThat(seen)
        .containsEntry("a", "2:2")
        .containsEntry("𝄞", "2:4")
        .containsEntry("x", "2:7")
        .containsEntry("y", "3:8")
        .containsEntry("[x y]", "2:6")
        .containsEntry("<a 𝄞 [x y]>", "2:1")
        .containsEntry("#:z", "5:1");
  }

  private static Throwable catchThrowable(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("nothing thrown");
  }

  @Test
  void dictionaryAndSetRules() {
    syntaxError("{@x a: 1 a: 2}");
    syntaxError("#{1 @y 1}");
    syntaxError("{a}");
    syntaxError("{a: }");
    syntaxError("{a 1}");
    syntaxError("[}");
    syntaxError("<a]");
    assertThat(p("#{1 1.0}")).as("1 and 1.0 differ").isInstanceOf(org.syndicate.preserves.SetValue.class);
  }

  @Test
  void embeddedGoesThroughTheCodec() {
    EmbeddedCodec codec =
        new EmbeddedCodec() {
          @Override
          public Value encode(Object payload) {
            return StringValue.of((String) payload);
          }

          @Override
          public Object decode(Value wire) {
            if (wire instanceof StringValue s) return s.value();
            throw new PreservesException("not a string");
          }
        };
    Value v = TextReader.parse("[#:\"ref\"]", TextReader.Options.DEFAULT.withEmbeddedCodec(codec));
    assertThat(((Embedded) ((Sequence) v).get(0)).payload()).isEqualTo("ref");
    SyntaxError e = (SyntaxError) catchThrowable(() -> TextReader.parse("[\n #:1]", TextReader.Options.DEFAULT.withEmbeddedCodec(codec)));
    assertThat(e.getMessage()).contains("2:2").contains("not a string");
    assertThat(TextWriter.toText(v, TextWriter.Options.DEFAULT.withEmbeddedCodec(codec))).isEqualTo("[#:\"ref\"]");
  }

  @Test
  void bufferApiTellsNeedMoreFromErrors() {
    TextReader.Options o = TextReader.Options.DEFAULT;
    assertThat(TextReader.tryParse("", o)).isInstanceOf(TextReader.NeedMore.class);
    assertThat(TextReader.tryParse("   \n", o)).isInstanceOf(TextReader.NeedMore.class);
    assertThat(TextReader.tryParse("[1 2", o)).isInstanceOf(TextReader.NeedMore.class);
    assertThat(TextReader.tryParse("foo", o)).as("a token may continue").isInstanceOf(TextReader.NeedMore.class);
    assertThat(TextReader.tryParse("# comment", o)).isInstanceOf(TextReader.NeedMore.class);
    assertThat(TextReader.tryParse("[1 2] rest", o)).isEqualTo(new TextReader.Parsed(p("[1 2]"), 5));
    assertThat(TextReader.tryParse("  foo\n", o)).isEqualTo(new TextReader.Parsed(Symbol.of("foo"), 5));
    assertThatThrownBy(() -> TextReader.tryParse("]", o)).isInstanceOf(SyntaxError.class);
    assertThatThrownBy(() -> TextReader.tryParse("<>", o)).isInstanceOf(SyntaxError.class);
    byte[] utf8 = "[\"é\"] x".getBytes(StandardCharsets.UTF_8);
    assertThat(TextReader.tryParseUtf8(utf8, 0, 4, o)).as("cut inside é").isInstanceOf(TextReader.NeedMore.class);
    assertThat(TextReader.tryParseUtf8(utf8, 0, utf8.length, o)).isEqualTo(new TextReader.Parsed(p("[\"é\"]"), 6));
    byte[] prefixed = new byte[utf8.length + 3];
    System.arraycopy(utf8, 0, prefixed, 3, utf8.length);
    assertThat(TextReader.tryParseUtf8(prefixed, 3, utf8.length, o)).isEqualTo(new TextReader.Parsed(p("[\"é\"]"), 6));
    assertThatThrownBy(() -> TextReader.tryParseUtf8(new byte[] {'[', (byte) 0xff, ']'}, 0, 3, o))
        .isInstanceOf(SyntaxError.class)
        .hasMessageContaining("UTF-8");
  }
}
