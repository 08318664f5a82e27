package org.syndicate.sturdy;

import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.crypto.digests.Blake2sDigest;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter;

/**
 * The sturdy-ref signature function (reference note syndicate-server.md §4.1 "MAC algorithm";
 * {@code sturdy.prs} comment; syndicate-rs {@code sturdy.rs} {@code signature}):
 *
 * <pre>
 *   f(k, d) = HMAC-BLAKE2s-256(k, d)[0..16)       (RFC 2104, 64-byte block, keys of any length)
 *   e(v)    = canonical binary Preserves encoding of v, annotations removed
 *             ({@link BinaryWriter#canonical}; embedded payloads must be Values)
 *   sig     = f(…f(f(key, e(oid)), e(caveat₀))…, e(caveatₙ₋₁))
 * </pre>
 *
 * <p>BLAKE2s and HMAC come from BouncyCastle ({@code HMac(new Blake2sDigest(256))}).
 */
public final class SturdyMac {
  /** Length in bytes of a signature, and of a freshly generated key. */
  public static final int LENGTH = 16;

  private SturdyMac() {}

  /**
   * @param key the HMAC key, any length (the empty key is allowed)
   * @param data the data to authenticate
   * @return {@code f(key, data)}: the first {@link #LENGTH} bytes of HMAC-BLAKE2s-256
   */
  public static byte[] mac(byte[] key, byte[] data) {
    HMac h = new HMac(new Blake2sDigest(256));
    h.init(new KeyParameter(key));
    h.update(data, 0, data.length);
    byte[] out = new byte[h.getMacSize()];
    h.doFinal(out, 0);
    return Arrays.copyOf(out, LENGTH);
  }

  /**
   * @param key the secret key of the service
   * @param oid the sturdy ref's oid
   * @return {@code f(key, e(oid))}: the signature of an unattenuated sturdy ref
   * @throws org.syndicate.preserves.PreservesException when {@code oid} holds an embedded payload
   *     that is not a Value
   */
  public static byte[] sign(byte[] key, Value oid) {
    return mac(key, BinaryWriter.canonical(oid));
  }

  /**
   * Extends a signature chain by caveats (no secret key is needed).
   *
   * @param sig the signature so far
   * @param caveats caveat values, oldest first
   * @return {@code f(…f(sig, e(c₀))…, e(cₙ₋₁))}; {@code sig} itself (copied) when there are none
   * @throws org.syndicate.preserves.PreservesException when a caveat holds an embedded payload
   *     that is not a Value
   */
  public static byte[] chain(byte[] sig, Iterable<? extends Value> caveats) {
    byte[] cur = sig.clone();
    for (Value c : caveats) cur = mac(cur, BinaryWriter.canonical(c));
    return cur;
  }

  /** @return {@link #LENGTH} fresh random bytes from a {@link SecureRandom}, usable as a key. */
  public static byte[] newKey() {
    byte[] key = new byte[LENGTH];
    new SecureRandom().nextBytes(key);
    return key;
  }
}
