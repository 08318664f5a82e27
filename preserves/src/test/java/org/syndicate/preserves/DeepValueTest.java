package org.syndicate.preserves;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * {@link Value#equals}, {@link Value#hashCode}, {@link Value#compareTo} and {@link
 * Value#equalsWithAnnotations} on values nested 100,000 levels deep, built programmatically (the
 * readers refuse such depths): they must answer, not overflow the thread's stack, and agree with
 * each other. Every compound kind is used as a nesting level, including embedded Value payloads.
 */
class DeepValueTest {
  static final int DEPTH = 100_000;

  /** {@code wrap} applied {@code depth} times around {@code leaf}. */
  static Value nest(int depth, Value leaf, UnaryOperator<Value> wrap) {
    Value v = leaf;
    for (int i = 0; i < depth; i++) v = wrap.apply(v);
    return v;
  }

  static Value seq(Value v) {
    return Sequence.of(v);
  }

  /** Cycles through every compound kind (and an embedded payload), with siblings at each level. */
  static Value mixed(Value v, int level) {
    return switch (level % 6) {
      case 0 -> Sequence.of(SignedInteger.of(level), v);
      case 1 -> RecordValue.of(Symbol.of("r"), v, StringValue.of("x"));
      case 2 -> SetValue.of(v);
      case 3 -> Dictionary.of(Symbol.of("k"), v);
      case 4 -> Dictionary.of(v, BooleanValue.TRUE);
      default -> Embedded.of(v);
    };
  }

  static Value mixedNest(int depth, Value leaf) {
    Value v = leaf;
    for (int i = 0; i < depth; i++) v = mixed(v, i);
    return v;
  }

  @Test
  void deepSequencesAreEqualHashEqualAndCompareEqual() {
    Value a = nest(DEPTH, SignedInteger.of(1), DeepValueTest::seq);
    Value b = nest(DEPTH, SignedInteger.of(1), DeepValueTest::seq);
    assertThat(a != b).isTrue();
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a.equals(b)).isTrue();
    assertThat(a.compareTo(b)).isZero();
    assertThat(b.compareTo(a)).isZero();
  }

  @Test
  void deepSequencesDifferingOnlyAtTheBottom() {
    Value one = nest(DEPTH, SignedInteger.of(1), DeepValueTest::seq);
    Value two = nest(DEPTH, SignedInteger.of(2), DeepValueTest::seq);
    assertThat(one.equals(two)).isFalse();
    assertThat(one.compareTo(two)).isNegative();
    assertThat(two.compareTo(one)).isPositive();
    // different depth: the shorter chain bottoms out in an integer where the other has a sequence
    Value shorter = nest(DEPTH - 1, SignedInteger.of(1), DeepValueTest::seq);
    assertThat(shorter.equals(one)).isFalse();
    assertThat(Integer.signum(shorter.compareTo(one)))
        .isEqualTo(Integer.signum(Kind.SIGNED_INTEGER.compareTo(Kind.SEQUENCE)));
  }

  @Test
  void deepMixedKindsAgreeWithEachOther() {
    Value a = mixedNest(DEPTH, StringValue.of("leaf"));
    Value b = mixedNest(DEPTH, StringValue.of("leaf"));
    Value c = mixedNest(DEPTH, StringValue.of("leag"));
    assertThat(a.hashCode()).isEqualTo(b.hashCode());
    assertThat(a.equals(b)).isTrue();
    assertThat(a.compareTo(b)).isZero();
    assertThat(a.equals(c)).isFalse();
    assertThat(Integer.signum(a.compareTo(c))).isEqualTo(-Integer.signum(c.compareTo(a))).isNotZero();
    Set<Value> set = new HashSet<>(List.of(a, c));
    assertThat(set).contains(b).hasSize(2);
  }

  @Test
  void deepEqualsWithAnnotations() {
    Value plain = nest(DEPTH, SignedInteger.of(1), DeepValueTest::seq);
    Value annotated = nest(DEPTH, SignedInteger.of(1).annotate(Symbol.of("n")), DeepValueTest::seq);
    Value annotatedToo = nest(DEPTH, SignedInteger.of(1).annotate(Symbol.of("n")), DeepValueTest::seq);
    Value otherNote = nest(DEPTH, SignedInteger.of(1).annotate(Symbol.of("m")), DeepValueTest::seq);
    assertThat(annotated.equals(plain)).isTrue();
    assertThat(annotated.equalsWithAnnotations(annotatedToo)).isTrue();
    assertThat(annotated.equalsWithAnnotations(plain)).isFalse();
    assertThat(annotated.equalsWithAnnotations(otherNote)).isFalse();
    // a deep annotation on a shallow value
    Value deepNote = nest(DEPTH, Symbol.of("x"), DeepValueTest::seq);
    Value deepNoteToo = nest(DEPTH, Symbol.of("x"), DeepValueTest::seq);
    assertThat(SignedInteger.of(5).annotate(deepNote).equalsWithAnnotations(SignedInteger.of(5).annotate(deepNoteToo)))
        .isTrue();
  }

  @Test
  void shallowAnnotationsStillCompared() {
    Value a = Sequence.of(RecordValue.of(Symbol.of("a").annotate(StringValue.of("doc")), SignedInteger.of(1)));
    Value b = Sequence.of(RecordValue.of(Symbol.of("a").annotate(StringValue.of("doc")), SignedInteger.of(1)));
    Value c = Sequence.of(RecordValue.of(Symbol.of("a"), SignedInteger.of(1)));
    Value d = Dictionary.of(Symbol.of("k"), Embedded.of(SignedInteger.of(1).annotate(BooleanValue.TRUE)));
    Value e = Dictionary.of(Symbol.of("k"), Embedded.of(SignedInteger.of(1).annotate(BooleanValue.FALSE)));
    assertThat(a.equalsWithAnnotations(b)).isTrue();
    assertThat(a.equalsWithAnnotations(c)).isFalse();
    assertThat(c.equalsWithAnnotations(a)).isFalse();
    assertThat(d.equals(e)).isTrue();
    assertThat(d.equalsWithAnnotations(e)).isFalse();
    assertThat(a.annotate(c).equalsWithAnnotations(b.annotate(a))).isFalse();
  }
}
