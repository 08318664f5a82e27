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
 * @param readPauseHighWater decoded inbound packets waiting for the connection's actor at which the
 *     transport is asked to stop reading ({@link RelayTransport#setReadPaused})
 * @param readPauseLowWater waiting packets at which reading resumes (below {@code
 *     readPauseHighWater})
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
    int readPauseHighWater,
    int readPauseLowWater,
    long maxUnsentBytes) {

  /** Default largest packet: 16 MiB. */
  public static final int DEFAULT_MAX_PACKET_BYTES = 16 << 20;

  /** Default nesting limit (the Preserves readers' default). */
  public static final int DEFAULT_MAX_DEPTH = 512;

  /** Default live assertions per connection. */
  public static final int DEFAULT_MAX_HANDLES = 1 << 20;

  /** Default limit of unsent output: 64 MiB. */
  public static final long DEFAULT_MAX_UNSENT_BYTES = 64L << 20;

  /** Default pause threshold: the reference's {@code SYNDICATE_CREDIT} default (§2.9). */
  public static final int DEFAULT_HIGH_WATER = 100;

  /**
   * Binary output, no peer import, the defaults above, the shared scheduler.
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
        DEFAULT_HIGH_WATER,
        DEFAULT_HIGH_WATER / 2,
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
    if (readPauseLowWater < 0 || readPauseLowWater >= readPauseHighWater) {
      throw new IllegalArgumentException(
          "need 0 <= readPauseLowWater < readPauseHighWater: " + readPauseLowWater + ", " + readPauseHighWater);
    }
    if (maxUnsentBytes < 1) throw new IllegalArgumentException("maxUnsentBytes must be >= 1: " + maxUnsentBytes);
  }

  /** @return {@link #scheduler()} or the shared scheduler when it is null. */
  public Scheduler schedulerOrShared() {
    return scheduler != null ? scheduler : Scheduler.shared();
  }

  /** @return these options with text (true) or binary (false) initial output. */
  public RelayOptions withTextOutput(boolean text) {
    return new RelayOptions(name, scheduler, text, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        readPauseHighWater, readPauseLowWater, maxUnsentBytes);
  }

  /** @return these options with the peer's object 0 imported (true) or not. */
  public RelayOptions withImportPeerInitialRef(boolean importIt) {
    return new RelayOptions(name, scheduler, textOutput, importIt, maxPacketBytes, maxDepth, maxHandles,
        readPauseHighWater, readPauseLowWater, maxUnsentBytes);
  }

  /** @return these options running on {@code s}. */
  public RelayOptions withScheduler(Scheduler s) {
    return new RelayOptions(name, s, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        readPauseHighWater, readPauseLowWater, maxUnsentBytes);
  }

  /** @return these options with the given packet size limit (bytes). */
  public RelayOptions withMaxPacketBytes(int bytes) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, bytes, maxDepth, maxHandles,
        readPauseHighWater, readPauseLowWater, maxUnsentBytes);
  }

  /** @return these options with the given nesting limit. */
  public RelayOptions withMaxDepth(int depth) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, depth, maxHandles,
        readPauseHighWater, readPauseLowWater, maxUnsentBytes);
  }

  /** @return these options with the given live-assertion limit. */
  public RelayOptions withMaxHandles(int handles) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, handles,
        readPauseHighWater, readPauseLowWater, maxUnsentBytes);
  }

  /** @return these options with the given limit of unsent output (bytes). */
  public RelayOptions withMaxUnsentBytes(long bytes) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        readPauseHighWater, readPauseLowWater, bytes);
  }

  /** @return these options with the given read-pause thresholds (packets waiting). */
  public RelayOptions withReadPause(int highWater, int lowWater) {
    return new RelayOptions(name, scheduler, textOutput, importPeerInitialRef, maxPacketBytes, maxDepth, maxHandles,
        highWater, lowWater, maxUnsentBytes);
  }
}
