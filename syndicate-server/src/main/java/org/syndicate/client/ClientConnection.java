package org.syndicate.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.relay.Relay;
import org.syndicate.relay.RelayOptions;
import org.syndicate.relay.RelayTransport;

/**
 * One client connection along a {@link Route}: connects the first transport that answers (a
 * blocking {@link SocketChannel}, TCP or unix), runs a {@link Relay} over it importing the peer's
 * OID 0, then resolves each gatekeeper step in turn by asserting {@code <resolve STEP #:observer>}
 * (gatekeeper.prs; reference note syndicate-server.md §4.3) and waiting for {@code <ok #:ref>}
 * (or the older {@code <accepted #:ref>}); {@code <error DETAIL>} / {@code <rejected DETAIL>} ends
 * it. The resolve assertions stay up while the connection lives.
 *
 * <p>Work on the target runs in turns of the client actor: {@link #run}. Closing the connection
 * (or the server closing it) retracts everything this client asserted.
 */
public final class ClientConnection implements AutoCloseable {
  private final SocketChannel channel;
  private final Relay relay;
  private final Facet facet;
  private final Ref target;
  private volatile boolean closing;

  private ClientConnection(SocketChannel channel, Relay relay, Facet facet, Ref target) {
    this.channel = channel;
    this.relay = relay;
    this.facet = facet;
    this.target = target;
  }

  /**
   * Connects and resolves the route.
   *
   * @param route where to go
   * @param timeout how long each step may take to answer
   * @return the connection, whose {@link #target()} is the route's object
   * @throws ClientException ({@link ClientException#CONNECTION}) if no transport connects, the
   *     connection drops, a step is rejected or unanswered within {@code timeout}
   */
  public static ClientConnection open(Route route, Duration timeout) {
    return open(route, timeout, new ClientText());
  }

  /**
   * Connects and resolves the route, writing the values in its error messages (transports, route
   * steps, the gatekeeper's answers) with {@code text}, so embedded references read {@code
   * #:<ref N>} numbered as the rest of the client's output.
   *
   * @param route where to go
   * @param timeout how long each step may take to answer
   * @param text how values appear in error messages
   * @return the connection, whose {@link #target()} is the route's object
   * @throws ClientException ({@link ClientException#CONNECTION}) if no transport connects, the
   *     connection drops, a step is rejected or unanswered within {@code timeout}
   */
  public static ClientConnection open(Route route, Duration timeout, ClientText text) {
    SocketChannel ch = null;
    StringBuilder why = new StringBuilder();
    for (Value t : route.transports()) {
      try {
        ch = SocketChannel.open(address(t));
        break;
      } catch (IOException e) {
        if (!why.isEmpty()) why.append("; ");
        why.append(text.text(t)).append(": ").append(describe(e));
      }
    }
    if (ch == null) throw new ClientException(ClientException.CONNECTION, "cannot connect to " + why);
    SocketChannel channel = ch;
    CompletableFuture<Facet> facetF = new CompletableFuture<>();
    Actor actor = Actor.boot("syndicate-client", t -> {
      t.preventInertCheck();
      facetF.complete(t.currentFacet());
    });
    Facet root = facetF.join();
    RelayTransport transport = new RelayTransport() {
      @Override
      public void send(byte[] packet) {
        try {
          ByteBuffer b = ByteBuffer.wrap(packet);
          synchronized (channel) {
            while (b.hasRemaining()) channel.write(b);
          }
        } catch (IOException e) {
          closeQuietly(channel);
        }
      }

      @Override
      public void close(Throwable error) {
        closeQuietly(channel);
      }
    };
    CompletableFuture<Relay> relayF = new CompletableFuture<>();
    root.execute(t -> relayF.complete(Relay.start(t, RelayOptions.defaults("syndicate-client").withImportPeerInitialRef(true), null, transport)));
    Relay relay = relayF.join();
    Thread.ofVirtual().name("syndicate-client-reader").start(() -> {
      ByteBuffer buf = ByteBuffer.allocate(65536);
      try {
        while (true) {
          buf.clear();
          int n = channel.read(buf);
          if (n < 0) break;
          relay.receive(buf.array(), 0, n);
        }
        relay.endOfInput();
      } catch (IOException e) {
        relay.inputFailed(e);
      }
    });
    Ref at = relay.peerInitialRef().join();
    try {
      for (Value step : route.steps()) at = resolve(root, relay, at, step, timeout, text);
    } catch (RuntimeException e) {
      relay.close();
      actor.stop();
      closeQuietly(channel);
      throw e;
    }
    return new ClientConnection(channel, relay, root, at);
  }

  private static Ref resolve(Facet root, Relay relay, Ref at, Value step, Duration timeout, ClientText text) {
    String stepText = text.text(step);
    CompletableFuture<Ref> answer = new CompletableFuture<>();
    root.execute(t -> {
      Ref observer = t.ref(new Entity() {
        @Override
        public void onAssert(Turn turn, Value v, long handle) {
          if (v instanceof RecordValue r && r.arity() == 1 && (r.isRecord("ok") || r.isRecord("accepted"))) {
            if (r.field(0) instanceof Embedded e && e.payload() instanceof Ref ref) answer.complete(ref);
            else answer.completeExceptionally(new ClientException(ClientException.CONNECTION, "route step " + stepText + " answered " + text.text(v) + ", not a reference"));
          } else if (v instanceof RecordValue r && r.arity() == 1 && (r.isRecord("error") || r.isRecord("rejected"))) {
            answer.completeExceptionally(new ClientException(ClientException.CONNECTION, "route step " + stepText + " rejected: " + text.text(r.field(0))));
          }
        }
      });
      t.publish(at, RecordValue.of("resolve", step, observer.embedded()));
    });
    relay.closed().thenAccept(err -> answer.completeExceptionally(
        new ClientException(ClientException.CONNECTION, "connection closed while resolving " + stepText + (err == null ? "" : ": " + err.getMessage()))));
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ClientException(ClientException.CONNECTION, "no answer to route step " + stepText + " within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ClientException c) throw c;
      throw new ClientException(ClientException.CONNECTION, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(ClientException.CONNECTION, "interrupted");
    }
  }

  private static SocketAddress address(Value t) {
    RecordValue r = (RecordValue) t;
    if (r.isRecord("tcp", 2)) {
      return new InetSocketAddress(((StringValue) r.field(0)).value(), ((SignedInteger) r.field(1)).intValue());
    }
    return UnixDomainSocketAddress.of(((StringValue) r.field(0)).value());
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.net.ConnectException && (m == null || m.isEmpty())) m = "Connection refused";
    if (e instanceof java.net.SocketException && m != null && m.contains("No such file")) m = "no such socket (is the server running?)";
    return m == null ? e.getClass().getSimpleName() : m;
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  /** @return the route's object (a proxy for the server's object). */
  public Ref target() {
    return target;
  }

  /**
   * Runs {@code body} in a turn of the client actor.
   *
   * @param body the work
   * @return false if the connection has already stopped
   */
  public boolean run(Consumer<Turn> body) {
    return facet.execute(body);
  }

  /**
   * Sends a sync to the target and waits for its answer: every event sent before has been
   * delivered, and the answers it caused (e.g. an observer's first matches) have arrived.
   *
   * @param timeout how long to wait
   * @throws ClientException if the connection drops or the answer does not come in time
   */
  public void sync(Duration timeout) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(t -> t.sync(target, t2 -> done.complete(null)));
    relay.closed().thenAccept(err -> done.completeExceptionally(new ClientException(ClientException.CONNECTION, "connection closed by the server")));
    try {
      done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ClientException(ClientException.CONNECTION, "no answer from the server within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof ClientException c) throw c;
      throw new ClientException(ClientException.CONNECTION, String.valueOf(e.getCause()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClientException(ClientException.CONNECTION, "interrupted");
    }
  }

  /** @return completes when the connection ends (null: normally; else why). */
  public CompletableFuture<Throwable> closed() {
    return relay.closed();
  }

  /** @return whether {@link #close()} was called. */
  public boolean isClosing() {
    return closing;
  }

  /** Closes the connection: the server retracts everything this client asserted. */
  @Override
  public void close() {
    closing = true;
    relay.close();
    try {
      relay.closed().get(2, TimeUnit.SECONDS);
    } catch (Exception ignored) {
      // closing anyway
    }
    facet.actor().stop();
    closeQuietly(channel);
  }
}
