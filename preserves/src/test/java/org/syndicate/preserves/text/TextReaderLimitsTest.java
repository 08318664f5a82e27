package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;

/**
 * Explicit limits of {@link TextReader} against adversarial input: integer literal length
 * ({@link TextReader.Options#maxIntegerDigits()}), and inputs that must stay linear (many
 * annotations, long strings full of escapes).
 */
class TextReaderLimitsTest {
  static final int LIMIT = TextReader.Options.DEFAULT_MAX_INTEGER_DIGITS;

  static String digits(int n) {
    StringBuilder sb = new StringBuilder(n);
    sb.append('9');
    for (int i = 1; i < n; i++) sb.append((char) ('0' + i % 10));
    return sb.toString();
  }

  @Test
  void integersUpToTheLimitParse() {
    String d = digits(LIMIT);
    assertThat(TextReader.parse(d)).isEqualTo(SignedInteger.of(new BigInteger(d)));
    assertThat(TextReader.parse("-" + d)).isEqualTo(SignedInteger.of(new BigInteger("-" + d)));
    assertThat(TextReader.parse("+" + d)).isEqualTo(SignedInteger.of(new BigInteger(d)));
    assertThat(TextReader.parse("0".repeat(LIMIT - 1) + "7")).isEqualTo(SignedInteger.of(7));
    // and what the writer prints for such a value reads back
    Value big = SignedInteger.of(new BigInteger(d).negate());
    assertThat(TextReader.parse(TextWriter.toText(big))).isEqualTo(big);
  }

  @Test
  void longerIntegersAreASyntaxErrorAtTheirStart() {
    SyntaxError e = catchThrowableOfType(SyntaxError.class, () -> TextReader.parse("[1\n  \"x\" " + digits(LIMIT + 1) + "]"));
    assertThat(e).isNotNull();
    assertThat(e.position().line()).isEqualTo(2);
    assertThat(e.position().column()).isEqualTo(7);
    assertThat(e.getMessage()).contains(LIMIT + 1 + " digits").contains("limit of " + LIMIT);
    assertThatThrownBy(() -> TextReader.parse("-" + digits(LIMIT + 1))).isInstanceOf(SyntaxError.class);
    assertThatThrownBy(() -> TextReader.parse("0".repeat(LIMIT) + "1")).isInstanceOf(SyntaxError.class);
  }

  /** A million digits is refused before any conversion (the JDK's conversion is quadratic). */
  @Test
  void aMillionDigitsIsRefused() {
    String text = "<n " + digits(1_000_000) + ">";
    assertThatThrownBy(() -> TextReader.parse(text)).isInstanceOf(SyntaxError.class).hasMessageContaining("1000000 digits");
    // the relay's entry point: a syntax error, not "need more input"
    byte[] utf8 = (text + " ").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> TextReader.tryParseUtf8(utf8, 0, utf8.length, TextReader.Options.DEFAULT))
        .isInstanceOf(SyntaxError.class);
  }

  @Test
  void theLimitIsAnOption() {
    TextReader.Options wide = TextReader.Options.DEFAULT.withMaxIntegerDigits(3 * LIMIT);
    String d = digits(2 * LIMIT);
    assertThat(TextReader.parse(d, wide)).isEqualTo(SignedInteger.of(new BigInteger(d)));
    TextReader.Options narrow = TextReader.Options.DEFAULT.withMaxIntegerDigits(19);
    assertThat(TextReader.parse("-9223372036854775808", narrow)).isEqualTo(SignedInteger.of(Long.MIN_VALUE));
    assertThat(TextReader.parse("9999999999999999999", narrow)).isEqualTo(SignedInteger.of(new BigInteger("9999999999999999999")));
    assertThatThrownBy(() -> TextReader.parse("10000000000000000000", narrow)).isInstanceOf(SyntaxError.class);
    assertThatThrownBy(() -> TextReader.Options.DEFAULT.withMaxIntegerDigits(18)).isInstanceOf(IllegalArgumentException.class);
    // the four-argument constructor keeps the default limit
    assertThat(new TextReader.Options(true, TextReader.Options.DEFAULT.embeddedCodec(), 10, null).maxIntegerDigits())
        .isEqualTo(LIMIT);
  }

  /** Doubles are not integers: a long mantissa is parsed (linearly) by the JDK, no limit. */
  @Test
  void longDoublesStillParse() {
    Value v = TextReader.parse("1." + "0".repeat(100_000) + "1e2");
    assertThat(v.toString()).isEqualTo("100.0");
  }

  /** 200,000 annotations on one value, and a 1 MB string of escapes, read in one go. */
  @Test
  void manyAnnotationsAndLongEscapedStrings() {
    int n = 200_000;
    Value v = TextReader.parse("@1 ".repeat(n) + "x");
    assertThat(v.annotations()).hasSize(n);
    Value dropped = TextReader.parse("@1 ".repeat(n) + "x", TextReader.Options.DEFAULT.withKeepAnnotations(false));
    assertThat(dropped.annotations()).isEmpty();
    String escaped = "\"" + "\\n\\u00e9\\\"".repeat(100_000) + "\"";
    assertThat(TextReader.parse(escaped)).isEqualTo(StringValue.of("\n\u00e9\"".repeat(100_000)));
    Value seq = TextReader.parse("[" + "# comment\n1 ".repeat(n) + "]");
    assertThat(((Sequence) seq).size()).isEqualTo(n);
  }
}
