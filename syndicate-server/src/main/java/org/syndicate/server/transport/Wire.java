package org.syndicate.server.transport;

/**
 * The output side of one relay connection, implemented by each transport (the same contract as
 * {@code org.syndicate.relay.RelayTransport}; reference note syndicate-server.md §2.4, §2.6,
 * §2.9). Calls must not block: queue the bytes and return.
 */
public interface Wire {
  /**
   * Sends one whole encoded packet (binary, or UTF-8 text ending in a newline). Packet
   * transports send it as one frame.
   *
   * @param packet the bytes, owned by the transport from now on
   */
  void send(byte[] packet);

  /**
   * The relay has ended: close after the packets already sent. Called once.
   *
   * @param error null after a normal end, else the reason (an {@code <error …>} packet was sent
   *     first, best effort)
   */
  void close(Throwable error);

  /**
   * Flow control: stop ({@code true}) or resume ({@code false}) reading input while the
   * connection's actor is behind.
   *
   * @param paused whether to pause reading
   */
  default void setReadPaused(boolean paused) {}

  /**
   * Bytes accepted by {@link #send} and not yet written to the peer (Netty: the channel's pending
   * outbound bytes). The relay ends a connection whose peer lets more than its {@code
   * maxUnsentBytes} pile up ({@link RelayEngine#MAX_UNSENT_BYTES}). The default, 0, never does.
   *
   * @return the unsent byte count
   */
  default long unsentBytes() {
    return 0;
  }
}
