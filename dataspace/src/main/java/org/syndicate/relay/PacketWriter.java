package org.syndicate.relay;

import java.nio.charset.StandardCharsets;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.text.TextWriter;

/**
 * Encodes whole packets as they go on the wire (reference note syndicate-server.md §2.4, §2.6):
 * canonical binary Preserves, or compact text followed by {@code '\n'} (one packet per line;
 * compact text never contains a line break). {@link Relay} builds its Turn packets event by event
 * with the same writers, which gives the same bytes.
 */
public final class PacketWriter {
  private PacketWriter() {}

  /**
   * @param packet the packet
   * @param text true for text syntax
   * @return its encoding; embedded payloads must be {@link WireRef}s or Values
   */
  public static byte[] encode(WirePacket packet, boolean text) {
    return encode(packet.toValue(), text, WireRef.CODEC);
  }

  /**
   * @param packet a packet value
   * @param text true for text syntax
   * @param codec maps embedded payloads to their wire form
   * @return its encoding
   */
  public static byte[] encode(Value packet, boolean text, EmbeddedCodec codec) {
    if (text) {
      return (TextWriter.toText(packet, new TextWriter.Options(false, 0, codec)) + "\n").getBytes(StandardCharsets.UTF_8);
    }
    return BinaryWriter.encode(packet, BinaryWriter.Mode.CANONICAL, codec);
  }
}
