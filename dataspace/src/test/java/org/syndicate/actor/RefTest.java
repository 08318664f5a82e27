package org.syndicate.actor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/** Ref identity inside Preserves values, and the attenuation hook. */
class RefTest {
  static Scheduler s;

  @BeforeAll
  static void start() {
    s = new Scheduler(1);
  }

  @AfterAll
  static void stop() {
    s.close();
  }

  @Test
  void refsAreUsableAsEmbeddedValuesInSetsAndDictionaries() {
    CompletableFuture<Ref[]> rs = new CompletableFuture<>();
    Actor a = Actor.boot(s, "a", t -> {
      Entity e = new Entity() {};
      rs.complete(new Ref[] {t.ref(e), t.ref(e)});
    });
    Ref r1 = rs.join()[0], r2 = rs.join()[1];
    assertThat(r1).isNotEqualTo(r2);
    Ref att = r1.attenuate(List.of(Symbol.of("c")), v -> v);
    Ref att2 = r1.attenuate(List.of(Symbol.of("c")), v -> v);
    assertThat(att).isEqualTo(att2).hasSameHashCodeAs(att2).isNotEqualTo(r1);
    assertThat(att.unattenuated()).isEqualTo(r1);
    assertThat(Embedded.of(att)).isEqualTo(Embedded.of(att2));
    assertThat(Embedded.of(r1).compareTo(Embedded.of(r2))).isNegative();
    assertThat(Embedded.of(r1).compareTo(Embedded.of(att))).isNegative();
    SetValue set = SetValue.of(Embedded.of(r2), Embedded.of(r1), Embedded.of(att), Embedded.of(att2));
    assertThat(set.size()).isEqualTo(3);
    Dictionary d = Dictionary.of(Embedded.of(r1), SignedInteger.of(1), Embedded.of(att), SignedInteger.of(2));
    assertThat(d.get(Embedded.of(r1.attenuate(List.of())))).isEqualTo(SignedInteger.of(1));
    assertThat(d.get(Embedded.of(att2))).isEqualTo(SignedInteger.of(2));
    a.stop();
  }

  @Test
  void attenuatedRefsRewriteOrRejectNewestCaveatFirst() {
    try (Probe p = new Probe(s, "probe")) {
      // Caveat 1 (older): wrap in <outer v>. Caveat 2 (newer): reject strings, else wrap <inner v>.
      Ref once = p.ref.attenuate(List.of(Symbol.of("c1")), v -> RecordValue.of("outer", v));
      Ref twice = once.attenuate(List.of(Symbol.of("c2")), v -> v instanceof StringValue ? null : RecordValue.of("inner", v));
      assertThat(twice.caveats()).containsExactly(Symbol.of("c1"), Symbol.of("c2"));
      Actor a = Actor.boot(s, "a", t -> {});
      long[] h = new long[1];
      p.runAndSettle(a, t -> {
        h[0] = t.publish(twice, StringValue.of("rejected"));
        t.publish(twice, SignedInteger.of(1));
        t.message(twice, StringValue.of("rejected too"));
        t.message(twice, SignedInteger.of(2));
      });
      p.runAndSettle(a, t -> t.retract(h[0]));
      assertThat(p.log()).containsExactly("+<outer <inner 1>>", "!<outer <inner 2>>");
      a.stop();
    }
  }

  @Test
  void defaultCaveatCompilerIsTheSturdyCaveatLanguage() {
    try (Probe p = new Probe(s, "probe")) {
      // <reject <rec secret [<_>]>>: drops <secret X>, passes everything else.
      Value reject = org.syndicate.preserves.text.TextReader.parse("<reject <rec secret [<_>]>>");
      Ref r = p.ref.attenuate(List.of(reject));
      assertThat(r.caveats()).containsExactly(reject);
      Ref viaSturdy = p.ref.attenuate(org.syndicate.sturdy.Attenuation.of(reject));
      assertThat(viaSturdy).isEqualTo(r);
      Actor a = Actor.boot(s, "a", t -> {});
      p.runAndSettle(a, t -> {
        t.message(r, RecordValue.of("secret", Symbol.of("x")));
        t.message(r, RecordValue.of("public", Symbol.of("y")));
        t.publish(viaSturdy, RecordValue.of("secret", Symbol.of("z")));
      });
      assertThat(p.log()).containsExactly("!<public y>");
      a.stop();
    }
  }
}
