package org.syndicate.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;

/**
 * HTTP on a TCP listener (reference note syndicate-server.md §2.6, §8.2, §10 #7, #21): a WebSocket
 * upgrade request on any path starts a relay with the gatekeeper at OID 0; each binary message
 * (fragments reassembled) holds any number of whole packets (bug B6 fixed), each outbound packet
 * is one binary message; a text message ends the connection ("Text websocket frames are not
 * accepted"); ping is answered, pong ignored, close closes. A request that could not be decoded
 * gets {@code 400} ({@code 414} for a request line, {@code 431} for headers over the limits,
 * {@link HttpLimits}) and the connection is closed. Any other request goes on to {@link
 * HttpExchangeHandler} when an httpd is attached, and gets {@code 503 Service Unavailable}
 * otherwise.
 */
public final class WebSocketHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketHandler.class);

  private final RelayStarter relays;
  private final Ref gatekeeper;
  private final int maxFrameBytes;
  private final boolean forwardRequests;
  private WebSocketServerHandshaker handshaker;
  private RelaySession session;
  private boolean ended;

  /**
   * @param relays starts the relay after the upgrade
   * @param gatekeeper the object at OID 0
   * @param maxFrameBytes largest WebSocket message, in bytes
   */
  public WebSocketHandler(RelayStarter relays, Ref gatekeeper, int maxFrameBytes) {
    this(relays, gatekeeper, maxFrameBytes, false);
  }

  /**
   * @param relays starts the relay after the upgrade
   * @param gatekeeper the object at OID 0
   * @param maxFrameBytes largest WebSocket message, in bytes
   * @param forwardRequests whether plain requests go on to the next handler (an httpd is
   *     attached) instead of getting 503
   */
  public WebSocketHandler(RelayStarter relays, Ref gatekeeper, int maxFrameBytes, boolean forwardRequests) {
    this.relays = relays;
    this.gatekeeper = gatekeeper;
    this.maxFrameBytes = maxFrameBytes;
    this.forwardRequests = forwardRequests;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof FullHttpRequest req && handshaker == null && forwardRequests && req.decoderResult().isSuccess() && !isUpgrade(req)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      switch (msg) {
        case FullHttpRequest req -> onRequest(ctx, req);
        case WebSocketFrame frame -> onFrame(ctx, frame);
        default -> {}
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, FullHttpRequest req) {
    if (handshaker != null) return;
    if (!req.decoderResult().isSuccess()) {
      Throwable cause = req.decoderResult().cause();
      HttpResponseStatus status =
          cause instanceof TooLongHttpLineException
              ? HttpResponseStatus.REQUEST_URI_TOO_LONG
              : cause instanceof TooLongHttpHeaderException
                  ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                  : HttpResponseStatus.BAD_REQUEST;
      LOG.debug("{}: {}: {}", ctx.channel().remoteAddress(), status, String.valueOf(cause));
      ctx.channel().config().setAutoRead(false);
      ctx.writeAndFlush(HttpExchangeHandler.canned(status, status.reasonPhrase() + "\n")).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    if (!isUpgrade(req)) {
      FullHttpResponse res =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1,
              HttpResponseStatus.SERVICE_UNAVAILABLE,
              Unpooled.copiedBuffer("No HTTP service is configured.\n", StandardCharsets.UTF_8));
      res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
      res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
      return;
    }
    String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
    handshaker = new WebSocketServerHandshakerFactory(url, null, true, maxFrameBytes).newHandshaker(req);
    if (handshaker == null) {
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel());
      return;
    }
    handshaker
        .handshake(ctx.channel(), req)
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                ctx.close();
                return;
              }
              ctx.pipeline().addBefore(ctx.name(), "ws-aggregate", new WebSocketFrameAggregator(maxFrameBytes));
              var ch = ctx.channel();
              session =
                  relays.start(
                      "<ws \"" + ProtocolDetector.peer(ch) + "\">",
                      gatekeeper,
                      new Wire() {
                        @Override
                        public void send(byte[] packet) {
                          ch.writeAndFlush(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(packet)));
                        }

                        @Override
                        public void close(Throwable error) {
                          RelayChannelHandler.closeAfterWrites(ch, new CloseWebSocketFrame());
                        }

                        @Override
                        public long unsentBytes() {
                          return RelayChannelHandler.unsentBytes(ch);
                        }

                        @Override
                        public void setReadPaused(boolean paused) {
                          ch.config().setAutoRead(!paused);
                          if (!paused) ch.read();
                        }
                      });
            });
  }

  private static boolean isUpgrade(FullHttpRequest req) {
    return req.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (session == null || ended) return;
    switch (frame) {
      case BinaryWebSocketFrame b -> {
        ByteBuf buf = b.content();
        byte[] bytes = new byte[buf.readableBytes()];
        buf.readBytes(bytes);
        session.frameInput(bytes, 0, bytes.length);
      }
      case TextWebSocketFrame t -> {
        end(new IllegalArgumentException("Text websocket frames are not accepted"));
        ctx.close();
      }
      case PingWebSocketFrame p -> ctx.writeAndFlush(new PongWebSocketFrame(p.content().retain()));
      case CloseWebSocketFrame c -> {
        end(null);
        ctx.close();
      }
      default -> {}
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    end(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
    end(RelayChannelHandler.isReset(cause) ? null : cause);
    ctx.close();
  }

  private void end(Throwable error) {
    if (ended) return;
    ended = true;
    if (session != null) session.inputClosed(error);
  }
}
