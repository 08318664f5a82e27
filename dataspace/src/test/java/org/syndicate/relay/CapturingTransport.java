package org.syndicate.relay;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.syndicate.preserves.Value;

/** Test transport: records every packet a relay sends (decoded) and how it was closed. */
class CapturingTransport implements RelayTransport {
  final List<byte[]> raw = new ArrayList<>();
  final List<Value> packets = new ArrayList<>();
  final CompletableFuture<Throwable> closed = new CompletableFuture<>();
  volatile boolean paused;
  private final PacketReader reader = new PacketReader(1 << 24, 512);

  @Override
  public synchronized void send(byte[] packet) {
    raw.add(packet);
    reader.feed(packet, 0, packet.length, d -> packets.add(d.packet().toValue()));
    notifyAll();
  }

  @Override
  public void close(Throwable error) {
    if (!closed.complete(error)) throw new AssertionError("close called twice");
  }

  @Override
  public void setReadPaused(boolean p) {
    paused = p;
  }

  synchronized List<Value> packets() {
    return List.copyOf(packets);
  }

  synchronized List<byte[]> raw() {
    return List.copyOf(raw);
  }

  /** Waits until the decoded packets satisfy {@code p}. */
  synchronized List<Value> await(Predicate<List<Value>> p) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!p.test(packets)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) throw new AssertionError("condition not reached; packets = " + packets);
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return List.copyOf(packets);
  }

  Throwable awaitClosed() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("transport not closed; packets = " + packets(), e);
    }
  }
}
