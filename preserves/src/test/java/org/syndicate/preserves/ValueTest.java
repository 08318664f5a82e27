package org.syndicate.preserves;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTest {
  @Test
  void kindsAreOrderedAsTheSpecSays() {
    List<Value> ascending =
        List.of(
            BooleanValue.FALSE,
            BooleanValue.TRUE,
            DoubleValue.of(-1.0),
            SignedInteger.of(-5),
            StringValue.of("a"),
            ByteString.of(new byte[] {1}),
            Symbol.of("a"),
            RecordValue.of("a"),
            Sequence.of(),
            SetValue.of(),
            Dictionary.empty(),
            Embedded.of(SignedInteger.of(0)));
    for (int i = 0; i < ascending.size(); i++) {
      for (int j = 0; j < ascending.size(); j++) {
        assertThat(Integer.signum(ascending.get(i).compareTo(ascending.get(j))))
            .as("%s vs %s", ascending.get(i), ascending.get(j))
            .isEqualTo(Integer.signum(Integer.compare(i, j)));
      }
    }
  }

  @Test
  void distinctionsTheSpecRequires() {
    assertThat(SignedInteger.of(1)).isNotEqualTo(DoubleValue.of(1.0));
    assertThat(StringValue.of("a")).isNotEqualTo(Symbol.of("a"));
    assertThat(DoubleValue.of(0.0)).isNotEqualTo(DoubleValue.of(-0.0));
    assertThat(DoubleValue.of(-0.0).compareTo(DoubleValue.of(0.0))).isNegative();
    DoubleValue nan1 = DoubleValue.ofBits(0x7ff8000000000001L);
    DoubleValue nan2 = DoubleValue.ofBits(0x7ff8000000000002L);
    assertThat(nan1).isEqualTo(DoubleValue.ofBits(0x7ff8000000000001L)).isNotEqualTo(nan2);
    assertThat(DoubleValue.ofBits(0xfff8000000000000L).compareTo(DoubleValue.of(Double.NEGATIVE_INFINITY))).isNegative();
    assertThat(nan1.compareTo(DoubleValue.of(Double.POSITIVE_INFINITY))).isPositive();
    assertThat(SetValue.of(SignedInteger.of(1), SignedInteger.of(2))).isEqualTo(SetValue.of(SignedInteger.of(2), SignedInteger.of(1)));
  }

  @Test
  void bigAndSmallIntegersAgree() {
    assertThat(SignedInteger.of(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(SignedInteger.of(Long.MAX_VALUE));
    SignedInteger big = SignedInteger.of(BigInteger.ONE.shiftLeft(70));
    assertThat(big.fitsLong()).isFalse();
    assertThat(big.compareTo(SignedInteger.of(Long.MAX_VALUE))).isPositive();
    assertThat(SignedInteger.of(BigInteger.ONE.shiftLeft(70).negate()).compareTo(SignedInteger.of(Long.MIN_VALUE))).isNegative();
  }

  @Test
  void codePointOrderNotUtf16Order() {
    // U+1D11E (surrogate pair D834 DD1E) is above U+FFFD in code-point order.
    assertThat(StringValue.of("\uD834\uDD1E").compareTo(StringValue.of("\uFFFD"))).isPositive();
    assertThat(Symbol.of("ab").compareTo(Symbol.of("abc"))).isNegative();
    assertThatThrownBy(() -> StringValue.of("\uD834x")).isInstanceOf(PreservesException.class);
  }

  @Test
  void annotationsAreInvisibleToEqualityButKeptWhenAsked() {
    Value plain = RecordValue.of("a", SignedInteger.of(1));
    Value annotated = RecordValue.of(Symbol.of("a").annotate(StringValue.of("doc")), SignedInteger.of(1)).annotate(Symbol.of("x"));
    assertThat(annotated).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(annotated.compareTo(plain)).isZero();
    assertThat(annotated.equalsWithAnnotations(plain)).isFalse();
    assertThat(annotated.strip().equalsWithAnnotations(plain)).isTrue();
    Dictionary d = Dictionary.of(Map.of(Symbol.of("k").annotate(SignedInteger.of(9)), SignedInteger.of(1)));
    assertThat(d.get(Symbol.of("k"))).isEqualTo(SignedInteger.of(1));
  }

  @Test
  void dictionaryAndRecordOrder() {
    assertThat(RecordValue.of("a", SignedInteger.of(1)).compareTo(RecordValue.of("a", SignedInteger.of(1), SignedInteger.of(2)))).isNegative();
    assertThat(RecordValue.of("a", SignedInteger.of(9)).compareTo(RecordValue.of("b", SignedInteger.of(0)))).isNegative();
    Dictionary d1 = Dictionary.of(Symbol.of("a"), SignedInteger.of(2));
    Dictionary d2 = Dictionary.of(Symbol.of("a"), SignedInteger.of(3));
    Dictionary d3 = Dictionary.of(Symbol.of("b"), SignedInteger.of(0));
    assertThat(d1.compareTo(d2)).isNegative();
    assertThat(d2.compareTo(d3)).isNegative();
  }
}
