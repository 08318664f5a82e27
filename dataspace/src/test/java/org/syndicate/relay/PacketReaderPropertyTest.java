package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * Seeded property: any sequence of packets, each in binary or text, cut into any chunks, reads
 * back as the same packets in order (the resumable scanner never cuts a packet wrong).
 */
class PacketReaderPropertyTest {
  private static final Logger LOG = LoggerFactory.getLogger(PacketReaderPropertyTest.class);
  private static final String NASTY = "]>}\"|\\#[<{ \n\t,@:é€😀x";

  private static String randomString(Random r) {
    StringBuilder sb = new StringBuilder();
    int n = r.nextInt(8);
    for (int i = 0; i < n; i++) {
      int k = r.nextInt(NASTY.length() - 1);
      if (Character.isHighSurrogate(NASTY.charAt(k))) sb.append(NASTY, k, k + 2);
      else if (!Character.isLowSurrogate(NASTY.charAt(k))) sb.append(NASTY.charAt(k));
    }
    return sb.toString();
  }

  private static Value randomValue(Random r, int depth) {
    int k = r.nextInt(depth > 4 ? 8 : 13);
    return switch (k) {
      case 0 -> BooleanValue.of(r.nextBoolean());
      case 1 -> SignedInteger.of(r.nextLong() >> r.nextInt(64));
      case 2 -> StringValue.of(randomString(r));
      case 3 -> Symbol.of(r.nextBoolean() ? "sym" + r.nextInt(100) : randomString(r));
      case 4 -> {
        byte[] b = new byte[r.nextInt(10)];
        r.nextBytes(b);
        if (r.nextBoolean()) for (int i = 0; i < b.length; i++) b[i] = (byte) (' ' + r.nextInt(95));
        yield ByteString.wrap(b);
      }
      case 5 -> DoubleValue.of(r.nextInt(3) == 0 ? Double.NaN : r.nextGaussian() * 1000);
      case 6 -> Embedded.of(r.nextBoolean() ? WireRef.mine(r.nextInt(50)) : WireRef.yours(r.nextInt(50)));
      case 7 -> SignedInteger.of(new java.math.BigInteger(100, r));
      case 8, 9 -> {
        List<Value> fields = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) fields.add(randomValue(r, depth + 1));
        yield RecordValue.of(randomValue(r, depth + 3), fields);
      }
      case 10 -> {
        List<Value> items = new ArrayList<>();
        for (int i = r.nextInt(4); i > 0; i--) items.add(randomValue(r, depth + 1));
        yield Sequence.of(items);
      }
      case 11 -> {
        java.util.Set<Value> items = new java.util.HashSet<>();
        for (int i = r.nextInt(4); i > 0; i--) items.add(randomValue(r, depth + 1));
        yield SetValue.of(items);
      }
      default -> {
        java.util.Map<Value, Value> m = new java.util.HashMap<>();
        for (int i = r.nextInt(4); i > 0; i--) m.put(randomValue(r, depth + 1), randomValue(r, depth + 1));
        yield Dictionary.of(m);
      }
    };
  }

  private static WirePacket randomPacket(Random r) {
    int k = r.nextInt(10);
    if (k == 0) return WirePacket.Nop.INSTANCE;
    if (k == 1) return new WirePacket.Error(randomString(r), randomValue(r, 3));
    if (k == 2) return new WirePacket.Extension(Symbol.of("ext" + r.nextInt(5)), List.of(randomValue(r, 2)));
    List<WirePacket.TurnEvent> events = new ArrayList<>();
    for (int i = r.nextInt(4); i >= 0; i--) {
      SignedInteger oid = SignedInteger.of(r.nextInt(100));
      SignedInteger h = SignedInteger.of(r.nextInt(1000));
      WirePacket.Event e =
          switch (r.nextInt(4)) {
            case 0 -> new WirePacket.Assert(randomValue(r, 0), h);
            case 1 -> new WirePacket.Retract(h);
            case 2 -> new WirePacket.Message(randomValue(r, 0));
            default -> new WirePacket.Sync(Embedded.of(WireRef.mine(r.nextInt(9))));
          };
      events.add(new WirePacket.TurnEvent(oid, e));
    }
    return new WirePacket.Turn(events);
  }

  @Test
  void anyPacketsInAnySyntaxInAnyChunksReadBackInOrder() {
    long seed = new Random().nextLong();
    LOG.info("seed {}", seed);
    Random r = new Random(seed);
    for (int round = 0; round < 300; round++) {
      List<WirePacket> packets = new ArrayList<>();
      List<Boolean> texts = new ArrayList<>();
      ByteArrayOutputStream stream = new ByteArrayOutputStream();
      boolean mustBeText = false;
      int n = 1 + r.nextInt(6);
      for (int i = 0; i < n; i++) {
        WirePacket p = randomPacket(r);
        boolean text = mustBeText || r.nextBoolean();
        byte[] b = PacketWriter.encode(p, text);
        if (text && !(p instanceof WirePacket.Nop) && r.nextBoolean()) {
          b = java.util.Arrays.copyOf(b, b.length - 1); // no newline: the next may be binary
          mustBeText = false;
        } else {
          mustBeText = text;
        }
        stream.writeBytes(b);
        packets.add(p);
        texts.add(text);
      }
      if (mustBeText || texts.getLast()) stream.writeBytes("\n".getBytes(StandardCharsets.UTF_8));
      byte[] all = stream.toByteArray();
      PacketReader reader = new PacketReader(1 << 20, 512);
      List<PacketReader.Decoded> got = new ArrayList<>();
      int i = 0;
      while (i < all.length) {
        int len = 1 + r.nextInt(Math.min(all.length - i, r.nextBoolean() ? 3 : 64));
        reader.feed(all, i, len, got::add);
        i += len;
      }
      assertThat(got.stream().map(PacketReader.Decoded::packet).toList())
          .as("seed %d round %d: %s", seed, round, new String(all, StandardCharsets.ISO_8859_1))
          .isEqualTo(packets);
      assertThat(got.stream().map(PacketReader.Decoded::text).toList()).isEqualTo(texts);
    }
  }

  private static List<WirePacket> readText(String s) {
    List<WirePacket> out = new ArrayList<>();
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    PacketReader reader = new PacketReader(1 << 20, 64);
    for (int i = 0; i < b.length; i++) reader.feed(b, i, 1, d -> out.add(d.packet())); // byte by byte
    return out;
  }

  @Test
  void textCommentsAnnotationsAndOddTokensAreFramedCorrectly() {
    assertThat(readText("# a comment with ] and >\n[[1 <M \"]\">]]\n@ann [[2 <M |a]b|>]]\n#f\n"))
        .hasSize(3)
        .last()
        .isEqualTo(WirePacket.Nop.INSTANCE);
    assertThat(readText("[[1 <M #[YWJj]>] [1 <M #x\"5d5d\">] [1 <M #xd\"3ff0000000000000\">] [1 <M #{1 2}>]]\n"))
        .hasSize(1);
    assertThat(readText("[[1 <M [1, 2, 3]>]][[2 <M \"\\\"]\">]]<x>#f ")).hasSize(4);
  }

  @Test
  void errorsNameWhatWentWrong() {
    assertThatThrownBy(() -> readText("[[1 <M 1>]]]"))
        .isInstanceOf(RelayException.class)
        .hasMessageStartingWith("Invalid packet");
    assertThatThrownBy(() -> readText("[" + "[".repeat(70)))
        .isInstanceOf(RelayException.class)
        .hasMessage("Invalid packet: nesting deeper than the limit of 64");
    PacketReader small = new PacketReader(100, 64);
    byte[] big = ("[[1 <M \"" + "y".repeat(200) + "\">]]").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> small.feed(big, 0, big.length, d -> {}))
        .isInstanceOf(RelayException.class)
        .hasMessage("Invalid packet: longer than the limit of 100 bytes");
    assertThatThrownBy(() -> readText("[[1 <M #:[0 -1]>]]"))
        .isInstanceOf(RelayException.class)
        .hasMessageStartingWith("Invalid embedded reference");
  }

  @Test
  void whitespaceBetweenTextPacketsDoesNotPileUp() {
    PacketReader reader = new PacketReader(1000, 64);
    byte[] spaces = " \n".repeat(5000).getBytes(StandardCharsets.UTF_8);
    reader.feed(spaces, 0, spaces.length, d -> {});
    assertThat(reader.buffered()).isZero();
    List<WirePacket> got = new ArrayList<>();
    byte[] p = "[]".getBytes(StandardCharsets.UTF_8);
    reader.feed(p, 0, p.length, d -> got.add(d.packet()));
    assertThat(got).containsExactly(new WirePacket.Turn(List.of()));
  }
}
