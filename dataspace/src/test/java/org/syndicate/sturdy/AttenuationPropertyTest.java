package org.syndicate.sturdy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.sturdy.V.*;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Kind;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Property tests over seeded random values and random caveat chains: the compiled {@link
 * Attenuation} agrees with a deliberately naive interpreter of the caveat <em>values</em>
 * written here (so a caveat that rejects a value always stops it), composition holds, and the
 * signature chain of a random attenuated sturdy ref refuses dropped and reordered caveats.
 *
 * <p>The seed is printed and appears in every failure message; rerun one with {@code
 * -Dsturdy.seed=N}.
 */
class AttenuationPropertyTest {
  static final long SEED = Long.getLong("sturdy.seed", System.nanoTime());
  static final int RUNS = 3000;

  static {
    System.out.println("AttenuationPropertyTest seed: " + SEED + " (rerun with -Dsturdy.seed=" + SEED + ")");
  }

  // ------------------------------------------------------------------------------------------
  // The oracle: a direct reading of reference note §4.2, over Values, sharing no code with the
  // implementation (TestRef aside, which only stands for an embedded ref).
  // ------------------------------------------------------------------------------------------

  /** Result of the oracle: passed on as {@code value}, or rejected. */
  record Outcome(boolean rejected, Value value) {
    static final Outcome REJECTED = new Outcome(true, null);
  }

  static Outcome oracleChain(List<Value> chain, Value v) {
    Value cur = v;
    for (int i = chain.size() - 1; i >= 0; i--) {
      Outcome o = oracleCaveat(chain.get(i), cur);
      if (o.rejected()) return Outcome.REJECTED;
      cur = o.value();
    }
    return new Outcome(false, cur);
  }

  static Outcome oracleCaveat(Value c, Value v) {
    if (c.isRecord("rewrite", 2)) {
      RecordValue r = (RecordValue) c;
      if (!wellFormedPattern(r.field(0)) || !wellFormedTemplate(r.field(1))) return Outcome.REJECTED; // unknown
      List<Value> b = new ArrayList<>();
      if (!oracleMatch(r.field(0), v, b)) return Outcome.REJECTED;
      Value out = oracleInstantiate(r.field(1), b);
      return out == null ? Outcome.REJECTED : new Outcome(false, out);
    }
    if (c.isRecord("reject", 1)) {
      Value p = ((RecordValue) c).field(0);
      if (!wellFormedPattern(p)) return Outcome.REJECTED;
      return oracleMatch(p, v, new ArrayList<>()) ? Outcome.REJECTED : new Outcome(false, v);
    }
    if (c.isRecord("or", 1) && ((RecordValue) c).field(0) instanceof Sequence alts) {
      for (Value a : alts.items()) {
        if (!a.isRecord("rewrite", 2)) return Outcome.REJECTED;
        RecordValue r = (RecordValue) a;
        if (!wellFormedPattern(r.field(0)) || !wellFormedTemplate(r.field(1))) return Outcome.REJECTED;
      }
      for (Value a : alts.items()) {
        RecordValue r = (RecordValue) a;
        List<Value> b = new ArrayList<>();
        if (oracleMatch(r.field(0), v, b)) {
          Value out = oracleInstantiate(r.field(1), b);
          return out == null ? Outcome.REJECTED : new Outcome(false, out);
        }
      }
      return Outcome.REJECTED;
    }
    return Outcome.REJECTED; // an unknown caveat
  }

  static final List<String> KINDS = List.of("Boolean", "Double", "SignedInteger", "String", "ByteString", "Symbol");

  static boolean wellFormedPattern(Value p) {
    if (p instanceof Symbol s) return KINDS.contains(s.name()) || s.name().equals("Embedded");
    if (p.isRecord("_", 0) || p.isRecord("lit", 1)) return true;
    if (p.isRecord("bind", 1) || p.isRecord("not", 1)) return wellFormedPattern(((RecordValue) p).field(0));
    if (p.isRecord("and", 1) || p.isRecord("arr", 1)) {
      return ((RecordValue) p).field(0) instanceof Sequence s && s.items().stream().allMatch(AttenuationPropertyTest::wellFormedPattern);
    }
    if (p.isRecord("rec", 2)) {
      return ((RecordValue) p).field(1) instanceof Sequence s && s.items().stream().allMatch(AttenuationPropertyTest::wellFormedPattern);
    }
    if (p.isRecord("dict", 1)) {
      return ((RecordValue) p).field(0) instanceof Dictionary d && d.values().stream().allMatch(AttenuationPropertyTest::wellFormedPattern);
    }
    return false;
  }

  static boolean wellFormedTemplate(Value t) {
    if (t.isRecord("lit", 1)) return true;
    if (t.isRecord("ref", 1)) return ((RecordValue) t).field(0) instanceof SignedInteger;
    if (t.isRecord("attenuate", 2)) {
      return wellFormedTemplate(((RecordValue) t).field(0)) && ((RecordValue) t).field(1) instanceof Sequence;
    }
    if (t.isRecord("arr", 1)) {
      return ((RecordValue) t).field(0) instanceof Sequence s && s.items().stream().allMatch(AttenuationPropertyTest::wellFormedTemplate);
    }
    if (t.isRecord("rec", 2)) {
      return ((RecordValue) t).field(1) instanceof Sequence s && s.items().stream().allMatch(AttenuationPropertyTest::wellFormedTemplate);
    }
    if (t.isRecord("dict", 1)) {
      return ((RecordValue) t).field(0) instanceof Dictionary d && d.values().stream().allMatch(AttenuationPropertyTest::wellFormedTemplate);
    }
    return false;
  }

  static boolean oracleMatch(Value p, Value v, List<Value> b) {
    if (p instanceof Symbol s) {
      if (s.name().equals("Embedded")) return v instanceof Embedded;
      return switch (s.name()) {
        case "Boolean" -> v instanceof BooleanValue;
        case "Double" -> v instanceof DoubleValue;
        case "SignedInteger" -> v instanceof SignedInteger;
        case "String" -> v instanceof org.syndicate.preserves.StringValue;
        case "ByteString" -> v instanceof ByteString;
        default -> v instanceof Symbol;
      };
    }
    RecordValue r = (RecordValue) p;
    String label = ((Symbol) r.label()).name();
    switch (label) {
      case "_":
        return true;
      case "lit":
        return r.field(0).equals(v);
      case "bind":
        b.add(v);
        return oracleMatch(r.field(0), v, b);
      case "not":
        return !oracleMatch(r.field(0), v, new ArrayList<>());
      case "and":
        for (Value q : ((Sequence) r.field(0)).items()) if (!oracleMatch(q, v, b)) return false;
        return true;
      case "arr": {
        List<Value> qs = ((Sequence) r.field(0)).items();
        if (!(v instanceof Sequence s) || s.size() != qs.size()) return false;
        for (int i = 0; i < qs.size(); i++) if (!oracleMatch(qs.get(i), s.get(i), b)) return false;
        return true;
      }
      case "rec": {
        List<Value> qs = ((Sequence) r.field(1)).items();
        if (!(v instanceof RecordValue vr) || !vr.label().equals(r.field(0)) || vr.arity() != qs.size()) return false;
        for (int i = 0; i < qs.size(); i++) if (!oracleMatch(qs.get(i), vr.field(i), b)) return false;
        return true;
      }
      default: { // dict
        Dictionary qs = (Dictionary) r.field(0);
        if (!(v instanceof Dictionary d)) return false;
        for (Value k : qs.keys()) {
          if (!d.containsKey(k) || !oracleMatch(qs.get(k), d.get(k), b)) return false;
        }
        return true;
      }
    }
  }

  static Value oracleInstantiate(Value t, List<Value> b) {
    RecordValue r = (RecordValue) t;
    switch (((Symbol) r.label()).name()) {
      case "lit":
        return r.field(0);
      case "ref":
        return b.get(((SignedInteger) r.field(0)).intValue());
      case "attenuate": {
        Value inner = oracleInstantiate(r.field(0), b);
        if (!(inner instanceof Embedded e) || !(e.payload() instanceof CaveatTest.TestRef ref)) return null;
        List<Value> all = new ArrayList<>(ref.attenuation().caveatValues());
        all.addAll(((Sequence) r.field(1)).items());
        return Embedded.of(new CaveatTest.TestRef(ref.name(), Attenuation.of(all)));
      }
      case "arr": {
        List<Value> out = new ArrayList<>();
        for (Value x : ((Sequence) r.field(0)).items()) {
          Value y = oracleInstantiate(x, b);
          if (y == null) return null;
          out.add(y);
        }
        return Sequence.of(out);
      }
      case "rec": {
        List<Value> out = new ArrayList<>();
        for (Value x : ((Sequence) r.field(1)).items()) {
          Value y = oracleInstantiate(x, b);
          if (y == null) return null;
          out.add(y);
        }
        return RecordValue.of(r.field(0), out);
      }
      default: {
        Dictionary d = (Dictionary) r.field(0);
        Dictionary.Builder out = Dictionary.builder();
        for (Value k : d.keys()) {
          Value y = oracleInstantiate(d.get(k), b);
          if (y == null) return null;
          out.put(k, y);
        }
        return out.build();
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Generators
  // ------------------------------------------------------------------------------------------

  static final class Gen {
    final SplittableRandom rnd;
    /** False for sturdy-ref material, which is pure data (embedded host refs cannot be signed). */
    boolean allowEmbedded = true;

    Gen(long seed) {
      rnd = new SplittableRandom(seed);
    }

    boolean chance(int percent) {
      return rnd.nextInt(100) < percent;
    }

    <T> T pick(List<T> xs) {
      return xs.get(rnd.nextInt(xs.size()));
    }

    /** Values from a small universe, so that patterns built from other values often match. */
    Value value(int depth) {
      int n = depth <= 0 ? 7 : 11;
      return switch (rnd.nextInt(n)) {
        case 0 -> BooleanValue.of(rnd.nextBoolean());
        case 1 -> DoubleValue.of(rnd.nextInt(3) / 2.0);
        case 2 -> num(rnd.nextInt(4));
        case 3 -> str(pick(List.of("a", "b", "")));
        case 4 -> ByteString.of(new byte[] {(byte) rnd.nextInt(2)});
        case 5 -> sym(pick(List.of("x", "y", "secret")));
        case 6 -> !allowEmbedded ? sym("no-embedded") : Embedded.of(new CaveatTest.TestRef(pick(List.of("r1", "r2")), Attenuation.NONE));
        case 7 -> {
          List<Value> fs = new ArrayList<>();
          for (int i = rnd.nextInt(3); i > 0; i--) fs.add(value(depth - 1));
          yield RecordValue.of(sym(pick(List.of("p", "q", "secret"))), fs);
        }
        case 8 -> {
          List<Value> xs = new ArrayList<>();
          for (int i = rnd.nextInt(3); i > 0; i--) xs.add(value(depth - 1));
          yield Sequence.of(xs);
        }
        case 9 -> {
          Dictionary.Builder d = Dictionary.builder();
          for (int i = rnd.nextInt(3); i > 0; i--) d.put(sym(pick(List.of("k", "l", "m"))), value(depth - 1));
          yield d.build();
        }
        default -> org.syndicate.preserves.SetValue.of(value(depth - 1));
      };
    }

    /** A pattern shaped after {@code like} (so it often matches it), with binds where allowed. */
    Value pattern(Value like, int depth, boolean allowBind) {
      int choice = rnd.nextInt(depth <= 0 ? 5 : 10);
      switch (choice) {
        case 0:
          return discard();
        case 1:
          return like.kind() == Kind.EMBEDDED ? sym("Embedded")
              : like.kind().isAtom() ? sym(KINDS.get(like.kind().ordinal())) : sym(pick(KINDS));
        case 2:
          return lit(chance(70) ? like : value(1));
        case 3:
          return sym(chance(15) ? "Embedded" : pick(KINDS));
        case 4:
          return allowBind ? bind(depth <= 0 ? discard() : pattern(like, depth - 1, true)) : discard();
        case 5:
          return not(pattern(chance(50) ? like : value(1), depth - 1, false));
        case 6: {
          List<Value> ps = new ArrayList<>();
          for (int i = rnd.nextInt(3); i > 0; i--) ps.add(pattern(like, depth - 1, allowBind));
          return and(ps.toArray(Value[]::new));
        }
        default:
          return compoundPattern(like, depth, allowBind);
      }
    }

    Value compoundPattern(Value like, int depth, boolean allowBind) {
      switch (like) {
        case RecordValue r -> {
          List<Value> fs = new ArrayList<>();
          for (Value f : r.fields()) fs.add(pattern(f, depth - 1, allowBind));
          if (chance(10)) fs.add(discard()); // wrong arity
          return RecordValue.of(sym("rec"), chance(90) ? r.label() : sym("p"), Sequence.of(fs));
        }
        case Sequence s -> {
          List<Value> xs = new ArrayList<>();
          for (Value x : s.items()) xs.add(pattern(x, depth - 1, allowBind));
          if (chance(10) && !xs.isEmpty()) xs.removeLast();
          return rec("arr", Sequence.of(xs));
        }
        case Dictionary d -> {
          Dictionary.Builder b = Dictionary.builder();
          for (int i = 0; i < d.size(); i++) if (chance(70)) b.put(d.keys().get(i), pattern(d.values().get(i), depth - 1, allowBind));
          if (chance(10)) b.put(sym("zz"), discard()); // a key that is never present
          return rec("dict", b.build());
        }
        default -> {
          return chance(50) ? lit(like) : compoundPattern(value(1), depth, allowBind);
        }
      }
    }

    /** A template using only bindings below {@code bound}. */
    Value template(int bound, int depth) {
      int choice = rnd.nextInt(depth <= 0 ? 2 : 6);
      switch (choice) {
        case 0:
          return bound > 0 ? ref(rnd.nextInt(bound)) : lit(value(1));
        case 1:
          return lit(value(1));
        case 2:
          return bound > 0 && chance(60) ? attenuate(ref(rnd.nextInt(bound)), caveat(depth - 1))
              : attenuate(lit(value(0)));
        case 3: {
          List<Value> xs = new ArrayList<>();
          for (int i = rnd.nextInt(3); i > 0; i--) xs.add(template(bound, depth - 1));
          return pArr(xs.toArray(Value[]::new));
        }
        case 4: {
          List<Value> xs = new ArrayList<>();
          for (int i = rnd.nextInt(3); i > 0; i--) xs.add(template(bound, depth - 1));
          return RecordValue.of(sym("rec"), sym(pick(List.of("p", "wrapped"))), Sequence.of(xs));
        }
        default: {
          Dictionary.Builder b = Dictionary.builder();
          for (int i = rnd.nextInt(3); i > 0; i--) b.put(sym(pick(List.of("k", "l"))), template(bound, depth - 1));
          return rec("dict", b.build());
        }
      }
    }

    Value rewriteCaveat(int depth) {
      Value p = pattern(value(2), depth, true);
      int bound = CaveatPattern.parse(p, 100).bindingCount();
      return rewrite(p, template(bound, depth));
    }

    Value caveat(int depth) {
      int choice = rnd.nextInt(10);
      if (choice < 4) return rewriteCaveat(depth);
      if (choice < 7) return reject(pattern(value(2), depth, chance(20)));
      if (choice < 9) {
        List<Value> alts = new ArrayList<>();
        for (int i = rnd.nextInt(4); i > 0; i--) alts.add(rewriteCaveat(depth));
        return or(alts.toArray(Value[]::new));
      }
      return pick(List.of(sym("frob"), rec("frob", num(1)), rec("rewrite", rec("foo"), ref(0)), rec("or", sym("x"))));
    }

    List<Value> chain() {
      List<Value> cs = new ArrayList<>();
      for (int i = rnd.nextInt(4); i > 0; i--) cs.add(caveat(3));
      return cs;
    }
  }

  // ------------------------------------------------------------------------------------------
  // Properties
  // ------------------------------------------------------------------------------------------

  @Test
  void attenuationAgreesWithTheOracleAndNeverPassesARejectedValue() {
    Gen g = new Gen(SEED);
    int passed = 0, rejected = 0;
    for (int run = 0; run < RUNS; run++) {
      List<Value> chain = g.chain();
      Attenuation a = Attenuation.of(chain);
      for (int k = 0; k < 5; k++) {
        Value v = g.value(3);
        String where = "seed " + SEED + ", run " + run + ": chain " + chain + " on " + v;
        Value got = a.apply(v);
        // step by step, newest first: once a caveat rejects, nothing may come out
        Value cur = v;
        boolean someCaveatRejects = false;
        for (int i = chain.size() - 1; i >= 0; i--) {
          Outcome o = oracleCaveat(chain.get(i), cur);
          if (o.rejected()) {
            someCaveatRejects = true;
            break;
          }
          cur = o.value();
        }
        if (someCaveatRejects) {
          assertThat(got).as(where).isNull();
          rejected++;
        } else {
          assertThat(got).as(where).isNotNull().isEqualTo(cur);
          passed++;
        }
        assertThat(oracleChain(chain, v).rejected()).isEqualTo(someCaveatRejects);
      }
    }
    System.out.println("AttenuationPropertyTest: " + passed + " passed through, " + rejected + " rejected");
    // the generators must exercise both outcomes substantially, or the property says little
    assertThat(passed).as("seed " + SEED).isGreaterThan(RUNS / 10);
    assertThat(rejected).as("seed " + SEED).isGreaterThan(RUNS / 10);
  }

  @Test
  void compositionIsSequentialApplication() {
    Gen g = new Gen(SEED ^ 0x5DEECE66DL);
    for (int run = 0; run < RUNS; run++) {
      List<Value> older = g.chain();
      List<Value> newer = g.chain();
      List<Value> all = new ArrayList<>(older);
      all.addAll(newer);
      Attenuation composed = Attenuation.of(older).then(Attenuation.of(newer));
      assertThat(composed).isEqualTo(Attenuation.of(all));
      Value v = g.value(3);
      Value step = Attenuation.of(newer).apply(v);
      Value expected = step == null ? null : Attenuation.of(older).apply(step);
      assertThat(composed.apply(v)).as("seed %d run %d", SEED, run).isEqualTo(expected);
      assertThat(Attenuation.of(all).apply(v)).as("seed %d run %d", SEED, run).isEqualTo(expected);
    }
  }

  @Test
  void randomAttenuatedRefsValidateAndRefuseTampering() {
    Gen g = new Gen(SEED ^ 0x2545F4914F6CDD1DL);
    g.allowEmbedded = false;
    for (int run = 0; run < 300; run++) {
      byte[] key = new byte[g.rnd.nextInt(40)];
      for (int i = 0; i < key.length; i++) key[i] = (byte) g.rnd.nextInt(256);
      Value oid = g.value(2);
      List<Value> chain = new ArrayList<>();
      for (int i = 1 + g.rnd.nextInt(3); i > 0; i--) chain.add(g.caveat(2));
      SturdyRef ref = SturdyRef.mint(oid, key).attenuate(chain);
      String where = "seed " + SEED + " run " + run + ": " + ref;
      assertThat(ref.validate(key).caveatValues()).as(where).isEqualTo(chain);
      assertThat(SturdyRef.parse(ref.toValue()).signatureMatches(key)).as(where).isTrue();
      for (int drop = 0; drop < chain.size(); drop++) {
        List<Value> fewer = new ArrayList<>(chain);
        fewer.remove(drop);
        assertThat(new SturdyRef(oid, fewer, ref.sig()).signatureMatches(key)).as(where).isFalse();
      }
      for (int i = 0; i + 1 < chain.size(); i++) {
        if (chain.get(i).equals(chain.get(i + 1))) continue;
        List<Value> swapped = new ArrayList<>(chain);
        swapped.set(i, chain.get(i + 1));
        swapped.set(i + 1, chain.get(i));
        assertThat(new SturdyRef(oid, swapped, ref.sig()).signatureMatches(key)).as(where).isFalse();
      }
      List<Value> more = new ArrayList<>(chain);
      more.add(g.caveat(1));
      assertThat(new SturdyRef(oid, more, ref.sig()).signatureMatches(key)).as(where).isFalse();
    }
  }
}
