package org.syndicate.server.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;

/**
 * A bound listening socket of a {@code relay-listener} service (reference note syndicate-server.md
 * §8.1): TCP (with first-byte detection and WebSocket, {@link ProtocolDetector}) or a unix socket
 * (raw protocol only). Each accepted connection gets its own relay with the gatekeeper at OID 0.
 * A TCP listener may have an httpd attached ({@link #attachHttp}, §8.2).
 */
public final class RelayListener implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RelayListener.class);

  /** Largest WebSocket message accepted, in bytes (as the relay's default packet limit). */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 << 20;

  private final Channel channel;
  private final String description;
  private final AtomicReference<HttpAttachment> http;

  private RelayListener(Channel channel, String description, AtomicReference<HttpAttachment> http) {
    this.channel = channel;
    this.description = description;
    this.http = http;
  }

  /**
   * Binds a TCP listener.
   *
   * @param host the address to bind (e.g. {@code "0.0.0.0"}, {@code "127.0.0.1"})
   * @param port the port, 0 for any free one
   * @param relays starts each connection's relay
   * @param gatekeeper exported at OID 0 of every connection
   * @return completes with the listener once bound, or exceptionally with the bind error
   */
  public static CompletableFuture<RelayListener> tcp(String host, int port, RelayStarter relays, Ref gatekeeper) {
    return tcp(host, port, relays, gatekeeper, new AtomicReference<>());
  }

  private static CompletableFuture<RelayListener> tcp(
      String host, int port, RelayStarter relays, Ref gatekeeper, AtomicReference<HttpAttachment> http) {
    if (port < 0 || port > 65535) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Invalid TCP port number: " + port));
    }
    EventLoops loops = EventLoops.shared();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(loops.group())
            .channel(loops.tcpServerChannel())
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("detect", new ProtocolDetector(relays, gatekeeper, DEFAULT_MAX_FRAME_BYTES, http::get));
                  }
                });
    return bind(b.bind(new InetSocketAddress(host, port)), "tcp " + host + ":" + port, http);
  }

  /**
   * Binds a unix-socket listener. A stale socket file (nobody accepts on it) is removed first; a
   * live one makes the bind fail (reference note §8.1). The file is left behind on close, as the
   * reference does.
   *
   * @param path the socket file
   * @param relays starts each connection's relay
   * @param gatekeeper exported at OID 0 of every connection
   * @return completes with the listener once bound, or exceptionally with the bind error
   */
  public static CompletableFuture<RelayListener> unix(String path, RelayStarter relays, Ref gatekeeper) {
    Path p = Path.of(path);
    if (Files.exists(p)) {
      try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        probe.connect(UnixDomainSocketAddress.of(p));
        return CompletableFuture.failedFuture(new IOException("socket " + path + " is in use by a live server"));
      } catch (IOException refused) {
        try {
          Files.deleteIfExists(p);
          LOG.info("removed stale socket {}", path);
        } catch (IOException e) {
          return CompletableFuture.failedFuture(e);
        }
      }
    }
    EventLoops loops = EventLoops.shared();
    ServerBootstrap b =
        new ServerBootstrap()
            .group(loops.group())
            .channel(loops.unixServerChannel())
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    ch.pipeline().addLast("relay", new RelayChannelHandler(relays, gatekeeper, RelayListener::unixName));
                  }
                });
    return bind(b.bind(loops.unixAddress(path)), "unix " + path, new AtomicReference<>());
  }

  /**
   * The actor name of a unix-socket connection, {@code <unix PID UID>} from the peer's
   * credentials as the reference (§8.1), or {@code <unix "?">} when they are not available (NIO).
   */
  static String unixName(Channel ch) {
    if (ch instanceof io.netty.channel.epoll.EpollDomainSocketChannel e) {
      try {
        var cred = e.peerCredentials();
        return "<unix " + cred.pid() + " " + cred.uid() + ">";
      } catch (IOException | RuntimeException ex) {
        LOG.debug("no peer credentials: {}", ex.toString());
      }
    }
    return "<unix \"?\">";
  }

  private static CompletableFuture<RelayListener> bind(
      ChannelFuture f, String description, AtomicReference<HttpAttachment> http) {
    CompletableFuture<RelayListener> result = new CompletableFuture<>();
    f.addListener(
        x -> {
          if (x.isSuccess()) {
            LOG.info("listening on {}", description);
            result.complete(new RelayListener(f.channel(), description, http));
          } else {
            result.completeExceptionally(x.cause());
          }
        });
    return result;
  }

  /** @return the bound TCP port (for a listener bound to port 0), or -1 for a unix listener. */
  public int port() {
    return channel.localAddress() instanceof InetSocketAddress a ? a.getPort() : -1;
  }

  /**
   * Attaches an httpd to the connections accepted from now on (reference note §8.2: plain HTTP
   * requests are asserted into it); connections already open keep what they had. Only TCP
   * listeners serve HTTP.
   *
   * @param attachment the httpd, or null to detach (plain requests get 503 again)
   */
  public void attachHttp(HttpAttachment attachment) {
    http.set(attachment);
  }

  /** @return the httpd new connections get, or null. */
  public HttpAttachment http() {
    return http.get();
  }

  /**
   * Stops accepting; open connections go on, as in syndicate-server 0.51, where the accept loop
   * is a linked task of the service's facet and each connection an unlinked actor of its own
   * (reference note §8.1; ListenerStopTest).
   */
  @Override
  public void close() {
    LOG.info("closing {}", description);
    channel.close();
  }

  @Override
  public String toString() {
    return description;
  }
}
