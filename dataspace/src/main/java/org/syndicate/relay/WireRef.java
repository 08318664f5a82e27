package org.syndicate.relay;

import java.util.List;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;
import org.syndicate.sturdy.Attenuation;
import org.syndicate.sturdy.CaveatException;

/**
 * The wire form of an embedded reference, {@code sturdy.prs WireRef = @mine [0 @oid Oid] / @yours
 * [1 @oid Oid @attenuation Caveat ...]} (reference note syndicate-server.md §2.5), as decoded from
 * a packet before the membrane turns it into a {@code Ref}.
 *
 * <p>{@code mine} names the <i>sender's</i> exported object; {@code yours} names the
 * <i>receiver's</i> own exported object, optionally with caveats, which are checked when the
 * packet is decoded. Equality and order are those of the wire value, so packets holding wire refs
 * in sets and dictionary keys decode as the peer meant.
 */
public final class WireRef implements Comparable<WireRef> {
  private final Value wire;
  private final boolean mine;
  private final long oid;
  private final List<Value> caveats;
  private final Attenuation attenuation;

  private WireRef(Value wire, boolean mine, long oid, List<Value> caveats, Attenuation attenuation) {
    this.wire = wire;
    this.mine = mine;
    this.oid = oid;
    this.caveats = caveats;
    this.attenuation = attenuation;
  }

  /**
   * @param oid the sender's object number
   * @return {@code [0 oid]}
   */
  public static WireRef mine(long oid) {
    return new WireRef(Sequence.of(SignedInteger.of(0), SignedInteger.of(oid)), true, oid, List.of(), Attenuation.NONE);
  }

  /**
   * @param oid the receiver's object number
   * @return {@code [1 oid]}
   */
  public static WireRef yours(long oid) {
    return new WireRef(Sequence.of(SignedInteger.of(1), SignedInteger.of(oid)), false, oid, List.of(), Attenuation.NONE);
  }

  /**
   * Parses and checks a wire ref.
   *
   * @param wire the value after {@code 0x86} / {@code #:}
   * @return the wire ref
   * @throws RelayException "Invalid embedded reference: …" when the shape is wrong or the OID does
   *     not fit in 63 bits; "Invalid capability attenuation: …" when a caveat is invalid (§10 row
   *     39)
   */
  public static WireRef parse(Value wire) {
    Value w = wire.strip();
    if (!(w instanceof Sequence s) || s.size() < 2
        || !(s.get(0) instanceof SignedInteger tag) || !(s.get(1) instanceof SignedInteger n)) {
      throw new RelayException("Invalid embedded reference: expected [0 oid] or [1 oid caveat ...], got " + shorten(w));
    }
    if (!n.fitsLong() || n.signum() < 0) {
      throw new RelayException("Invalid embedded reference: OID out of range: " + shorten(n));
    }
    if (tag.fitsInt() && tag.intValue() == 0 && s.size() == 2) {
      return new WireRef(w, true, n.longValue(), List.of(), Attenuation.NONE);
    }
    if (tag.fitsInt() && tag.intValue() == 1) {
      List<Value> caveats = s.items().subList(2, s.size());
      Attenuation att;
      try {
        att = Attenuation.of(caveats);
      } catch (CaveatException e) {
        throw new RelayException("Invalid capability attenuation: " + e.getMessage(), e);
      }
      return new WireRef(w, false, n.longValue(), List.copyOf(caveats), att);
    }
    throw new RelayException("Invalid embedded reference: expected [0 oid] or [1 oid caveat ...], got " + shorten(w));
  }

  private static String shorten(Value v) {
    String s = v.toString();
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }

  /** @return true for {@code [0 oid]} (the sender's object), false for {@code [1 oid …]}. */
  public boolean isMine() {
    return mine;
  }

  /** @return the object number. */
  public long oid() {
    return oid;
  }

  /** @return the caveats of a {@code yours} ref, oldest first (empty for {@code mine}). */
  public List<Value> caveats() {
    return caveats;
  }

  /** @return the checked caveats (empty for {@code mine}). */
  public Attenuation attenuation() {
    return attenuation;
  }

  /** @return the wire value, {@code [0 oid]} or {@code [1 oid caveats…]}. */
  public Value wire() {
    return wire;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof WireRef r && r.wire.equals(wire));
  }

  @Override
  public int hashCode() {
    return wire.hashCode();
  }

  @Override
  public int compareTo(WireRef o) {
    return wire.compareTo(o.wire);
  }

  @Override
  public String toString() {
    return "#:" + wire;
  }

  /**
   * The codec used when decoding packets: wire values become {@link WireRef} payloads (pure: no
   * table is touched, so a decode can be retried or abandoned), and {@link WireRef} payloads are
   * written back as their wire values.
   */
  public static final EmbeddedCodec CODEC =
      new EmbeddedCodec() {
        @Override
        public Value encode(Object payload) {
          if (payload instanceof WireRef r) return r.wire;
          if (payload instanceof Value v) return v;
          throw new PreservesException("cannot encode embedded payload of " + payload.getClass().getName());
        }

        @Override
        public Object decode(Value wire) {
          return parse(wire);
        }
      };
}
