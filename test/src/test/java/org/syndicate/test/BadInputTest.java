package org.syndicate.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad input over real sockets (issue 6): garbage, half a packet then close, a slowloris client,
 * and 10 000 connections opened and dropped. After each, a well-behaved client still resolves
 * the demo ref and gets a sync answer; after the flood, the heap (used, after GC, measured with
 * {@link MemoryMXBean}) returns to near its baseline. A resource check, not a timing one.
 */
class BadInputTest {
  static final String RESOLVE =
      "[[0 <A <resolve <ref {oid: \"syndicate\" sig: #x\"69ca300c1dbfa08fba692102dd82311a\"}> #:[0 0]> 1>]]\n";
  static TestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = TestServer.start();
    goodClientWorks(); // and the config is loaded
  }

  /** Resolves, asserts an observer, syncs; fails if any answer is missing within 10 s. */
  static void goodClientWorks() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", server.port)) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(RESOLVE.getBytes(StandardCharsets.UTF_8));
        out.flush();
        assertThat(readUntil(s.getInputStream(), "<ok #:[0 1]>")).startsWith("[[0 <A <ok #:[0 1]>");
        out.write("[[1 <S #:[0 5]>]]\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        readUntil(s.getInputStream(), "[[5 <M #t>]]");
        return;
      } catch (IOException | AssertionError e) {
        if (System.nanoTime() > deadline) throw new AssertionError("good client failed", e);
        Thread.sleep(100);
      }
    }
  }

  static String readUntil(InputStream in, String marker) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!b.toString(StandardCharsets.UTF_8).contains(marker)) {
      int n = in.read(buf);
      if (n < 0) throw new AssertionError("closed before " + marker + "; got " + b.toString(StandardCharsets.UTF_8));
      b.write(buf, 0, n);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  static boolean closedByServer(Socket s) throws IOException {
    s.setSoTimeout(10_000);
    InputStream in = s.getInputStream();
    byte[] buf = new byte[4096];
    try {
      while (true) {
        if (in.read(buf) < 0) return true;
      }
    } catch (java.net.SocketException reset) {
      return true;
    } catch (java.net.SocketTimeoutException e) {
      return false;
    }
  }

  @Test
  void garbageClosesOnlyThatConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port)) {
      s.getOutputStream().write(new byte[] {(byte) 0xb5, (byte) 0xff, (byte) 0xfe, 0x01, 0x02, (byte) 0x99});
      assertThat(closedByServer(s)).isTrue();
    }
    try (Socket s = new Socket("127.0.0.1", server.port)) {
      s.getOutputStream().write("[[0 <A <unbalanced> 1>]]]]]]\n<<<<".getBytes(StandardCharsets.UTF_8));
      assertThat(closedByServer(s)).isTrue();
    }
    goodClientWorks();
  }

  @Test
  void halfAPacketThenClose() throws Exception {
    byte[] packet = RESOLVE.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < 20; i++) {
      try (Socket s = new Socket("127.0.0.1", server.port)) {
        s.getOutputStream().write(packet, 0, packet.length / 2);
        s.getOutputStream().flush();
      }
    }
    goodClientWorks();
  }

  @Test
  void slowlorisDoesNotHoldUpOthers() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", server.port)) {
      OutputStream out = slow.getOutputStream();
      byte[] packet = RESOLVE.getBytes(StandardCharsets.UTF_8);
      out.write(packet, 0, 1);
      out.flush();
      for (int i = 1; i < 30; i++) {
        out.write(packet[i]);
        out.flush();
        if (i % 10 == 0) goodClientWorks(); // served while the slow packet is still incomplete
        Thread.sleep(20);
      }
      // a huge announced binary length is refused at once instead of being buffered
      try (Socket liar = new Socket("127.0.0.1", server.port)) {
        liar.getOutputStream().write(new byte[] {(byte) 0xb5, (byte) 0xb2, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
        assertThat(closedByServer(liar)).isTrue();
      }
    }
    goodClientWorks();
  }

  @Test
  void aConsumerThatNeverReadsIsCutOffAndMemoryStaysBounded() throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long baseline = usedHeapAfterGc(mem);
    try (Socket consumer = new Socket()) {
      consumer.setReceiveBufferSize(64 * 1024);
      consumer.connect(new java.net.InetSocketAddress("127.0.0.1", server.port));
      consumer.setSoTimeout(10_000);
      OutputStream cOut = consumer.getOutputStream();
      cOut.write(RESOLVE.getBytes(StandardCharsets.UTF_8));
      cOut.flush();
      readUntil(consumer.getInputStream(), "<ok #:[0 1]>");
      cOut.write("[[1 <A <Observe <group <rec Flood> {0: <bind <_>>}> #:[0 2]> 2>]]\n".getBytes(StandardCharsets.UTF_8));
      cOut.write("[[1 <S #:[0 3]>]]\n".getBytes(StandardCharsets.UTF_8));
      cOut.flush();
      readUntil(consumer.getInputStream(), "[[3 <M #t>]]");
      // the consumer stops reading; a producer sends 160 MB of messages it observes
      try (Socket producer = new Socket("127.0.0.1", server.port)) {
        producer.setSoTimeout(10_000);
        OutputStream pOut = producer.getOutputStream();
        pOut.write(RESOLVE.getBytes(StandardCharsets.UTF_8));
        pOut.flush();
        readUntil(producer.getInputStream(), "<ok #:[0 1]>");
        String blob = "#x\"" + "00".repeat(4096) + "\"";
        StringBuilder turn = new StringBuilder("[");
        for (int i = 0; i < 10; i++) turn.append("[1 <M <Flood ").append(blob).append(">>]");
        byte[] packet = turn.append("]\n").toString().getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2_000; i++) pOut.write(packet); // 2000 × 10 × ~8 kB (text hex) of events
        pOut.write("[[1 <S #:[0 4]>]]\n".getBytes(StandardCharsets.UTF_8));
        pOut.flush();
        readUntil(producer.getInputStream(), "[[4 <M #t>]]"); // the producer was served throughout
      }
      // the server gave up on the consumer: after what was already in flight, end of stream
      consumer.setSoTimeout(30_000);
      assertThat(closedByServer(consumer)).isTrue();
    }
    goodClientWorks();
    long limit = baseline + 16L * 1024 * 1024;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long used;
    while ((used = usedHeapAfterGc(mem)) > limit && System.nanoTime() < deadline) Thread.sleep(500);
    System.out.printf("heap after GC: baseline %,d bytes, after the flood %,d bytes%n", baseline, used);
    assertThat(used).isLessThanOrEqualTo(limit);
  }

  static long usedHeapAfterGc(MemoryMXBean mem) throws InterruptedException {
    long best = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
      best = Math.min(best, mem.getHeapMemoryUsage().getUsed());
    }
    return best;
  }

  @Test
  void tenThousandConnectionsOpenedAndDroppedLeaveNoTrace() throws Exception {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    goodClientWorks();
    long baseline = usedHeapAfterGc(mem);
    byte[] resolve = RESOLVE.getBytes(StandardCharsets.UTF_8);
    int total = 10_000;
    AtomicInteger opened = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<Future<?>> jobs = new ArrayList<>();
    for (int w = 0; w < 16; w++) {
      int worker = w;
      jobs.add(
          pool.submit(
              () -> {
                for (int i = worker; i < total; i += 16) {
                  try (Socket s = new Socket("127.0.0.1", server.port)) {
                    if (i % 2 == 0) s.setSoLinger(true, 0); // half of them reset instead of closing
                    switch (i % 3) {
                      case 0 -> {} // opened and dropped without a byte
                      case 1 -> s.getOutputStream().write(resolve); // a resolve, then gone
                      default -> s.getOutputStream().write(resolve, 0, 7); // half a packet
                    }
                    opened.incrementAndGet();
                  } catch (IOException e) {
                    throw new RuntimeException("connection " + i, e);
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : jobs) f.get(5, TimeUnit.MINUTES);
    pool.shutdown();
    assertThat(opened.get()).isEqualTo(total);
    goodClientWorks();
    // every connection's relay actor and buffers must go: the heap returns near its baseline
    long limit = baseline + 16L * 1024 * 1024;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    long used;
    while ((used = usedHeapAfterGc(mem)) > limit && System.nanoTime() < deadline) Thread.sleep(500);
    System.out.printf("heap after GC: baseline %,d bytes, after 10k connections %,d bytes%n", baseline, used);
    // and no relay connection outlives its socket
    long relaysDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (org.syndicate.server.transport.RelayEngine.INSTANCE.liveRelays().size() > 0 && System.nanoTime() < relaysDeadline) {
      Thread.sleep(50);
    }
    assertThat(org.syndicate.server.transport.RelayEngine.INSTANCE.liveRelays()).isEmpty();
    assertThat(used).as("heap after GC vs baseline %,d", baseline).isLessThanOrEqualTo(limit);
  }
}
