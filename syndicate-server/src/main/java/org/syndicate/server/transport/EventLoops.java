package org.syndicate.server.transport;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty event loops shared by every listener and connection of the server: epoll on Linux
 * when its native library loads, NIO otherwise (reference/java-deps.md §2.1). Created lazily,
 * daemon threads, never shut down (the server runs until the process exits).
 */
public final class EventLoops {
  private static final Logger LOG = LoggerFactory.getLogger(EventLoops.class);
  private static volatile EventLoops shared;

  private final EventLoopGroup group;
  private final boolean epoll;

  private EventLoops(boolean epoll, int threads) {
    this.epoll = epoll;
    IoHandlerFactory f = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    this.group = new MultiThreadIoEventLoopGroup(threads, f);
  }

  /** @return the process-wide loops (2 threads by default; {@code -Dsyndicate.ioThreads=N}). */
  public static EventLoops shared() {
    EventLoops s = shared;
    if (s == null) {
      synchronized (EventLoops.class) {
        s = shared;
        if (s == null) {
          boolean e = !Boolean.getBoolean("syndicate.noEpoll") && Epoll.isAvailable();
          if (!e && !Boolean.getBoolean("syndicate.noEpoll")) {
            LOG.debug("epoll unavailable, using NIO: {}", String.valueOf(Epoll.unavailabilityCause()));
          }
          int threads = Integer.getInteger("syndicate.ioThreads", 2);
          shared = s = new EventLoops(e, threads);
        }
      }
    }
    return s;
  }

  /** @return the event loop group. */
  public EventLoopGroup group() {
    return group;
  }

  /** @return whether epoll is in use. */
  public boolean epoll() {
    return epoll;
  }

  /** @return the TCP server channel class for this group. */
  public Class<? extends ServerChannel> tcpServerChannel() {
    return epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  /**
   * @param path the socket file
   * @return the bind address for {@link #unixServerChannel()}
   */
  public java.net.SocketAddress unixAddress(String path) {
    return epoll ? new io.netty.channel.unix.DomainSocketAddress(path) : java.net.UnixDomainSocketAddress.of(path);
  }

  /** @return the unix-domain server channel class for this group. */
  public Class<? extends ServerChannel> unixServerChannel() {
    return epoll ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
  }
}
