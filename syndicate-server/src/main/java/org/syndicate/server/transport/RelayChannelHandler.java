package org.syndicate.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;

/**
 * Carries a byte-stream connection (TCP, unix socket) to and from its relay (reference note
 * syndicate-server.md §2.6): every chunk read goes to {@link RelaySession#streamInput}, every packet
 * the relay sends is written and flushed at once, and reading is paused while the relay asks for
 * it (flow control, §2.9: bounded memory per connection). Output a peer does not read is bounded
 * by the relay ({@link Wire#unsentBytes()}, {@link RelayEngine#MAX_UNSENT_BYTES}). End of input or an error ends the
 * relay, which retracts everything the peer asserted.
 */
public final class RelayChannelHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RelayChannelHandler.class);

  private final RelayStarter relays;
  private final Ref initialRef;
  private final Function<Channel, String> namer;
  private RelaySession session;
  private boolean ended;

  /**
   * @param relays starts the relay when the channel becomes active (or when this handler is added
   *     to an active channel)
   * @param initialRef the object exported at OID 0
   * @param namer the connection's actor name
   */
  public RelayChannelHandler(RelayStarter relays, Ref initialRef, Function<Channel, String> namer) {
    this.relays = relays;
    this.initialRef = initialRef;
    this.namer = namer;
  }

  /**
   * @param ch a channel
   * @return the bytes written to it and not yet handed to the socket (Netty's pending outbound
   *     bytes; read from any thread)
   */
  static long unsentBytes(Channel ch) {
    ChannelOutboundBuffer b = ch.unsafe().outboundBuffer();
    return b == null ? 0 : b.totalPendingWriteBytes();
  }

  /**
   * Ends a channel after the relay has stopped: after what is already queued when the peer is
   * reading, at once when it is not (the channel is unwritable: over Netty's high water mark), so
   * a stalled peer cannot keep the connection and its queued output alive.
   *
   * @param ch the channel
   * @param last a final message to write first (a WebSocket close frame), or null
   */
  static void closeAfterWrites(Channel ch, Object last) {
    if (!ch.isWritable()) {
      if (last != null) ReferenceCountUtil.release(last);
      ch.close();
      return;
    }
    ch.writeAndFlush(last != null ? last : Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  /** A {@link Wire} writing whole packets to a channel as they come. */
  static Wire wireFor(Channel ch) {
    return new Wire() {
      @Override
      public void send(byte[] packet) {
        ch.writeAndFlush(Unpooled.wrappedBuffer(packet));
      }

      @Override
      public void close(Throwable error) {
        closeAfterWrites(ch, null);
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
    };
  }

  private void start(ChannelHandlerContext ctx) {
    if (session != null) return;
    session = relays.start(namer.apply(ctx.channel()), initialRef, wireFor(ctx.channel()));
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) start(ctx);
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    start(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (ended || !(msg instanceof ByteBuf buf) || !buf.isReadable()) return;
      byte[] bytes = new byte[buf.readableBytes()];
      buf.readBytes(bytes);
      session.streamInput(bytes, 0, bytes.length);
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    end(null);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{}: {}", ctx.channel(), cause.toString());
    end(isReset(cause) ? null : cause);
    ctx.close();
  }

  private void end(Throwable error) {
    if (ended) return;
    ended = true;
    if (session != null) session.inputClosed(error);
  }

  static boolean isReset(Throwable t) {
    String m = String.valueOf(t.getMessage());
    return t instanceof java.io.IOException && (m.contains("reset") || m.contains("Broken pipe"));
  }
}
