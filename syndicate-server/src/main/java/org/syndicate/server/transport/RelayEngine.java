package org.syndicate.server.transport;

import org.syndicate.actor.Ref;
import org.syndicate.relay.Relay;
import org.syndicate.relay.RelayOptions;
import org.syndicate.relay.RelayTransport;

/**
 * The {@link RelayStarter} backed by the relay engine {@link Relay} (reference note
 * syndicate-server.md §2.3–2.6, §2.9): each connection becomes a {@link Relay} actor with the
 * default {@link RelayOptions} (packet size, depth and handle limits; flow-control credit {@link
 * RelayOptions#DEFAULT_CREDIT}: the environment variable {@code SYNDICATE_CREDIT}, default 100
 * events, as the reference). Output the peer does not read is bounded: once more than {@link #MAX_UNSENT_BYTES}
 * wait in the transport ({@link Wire#unsentBytes()}), the relay ends the connection as "Peer too
 * slow" (the reference queues without bound).
 */
public final class RelayEngine implements RelayStarter {
  /** The engine with default options. */
  public static final RelayEngine INSTANCE = new RelayEngine();

  /**
   * Most bytes a connection may hold unsent before it is closed as too slow: {@code
   * -Dsyndicate.maxOutboundBytes=N}, default {@link RelayOptions#DEFAULT_MAX_UNSENT_BYTES} (64 MiB).
   */
  public static final long MAX_UNSENT_BYTES =
      Math.max(1, Long.getLong("syndicate.maxOutboundBytes", RelayOptions.DEFAULT_MAX_UNSENT_BYTES));

  private final java.util.Set<Relay> live = java.util.concurrent.ConcurrentHashMap.newKeySet();

  private RelayEngine() {}

  /** @return the relays started by this engine that have not stopped yet (for monitoring). */
  public java.util.List<Relay> liveRelays() {
    return java.util.List.copyOf(live);
  }

  @Override
  public RelaySession start(String name, Ref initialRef, Wire wire) {
    RelayOptions o = RelayOptions.defaults(name).withMaxUnsentBytes(MAX_UNSENT_BYTES);
    Relay r =
        Relay.spawn(
            o,
            initialRef,
            new RelayTransport() {
              @Override
              public void send(byte[] packet) {
                wire.send(packet);
              }

              @Override
              public void close(Throwable error) {
                wire.close(error);
              }

              @Override
              public void setReadPaused(boolean paused) {
                wire.setReadPaused(paused);
              }

              @Override
              public long unsentBytes() {
                return wire.unsentBytes();
              }
            });
    live.add(r);
    r.closed().whenComplete((x, e) -> live.remove(r));
    return new RelaySession() {
      @Override
      public void streamInput(byte[] data, int off, int len) {
        r.receive(data, off, len);
      }

      @Override
      public void frameInput(byte[] data, int off, int len) {
        r.receiveFrame(data, off, len);
      }

      @Override
      public void inputClosed(Throwable error) {
        if (error == null) r.endOfInput();
        else r.inputFailed(error);
      }
    };
  }
}
