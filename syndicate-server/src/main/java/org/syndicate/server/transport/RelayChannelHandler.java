package org.syndicate.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
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
 * it (flow control, §2.9: bounded memory per connection). End of input or an error ends the
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
   * Most bytes queued for a peer that does not read before its connection is closed (the
   * reference queues without bound). {@code -Dsyndicate.maxOutboundBytes=N}; default 64 MiB.
   */
  public static final long MAX_OUTBOUND_BYTES = Long.getLong("syndicate.maxOutboundBytes", 64L << 20);

  /**
   * Sends {@code msg} unless the peer has stopped reading: when more than {@link
   * #MAX_OUTBOUND_BYTES} are already waiting in the channel, the connection is closed instead
   * (bounded memory per connection; the peer's assertions are then retracted as on any close).
   *
   * @param ch the channel
   * @param msg what to write (released when not sent)
   * @param bytes its size
   */
  static void sendBounded(Channel ch, Object msg, int bytes) {
    long pending = ch.unsafe().outboundBuffer() == null ? 0 : ch.unsafe().outboundBuffer().totalPendingWriteBytes();
    if (pending + bytes > MAX_OUTBOUND_BYTES && pending > 0) {
      ReferenceCountUtil.release(msg);
      if (ch.isOpen()) {
        LOG.warn("{}: peer is not reading ({} bytes waiting); closing", ch.remoteAddress(), pending);
        ch.close();
      }
      return;
    }
    ch.writeAndFlush(msg);
  }

  /** A {@link Wire} writing whole packets to a channel as they come. */
  static Wire wireFor(Channel ch) {
    return new Wire() {
      @Override
      public void send(byte[] packet) {
        sendBounded(ch, Unpooled.wrappedBuffer(packet), packet.length);
      }

      @Override
      public void close(Throwable error) {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
