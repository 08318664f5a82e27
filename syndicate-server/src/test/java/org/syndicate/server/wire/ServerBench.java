package org.syndicate.server.wire;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * The whole server over loopback TCP (binary clients, the demo ref bound by a config file, as the
 * reference's benchmark config; reference note §9): a sync round trip through the dataspace, and
 * message throughput from a producer connection to an observing consumer connection (100 packets
 * of 10 {@code <Says "producer" N>} messages per invocation). Run with {@code
 * scripts/bench-server.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ServerBench {
  static final String DEMO_REF = "<ref {oid: \"syndicate\" sig: #x\"69ca300c1dbfa08fba692102dd82311a\"}>";

  /** Blocking reader of binary packets. */
  static final class Packets {
    final InputStream in;
    byte[] buf = new byte[1 << 16];
    int start;
    int end;

    Packets(InputStream in) {
      this.in = in;
    }

    Value next() throws IOException {
      while (true) {
        if (end > start) {
          try {
            var d = BinaryReader.decodePrefix(buf, start, end - start, BinaryReader.Options.DEFAULT);
            start += d.length();
            return d.value();
          } catch (EndOfInputException e) {
            // need more
          }
        }
        if (start > 0) {
          System.arraycopy(buf, start, buf, 0, end - start);
          end -= start;
          start = 0;
        }
        if (end == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) throw new IOException("closed");
        end += n;
      }
    }
  }

  static byte[] bin(String text) {
    return BinaryWriter.encode(TextReader.parse(text), BinaryWriter.Mode.CANONICAL, EmbeddedCodec.IDENTITY);
  }

  Socket producer;
  Socket consumer;
  OutputStream pOut;
  Packets pIn;
  Packets cIn;
  byte[] syncPacket;
  byte[] burst;
  static final int PACKETS = 100;
  static final int PER_PACKET = 10;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    Path dir = Files.createTempDirectory("server-bench");
    Files.writeString(
        dir.resolve("bench.pr"), "let ?root_ds = dataspace\n<bind <ref {oid: \"syndicate\" key: #x\"\"}> $root_ds #f>\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Server.start(
            new ServerOptions(List.of(port), "127.0.0.1", List.of(), List.of(dir.toString()), false, false, false, null),
            RelayEngine.INSTANCE)
        .refs()
        .get(10, TimeUnit.SECONDS);
    consumer = connect(port);
    cIn = resolve(consumer);
    consumer
        .getOutputStream()
        .write(bin("[[1 <A <Observe <group <rec Says> {0: <bind <_>> 1: <bind <_>>}> #:[0 2]> 2>]]"));
    consumer.getOutputStream().write(bin("[[1 <S #:[0 3]>]]"));
    while (!cIn.next().toString().equals("[[3 <M #t>]]")) {}
    producer = connect(port);
    pIn = resolve(producer);
    pOut = producer.getOutputStream();
    syncPacket = bin("[[1 <S #:[0 9]>]]");
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    for (int p = 0; p < PACKETS; p++) {
      StringBuilder sb = new StringBuilder("[");
      for (int i = 0; i < PER_PACKET; i++) sb.append("[1 <M <Says \"producer\" ").append(p * PER_PACKET + i).append(">>]");
      b.writeBytes(bin(sb.append("]").toString()));
    }
    burst = b.toByteArray();
  }

  static Socket connect(int port) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        Socket s = new Socket("127.0.0.1", port);
        s.setTcpNoDelay(true);
        return s;
      } catch (IOException e) {
        if (System.nanoTime() > deadline) throw e;
        Thread.sleep(50);
      }
    }
  }

  static Packets resolve(Socket s) throws Exception {
    Packets in = new Packets(s.getInputStream());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    s.getOutputStream().write(bin("[[0 <A <resolve " + DEMO_REF + " #:[0 0]> 1>]]"));
    while (!in.next().toString().startsWith("[[0 <A <ok")) {
      if (System.nanoTime() > deadline) throw new IllegalStateException("no answer");
    }
    return in;
  }

  /** One sync through the server's dataspace and back. */
  @Benchmark
  public Value syncRoundTrip() throws IOException {
    pOut.write(syncPacket);
    return pIn.next();
  }

  /** Per message: 1000 messages from the producer until the consumer has received all of them. */
  @Benchmark
  @OperationsPerInvocation(PACKETS * PER_PACKET)
  public int messagesProducerToConsumer() throws IOException {
    pOut.write(burst);
    int seen = 0;
    while (seen < PACKETS * PER_PACKET) {
      Value v = cIn.next();
      if (v instanceof Sequence turn) {
        for (Value ev : turn.items()) {
          if (ev instanceof Sequence e && e.size() == 2 && e.get(1) instanceof RecordValue r && r.isRecord("M", 1)) seen++;
        }
      }
    }
    return seen;
  }
}
