package org.syndicate.relay;

import java.util.Objects;
import org.syndicate.actor.Scheduler;

/**
 * Settings of one relay connection (reference note syndicate-server.md §2.6, §2.9; DESIGN.md
 * "Errors": limits are explicit and configurable).
 *
 * @param name actor/log name of the connection (e.g. {@code "tcp 127.0.0.1:4711"})
 * @param scheduler where {@link Relay#spawn} runs the connection's actor
 * @param textOutput true to start writing text syntax (the {@code text/syndicate} daemons of §2.6);
 *     false to start in binary. Either way the output then follows the syntax of the peer's last
 *     packet.
 * @param importPeerInitialRef true to make a proxy for the peer's object 0 at start ({@link
 *     Relay#peerInitialRef()}), pinned for the life of the connection (daemons, §2.5)
 * @param maxPacketBytes largest accepted packet, in encoded bytes (binary or UTF-8 text); a longer
 *     one ends the connection. Also bounds the input buffer.
 * @param maxDepth deepest accepted nesting of compounds, embedded values and annotations in a packet
 *     (the packet's own sequence and events count)
 * @param maxHandles most assertions the peer may keep alive on this connection at once
 * @param credit flow control (§2.9): the debt of the connection's account (events caused by its
 *     input, not yet processed anywhere) above which further input is held back and the transport
 *     is asked to stop reading ({@link RelayTransport#setReadPaused}); input goes on when the debt
 *     is back to {@code credit} or below. At least 1.
 * @param maxUnsentBytes output the transport may hold unsent ({@link RelayTransport#unsentBytes()})
 *     before the connection is ended as too slow; bounds memory when a peer stops reading
 */
public record RelayOptions(
    String name,
    Scheduler scheduler,
    boolean textOutput,
    boolean importPeerInitialRef,
    int maxPacketBytes,
    int maxDepth,
    int maxHandles,
    int credit,
    long maxUnsentBytes) {

  /** Default largest packet: 16 MiB. */
  public static final int DEFAULT_MAX_PACKET_BYTES = 16 << 20;

  /** Default nesting limit (the Preserves readers' default). */
  public static final int DEFAULT_MAX_DEPTH = 512;

  /** Default live assertions per connection. */
  public static final int DEFAULT_MAX_HANDLES = 1 << 20;

  /** Default limit of unsent output: 64 MiB. */
  public static final long DEFAULT_MAX_UNSENT_BYTES = 64L << 20;

  /** The reference's default credit when {@code SYNDICATE_CREDIT} is not set (§2.9). */
  public static final int REFERENCE_CREDIT = 100;

  /**
   * Default credit: the environment variable {@code SYNDICATE_CREDIT} (a positive integer, read
   * once), else {@link #REFERENCE_CREDIT}; an unusable value is logged and ignored.
   */
  public static final int DEFAULT_CREDIT = creditFromEnvironment(System.getenv("SYNDICATE_CREDIT"));

  /**
   * Parses a {@code SYNDICATE_CREDIT} value.
   *
   * @param s the variable's value, or null when unset
   * @return the credit, or {@link #REFERENCE_CREDIT} when {@code s} is null, not an integer or
   *     below 1 (with a warning)
   */
  static int creditFromEnvironment(String s) {
    if (s == null) return REFERENCE_CREDIT;
    try {
      int n = Integer.parseInt(s.trim());
      if (n >= 1) return n;
    } catch (NumberFormatException e) {
      // fall through
    }
    org.slf4j.LoggerFactory.getLogger(RelayOptions.class)
        .warn("ignoring SYNDICATE_CREDIT={}: not a positive integer; using {}", s, REFERENCE_CREDIT);
    return REFERENCE_CREDIT;
  }

  /**
   * Binary output, no peer import, the defaults above (credit {@link #DEFAULT_CREDIT}), the shared
   * scheduler.
   *
   * @param name the connection's name
   * @return the options
   */
  public static RelayOptions defaults(String name) {
    return new RelayOptions(
        name,
        null,
        false,
        false,
        DEFAULT_MAX_PACKET_BYTES,
        DEFAULT_MAX_DEPTH,
        DEFAULT_MAX_HANDLES,
        DEFAULT_CREDIT,
        DEFAULT_MAX_UNSENT_BYTES);
  }

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException if a limit is out of range
   */
  public RelayOptions {
    Objects.requireNonNull(name, "name");
    if (maxPacketBytes < 16) throw new IllegalArgumentException("maxPacketBytes must be >= 16: " + maxPacketBytes);
    if (maxDepth < 4 || maxDepth > 2048) {
      throw new IllegalArgumentException("maxDepth must be in 4..2048: " + maxDepth);
    }
    if (maxHandles < 1) throw new IllegalArgumentException("maxHandles must be >= 1: " + maxHandles);
    if (credit < 1) throw new IllegalArgumentException("credit must be >= 1: " + credit);
    if (maxUnsentBytes < 1) throw new IllegalArgumentException("maxUnsentBytes must be >= 1: " + maxUnsentBytes);
  }

  /** @return {@link #scheduler()} or the shared scheduler when it is null. */
  public Scheduler schedulerOrShared() {
    return scheduler != null ? scheduler : Scheduler.shared();
  }

  /** @return these options with text (true) or binary (false) initial output. */
  public RelayOptions withTextOutput(boolean text) {
    return new RelayOptions(name, scheduler, text, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        credit, maxUnsentBytes);
  }

  /** @return these options with the peer's object 0 imported (true) or not. */
  public RelayOptions withImportPeerInitialRef(boolean importIt) {
    return new RelayOptions(name, scheduler, textOutput, importIt, maxPacketBytes, maxDepth, maxHandles,
        credit, maxUnsentBytes);
  }

  /** @return these options running on {@code s}. */
  public RelayOptions withScheduler(Scheduler s) {
    return new RelayOptions(name, s, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        credit, maxUnsentBytes);
  }

  /** @return these options with the given packet size limit (bytes). */
  public RelayOptions withMaxPacketBytes(int bytes) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, bytes, maxDepth, maxHandles,
        credit, maxUnsentBytes);
  }

  /** @return these options with the given nesting limit. */
  public RelayOptions withMaxDepth(int depth) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, depth, maxHandles,
        credit, maxUnsentBytes);
  }

  /** @return these options with the given live-assertion limit. */
  public RelayOptions withMaxHandles(int handles) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, handles,
        credit, maxUnsentBytes);
  }

  /** @return these options with the given limit of unsent output (bytes). */
  public RelayOptions withMaxUnsentBytes(long bytes) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        credit, bytes);
  }

  /**
   * @param credit the flow-control credit in events (as the {@code credit} component), at least 1
   * @return these options with that credit
   */
  public RelayOptions withCredit(int credit) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        credit, maxUnsentBytes);
  }
}
