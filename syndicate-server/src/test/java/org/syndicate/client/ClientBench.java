package org.syndicate.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * JMH benchmarks of the client side of {@code bin/syndicate} against a server in the same JVM,
 * over a real unix socket whose OID 0 is {@code $config} (what the shipped config offers). Not a
 * test (Surefire ignores it). Run with {@code scripts/bench-client.sh}.
 *
 * <ul>
 *   <li>{@code connectSyncClose}: what every command pays besides JVM start-up: connect, start a
 *       relay, one sync round trip, close;
 *   <li>{@code servicesTable}: the {@code services} command's work on an open connection over 20
 *       services: five observers, two syncs, render the table;
 *   <li>{@code messageSync}: one message and a sync on an open connection.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ClientBench {
  /** A server with 20 milestone services and one open client connection. */
  @State(Scope.Benchmark)
  public static class Bus {
    Route route;
    ClientConnection conn;
    int n;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      Path dir = Files.createTempDirectory("client-bench");
      Path sock = dir.resolve("s.sock");
      StringBuilder cfg = new StringBuilder();
      cfg.append("<require-service <relay-listener <unix \"").append(sock).append("\"> $config>>\n");
      cfg.append("? <run-service <milestone ?m>> [ <service-state <milestone $m> started> <service-state <milestone $m> ready> ]\n");
      for (int i = 0; i < 20; i++) cfg.append("<require-service <milestone m").append(i).append(">>\n");
      Path c = Files.createDirectories(dir.resolve("cfg"));
      Files.writeString(c.resolve("bench.pr"), cfg);
      Server.start(new ServerOptions(List.of(), "127.0.0.1", List.of(), List.of(c.toString()), false, false, false, null), RelayEngine.INSTANCE)
          .refs()
          .get(10, TimeUnit.SECONDS);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!Files.exists(sock)) {
        if (System.nanoTime() > deadline) throw new IllegalStateException("no socket");
        Thread.sleep(20);
      }
      route = Route.parse("<route [<unix \"" + sock + "\">]>");
      conn = ClientConnection.open(route, Duration.ofSeconds(10));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      conn.close();
    }
  }

  /** @return completes after connect, one sync, close. */
  @Benchmark
  public Object connectSyncClose(Bus b) {
    try (ClientConnection c = ClientConnection.open(b.route, Duration.ofSeconds(10))) {
      c.sync(Duration.ofSeconds(10));
      return c;
    }
  }

  /** @return the rendered table. */
  @Benchmark
  public String servicesTable(Bus b) {
    return ServicesQuery.table(b.conn, Duration.ofSeconds(10));
  }

  /** @return the connection, after message + sync. */
  @Benchmark
  public Object messageSync(Bus b) {
    b.conn.run(t -> t.message(b.conn.target(), RecordValue.of("bench", SignedInteger.of(b.n++))));
    b.conn.sync(Duration.ofSeconds(10));
    return b.conn;
  }
}
