/**
 * The Syndicate wire-protocol relay (reference note syndicate-server.md §2): turns a byte stream
 * into turns of actors and back.
 *
 * <ul>
 *   <li>{@link org.syndicate.relay.Relay}: one connection (membranes, inbound and outbound
 *       handling, errors, flow control); transports plug in through {@link
 *       org.syndicate.relay.RelayTransport} and the {@code receive…} / {@code endOfInput} calls.
 *   <li>{@link org.syndicate.relay.RelayOptions}: limits and initial syntax.
 *   <li>{@link org.syndicate.relay.PacketReader}: framing and decoding (binary/text per packet,
 *       incremental, size and depth limits); {@link org.syndicate.relay.PacketWriter}: encoding.
 *   <li>{@link org.syndicate.relay.WirePacket} and {@link org.syndicate.relay.WireRef}: the
 *       packet and embedded-reference shapes of {@code protocol.prs} and {@code sturdy.prs}.
 *   <li>{@link org.syndicate.relay.RelayException} / {@link
 *       org.syndicate.relay.PeerErrorException}: why a connection ended.
 * </ul>
 */
package org.syndicate.relay;
