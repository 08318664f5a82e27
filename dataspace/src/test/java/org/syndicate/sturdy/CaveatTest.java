package org.syndicate.sturdy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.syndicate.sturdy.V.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.Value;

/**
 * Every caveat form, pattern form and template form (reference note syndicate-server.md §4.2),
 * and the capability rows 35–39 of §10.
 */
class CaveatTest {
  /** A stand-in for the actor runtime's Ref: a name plus the caveats it carries. */
  record TestRef(String name, Attenuation attenuation) implements Attenuable {
    @Override
    public TestRef attenuate(Attenuation more) {
      return new TestRef(name, attenuation.then(more));
    }
  }

  static final Value[] SAMPLES = {
    BooleanValue.TRUE,
    DoubleValue.of(1.5),
    num(7),
    str("s"),
    bytes("0102"),
    sym("sym"),
    rec("r", num(1)),
    seq(num(1), num(2)),
    SetValue.of(List.of(num(1))),
    dict(sym("k"), num(1)),
    Embedded.of(new TestRef("e", Attenuation.NONE)),
  };

  /** Applies a single accept-if-matches caveat {@code <rewrite <bind P> <ref 0>>}. */
  static boolean accepts(Value pattern, Value v) {
    Value out = Attenuation.of(rewrite(bind(pattern), ref(0))).apply(v);
    if (out != null) assertThat(out).isEqualTo(v);
    return out != null;
  }

  // ---- §10 rows 35-39 ----

  @Test
  void row35LabelledRewrite() {
    Attenuation a = Attenuation.of(labelled("alice"));
    assertThat(a.apply(rec("Present", str("x")))).isEqualTo(rec("labelled", str("alice"), rec("Present", str("x"))));
  }

  @Test
  void row36CaveatsRunRightToLeft() {
    Value c1 = rewrite(bind(discard()), pRec(sym("one"), ref(0)));
    Value c2 = rewrite(bind(discard()), pRec(sym("two"), ref(0)));
    assertThat(Attenuation.of(c1, c2).apply(sym("x"))).isEqualTo(rec("one", rec("two", sym("x"))));
    // a newer caveat rejecting stops older ones from running at all
    Value onlyTwo = rewrite(bind(pRec(sym("two"), discard())), ref(0));
    assertThat(Attenuation.of(onlyTwo, c2).apply(sym("x"))).isEqualTo(rec("two", sym("x")));
    assertThat(Attenuation.of(c2, onlyTwo).apply(sym("x"))).isNull();
  }

  @Test
  void row37RejectIsClosedArity() {
    Attenuation a = Attenuation.of(reject(pRec(sym("secret"), discard())));
    assertThat(a.apply(rec("secret", num(1)))).isNull();
    assertThat(a.apply(rec("secret", num(1), num(2)))).isEqualTo(rec("secret", num(1), num(2)));
    assertThat(a.apply(rec("secret"))).isEqualTo(rec("secret"));
    assertThat(a.apply(rec("public", num(1)))).isEqualTo(rec("public", num(1)));
  }

  @Test
  void row38UnknownCaveatRejectsEverything() {
    for (Value unknown :
        List.of(
            sym("frob"),
            rec("frob", num(1)),
            rewrite(rec("foo"), ref(0)), // pattern does not parse
            rewrite(discard(), rec("foo")), // template does not parse
            rec("rewrite", discard()), // wrong arity
            rec("rewrite", discard(), ref(0), num(9)), // wrong arity (we parse exactly)
            reject(sym("Float")), // Float is no longer an atom kind
            or(labelled("a"), reject(discard())), // an alternative that is not a rewrite
            rec("or", labelled("a")), // alternatives not in a sequence
            rewrite(pRec(sym("x"), sym("nope")), ref(0)),
            rewrite(rec("rec", sym("x"), seq(), num(1)), lit(num(1))),
            rewrite(rec("dict", seq()), lit(num(1))),
            rewrite(discard(), rec("ref", str("0"))))) {
      Attenuation a = Attenuation.of(unknown);
      assertThat(a.caveats().getFirst()).as("%s", unknown).isInstanceOf(Caveat.Unknown.class);
      for (Value v : SAMPLES) assertThat(a.apply(v)).as("%s through %s", v, unknown).isNull();
    }
  }

  @Test
  void row39UnboundRefIsRefused() {
    assertThatThrownBy(() -> Attenuation.of(rewrite(discard(), ref(3))))
        .isInstanceOfSatisfying(CaveatException.class, e -> {
          assertThat(e.problem()).isEqualTo(CaveatException.Problem.UNBOUND_REF);
          assertThat(e.getMessage()).startsWith("caveat 0: template");
        });
    assertThatThrownBy(() -> Attenuation.of(rewrite(bind(discard()), ref(1)))).isInstanceOf(CaveatException.class);
    assertThatThrownBy(() -> Attenuation.of(rewrite(bind(discard()), ref(-1)))).isInstanceOf(CaveatException.class);
    assertThatThrownBy(() -> Attenuation.of(rewrite(bind(discard()), rec("ref", org.syndicate.preserves.SignedInteger.of(new java.math.BigInteger("99999999999999999999"))))))
        .isInstanceOf(CaveatException.class);
    // inside an alternative, and inside a compound template
    assertThatThrownBy(() -> Attenuation.of(sym("ok"), or(labelled("a"), rewrite(bind(discard()), pArr(ref(0), ref(1))))))
        .hasMessageStartingWith("caveat 1: alternative 1: template");
    assertThat(Attenuation.of(rewrite(pArr(bind(discard()), bind(discard())), pArr(ref(1), ref(0)))).apply(seq(num(1), num(2))))
        .isEqualTo(seq(num(2), num(1)));
  }

  // ---- patterns ----

  @Test
  void discardMatchesEverything() {
    for (Value v : SAMPLES) assertThat(accepts(discard(), v)).isTrue();
  }

  @Test
  void atomKindsAndEmbedded() {
    String[] names = {"Boolean", "Double", "SignedInteger", "String", "ByteString", "Symbol"};
    for (int i = 0; i < names.length; i++) {
      for (int j = 0; j < SAMPLES.length; j++) {
        assertThat(accepts(sym(names[i]), SAMPLES[j])).as("%s vs %s", names[i], SAMPLES[j]).isEqualTo(i == j);
      }
    }
    for (int j = 0; j < SAMPLES.length; j++) {
      assertThat(accepts(sym("Embedded"), SAMPLES[j])).isEqualTo(j == SAMPLES.length - 1);
    }
  }

  @Test
  void litIgnoresAnnotations() {
    assertThat(accepts(lit(str("a")), str("a").annotate(sym("note")))).isTrue();
    assertThat(accepts(lit(str("a")), sym("a"))).isFalse();
    assertThat(accepts(lit(num(1)), DoubleValue.of(1.0))).isFalse();
    assertThat(accepts(lit(rec("r", num(1))), rec("r", num(1)))).isTrue();
  }

  @Test
  void andNot() {
    Value notSecret = and(sym("Symbol"), not(lit(sym("secret"))));
    assertThat(accepts(notSecret, sym("public"))).isTrue();
    assertThat(accepts(notSecret, sym("secret"))).isFalse();
    assertThat(accepts(notSecret, str("public"))).isFalse();
    assertThat(accepts(and(), num(1))).isTrue();
    assertThat(accepts(not(discard()), num(1))).isFalse();
  }

  @Test
  void recAndArrHaveExactArity() {
    Value p = pRec(sym("point"), sym("SignedInteger"), sym("SignedInteger"));
    assertThat(accepts(p, rec("point", num(1), num(2)))).isTrue();
    assertThat(accepts(p, rec("point", num(1)))).isFalse();
    assertThat(accepts(p, rec("point", num(1), num(2), num(3)))).isFalse();
    assertThat(accepts(p, rec("point", num(1), str("2")))).isFalse();
    assertThat(accepts(p, rec("pt", num(1), num(2)))).isFalse();
    assertThat(accepts(p, seq(num(1), num(2)))).isFalse();
    // a non-symbol label
    assertThat(accepts(pRec(num(5), discard()), org.syndicate.preserves.RecordValue.of(num(5), sym("x")))).isTrue();
    Value a = pArr(discard(), lit(num(2)));
    assertThat(accepts(a, seq(str("x"), num(2)))).isTrue();
    assertThat(accepts(a, seq(str("x"), num(2), num(3)))).isFalse();
    assertThat(accepts(a, seq(str("x")))).isFalse();
    assertThat(accepts(a, rec("x", str("x"), num(2)))).isFalse();
    assertThat(accepts(pArr(), seq())).isTrue();
  }

  @Test
  void dictAllowsExtraKeys() {
    Value p = pDict(sym("name"), sym("String"), sym("age"), sym("SignedInteger"));
    assertThat(accepts(p, dict(sym("name"), str("a"), sym("age"), num(3)))).isTrue();
    assertThat(accepts(p, dict(sym("name"), str("a"), sym("age"), num(3), sym("x"), num(0)))).isTrue();
    assertThat(accepts(p, dict(sym("name"), str("a")))).isFalse();
    assertThat(accepts(p, dict(sym("name"), str("a"), sym("age"), str("3")))).isFalse();
    assertThat(accepts(pDict(), dict())).isTrue();
    assertThat(accepts(pDict(), seq())).isFalse();
  }

  @Test
  void bindingsArePreOrderAndDictKeysAscending() {
    // <bind <arr [<bind _> <dict {b: <bind _>, a: <bind _>}>]>> binds: whole, x, a's, b's
    Value p = bind(pArr(bind(discard()), pDict(sym("b"), bind(discard()), sym("a"), bind(discard()))));
    Value t = pArr(ref(0), ref(1), ref(2), ref(3));
    Value in = seq(sym("x"), dict(sym("a"), num(1), sym("b"), num(2)));
    assertThat(Attenuation.of(rewrite(p, t)).apply(in)).isEqualTo(seq(in, sym("x"), num(1), num(2)));
  }

  @Test
  void bindUnderNegationIsRefusedInRewritesOnly() {
    assertThatThrownBy(() -> Attenuation.of(rewrite(and(bind(discard()), not(bind(discard()))), ref(0))))
        .isInstanceOfSatisfying(CaveatException.class, e -> assertThat(e.problem()).isEqualTo(CaveatException.Problem.BINDING_UNDER_NEGATION));
    assertThatThrownBy(() -> Attenuation.of(or(rewrite(pArr(not(pArr(bind(discard())))), lit(num(1))))))
        .isInstanceOf(CaveatException.class);
    // syndicate-rs does not validate reject patterns: accepted, binds are harmless
    Attenuation r = Attenuation.of(reject(not(bind(sym("Symbol")))));
    assertThat(r.apply(sym("a"))).isEqualTo(sym("a"));
    assertThat(r.apply(num(1))).isNull();
  }

  // ---- templates ----

  @Test
  void templatesBuildCompounds() {
    Value p = pRec(sym("say"), bind(sym("String")), bind(discard()));
    Value t = pDict(sym("who"), ref(0), sym("what"), pArr(ref(1), lit(sym("!"))), sym("tag"), pRec(sym("t"), lit(num(1))));
    assertThat(Attenuation.of(rewrite(p, t)).apply(rec("say", str("bob"), num(5))))
        .isEqualTo(dict(sym("who"), str("bob"), sym("what"), seq(num(5), sym("!")), sym("tag"), rec("t", num(1))));
    // the literal template ignores the input
    assertThat(Attenuation.of(rewrite(discard(), lit(sym("fixed")))).apply(num(1))).isEqualTo(sym("fixed"));
  }

  @Test
  void attenuateTemplateWrapsEmbeddedRefs() {
    TestRef inner = new TestRef("target", Attenuation.NONE);
    Value innerCaveat = reject(lit(sym("forbidden")));
    Value caveat = rewrite(pRec(sym("observe"), bind(sym("Embedded"))), pRec(sym("observe"), attenuate(ref(0), innerCaveat)));
    Value out = Attenuation.of(caveat).apply(rec("observe", Embedded.of(inner)));
    assertThat(out).isNotNull();
    TestRef wrapped = (TestRef) ((Embedded) ((org.syndicate.preserves.RecordValue) out).field(0)).payload();
    assertThat(wrapped.name()).isEqualTo("target");
    assertThat(wrapped.attenuation().caveatValues()).containsExactly(innerCaveat);
    assertThat(wrapped.attenuation().apply(sym("forbidden"))).isNull();
    assertThat(wrapped.attenuation().apply(sym("fine"))).isEqualTo(sym("fine"));
    // a second pass adds the caveat again, newest last
    TestRef twice = (TestRef) ((Embedded) ((org.syndicate.preserves.RecordValue) Attenuation.of(caveat).apply(out)).field(0)).payload();
    assertThat(twice.attenuation().size()).isEqualTo(2);
  }

  @Test
  void attenuateTemplateRejectsNonRefs() {
    Value caveat = rewrite(bind(discard()), attenuate(ref(0)));
    Attenuation a = Attenuation.of(caveat);
    assertThat(a.apply(num(1))).isNull();
    assertThat(a.apply(Embedded.of(sym("not-attenuable")))).isNull();
    assertThat(a.apply(Embedded.of(new TestRef("r", Attenuation.NONE)))).isNotNull();
  }

  @Test
  void nestedAttenuationCaveatsAreChecked() {
    Value bad = rewrite(bind(discard()), attenuate(ref(0), rewrite(discard(), ref(0))));
    assertThatThrownBy(() -> Attenuation.of(bad))
        .isInstanceOfSatisfying(CaveatException.class, e -> {
          assertThat(e.problem()).isEqualTo(CaveatException.Problem.UNBOUND_REF);
          assertThat(e.getMessage()).contains("attenuate caveat 0");
        });
    Value outerUnbound = rewrite(discard(), attenuate(ref(0)));
    assertThatThrownBy(() -> Attenuation.of(outerUnbound)).isInstanceOf(CaveatException.class);
  }

  // ---- or ----

  @Test
  void orTakesTheFirstMatchingAlternative() {
    Value alt = or(
        rewrite(pRec(sym("a"), bind(discard())), pRec(sym("first"), ref(0))),
        rewrite(pRec(sym("a"), bind(sym("SignedInteger"))), pRec(sym("second"), ref(0))),
        rewrite(bind(pRec(sym("b"), discard())), ref(0)));
    Attenuation a = Attenuation.of(alt);
    assertThat(a.apply(rec("a", num(1)))).isEqualTo(rec("first", num(1)));
    assertThat(a.apply(rec("b", num(1)))).isEqualTo(rec("b", num(1)));
    assertThat(a.apply(rec("c", num(1)))).isNull();
    assertThat(Attenuation.of(or()).apply(num(1))).isNull();
    // bindings do not leak from a failed alternative into the next
    Value leaky = or(
        rewrite(pArr(bind(discard()), lit(num(0))), lit(num(0))),
        rewrite(pArr(discard(), bind(discard())), ref(0)));
    assertThat(Attenuation.of(leaky).apply(seq(sym("x"), num(9)))).isEqualTo(num(9));
  }

  @Test
  void orDoesNotFallThroughWhenTheTemplateFails() {
    Value alt = or(rewrite(bind(discard()), attenuate(ref(0))), rewrite(bind(discard()), ref(0)));
    assertThat(Attenuation.of(alt).apply(num(1))).isNull();
  }

  // ---- composition, limits ----

  @Test
  void composition() {
    Attenuation older = Attenuation.of(labelled("alice"));
    Attenuation newer = Attenuation.of(reject(pRec(sym("secret"), discard())));
    Attenuation both = older.then(newer);
    assertThat(both.caveatValues()).containsExactly(labelled("alice"), reject(pRec(sym("secret"), discard())));
    for (Value v : List.of(rec("secret", num(1)), rec("x", num(1)), sym("y"))) {
      Value step = newer.apply(v);
      assertThat(both.apply(v)).isEqualTo(step == null ? null : older.apply(step));
    }
    assertThat(Attenuation.NONE.then(newer)).isSameAs(newer);
    assertThat(older.then(Attenuation.NONE)).isSameAs(older);
    assertThat(Attenuation.NONE.apply(num(3))).isEqualTo(num(3));
    assertThat(Attenuation.of(List.of())).isSameAs(Attenuation.NONE);
  }

  @Test
  void deepNestingIsRefusedWithoutStackOverflow() {
    Value p = discard();
    for (int i = 0; i < 100_000; i++) p = not(p);
    Value deepPattern = p;
    assertThatThrownBy(() -> Attenuation.of(reject(deepPattern)))
        .isInstanceOfSatisfying(CaveatException.class, e -> assertThat(e.problem()).isEqualTo(CaveatException.Problem.TOO_DEEP));
    Value t = lit(num(1));
    for (int i = 0; i < 100_000; i++) t = pArr(t);
    Value deepTemplate = t;
    assertThatThrownBy(() -> Attenuation.of(rewrite(discard(), deepTemplate))).isInstanceOf(CaveatException.class);
    Value c = reject(discard());
    for (int i = 0; i < 100_000; i++) c = rewrite(bind(discard()), attenuate(ref(0), c));
    Value deepCaveat = c;
    assertThatThrownBy(() -> Attenuation.of(deepCaveat)).isInstanceOf(CaveatException.class).hasMessageContaining("caveat 0");
    // moderate nesting is fine
    Value ok = discard();
    for (int i = 0; i < 100; i++) ok = not(ok);
    assertThat(Attenuation.of(reject(ok)).apply(num(1))).isNull();
  }

  @Test
  void sourcesAreKeptForTheWire() {
    Value weird = rec("frob", ByteString.of(new byte[] {1}));
    List<Value> cs = List.of(labelled("a"), weird, reject(discard()), or(labelled("b")));
    assertThat(Attenuation.of(cs).caveatValues()).isEqualTo(cs);
  }
}
