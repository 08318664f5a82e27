package org.syndicate.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.dataspace.Dataspace;

/**
 * Test fixture: a "server" relay exporting a dataspace at OID 0 and a "client" relay importing it,
 * joined by in-memory pipes that cut every packet into random chunks (seeded).
 */
final class RelayPair implements AutoCloseable {
  /** One direction of the pipe: what one relay sends arrives at the other. */
  static final class PipeEnd implements RelayTransport {
    volatile Relay peer;
    final Random random;
    final List<byte[]> sent = new ArrayList<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    /** @param random chunking, or null to pass each packet whole */
    PipeEnd(Random random) {
      this.random = random;
    }

    @Override
    public void send(byte[] packet) {
      synchronized (sent) {
        sent.add(packet);
      }
      if (random == null) {
        peer.receive(packet);
        return;
      }
      int i = 0;
      while (i < packet.length) {
        int n = 1 + random.nextInt(Math.max(1, Math.min(packet.length - i, 7)));
        peer.receive(packet, i, n);
        i += n;
      }
    }

    @Override
    public void close(Throwable error) {
      closed.complete(error);
      peer.endOfInput();
    }

    List<byte[]> sent() {
      synchronized (sent) {
        return List.copyOf(sent);
      }
    }
  }

  final Scheduler s = new Scheduler(2);
  final Ref ds;
  final Actor dsActor;
  final Relay server;
  final Relay client;
  final PipeEnd serverOut;
  final PipeEnd clientOut;
  final Ref remoteDs;
  final Actor clientActor;

  RelayPair(boolean clientText, long seed) {
    this(clientText, seed, true);
  }

  RelayPair(boolean clientText, long seed, boolean chunked) {
    CompletableFuture<Ref> r = new CompletableFuture<>();
    dsActor = Actor.boot(s, "ds", t -> r.complete(Dataspace.create(t)));
    ds = r.join();
    Random rnd = new Random(seed);
    serverOut = new PipeEnd(chunked ? new Random(rnd.nextLong()) : null);
    clientOut = new PipeEnd(chunked ? new Random(rnd.nextLong()) : null);
    server = Relay.spawn(RelayOptions.defaults("server").withScheduler(s), ds, serverOut);
    client =
        Relay.spawn(
            RelayOptions.defaults("client").withScheduler(s).withImportPeerInitialRef(true).withTextOutput(clientText),
            null,
            clientOut);
    serverOut.peer = client;
    clientOut.peer = server;
    remoteDs = client.peerInitialRef().join();
    clientActor = Actor.boot(s, "client-app", t -> t.preventInertCheck());
  }

  /** Sync round trip from the client app through both relays to the dataspace and back. */
  void settle() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    clientActor.execute(t -> t.sync(remoteDs, k -> done.complete(null)));
    try {
      done.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("sync through the relays did not come back", e);
    }
  }

  static Relay.Stats stats(Relay r) {
    return r.stats().orTimeout(10, TimeUnit.SECONDS).join();
  }

  @Override
  public void close() {
    client.close();
    server.closed().orTimeout(10, TimeUnit.SECONDS).join();
    s.close();
  }
}
