package org.syndicate.sturdy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.syndicate.sturdy.V.*;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Value;

/** Signature vectors of reference note syndicate-server.md §4.1, and refusals of forged refs. */
class SturdyMacTest {
  static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

  static byte[] b64(String s) {
    return Base64.getDecoder().decode(s);
  }

  @Test
  void macOfRawBytesMatchesThePythonCheckedVector() {
    // e("syndicate") = b1 09 "syndicate"
    byte[] data = HexFormat.of().parseHex("b10973796e646963617465");
    assertThat(HexFormat.of().formatHex(SturdyMac.mac(new byte[0], data)))
        .isEqualTo("69ca300c1dbfa08fba692102dd82311a");
  }

  @Test
  void keysOfABlockOrLongerFollowRfc2104() {
    // values computed with Python's hmac + hashlib.blake2s (64-byte block: longer keys are hashed)
    byte[] a100 = "a".repeat(100).getBytes(StandardCharsets.UTF_8);
    byte[] k64 = "k".repeat(64).getBytes(StandardCharsets.UTF_8);
    assertThat(SturdyRef.mint(str("syndicate"), a100).sig().toHex()).isEqualTo("b47183732305f607db365656a3d117eb");
    assertThat(SturdyRef.mint(str("syndicate"), k64).sig().toHex()).isEqualTo("86ca1ce85987f6c428f5b1ac5f8b5b22");
  }

  @Test
  void emptyKeyStringOid() {
    SturdyRef r = SturdyRef.mint(str("syndicate"), new byte[0]);
    assertThat(r.sig()).isEqualTo(bytes("69ca300c1dbfa08fba692102dd82311a"));
    assertThat(r.caveats()).isEmpty();
    assertThat(r.toHex())
        .isEqualTo("b4b303726566b7b3036f6964b10973796e646963617465b303736967b21069ca300c1dbfa08fba692102dd82311a8484");
    assertThat(r.signatureMatches(new byte[0])).isTrue();
    assertThat(r.validate(new byte[0]).isEmpty()).isTrue();
  }

  @Test
  void hexFormRoundTrips() {
    String hex = "b4b303726566b7b3036f6964b10973796e646963617465b303736967b21069ca300c1dbfa08fba692102dd82311a8484";
    SturdyRef r = SturdyRef.fromHex(hex.toUpperCase() + "\n");
    assertThat(r).isEqualTo(SturdyRef.mint(str("syndicate"), new byte[0]));
    assertThat(r.signatureMatches(new byte[0])).isTrue();
    assertThatThrownBy(() -> SturdyRef.fromHex("b4zz")).isInstanceOf(SturdyRefException.class).hasMessageContaining("index 2");
    assertThatThrownBy(() -> SturdyRef.fromHex("b4b")).isInstanceOf(SturdyRefException.class).hasMessageContaining("odd");
    assertThatThrownBy(() -> SturdyRef.fromHex("b4b3")).isInstanceOf(SturdyRefException.class).hasMessageContaining("binary");
  }

  @Test
  void helloKeySymbolOid() {
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO);
    assertThat(r.sig().toByteArray()).isEqualTo(b64("JTTGQeYCgohMXW/2S2XH8g=="));
    assertThat(r.sig().toHex()).isEqualTo("2534c641e60282884c5d6ff64b65c7f2");
  }

  @Test
  void attenuatedVectors() {
    SturdyRef base = SturdyRef.mint(sym("a-service"), HELLO);
    SturdyRef alice = base.attenuate(labelled("alice"));
    SturdyRef bob = base.attenuate(labelled("bob"));
    assertThat(alice.sig().toByteArray()).isEqualTo(b64("CXn7+rAoO3Xr6Y6Laap3OA=="));
    assertThat(bob.sig().toByteArray()).isEqualTo(b64("/75BbF77LOiqNcvpzNHf0g=="));
    assertThat(alice.validate(HELLO).size()).isEqualTo(1);
    assertThat(bob.signatureMatches(HELLO)).isTrue();
    // the attenuated ref can be minted caveat by caveat or all at once
    assertThat(base.attenuate(labelled("a")).attenuate(labelled("b")))
        .isEqualTo(base.attenuate(List.of(labelled("a"), labelled("b"))));
  }

  @Test
  void roundTripsThroughItsValue() {
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO).attenuate(labelled("alice"), reject(discard()));
    assertThat(SturdyRef.parse(r.toValue())).isEqualTo(r);
    assertThat(SturdyRef.parse(r.toValue()).validate(HELLO).size()).isEqualTo(2);
    Value plain = SturdyRef.mint(sym("x"), HELLO).toValue();
    assertThat(plain.toString()).doesNotContain("caveats");
  }

  @Test
  void wrongKeyIsRefused() {
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO);
    assertThat(r.signatureMatches("hellO".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThatThrownBy(() -> r.validate(new byte[0]))
        .isInstanceOfSatisfying(SturdyRefException.class, e -> assertThat(e.reason()).isEqualTo(SturdyRefException.Reason.BAD_SIGNATURE));
  }

  @Test
  void wrongSigIsRefused() {
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO);
    byte[] sig = r.sig().toByteArray();
    for (int i = 0; i < sig.length; i++) {
      byte[] bad = sig.clone();
      bad[i] ^= 1;
      assertThat(new SturdyRef(r.oid(), r.caveats(), ByteString.of(bad)).signatureMatches(HELLO)).as("bit flipped in byte %d", i).isFalse();
    }
    // truncated, extended, empty
    assertThat(new SturdyRef(r.oid(), List.of(), ByteString.of(sig, 0, 15)).signatureMatches(HELLO)).isFalse();
    assertThat(new SturdyRef(r.oid(), List.of(), ByteString.of(java.util.Arrays.copyOf(sig, 17))).signatureMatches(HELLO)).isFalse();
    assertThat(new SturdyRef(r.oid(), List.of(), ByteString.of(new byte[0])).signatureMatches(HELLO)).isFalse();
  }

  @Test
  void changedOidIsRefused() {
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO);
    assertThat(new SturdyRef(str("a-service"), List.of(), r.sig()).signatureMatches(HELLO)).isFalse();
    assertThat(new SturdyRef(sym("b-service"), List.of(), r.sig()).signatureMatches(HELLO)).isFalse();
  }

  @Test
  void droppedOrReorderedCaveatIsRefused() {
    Value c1 = labelled("alice");
    Value c2 = reject(pRec(sym("secret"), discard()));
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO).attenuate(c1, c2);
    assertThat(r.signatureMatches(HELLO)).isTrue();
    assertThat(new SturdyRef(r.oid(), List.of(c1), r.sig()).signatureMatches(HELLO)).isFalse();
    assertThat(new SturdyRef(r.oid(), List.of(c2), r.sig()).signatureMatches(HELLO)).isFalse();
    assertThat(new SturdyRef(r.oid(), List.of(), r.sig()).signatureMatches(HELLO)).isFalse();
    assertThat(new SturdyRef(r.oid(), List.of(c2, c1), r.sig()).signatureMatches(HELLO)).isFalse();
    // the intermediate signature with a caveat dropped is refused as well
    SturdyRef one = SturdyRef.mint(sym("a-service"), HELLO).attenuate(c1);
    assertThat(new SturdyRef(r.oid(), List.of(c1, c2), one.sig()).signatureMatches(HELLO)).isFalse();
  }

  @Test
  void appendedCaveatWithForgedSigIsRefused() {
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO).attenuate(labelled("alice"));
    Value extra = rewrite(bind(discard()), ref(0));
    // keeping the old sig, or signing the extra caveat from the unattenuated sig, or from a guess
    assertThat(new SturdyRef(r.oid(), List.of(labelled("alice"), extra), r.sig()).signatureMatches(HELLO)).isFalse();
    byte[] fromBase = SturdyMac.chain(SturdyMac.sign(HELLO, r.oid()), List.of(extra));
    assertThat(new SturdyRef(r.oid(), List.of(labelled("alice"), extra), ByteString.of(fromBase)).signatureMatches(HELLO)).isFalse();
    // replacing the caveat (removing the restriction) with a sig made by a wrong key
    byte[] forged = SturdyMac.chain(SturdyMac.sign("guess".getBytes(StandardCharsets.UTF_8), r.oid()), List.of(extra));
    assertThat(new SturdyRef(r.oid(), List.of(extra), ByteString.of(forged)).signatureMatches(HELLO)).isFalse();
    // whereas an honest holder's attenuation validates
    assertThat(r.attenuate(extra).signatureMatches(HELLO)).isTrue();
  }

  @Test
  void malformedRefsAreRefusedWithAReason() {
    assertReason(sym("ref"), SturdyRefException.Reason.MALFORMED);
    assertReason(rec("ref"), SturdyRefException.Reason.MALFORMED);
    assertReason(rec("ref", dict(sym("oid"), sym("x"))), SturdyRefException.Reason.MALFORMED);
    assertReason(rec("ref", dict(sym("oid"), sym("x"), sym("sig"), str("nope"))), SturdyRefException.Reason.MALFORMED);
    assertReason(rec("ref", dict(sym("sig"), bytes("00"))), SturdyRefException.Reason.MALFORMED);
    assertReason(rec("ref", seq()), SturdyRefException.Reason.MALFORMED);
    assertReason(
        rec("ref", dict(sym("oid"), sym("x"), sym("sig"), bytes("00"), sym("caveats"), sym("frob"))),
        SturdyRefException.Reason.BAD_CAVEATS_FIELD);
    // extra keys are allowed by the schema
    SturdyRef ok = SturdyRef.parse(rec("ref", dict(sym("oid"), sym("x"), sym("sig"), bytes("00"), sym("extra"), num(1))));
    assertThat(ok.oid()).isEqualTo(sym("x"));
  }

  @Test
  void invalidCaveatWithAGoodSigIsRefusedAsInvalidCaveat() {
    Value unbound = rewrite(discard(), ref(3));
    SturdyRef base = SturdyRef.mint(sym("a-service"), HELLO);
    assertThatThrownBy(() -> base.attenuate(unbound)).isInstanceOf(CaveatException.class).hasMessageContaining("caveat 0");
    byte[] sig = SturdyMac.chain(base.sig().toByteArray(), List.of(unbound));
    SturdyRef r = new SturdyRef(base.oid(), List.of(unbound), ByteString.of(sig));
    assertThat(r.signatureMatches(HELLO)).isTrue();
    assertThatThrownBy(() -> r.validate(HELLO))
        .isInstanceOfSatisfying(SturdyRefException.class, e -> assertThat(e.reason()).isEqualTo(SturdyRefException.Reason.INVALID_CAVEAT));
  }

  @Test
  void annotationsAreNotSigned() {
    Value annotated = sym("a-service").annotate(str("a comment"));
    assertThat(SturdyRef.mint(annotated, HELLO).sig()).isEqualTo(SturdyRef.mint(sym("a-service"), HELLO).sig());
  }

  @Test
  void hostObjectsInsideAreRefusedNotCrashed() {
    SturdyRef r = SturdyRef.mint(sym("a-service"), HELLO);
    Value withHostRef = reject(lit(org.syndicate.preserves.Embedded.of(new Object())));
    assertThat(new SturdyRef(r.oid(), List.of(withHostRef), r.sig()).signatureMatches(HELLO)).isFalse();
    assertThatThrownBy(() -> r.attenuate(withHostRef)).isInstanceOf(org.syndicate.preserves.PreservesException.class);
    // an embedded *value* (as read from text, #:x) has an encoding and may be signed
    Value withValue = reject(lit(org.syndicate.preserves.Embedded.of(sym("x"))));
    assertThat(r.attenuate(withValue).signatureMatches(HELLO)).isTrue();
  }

  private static void assertReason(Value v, SturdyRefException.Reason reason) {
    assertThatThrownBy(() -> SturdyRef.parse(v))
        .isInstanceOfSatisfying(SturdyRefException.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}
