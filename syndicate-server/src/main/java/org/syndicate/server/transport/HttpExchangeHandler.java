package org.syndicate.server.transport;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.http.Chunk;
import org.syndicate.schemas.http.HttpResponse;

/**
 * Plain HTTP requests of one connection served through an httpd dataspace (reference note
 * syndicate-server.md §8.2). Each request is asserted into the httpd as {@code <request
 * <http-request …> #:res>} ({@link HttpRequestValues}) from a facet of the connection's actor
 * ({@code <http "PEER">}); the handler answers with messages to {@code res}: {@code <status CODE
 * "reason">} and {@code <header NAME "value">} (only before the first chunk; default 200), {@code
 * <chunk C>} (the head goes out with the first one, chunked unless the handler set {@code
 * content-length}) and {@code <done C>}, which completes the response and retracts the request.
 *
 * <p>If {@code res} goes away before {@code done} (its facet stops: the handler sent it something
 * that is not a valid response message, such as an unknown record, a status outside 100..999 or
 * an illegal header, or the connection's actor stopped), the client gets {@code 500} (or, once the
 * head is out, the connection is closed). There is no timeout (B18, copied).
 *
 * <p>HTTP/1.1 keep-alive is on: requests are handed over one at a time, in order; the others wait
 * ({@link HttpLimits#maxInFlight()}). When the connection ends, its actor stops, retracting any
 * request still asserted.
 */
public final class HttpExchangeHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpExchangeHandler.class);

  /** The global request sequence number (SEQ), from 0 (reference note §8.2). */
  private static final AtomicLong SEQ = new AtomicLong();

  private final HttpAttachment http;
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private ChannelHandlerContext ctx;
  private Exchange current;
  private Actor actor;
  private boolean refusing;

  /** @param http the httpd, port and limits */
  public HttpExchangeHandler(HttpAttachment http) {
    this.http = http;
  }

  /** A request waiting its turn, or a canned answer to send in its place. */
  private record Pending(HttpRequestValues.Parts parts, HttpVersion version, boolean keepAlive, FullHttpResponse canned, boolean close) {}

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (!(msg instanceof FullHttpRequest req) || refusing) return;
      boolean keepAlive = HttpUtil.isKeepAlive(req);
      if (queue.size() + (current == null ? 0 : 1) >= http.limits().maxInFlight()) {
        refusing = true;
        ctx.channel().config().setAutoRead(false);
        queue.add(new Pending(null, req.protocolVersion(), false, canned(HttpResponseStatus.TOO_MANY_REQUESTS, "Too many requests in flight on this connection.\n"), true));
      } else {
        try {
          queue.add(new Pending(HttpRequestValues.parts(req), req.protocolVersion(), keepAlive, null, false));
        } catch (HttpRequestValues.BadRequest e) {
          LOG.debug("{}: 400: {}", ctx.channel().remoteAddress(), e.getMessage());
          queue.add(new Pending(null, req.protocolVersion(), false, canned(HttpResponseStatus.BAD_REQUEST, "Bad request: " + e.getMessage() + "\n"), true));
          refusing = true;
        }
      }
      pump();
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * @param status a status
   * @param text the body
   * @return a complete {@code text/plain} response that closes the connection
   */
  static FullHttpResponse canned(HttpResponseStatus status, String text) {
    FullHttpResponse res =
        new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, res.content().readableBytes());
    res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return res;
  }

  /** On the event loop: hands over the next request if none is in flight. */
  private void pump() {
    while (current == null && !queue.isEmpty()) {
      Pending p = queue.poll();
      if (p.canned() != null) {
        ctx.writeAndFlush(p.canned()).addListener(ChannelFutureListener.CLOSE);
        queue.clear();
        refusing = true;
        return;
      }
      dispatch(p);
    }
  }

  private void dispatch(Pending p) {
    Channel ch = ctx.channel();
    if (actor == null) {
      actor = Actor.boot("<http \"" + ProtocolDetector.peer(ch) + "\">", Turn::preventInertCheck);
    }
    Exchange ex = new Exchange(this, ch, p.version(), p.keepAlive());
    current = ex;
    Value req = p.parts().toValue(SEQ.getAndIncrement(), http.port());
    Ref httpd = http.httpd();
    boolean alive =
        actor.execute(
            t ->
                t.facet(
                    ft -> {
                      ft.preventInertCheck();
                      ex.facet = ft.currentFacet();
                      Ref res = ft.ref(new ResponseEntity(ex));
                      ft.publish(httpd, HttpRequestValues.context(req, res));
                      ft.onStop(st -> ex.gone());
                    }));
    if (!alive) ex.gone();
  }

  /** On the event loop, after {@code ex}'s last write was queued. */
  private void finished(Exchange ex) {
    if (current != ex) return;
    current = null;
    if (!ex.keepAlive || ex.closeAfter) {
      ctx.flush();
      ctx.close();
      queue.clear();
      return;
    }
    pump();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    queue.clear();
    if (actor != null) actor.stop();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }

  /** One request's response, built by turns of the connection's actor. */
  private static final class Exchange {
    private final HttpExchangeHandler owner;
    private final Channel ch;
    private final HttpVersion version;
    private final boolean keepAlive;
    private HttpResponseStatus status = HttpResponseStatus.OK;
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private boolean headSent;
    private boolean done;
    private boolean closeAfter;
    private Facet facet;

    Exchange(HttpExchangeHandler owner, Channel ch, HttpVersion version, boolean keepAlive) {
      this.owner = owner;
      this.ch = ch;
      this.version = version;
      this.keepAlive = keepAlive;
    }

    private void connectionHeaders(HttpHeaders h) {
      if (!keepAlive) h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      else if (version.equals(HttpVersion.HTTP_1_0)) h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }

    void chunk(byte[] bytes) {
      if (!headSent) {
        headSent = true;
        DefaultHttpResponse head = new DefaultHttpResponse(version, status);
        head.headers().set(headers);
        if (!head.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
          head.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
          if (version.equals(HttpVersion.HTTP_1_0)) closeAfter = true;
          else HttpUtil.setTransferEncodingChunked(head, true);
        }
        connectionHeaders(head.headers());
        if (closeAfter) head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        ch.write(head);
      }
      if (bytes.length > 0) ch.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
      else ch.flush();
    }

    void done(byte[] bytes) {
      if (!headSent) {
        headSent = true;
        FullHttpResponse res = new DefaultFullHttpResponse(version, status, Unpooled.wrappedBuffer(bytes));
        res.headers().set(headers);
        res.headers().remove(HttpHeaderNames.TRANSFER_ENCODING);
        res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, bytes.length);
        connectionHeaders(res.headers());
        ch.writeAndFlush(res);
      } else {
        ch.writeAndFlush(bytes.length > 0 ? new DefaultLastHttpContent(Unpooled.wrappedBuffer(bytes)) : new DefaultLastHttpContent());
      }
      done = true;
      ch.eventLoop().execute(() -> owner.finished(this));
    }

    /** The response object's facet stopped: without {@code done}, 500 or close. */
    void gone() {
      if (done) return;
      done = true;
      if (!headSent) {
        headSent = true;
        FullHttpResponse res = canned(HttpResponseStatus.INTERNAL_SERVER_ERROR, "Internal server error\n");
        if (keepAlive) {
          res.headers().remove(HttpHeaderNames.CONNECTION);
          connectionHeaders(res.headers());
        }
        ch.writeAndFlush(res);
      } else {
        closeAfter = true;
      }
      ch.eventLoop().execute(() -> owner.finished(this));
    }
  }

  /** The {@code res} object: response messages in, bytes out. */
  private static final class ResponseEntity implements Entity {
    private final Exchange ex;

    ResponseEntity(Exchange ex) {
      this.ex = ex;
    }

    @Override
    public void onMessage(Turn t, Value body) {
      if (ex.done) return;
      switch (HttpResponse.parse(body)) {
        case HttpResponse.Status s -> {
          if (ex.headSent) return;
          int code = s.code().bitLength() < 31 ? s.code().intValue() : -1;
          if (code < 100 || code > 999) throw new IllegalArgumentException("bad HTTP status code " + s.code());
          ex.status = new HttpResponseStatus(code, s.message());
        }
        case HttpResponse.Header h -> {
          if (ex.headSent) return;
          // the validating header map rejects names and values that are not legal HTTP
          ex.headers.set(h.name(), h.value());
        }
        case HttpResponse.Chunk c -> ex.chunk(bytes(c.chunk()));
        case HttpResponse.Done d -> {
          ex.done(bytes(d.chunk()));
          t.stop(ex.facet);
        }
      }
    }

    private static byte[] bytes(Chunk c) {
      return switch (c) {
        case Chunk.String s -> s.value().getBytes(StandardCharsets.UTF_8);
        case Chunk.Bytes b -> b.value().toByteArray();
      };
    }
  }
}
