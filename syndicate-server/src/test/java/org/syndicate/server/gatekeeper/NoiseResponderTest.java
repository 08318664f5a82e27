package org.syndicate.server.gatekeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.Probe.await;

import com.southernstorm.noise.protocol.CipherStatePair;
import com.southernstorm.noise.protocol.DHState;
import com.southernstorm.noise.protocol.HandshakeState;
import com.southernstorm.noise.protocol.Noise;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Ref;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.server.Probe;
import org.syndicate.server.Probe.Recorder;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelaySession;
import org.syndicate.server.transport.RelayStarter;
import org.syndicate.server.transport.Wire;

/**
 * Noise responder sessions (reference note §4.6, §10 #42) with noise-java playing the initiator
 * and a stand-in relay that echoes each decrypted frame (the PyPI {@code noiseprotocol} initiator
 * is exercised end to end in the test module).
 */
class NoiseResponderTest {
  Server.Refs refs;
  Probe probe;
  byte[] pub = new byte[32];
  byte[] sec = new byte[32];
  final List<byte[]> frames = new CopyOnWriteArrayList<>();
  final List<Ref> initialRefs = new CopyOnWriteArrayList<>();
  Ref target;

  final RelayStarter echo =
      (name, initial, wire) -> {
        initialRefs.add(initial);
        return new RelaySession() {
          @Override
          public void streamInput(byte[] d, int o, int l) {}

          @Override
          public void frameInput(byte[] d, int o, int l) {
            byte[] c = java.util.Arrays.copyOfRange(d, o, o + l);
            frames.add(c);
            wire.send(c);
          }

          @Override
          public void inputClosed(Throwable e) {}
        };
      };

  @BeforeEach
  void start() throws Exception {
    refs = Server.start(ServerOptions.none(), echo).refs().get(30, TimeUnit.SECONDS);
    probe = new Probe("noise-test");
    DHState dh = Noise.createDH("25519");
    dh.generateKeyPair();
    dh.getPublicKey(pub, 0);
    dh.getPrivateKey(sec, 0);
    target = probe.recorder(new Recorder());
    Value spec =
        Dictionary.builder()
            .put("service", StringValue.of("demo"))
            .put("key", ByteString.of(pub))
            .put("secretKey", ByteString.of(sec))
            .build();
    probe.run(
        t ->
            t.publish(
                refs.config(),
                RecordValue.of("bind", RecordValue.of("noise", spec), Embedded.of(target), BooleanValue.FALSE)));
  }

  Ref resolveSession() {
    Recorder answers = new Recorder();
    Ref o = probe.recorder(answers);
    probe.run(
        t ->
            t.publish(
                refs.gatekeeper(),
                RecordValue.of("resolve", RecordValue.of("noise", StringValue.of("demo")), Embedded.of(o))));
    await("ok", () -> !answers.live.isEmpty());
    Value ok = answers.liveValues().get(0);
    assertThat(ok.isRecord("ok", 1)).isTrue();
    return (Ref) ((Embedded) ((RecordValue) ok).field(0)).payload();
  }

  @Test
  void nkHandshakeThenEncryptedFramesReachTheRelayAndComeBack() throws Exception {
    Ref session = resolveSession();
    Recorder c = new Recorder();
    Ref cRef = probe.recorder(c);
    HandshakeState hs = new HandshakeState(NoiseSpec.DEFAULT_PROTOCOL, HandshakeState.INITIATOR);
    hs.getRemotePublicKey().setPublicKey(pub, 0);
    byte[] prologue = BinaryWriter.canonical(StringValue.of("demo"));
    hs.setPrologue(prologue, 0, prologue.length);
    hs.start();
    byte[] m1 = new byte[128];
    int n1 = hs.writeMessage(m1, 0, null, 0, 0);
    assertThat(n1).isEqualTo(48);
    probe.run(
        t -> {
          t.publish(session, RecordValue.of("initiator", Embedded.of(cRef)));
          t.message(session, ByteString.of(m1, 0, n1));
        });
    await("handshake reply", () -> c.messages.size() == 1);
    byte[] m2 = ((ByteString) c.messages.get(0)).toByteArray();
    assertThat(m2).hasSize(48);
    hs.readMessage(m2, 0, m2.length, new byte[64], 0);
    assertThat(hs.getAction()).isEqualTo(HandshakeState.SPLIT);
    CipherStatePair pair = hs.split();
    byte[] plain = "two packets or more".getBytes(StandardCharsets.UTF_8);
    byte[] ct = new byte[plain.length + 16];
    int n = pair.getSender().encryptWithAd(null, plain, 0, ct, 0, plain.length);
    probe.run(t -> t.message(session, ByteString.of(ct, 0, n)));
    await("frame", () -> frames.size() == 1);
    assertThat(frames.get(0)).isEqualTo(plain);
    assertThat(initialRefs).containsExactly(target);
    await("echo", () -> c.messages.size() == 2);
    byte[] back = ((ByteString) c.messages.get(1)).toByteArray();
    byte[] dec = new byte[back.length];
    int dn = pair.getReceiver().decryptWithAd(null, back, 0, dec, 0, back.length);
    assertThat(java.util.Arrays.copyOf(dec, dn)).isEqualTo(plain);

    // a 150 000-byte frame: fragmented both ways, each piece encrypted alone
    byte[] big = new byte[150_000];
    new java.util.Random(42).nextBytes(big);
    List<Value> pieces = new java.util.ArrayList<>();
    for (int off = 0; off < big.length; off += NoiseResponder.MAX_CHUNK) {
      int len = Math.min(NoiseResponder.MAX_CHUNK, big.length - off);
      byte[] sealed = new byte[len + 16];
      int cn = pair.getSender().encryptWithAd(null, big, off, sealed, 0, len);
      pieces.add(ByteString.of(sealed, 0, cn));
    }
    probe.run(t -> t.message(session, org.syndicate.preserves.Sequence.of(pieces)));
    await("big frame", () -> frames.size() == 2);
    assertThat(frames.get(1)).isEqualTo(big);
    await("big echo", () -> c.messages.size() == 3);
    assertThat(c.messages.get(2)).isInstanceOf(org.syndicate.preserves.Sequence.class);
    java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
    for (Value piece : ((org.syndicate.preserves.Sequence) c.messages.get(2)).items()) {
      byte[] pb = ((ByteString) piece).toByteArray();
      byte[] pd = new byte[pb.length];
      int pn = pair.getReceiver().decryptWithAd(null, pb, 0, pd, 0, pb.length);
      assertThat(pn).isLessThanOrEqualTo(NoiseResponder.MAX_CHUNK);
      whole.write(pd, 0, pn);
    }
    assertThat(whole.toByteArray()).isEqualTo(big);
  }

  @Test
  void badHandshakeKillsOnlyThatSession() throws Exception {
    Ref session = resolveSession();
    Recorder c = new Recorder();
    Ref cRef = probe.recorder(c);
    probe.run(
        t -> {
          t.publish(session, RecordValue.of("initiator", Embedded.of(cRef)));
          t.message(session, ByteString.of(new byte[47]));
        });
    Thread.sleep(100);
    assertThat(c.messages).isEmpty();
    assertThat(refs.actor().isAlive()).isTrue();
    // a wrong responder key: the session ends, the server goes on (B26 in the interop notes)
    Ref s2 = resolveSession();
    HandshakeState hs = new HandshakeState(NoiseSpec.DEFAULT_PROTOCOL, HandshakeState.INITIATOR);
    byte[] wrong = pub.clone();
    wrong[0] ^= 1;
    hs.getRemotePublicKey().setPublicKey(wrong, 0);
    hs.start();
    byte[] m1 = new byte[128];
    int n1 = hs.writeMessage(m1, 0, null, 0, 0);
    Recorder c2 = new Recorder();
    Ref c2Ref = probe.recorder(c2);
    probe.run(
        t -> {
          t.publish(s2, RecordValue.of("initiator", Embedded.of(c2Ref)));
          t.message(s2, ByteString.of(m1, 0, n1));
        });
    Thread.sleep(100);
    assertThat(c2.messages).isEmpty();
    assertThat(refs.actor().isAlive()).isTrue();
    // and a fresh session still works
    Ref s3 = resolveSession();
    assertThat(s3).isNotNull();
  }

  @Test
  void bindObserverGetsTheNoisePathStep() {
    Recorder obs = new Recorder();
    Ref o = probe.recorder(obs);
    Value spec =
        Dictionary.builder()
            .put("service", StringValue.of("other"))
            .put("key", ByteString.of(pub))
            .put("secretKey", ByteString.of(sec))
            .build();
    probe.run(t -> t.publish(refs.config(), RecordValue.of("bind", RecordValue.of("noise", spec), Embedded.of(target), Embedded.of(o))));
    await("bound", () -> !obs.live.isEmpty());
    assertThat(obs.liveValues().get(0))
        .isEqualTo(
            RecordValue.of(
                "bound",
                RecordValue.of(
                    "noise",
                    Dictionary.builder().put("service", StringValue.of("other")).put("key", ByteString.of(pub)).build())));
    Recorder obs2 = new Recorder();
    Ref o2 = probe.recorder(obs2);
    probe.run(
        t ->
            t.publish(
                refs.config(),
                RecordValue.of(
                    "bind",
                    RecordValue.of("noise", Dictionary.builder().put("service", StringValue.of("x")).build()),
                    Embedded.of(target),
                    Embedded.of(o2))));
    await("error", () -> Probe.any(obs2.liveValues(), v -> v.isRecord("error", 1)));
  }
}
