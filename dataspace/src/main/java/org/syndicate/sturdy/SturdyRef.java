package org.syndicate.sturdy;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;

/**
 * A sturdy reference (macaroon): {@code <ref {oid: any, sig: bytes, caveats: [Caveat …]}>}, the
 * {@code caveats} key being absent when there are none ({@code sturdy.prs} definitions {@code
 * SturdyRef}, {@code Parameters}, {@code CaveatsField}; reference note syndicate-server.md §4.1).
 *
 * <p>{@code sig} is {@code f(…f(f(key, e(oid)), e(c₀))…, e(cₙ₋₁))} (see {@link SturdyMac}). A
 * holder can {@linkplain #attenuate attenuate} a ref without the key; only the key's owner can
 * {@linkplain #validate validate} it.
 *
 * @param oid the service's object identifier, any value
 * @param caveats caveat values, oldest first (immutable; may be empty)
 * @param sig the signature, normally {@link SturdyMac#LENGTH} bytes
 */
public record SturdyRef(Value oid, List<Value> caveats, ByteString sig) {
  /** Copies the caveat list. */
  public SturdyRef {
    java.util.Objects.requireNonNull(oid, "oid");
    java.util.Objects.requireNonNull(sig, "sig");
    caveats = List.copyOf(caveats);
  }

  /**
   * Mints an unattenuated sturdy ref.
   *
   * @param oid the oid (annotations are not covered by the signature)
   * @param key the service's secret key, any length
   * @return {@code <ref {oid: oid, sig: f(key, e(oid))}>}
   * @throws PreservesException when {@code oid} holds an embedded payload that is not a Value
   */
  public static SturdyRef mint(Value oid, byte[] key) {
    return new SturdyRef(oid, List.of(), ByteString.wrap(SturdyMac.sign(key, oid)));
  }

  /**
   * Appends caveats and extends the signature chain (no key needed).
   *
   * @param more caveat values, oldest first
   * @return the attenuated ref
   * @throws CaveatException when one of {@code more} is invalid (its index is counted from the
   *     start of the whole chain)
   * @throws PreservesException when a caveat holds an embedded payload that is not a Value
   */
  public SturdyRef attenuate(List<? extends Value> more) {
    List<Value> all = new ArrayList<>(caveats.size() + more.size());
    all.addAll(caveats);
    all.addAll(more);
    for (int i = 0; i < more.size(); i++) Attenuation.compile(more.get(i), "caveat " + (caveats.size() + i));
    return new SturdyRef(oid, all, ByteString.wrap(SturdyMac.chain(sig.unsafeBytes(), more)));
  }

  /** As {@link #attenuate(List)}, caveats given one by one. */
  public SturdyRef attenuate(Value... more) {
    return attenuate(List.of(more));
  }

  /**
   * Reads a sturdy ref. Extra dictionary keys are ignored, as the schema allows.
   *
   * @param v the value {@code <ref {oid: …, sig: …, caveats?: …}>}
   * @return the ref (not yet validated)
   * @throws SturdyRefException {@link SturdyRefException.Reason#MALFORMED} (not a one-field
   *     {@code ref} record holding a dictionary, missing {@code oid}, {@code sig} missing or not
   *     bytes) or {@link SturdyRefException.Reason#BAD_CAVEATS_FIELD} ({@code caveats} not a
   *     sequence)
   */
  public static SturdyRef parse(Value v) {
    if (!v.isRecord("ref", 1)) {
      throw malformed("expected <ref {oid: …, sig: …}>, got " + brief(v));
    }
    if (!(((RecordValue) v).field(0) instanceof Dictionary d)) {
      throw malformed("<ref …>: the parameters are not a dictionary");
    }
    Value oid = d.get("oid");
    if (oid == null) throw malformed("<ref …>: missing key oid");
    Value sig = d.get("sig");
    if (sig == null) throw malformed("<ref …>: missing key sig");
    if (!(sig instanceof ByteString sigBytes)) throw malformed("<ref …>: sig is not a byte string");
    Value cs = d.get("caveats");
    List<Value> caveats;
    if (cs == null) {
      caveats = List.of();
    } else if (cs instanceof Sequence s) {
      caveats = s.items();
    } else {
      throw new SturdyRefException(
          SturdyRefException.Reason.BAD_CAVEATS_FIELD, "<ref …>: caveats is not a sequence", null);
    }
    return new SturdyRef(oid, caveats, sigBytes);
  }

  /**
   * @return {@code <ref {oid: …, sig: …}>}, with a {@code caveats} key only when there are caveats
   *     (as syndicate-rs mints them; an explicit {@code caveats: []} read by {@link #parse} is not
   *     written back, which changes no signature). Extra keys read by {@link #parse} are dropped.
   */
  public Value toValue() {
    Dictionary.Builder b = Dictionary.builder().put("oid", oid).put("sig", sig);
    if (!caveats.isEmpty()) b.put("caveats", Sequence.of(caveats));
    return RecordValue.of("ref", b.build());
  }

  /** @return the hex form used by the example programs: the canonical binary encoding of {@link #toValue()}. */
  public String toHex() {
    return HexFormat.of().formatHex(BinaryWriter.canonical(toValue()));
  }

  /**
   * Reads the hex form (as printed by the example programs): hex digits, whitespace ignored,
   * holding the binary encoding of a {@code <ref …>}.
   *
   * @param hex the hex text
   * @return the ref (not yet validated)
   * @throws SturdyRefException {@link SturdyRefException.Reason#MALFORMED} for bad hex (naming the
   *     offending character's index), undecodable bytes, or a value that is not a sturdy ref
   */
  public static SturdyRef fromHex(String hex) {
    byte[] bytes;
    try {
      bytes = Hex.parse(hex);
    } catch (IllegalArgumentException e) {
      throw malformed("bad hex sturdy ref: " + e.getMessage());
    }
    Value v;
    try {
      v = BinaryReader.decode(bytes);
    } catch (PreservesException e) {
      throw new SturdyRefException(SturdyRefException.Reason.MALFORMED, "bad binary sturdy ref: " + e.getMessage(), e);
    }
    return parse(v);
  }

  /**
   * Checks the signature in constant time (for a given signature length) with {@link
   * MessageDigest#isEqual}.
   *
   * @param key the service's secret key
   * @return true when {@code sig} is the chain over {@code oid} and every caveat, in order;
   *     false too when the oid or a caveat holds an embedded payload that is not a Value (it has
   *     no canonical encoding)
   */
  public boolean signatureMatches(byte[] key) {
    byte[] expected;
    try {
      expected = SturdyMac.chain(SturdyMac.sign(key, oid), caveats);
    } catch (PreservesException e) {
      return false; // an embedded host object in the oid or a caveat: never signed by anyone
    }
    return MessageDigest.isEqual(expected, sig.unsafeBytes());
  }

  /**
   * Validates this ref against the service's key and compiles its caveats (reference note §4.1
   * "Validation"). On success the bound target is to be attenuated by the result.
   *
   * @param key the service's secret key
   * @return the checked caveats
   * @throws SturdyRefException {@link SturdyRefException.Reason#BAD_SIGNATURE} or {@link
   *     SturdyRefException.Reason#INVALID_CAVEAT} (the cause is the {@link CaveatException})
   */
  public Attenuation validate(byte[] key) {
    if (!signatureMatches(key)) {
      throw new SturdyRefException(SturdyRefException.Reason.BAD_SIGNATURE, "sturdy ref signature does not match", null);
    }
    try {
      return Attenuation.of(caveats);
    } catch (CaveatException e) {
      throw new SturdyRefException(SturdyRefException.Reason.INVALID_CAVEAT, "sturdy ref " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return toValue().toString();
  }

  private static SturdyRefException malformed(String message) {
    return new SturdyRefException(SturdyRefException.Reason.MALFORMED, message, null);
  }

  private static String brief(Value v) {
    String s = v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
