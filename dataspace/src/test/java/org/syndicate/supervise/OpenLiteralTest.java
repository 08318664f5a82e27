package org.syndicate.supervise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.syndicate.supervise.Harness.v;

import org.junit.jupiter.api.Test;
import org.syndicate.dataspace.Pattern;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;

/** Literal values matched openly (reference note §6 step 3, review-log row 28). */
class OpenLiteralTest {
  private static boolean m(String literal, String candidate) {
    return OpenLiteral.matches(v(literal), v(candidate));
  }

  @Test
  void extraFieldsElementsAndKeysStillMatch() {
    assertThat(m("<a 1>", "<a 1>")).isTrue();
    assertThat(m("<a 1>", "<a 1 2>")).isTrue();
    assertThat(m("<a <b 1>>", "<a <b 1 x> y>")).isTrue();
    assertThat(m("[1 2]", "[1 2 3]")).isTrue();
    assertThat(m("{a: 1}", "{a: 1 b: 2}")).isTrue();
    assertThat(m("<a {k: [1]}>", "<a {k: [1 2] j: 3}>")).isTrue();
  }

  @Test
  void differencesDoNotMatch() {
    assertThat(m("<a 1>", "<b 1>")).isFalse();
    assertThat(m("<a 1 2>", "<a 1>")).isFalse();
    assertThat(m("<a 1>", "<a 2>")).isFalse();
    assertThat(m("[1 2]", "[1]")).isFalse();
    assertThat(m("{a: 1}", "{b: 1}")).isFalse();
    assertThat(m("1", "1.0")).isFalse();
    assertThat(m("[1]", "<x 1>")).isFalse();
  }

  @Test
  void setsMatchOnlyEqualSetsAndNeverThrow() {
    assertThat(m("<a #{1 2}>", "<a #{2 1}>")).isTrue();
    assertThat(m("<a #{1 2}>", "<a #{1 2 3}>")).isFalse();
    Pattern p = OpenLiteral.pattern(v("<a #{1 2} [x]>"));
    assertThat(p.toValue()).isEqualTo(v("<bind <group <rec a> {0: <_> 1: <group <arr> {0: <lit x>}>}>>"));
  }

  @Test
  void tooDeepIsAClearError() {
    Value x = v("0");
    for (int i = 0; i < 300; i++) x = RecordValue.of("n", x);
    Value deep = x;
    assertThatThrownBy(() -> OpenLiteral.pattern(deep)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deeper");
  }
}
