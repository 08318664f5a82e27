package org.syndicate.server.transport;

import org.syndicate.actor.Ref;

/**
 * Starts the relay engine for one connection: the seam between the transports of this package
 * (Netty TCP, unix, WebSocket, stdio, Noise tunnels) and the transport-agnostic relay ({@code
 * org.syndicate.relay}; reference note syndicate-server.md §2.3–2.6, DESIGN.md "I/O").
 *
 * <p>The transport calls {@link #start} once per accepted connection, then feeds the bytes it
 * reads to the returned {@link RelaySession}; the relay writes whole packets back through the
 * {@link Wire}.
 */
@FunctionalInterface
public interface RelayStarter {
  /**
   * Starts a connection actor.
   *
   * @param name the connection's actor name, e.g. {@code <tcp "127.0.0.1:4711">}
   * @param initialRef the object exported at OID 0 (the gatekeeper for listeners, {@code $config}
   *     for {@code --inferior}, the bound target for Noise), or null to export nothing
   * @param wire where the relay writes packets
   * @return where the transport feeds input
   */
  RelaySession start(String name, Ref initialRef, Wire wire);
}
