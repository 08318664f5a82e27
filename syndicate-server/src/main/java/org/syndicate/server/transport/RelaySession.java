package org.syndicate.server.transport;

/**
 * The input side of one relay connection, called by its transport (one thread at a time, in
 * order). See {@link RelayStarter}.
 */
public interface RelaySession {
  /**
   * Bytes from a byte stream (TCP, unix, stdio): packets may be split or batched arbitrarily.
   *
   * @param data the bytes (not kept after the call)
   * @param off first byte
   * @param len how many
   */
  void streamInput(byte[] data, int off, int len);

  /**
   * One frame of a packet transport (a WebSocket binary message, a decrypted Noise datagram):
   * zero or more whole packets, optionally padded with {@code #f} (Nop) (reference note §2.6;
   * bug B6 fixed: every packet is processed, not just the first).
   *
   * @param data the bytes (not kept after the call)
   * @param off first byte
   * @param len how many
   */
  void frameInput(byte[] data, int off, int len);

  /**
   * The transport has ended (end of input, reset, or an I/O error): the relay stops and retracts
   * everything the peer asserted.
   *
   * @param error null for a normal end of input, else the transport error
   */
  void inputClosed(Throwable error);
}
