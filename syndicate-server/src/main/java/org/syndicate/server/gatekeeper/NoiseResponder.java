package org.syndicate.server.gatekeeper;

import com.southernstorm.noise.protocol.CipherState;
import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.HandshakeState;
import java.io.ByteArrayOutputStream;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.server.transport.RelaySession;
import org.syndicate.server.transport.RelayStarter;
import org.syndicate.server.transport.Wire;

/**
 * The responder side of one Noise session (noise.prs; reference note syndicate-server.md §4.6):
 * waits for {@code <initiator #:C>}, runs the handshake on {@code Packet} messages from C, then
 * decrypts each transport packet and feeds it, as one frame, to a relay whose OID 0 is the bound
 * target; the relay's packets go back to C encrypted, a packet longer than 65519 bytes as one
 * {@code fragmented} Packet of separately encrypted 65519-byte pieces.
 *
 * <p>Any protocol violation (a second initiator, a packet before the initiator, a fragmented or
 * wrongly sized handshake packet, a decryption failure) stops only this session's facet (fixes
 * the reference's B26: a wrong key never stops the server).
 */
public final class NoiseResponder implements Entity {
  private static final Logger LOG = LoggerFactory.getLogger(NoiseResponder.class);
  /** Largest plaintext per transport message: 65535 minus the 16-byte tag. */
  public static final int MAX_CHUNK = 65519;

  private final NoiseSpec spec;
  private final Ref target;
  private final RelayStarter relays;
  private Facet facet;
  private Ref initiator;
  private HandshakeState handshake;
  private CipherState sender;
  private CipherState receiver;
  private RelaySession relay;
  private boolean ended;

  private NoiseResponder(NoiseSpec spec, Ref target, RelayStarter relays) {
    this.spec = spec;
    this.target = target;
    this.relays = relays;
  }

  /**
   * Creates a responder session in the current facet (which owns it: stopping the facet ends the
   * session and its relay).
   *
   * @param t the running turn
   * @param spec the validated bind spec
   * @param target the bound object, exported at OID 0 inside the tunnel
   * @param relays starts the inner relay
   * @return the session ref to hand to the initiator in {@code <ok #:session>}
   */
  public static Ref create(Turn t, NoiseSpec spec, Ref target, RelayStarter relays) {
    NoiseResponder r = new NoiseResponder(spec, target, relays);
    r.facet = t.currentFacet();
    t.onStop(st -> r.endRelay());
    return t.ref(r);
  }

  @Override
  public void onAssert(Turn t, Value v, long handle) {
    if (!v.isRecord("initiator", 1)
        || !(((RecordValue) v).field(0) instanceof Embedded e)
        || !(e.payload() instanceof Ref c)) {
      fail(t, "expected <initiator #:ref>, got " + brief(v));
      return;
    }
    if (initiator != null) {
      fail(t, "a second <initiator …>");
      return;
    }
    initiator = c;
    try {
      handshake = new HandshakeState(spec.protocol(), HandshakeState.RESPONDER);
      handshake.getLocalKeyPair().setPrivateKey(spec.secretKey(), 0);
      if (handshake.needsRemotePublicKey()) {
        fail(t, "protocol " + spec.protocol() + " needs the initiator's static key, which a bind cannot give");
        return;
      }
      byte[] prologue = BinaryWriter.canonical(spec.service());
      handshake.setPrologue(prologue, 0, prologue.length);
      byte[] zero = new byte[32];
      List<byte[]> psks = new ArrayList<>(spec.preSharedKeys());
      if (handshake.needsPreSharedKey()) {
        byte[] psk = psks.isEmpty() ? zero : psks.get(0);
        handshake.setPreSharedKey(psk, 0, psk.length);
      }
      handshake.start();
      step(t);
    } catch (GeneralSecurityException | RuntimeException ex) {
      fail(t, "handshake setup failed: " + ex);
    }
  }

  @Override
  public void onMessage(Turn t, Value body) {
    if (ended) return;
    if (initiator == null) {
      fail(t, "a packet before <initiator …>");
      return;
    }
    try {
      if (handshake != null) {
        if (!(body instanceof ByteString b)) {
          fail(t, "handshake packets must be complete (one byte string)");
          return;
        }
        if (handshake.getAction() != HandshakeState.READ_MESSAGE) {
          fail(t, "unexpected handshake packet");
          return;
        }
        byte[] in = b.toByteArray();
        byte[] payload = new byte[in.length];
        int n = handshake.readMessage(in, 0, in.length, payload, 0);
        if (n != 0) {
          fail(t, "handshake packets carry no payload");
          return;
        }
        step(t);
        return;
      }
      ByteArrayOutputStream plain = new ByteArrayOutputStream();
      switch (body) {
        case ByteString b -> decrypt(b, plain);
        case Sequence s -> {
          for (Value part : s.items()) {
            if (!(part instanceof ByteString b)) {
              fail(t, "fragmented packet holds a non-bytes item");
              return;
            }
            decrypt(b, plain);
          }
        }
        default -> {
          fail(t, "expected a noise Packet, got " + brief(body));
          return;
        }
      }
      byte[] p = plain.toByteArray();
      relay.frameInput(p, 0, p.length);
    } catch (GeneralSecurityException | RuntimeException ex) {
      fail(t, "noise packet rejected: " + ex.getMessage());
    }
  }

  private void decrypt(ByteString b, ByteArrayOutputStream out) throws GeneralSecurityException {
    byte[] in = b.toByteArray();
    if (in.length < receiver.getMACLength()) throw new GeneralSecurityException("packet shorter than its tag");
    byte[] p = new byte[in.length];
    int n = receiver.decryptWithAd(null, in, 0, p, 0, in.length);
    out.write(p, 0, n);
  }

  /** Runs the handshake's writes until it needs input or is complete. */
  private void step(Turn t) throws GeneralSecurityException {
    while (true) {
      switch (handshake.getAction()) {
        case HandshakeState.WRITE_MESSAGE -> {
          byte[] out = new byte[256];
          int n = handshake.writeMessage(out, 0, null, 0, 0);
          t.message(initiator, ByteString.of(out, 0, n));
        }
        case HandshakeState.SPLIT -> {
          CipherStatePair pair = handshake.split();
          sender = pair.getSender();
          receiver = pair.getReceiver();
          handshake.destroy();
          handshake = null;
          startRelay();
          return;
        }
        case HandshakeState.READ_MESSAGE -> {
          return;
        }
        default -> throw new GeneralSecurityException("handshake failed");
      }
    }
  }

  private void startRelay() {
    Wire wire =
        new Wire() {
          @Override
          public void send(byte[] packet) {
            facet.execute(t -> sendEncrypted(t, packet));
          }

          @Override
          public void close(Throwable error) {
            facet.execute(t -> t.stop(facet));
          }
        };
    relay = relays.start("noise " + spec.service(), target, wire);
  }

  private void sendEncrypted(Turn t, byte[] packet) {
    if (ended || sender == null) return;
    try {
      List<Value> pieces = new ArrayList<>();
      int off = 0;
      do {
        int len = Math.min(MAX_CHUNK, packet.length - off);
        byte[] c = new byte[len + sender.getMACLength()];
        int n = sender.encryptWithAd(null, packet, off, c, 0, len);
        pieces.add(ByteString.of(c, 0, n));
        off += len;
      } while (off < packet.length);
      // noise.prs Packet: @complete bytes / @fragmented [bytes ...] (each piece encrypted alone)
      t.message(initiator, pieces.size() == 1 ? pieces.get(0) : Sequence.of(pieces));
    } catch (GeneralSecurityException ex) {
      fail(t, "encryption failed: " + ex);
    }
  }

  private void fail(Turn t, String why) {
    LOG.info("noise session for {} ended: {}", spec.service(), why);
    endRelay();
    t.stop(facet);
  }

  private void endRelay() {
    if (ended) return;
    ended = true;
    if (relay != null) relay.inputClosed(null);
    if (handshake != null) handshake.destroy();
  }

  private static String brief(Value v) {
    String s = v.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
