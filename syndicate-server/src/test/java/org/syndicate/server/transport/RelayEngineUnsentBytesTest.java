package org.syndicate.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.relay.RelayOptions;

/**
 * {@link RelayEngine} passes the transport's unsent bytes ({@link Wire#unsentBytes()}) to the
 * relay, which ends a connection whose peer leaves more than {@link RelayEngine#MAX_UNSENT_BYTES}
 * unread (one mechanism for every transport; the Netty wires report the channel's pending bytes).
 */
class RelayEngineUnsentBytesTest {
  static final class FakeWire implements Wire {
    final AtomicLong unsent = new AtomicLong();
    final List<String> sent = new CopyOnWriteArrayList<>();
    final CompletableFuture<Throwable> closed = new CompletableFuture<>();

    @Override
    public void send(byte[] packet) {
      sent.add(new String(packet, StandardCharsets.UTF_8));
    }

    @Override
    public void close(Throwable error) {
      closed.complete(error);
    }

    @Override
    public long unsentBytes() {
      return unsent.get();
    }
  }

  private static Ref dataspace() {
    CompletableFuture<Ref> r = new CompletableFuture<>();
    Actor.boot("ds", t -> r.complete(Dataspace.create(t)));
    return r.join();
  }

  private static void sync(RelaySession s, int oid) {
    byte[] b = ("[[0 <S #:[0 " + oid + "]>]]").getBytes(StandardCharsets.UTF_8);
    s.streamInput(b, 0, b.length);
  }

  @Test
  void theDefaultLimitIsTheRelaysDefault() {
    assertThat(RelayEngine.MAX_UNSENT_BYTES).isEqualTo(RelayOptions.DEFAULT_MAX_UNSENT_BYTES);
  }

  @Test
  void aPeerThatLeavesTooMuchUnreadIsCutOff() throws Exception {
    FakeWire w = new FakeWire();
    RelaySession s = RelayEngine.INSTANCE.start("slow-peer", dataspace(), w);
    sync(s, 1);
    waitUntil(() -> w.sent.size() == 1);
    assertThat(w.closed).isNotDone();
    w.unsent.set(RelayEngine.MAX_UNSENT_BYTES + 1); // the peer stopped reading
    sync(s, 2);
    Throwable why = w.closed.get(10, TimeUnit.SECONDS);
    assertThat(why).isNotNull();
    assertThat(why.getMessage()).contains("too slow");
  }

  @Test
  void aPeerWithinTheLimitGoesOn() throws Exception {
    FakeWire w = new FakeWire();
    RelaySession s = RelayEngine.INSTANCE.start("ok-peer", dataspace(), w);
    w.unsent.set(RelayEngine.MAX_UNSENT_BYTES); // at the limit, not over it
    for (int i = 1; i <= 5; i++) sync(s, i);
    waitUntil(() -> w.sent.size() == 5);
    assertThat(w.closed).isNotDone();
    s.inputClosed(null);
    assertThat(w.closed.get(10, TimeUnit.SECONDS)).isNull();
  }

  private static void waitUntil(java.util.function.BooleanSupplier c) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!c.getAsBoolean()) {
      if (System.nanoTime() > end) throw new AssertionError("condition not reached");
      Thread.sleep(5);
    }
  }
}
