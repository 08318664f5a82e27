package org.syndicate.relay;

/**
 * The byte-stream side of a {@link Relay}, implemented by each transport (TCP, unix socket,
 * stdio, daemon pipes, WebSocket, Noise; reference note syndicate-server.md §2.6).
 *
 * <p>{@link #send}, {@link #close} and {@link #unsentBytes} are called from the connection actor's
 * thread, never concurrently; {@link #setReadPaused} from the thread feeding {@link Relay#receive}
 * or from whichever actor's thread repaid the connection's account below its credit (one call at a
 * time, under the relay's input lock). None may block: queue the bytes (Netty {@code
 * writeAndFlush}) and return.
 */
public interface RelayTransport {
  /**
   * Sends one whole encoded packet: binary Preserves, or UTF-8 text followed by {@code '\n'}. A
   * packet-oriented transport (WebSocket, Noise) sends it as one frame.
   *
   * @param packet the bytes (owned by the transport from now on)
   */
  void send(byte[] packet);

  /**
   * The relay has stopped: close the connection after the packets already sent. Called exactly
   * once.
   *
   * @param error null after a normal end (end of input, local close), else why the relay ended
   *     (an {@code <error …>} packet was sent first, best effort)
   */
  void close(Throwable error);

  /**
   * Flow control (§2.9): the connection's account is over its credit and the relay is holding
   * input back; stop ({@code true}) or resume ({@code false}) reading input. Input that still
   * arrives while paused is held by the relay, so honouring this promptly only saves memory. The
   * default ignores it.
   *
   * @param paused whether reading should be paused
   */
  default void setReadPaused(boolean paused) {}

  /**
   * Bytes accepted by {@link #send} and not yet written to the peer (Netty: the channel's pending
   * outbound bytes). When it exceeds {@link RelayOptions#maxUnsentBytes()} after a send, the
   * relay ends the connection as too slow. The default, 0, never does.
   *
   * @return the unsent byte count
   */
  default long unsentBytes() {
    return 0;
  }
}
