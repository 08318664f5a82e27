package org.syndicate.server.gatekeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;

/**
 * A Noise bind description's detail, {@code NoiseServiceSpec} of noise.prs: {@code {service:
 * SELECTOR, key: PUBKEY, secretKey?: SECKEY, protocol?: "…", preSharedKeys?: [bytes …]}}
 * (reference note syndicate-server.md §4.6).
 *
 * @param service the service selector (any value; its canonical binary encoding is the prologue)
 * @param key the responder's static public key (32 bytes)
 * @param secretKey the responder's static secret key (32 bytes)
 * @param protocol the Noise protocol name, {@link #DEFAULT_PROTOCOL} when absent
 * @param preSharedKeys PSKs, used in order (all-zero keys when they run out)
 */
public record NoiseSpec(Value service, byte[] key, byte[] secretKey, String protocol, List<byte[]> preSharedKeys) {
  /** The default protocol name. */
  public static final String DEFAULT_PROTOCOL = "Noise_NK_25519_ChaChaPoly_BLAKE2s";

  private static final Pattern NAME =
      Pattern.compile(
          "Noise_(N|K|X|NN|NK|NX|XN|XK|XX|KN|KK|KX|IN|IK|IX)(psk[0-9](\\+psk[0-9])*)?_25519_ChaChaPoly_BLAKE2s");

  /**
   * Reads and checks a spec.
   *
   * @param detail the dictionary inside {@code <noise …>}
   * @return the spec
   * @throws IllegalArgumentException naming the bad key: not a dictionary, {@code service} missing,
   *     {@code key} not 32 bytes, {@code secretKey} missing or not 32 bytes, unsupported {@code
   *     protocol}, {@code preSharedKeys} not a sequence of 32-byte strings
   */
  public static NoiseSpec parse(Value detail) {
    if (!(detail instanceof Dictionary d)) throw new IllegalArgumentException("noise spec is not a dictionary");
    Value service = d.get("service");
    if (service == null) throw new IllegalArgumentException("noise spec: missing service");
    byte[] key = bytes32(d.get("key"), "key");
    Value sk = d.get("secretKey");
    if (sk == null) throw new IllegalArgumentException("noise spec: missing secretKey (needed to respond)");
    byte[] secretKey = bytes32(sk, "secretKey");
    String protocol = DEFAULT_PROTOCOL;
    Value p = d.get("protocol");
    if (p != null) {
      if (!(p instanceof StringValue s)) throw new IllegalArgumentException("noise spec: protocol is not a string");
      protocol = s.value();
    }
    if (!NAME.matcher(protocol).matches()) {
      throw new IllegalArgumentException("noise spec: unsupported protocol " + protocol);
    }
    List<byte[]> psks = new ArrayList<>();
    Value pv = d.get("preSharedKeys");
    if (pv != null) {
      if (!(pv instanceof Sequence seq)) throw new IllegalArgumentException("noise spec: preSharedKeys is not a sequence");
      for (Value v : seq.items()) psks.add(bytes32(v, "preSharedKeys item"));
    }
    return new NoiseSpec(service, key, secretKey, protocol, List.copyOf(psks));
  }

  private static byte[] bytes32(Value v, String what) {
    if (!(v instanceof ByteString b) || b.length() != 32) {
      throw new IllegalArgumentException("noise spec: " + what + " is not a 32-byte byte string");
    }
    return b.toByteArray();
  }

  /** @return the {@code <noise {service key [protocol] [preSharedKeys]}>} path step reported by {@code <bound …>}. */
  public Value pathStep() {
    Dictionary.Builder b = Dictionary.builder().put("service", service).put("key", ByteString.of(key));
    if (!protocol.equals(DEFAULT_PROTOCOL)) b.put("protocol", StringValue.of(protocol));
    if (!preSharedKeys.isEmpty()) {
      b.put("preSharedKeys", Sequence.of(preSharedKeys.stream().map(k -> (Value) ByteString.of(k)).toList()));
    }
    return RecordValue.of("noise", b.build());
  }
}
