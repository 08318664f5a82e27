package org.syndicate.relay;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.text.TextReader;

/**
 * JMH benchmarks of the relay. Not a test (Surefire ignores it). Run with {@code
 * scripts/bench-relay.sh}.
 *
 * <ul>
 *   <li>{@code readBinaryTurn} / {@code readTextTurn}: cut and decode one 10-event Turn packet.
 *   <li>{@code readStream64k}: a 64 KiB stream of such packets fed in 1460-byte pieces (TCP-like).
 *   <li>{@code pairThousandMessages}: 1000 messages from a client app through a client relay, a
 *       binary in-memory pipe and a server relay into a dataspace, then a sync round trip.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RelayBench {
  byte[] binaryTurn;
  byte[] textTurn;
  byte[] stream;
  PacketReader reader;
  RelayPair pair;

  @Setup
  public void setup() {
    WirePacket p =
        WirePacket.parse(
            TextReader.parse(
                "[" + "[7 <A <Present \"alice\" {age: 42 tags: [a b c]} #\"bytes\"> 12345>] ".repeat(10) + "]"));
    binaryTurn = PacketWriter.encode(p, false);
    textTurn = PacketWriter.encode(p, true);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (out.size() < 65536) out.writeBytes(binaryTurn);
    stream = out.toByteArray();
    reader = new PacketReader(1 << 24, 512);
  }

  @Setup(Level.Iteration)
  public void startPair() {
    pair = new RelayPair(false, 1, false);
  }

  @TearDown(Level.Iteration)
  public void stopPair() {
    pair.close();
  }

  @Benchmark
  public void readBinaryTurn(Blackhole bh) {
    reader.feed(binaryTurn, 0, binaryTurn.length, bh::consume);
  }

  @Benchmark
  public void readTextTurn(Blackhole bh) {
    reader.feed(textTurn, 0, textTurn.length, bh::consume);
  }

  @Benchmark
  public void readStream64k(Blackhole bh) {
    for (int i = 0; i < stream.length; i += 1460) reader.feed(stream, i, Math.min(1460, stream.length - i), bh::consume);
  }

  @Benchmark
  public void pairThousandMessages() throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    pair.clientActor.execute(
        t -> {
          for (int i = 0; i < 1000; i++) {
            t.message(pair.remoteDs, RecordValue.of(Symbol.of("Says"), StringValue.of("bench"), SignedInteger.of(i)));
          }
        });
    pair.clientActor.execute(t -> t.sync(pair.remoteDs, k -> done.complete(null)));
    done.get(30, TimeUnit.SECONDS);
  }
}
