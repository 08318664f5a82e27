package org.syndicate.server.transport;

/**
 * The explicit limits of HTTP served on a TCP relay listener (reference note syndicate-server.md
 * §8.2; the reference has none and buffers whatever comes, B18). Each breach gets a 4xx answer
 * and ends that connection only:
 *
 * <ul>
 *   <li>{@code maxBodyBytes}: largest request body in bytes; larger gets {@code 413 Request Entity
 *       Too Large} (from Netty's aggregator);
 *   <li>{@code maxHeaderBytes}: largest header block in bytes; larger gets {@code 431 Request
 *       Header Fields Too Large};
 *   <li>{@code maxRequestLineBytes}: longest request line in bytes; longer gets {@code 414 URI Too
 *       Long};
 *   <li>{@code maxInFlight}: requests received on one connection and not yet answered (one is
 *       handed to the httpd at a time, the others wait in order, as HTTP/1.1 pipelining
 *       requires); one more gets {@code 429 Too Many Requests} after the earlier answers, and the
 *       connection is closed.
 * </ul>
 *
 * @param maxBodyBytes bytes, at least 0
 * @param maxHeaderBytes bytes, at least 256
 * @param maxRequestLineBytes bytes, at least 64
 * @param maxInFlight requests, at least 1
 */
public record HttpLimits(int maxBodyBytes, int maxHeaderBytes, int maxRequestLineBytes, int maxInFlight) {
  /** Checks the bounds. */
  public HttpLimits {
    if (maxBodyBytes < 0) throw new IllegalArgumentException("maxBodyBytes < 0");
    if (maxHeaderBytes < 256) throw new IllegalArgumentException("maxHeaderBytes < 256");
    if (maxRequestLineBytes < 64) throw new IllegalArgumentException("maxRequestLineBytes < 64");
    if (maxInFlight < 1) throw new IllegalArgumentException("maxInFlight < 1");
  }

  /** @return 1 MiB bodies, 16 KiB of headers, 8 KiB request lines, 16 requests in flight. */
  public static HttpLimits defaults() {
    return new HttpLimits(1 << 20, 16 << 10, 8 << 10, 16);
  }
}
