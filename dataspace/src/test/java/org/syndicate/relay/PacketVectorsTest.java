package org.syndicate.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.text.TextReader;

/** The protocol packet vectors, byte for byte, through the relay's reader and writer. */
class PacketVectorsTest {
  private static List<PacketReader.Decoded> read(byte[] bytes) {
    List<PacketReader.Decoded> out = new ArrayList<>();
    new PacketReader(1 << 20, 512).feedFrame(bytes, 0, bytes.length, out::add);
    return out;
  }

  @Test
  void allTenVectorsAreFound() {
    assertThat(Vectors.load()).hasSize(10);
  }

  @Test
  void binaryDecodesToTheTextFormAndReencodesToTheSameBytes() {
    for (Vectors.Case c : Vectors.load()) {
      if (c.title().startsWith("1.")) continue; // a sturdy ref, not a packet (checked below)
      List<PacketReader.Decoded> fromBinary = read(c.bytes());
      assertThat(fromBinary).as(c.title()).hasSize(1);
      assertThat(fromBinary.get(0).text()).isFalse();
      assertThat(fromBinary.get(0).bytes()).isEqualTo(c.bytes().length);
      List<PacketReader.Decoded> fromText = read((c.text() + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(fromText).as(c.title()).hasSize(1);
      assertThat(fromText.get(0).text()).isTrue();
      WirePacket p = fromBinary.get(0).packet();
      assertThat(fromText.get(0).packet()).as(c.title()).isEqualTo(p);
      assertThat(PacketWriter.encode(p, false)).as(c.title()).isEqualTo(c.bytes());
      // text output reads back as the same packet, on one line
      byte[] text = PacketWriter.encode(p, true);
      String s = new String(text, StandardCharsets.UTF_8);
      assertThat(s).endsWith("\n").doesNotContain("\r");
      assertThat(s.indexOf('\n')).isEqualTo(s.length() - 1);
      assertThat(read(text).get(0).packet()).isEqualTo(p);
    }
  }

  @Test
  void packetKindsAreAsTheVectorsSay() {
    List<Vectors.Case> cs = Vectors.load();
    assertThat(read(cs.get(1).bytes()).get(0).packet()).isInstanceOf(WirePacket.Turn.class);
    WirePacket.Turn sync = (WirePacket.Turn) read(cs.get(6).bytes()).get(0).packet();
    assertThat(sync.events().get(0).event()).isInstanceOf(WirePacket.Sync.class);
    WirePacket.Sync s = (WirePacket.Sync) sync.events().get(0).event();
    assertThat(((WireRef) s.peer().payload()).isMine()).isTrue();
    assertThat(((WireRef) s.peer().payload()).oid()).isEqualTo(3);
    WirePacket.Turn att = (WirePacket.Turn) read(cs.get(7).bytes()).get(0).packet();
    WirePacket.Assert a = (WirePacket.Assert) att.events().get(0).event();
    WireRef w = (WireRef) ((org.syndicate.preserves.Embedded)
        ((org.syndicate.preserves.RecordValue) a.assertion()).field(0)).payload();
    assertThat(w.isMine()).isFalse();
    assertThat(w.oid()).isEqualTo(9);
    assertThat(w.attenuation().size()).isEqualTo(1);
    assertThat(read(cs.get(8).bytes()).get(0).packet())
        .isEqualTo(new WirePacket.Error("Assertion with duplicate handle", org.syndicate.preserves.SignedInteger.of(5)));
    assertThat(read(cs.get(9).bytes()).get(0).packet()).isEqualTo(WirePacket.Nop.INSTANCE);
    // vector 1 is a sturdy ref: a record, so as a packet it is an Extension
    assertThat(read(cs.get(0).bytes()).get(0).packet()).isInstanceOf(WirePacket.Extension.class);
    assertThat(TextReader.parse(cs.get(0).text())).isEqualTo(
        org.syndicate.preserves.binary.BinaryReader.decode(cs.get(0).bytes()));
  }

  @Test
  void allVectorsBackToBackInOneStreamInAnyChunking() {
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    List<WirePacket> expected = new ArrayList<>();
    for (Vectors.Case c : Vectors.load()) {
      all.writeBytes(c.bytes());
      expected.add(read(c.bytes()).get(0).packet());
    }
    byte[] stream = all.toByteArray();
    for (int chunk = 1; chunk <= stream.length; chunk = chunk * 2 + 1) {
      PacketReader r = new PacketReader(1 << 20, 512);
      List<WirePacket> got = new ArrayList<>();
      for (int i = 0; i < stream.length; i += chunk) {
        r.feed(stream, i, Math.min(chunk, stream.length - i), d -> got.add(d.packet()));
      }
      assertThat(got).as("chunk size %d", chunk).isEqualTo(expected);
      assertThat(r.buffered()).isZero();
    }
  }
}
