package org.syndicate.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.function.Supplier;
import org.syndicate.actor.Ref;

/**
 * First-byte protocol detection on a TCP listener connection (reference note syndicate-server.md
 * §2.6, §10 #7): {@code [} (a Turn), {@code <} (Error or Extension) or any byte {@code >= 0x80}
 * (binary) means the Syndicate protocol; anything else (normally the {@code G} of {@code GET}) goes
 * to HTTP, where a WebSocket upgrade on any path carries Syndicate packets and any other request
 * goes to the httpd attached to the listener when the connection started ({@link
 * HttpExchangeHandler}, reference note §8.2), or gets 503 when there is none. A request that
 * cannot be decoded gets a 4xx answer ({@link WebSocketHandler}). A connection closed before its
 * first byte is logged as "closed before starting".
 */
public final class ProtocolDetector extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ProtocolDetector.class);

  /** Largest HTTP request body accepted when no httpd is attached, in bytes. */
  public static final int MAX_HTTP_REQUEST = 64 * 1024;

  private final RelayStarter relays;
  private final Ref gatekeeper;
  private final int maxFrameBytes;
  private final Supplier<HttpAttachment> http;
  private boolean decided;

  /**
   * @param relays starts a relay for each connection
   * @param gatekeeper the object at OID 0
   * @param maxFrameBytes largest WebSocket message accepted (bytes)
   */
  public ProtocolDetector(RelayStarter relays, Ref gatekeeper, int maxFrameBytes) {
    this(relays, gatekeeper, maxFrameBytes, () -> null);
  }

  /**
   * @param relays starts a relay for each connection
   * @param gatekeeper the object at OID 0
   * @param maxFrameBytes largest WebSocket message accepted (bytes)
   * @param http the httpd attached to the listener now, or null for none; asked once, when the
   *     connection turns out to speak HTTP
   */
  public ProtocolDetector(RelayStarter relays, Ref gatekeeper, int maxFrameBytes, Supplier<HttpAttachment> http) {
    this.relays = relays;
    this.gatekeeper = gatekeeper;
    this.maxFrameBytes = maxFrameBytes;
    this.http = http;
  }

  /**
   * @param first the first byte of a connection
   * @return whether it starts the raw Syndicate protocol
   */
  public static boolean isSyndicate(int first) {
    return first == '[' || first == '<' || (first & 0xff) >= 0x80;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (decided || !(msg instanceof ByteBuf buf) || !buf.isReadable()) {
      ctx.fireChannelRead(msg);
      return;
    }
    decided = true;
    int first = buf.getByte(buf.readerIndex()) & 0xff;
    var p = ctx.pipeline();
    if (isSyndicate(first)) {
      p.addAfter(ctx.name(), "relay", new RelayChannelHandler(relays, gatekeeper, ch -> "<tcp \"" + peer(ch) + "\">"));
    } else {
      HttpAttachment httpd = http.get();
      HttpLimits limits = httpd == null ? HttpLimits.defaults() : httpd.limits();
      p.addAfter(
          ctx.name(),
          "http",
          new HttpServerCodec(limits.maxRequestLineBytes(), limits.maxHeaderBytes(), 8192));
      p.addAfter("http", "http-aggregate", new HttpObjectAggregator(httpd == null ? MAX_HTTP_REQUEST : limits.maxBodyBytes()));
      p.addAfter("http-aggregate", "websocket", new WebSocketHandler(relays, gatekeeper, maxFrameBytes, httpd != null));
      if (httpd != null) p.addAfter("websocket", "http-exchange", new HttpExchangeHandler(httpd));
    }
    p.remove(this);
    ctx.fireChannelRead(msg);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!decided) LOG.debug("{}: closed before starting", ctx.channel().remoteAddress());
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  static String peer(io.netty.channel.Channel ch) {
    var a = ch.remoteAddress();
    if (a instanceof java.net.InetSocketAddress i) return i.getAddress().getHostAddress() + ":" + i.getPort();
    return String.valueOf(a);
  }
}
