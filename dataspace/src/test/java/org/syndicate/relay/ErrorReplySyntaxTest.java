package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.dataspace.Dataspace;

/**
 * A packet that fails to decode is answered with {@code <error …>} in the syntax of that packet
 * (reference note syndicate-server.md §2.6), whatever the syntax of the packets before it.
 */
class ErrorReplySyntaxTest {
  private Scheduler s;
  private Ref ds;

  @BeforeEach
  void setUp() {
    s = new Scheduler(2);
    CompletableFuture<Ref> r = new CompletableFuture<>();
    Actor.boot(s, "ds", t -> r.complete(Dataspace.create(t)));
    ds = r.join();
  }

  @AfterEach
  void tearDown() {
    s.close();
  }

  private CapturingTransport connect(Relay[] relay, boolean textOutput) {
    CapturingTransport out = new CapturingTransport();
    relay[0] = Relay.spawn(RelayOptions.defaults("raw-peer").withScheduler(s).withTextOutput(textOutput), ds, out);
    return out;
  }

  /** @return the last packet sent, after checking that the relay closed and that it is an error. */
  private static byte[] lastRaw(CapturingTransport out) {
    out.awaitClosed();
    byte[] last = out.raw().getLast();
    // decoded on its own (the capturing reader may take it for text after a text packet's newline)
    java.util.List<org.syndicate.preserves.Value> decoded = new java.util.ArrayList<>();
    new PacketReader(1 << 20, 64).feed(last, 0, last.length, d -> decoded.add(d.packet().toValue()));
    assertThat(decoded).hasSize(1);
    assertThat(decoded.getFirst().isRecord("error", 2)).as("last packet %s", decoded.getFirst()).isTrue();
    return last;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void malformedTextOnAFreshBinaryConnectionIsAnsweredInText() {
    Relay[] r = new Relay[1];
    CapturingTransport out = connect(r, false);
    r[0].receive(utf8("[[0 <A <Present }>]]\n"));
    String reply = new String(lastRaw(out), StandardCharsets.UTF_8);
    assertThat(reply).startsWith("<error \"Invalid packet").endsWith("\n");
  }

  @Test
  void malformedTextAfterBinaryPacketsIsAnsweredInText() {
    Relay[] r = new Relay[1];
    CapturingTransport out = connect(r, false);
    r[0].receive(PacketWriter.encode(WirePacket.parse(RelayPairTest.v("[[0 <S #:[0 1]>]]")), false));
    out.await(p -> p.size() == 1); // the sync answer, in binary
    assertThat(out.raw().getFirst()[0] & 0xff).isGreaterThanOrEqualTo(0x80);
    r[0].receive(utf8("[[0 <A {]>]]\n"));
    String reply = new String(lastRaw(out), StandardCharsets.UTF_8);
    assertThat(reply).startsWith("<error ").endsWith("\n");
  }

  @Test
  void malformedBinaryAfterTextPacketsIsAnsweredInBinary() {
    Relay[] r = new Relay[1];
    CapturingTransport out = connect(r, true);
    // no whitespace after it: leftover whitespace would make the next packet text (§2.6)
    r[0].receive(utf8("[[0 <S #:[0 1]>]]"));
    out.await(p -> p.size() == 1);
    assertThat(new String(out.raw().getFirst(), StandardCharsets.UTF_8)).startsWith("[");
    // a sequence holding a record with no label (0xb4 0x84): invalid binary
    r[0].receive(HexFormat.of().parseHex("b5b48484"));
    byte[] reply = lastRaw(out);
    assertThat(reply[0] & 0xff).isGreaterThanOrEqualTo(0x80);
  }
}
