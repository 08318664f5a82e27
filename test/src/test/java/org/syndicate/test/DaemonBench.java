package org.syndicate.test;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.process.ProcessDriver;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * Benchmark program for the daemon service (issue 8 "Measure"; not a test): on an in-process
 * server with the real dependency tracker and service registry,
 *
 * <ol>
 *   <li>latency: median and p99 time from asserting {@code <require-service <daemon X>>} (with
 *       {@code <daemon X "sleep 1000">} already there) to {@code <service-state <daemon X>
 *       started>} and to {@code … ready>} (the process spawned), over many services started and
 *       stopped one at a time;
 *   <li>scale: heap, threads, RSS with N supervised {@code sleep} daemons running, the time for
 *       all to become ready, and the time to stop them all.
 * </ol>
 *
 * Run with {@code scripts/bench-daemons.sh [ITERATIONS] [N]} (defaults 300 and 1000).
 */
public final class DaemonBench {
  private static final Map<Value, Long> seen = new ConcurrentHashMap<>();
  private static Actor probe;
  private static Ref config;

  public static void main(String[] args) throws Exception {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Server server = Server.start(ServerOptions.none(), RelayEngine.INSTANCE);
    config = server.refs().get(10, TimeUnit.SECONDS).config();
    CompletableFuture<Void> up = new CompletableFuture<>();
    probe = Actor.boot("bench", t -> {
      t.preventInertCheck();
      Subscriptions.onAssertedRetracted(t, config, Patterns.rec("service-state", Patterns.bind(), Patterns.bind()),
          (t2, c) -> seen.putIfAbsent(RecordValue.of(Symbol.of("service-state"), c.get(0), c.get(1)), System.nanoTime()),
          (t2, c) -> seen.remove(RecordValue.of(Symbol.of("service-state"), c.get(0), c.get(1))));
      up.complete(null);
    });
    up.join();
    ProcessDriver driver = Server.processDriver();

    // ---- latency
    int warmup = Math.min(50, iterations / 5);
    List<Double> toStarted = new ArrayList<>();
    List<Double> toReady = new ArrayList<>();
    for (int k = 0; k < iterations + warmup; k++) {
      final int i = k;
      long spec = call(t -> t.publish(config, v("<daemon lat" + i + " \"sleep 1000\">")));
      long[] t0 = new long[1];
      long req = call(t -> {
        t0[0] = System.nanoTime();
        return t.publish(config, v("<require-service <daemon lat" + i + ">>"));
      });
      Value started = v("<service-state <daemon lat" + i + "> started>");
      Value ready = v("<service-state <daemon lat" + i + "> ready>");
      await(() -> seen.containsKey(started) && seen.containsKey(ready), 10);
      if (k >= warmup) {
        toStarted.add((seen.get(started) - t0[0]) / 1e6);
        toReady.add((seen.get(ready) - t0[0]) / 1e6);
      }
      call(t -> {
        t.retract(req);
        t.retract(spec);
        return 0L;
      });
      await(() -> !seen.containsKey(started), 10);
    }
    await(() -> driver.liveChildren() == 0, 30);
    System.out.printf("latency over %d services (after %d warm-up): require-service -> started: median %.2f ms, p99 %.2f ms;"
        + " -> ready (spawned): median %.2f ms, p99 %.2f ms%n",
        toStarted.size(), warmup, pct(toStarted, 50), pct(toStarted, 99), pct(toReady, 50), pct(toReady, 99));

    // ---- scale
    var mem = ManagementFactory.getMemoryMXBean();
    var threads = ManagementFactory.getThreadMXBean();
    gc();
    long heap0 = mem.getHeapMemoryUsage().getUsed();
    int threads0 = threads.getThreadCount();
    long rss0 = rssKb();
    long s0 = System.nanoTime();
    List<Long> handles = call(t -> {
      List<Long> hs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        hs.add(t.publish(config, v("<daemon s" + i + " [\"sleep\" \"1000\"]>")));
        hs.add(t.publish(config, v("<require-service <daemon s" + i + ">>")));
      }
      return hs;
    });
    await(() -> countReady("s") == n, 120);
    double allReady = (System.nanoTime() - s0) / 1e9;
    Thread.sleep(2000);
    gc();
    long heap1 = mem.getHeapMemoryUsage().getUsed();
    int threads1 = threads.getThreadCount();
    long rss1 = rssKb();
    System.out.printf("scale: %d sleep daemons ready in %.2f s; live children %d; heap %.1f -> %.1f MB (%.1f kB per daemon);"
        + " threads %d -> %d; RSS %.1f -> %.1f MB%n",
        n, allReady, driver.liveChildren(), heap0 / 1e6, heap1 / 1e6, (heap1 - heap0) / 1e3 / n, threads0, threads1,
        rss0 / 1e3, rss1 / 1e3);
    long st0 = System.nanoTime();
    call(t -> {
      for (long h : handles) t.retract(h);
      return 0L;
    });
    await(() -> driver.liveChildren() == 0, 120);
    System.out.printf("scale: all %d stopped (SIGTERM to each group, reaped) in %.2f s%n", n, (System.nanoTime() - st0) / 1e9);
    System.exit(0);
  }

  private static long countReady(String prefix) {
    long c = 0;
    for (Value k : seen.keySet()) {
      if (k instanceof RecordValue r && r.field(1).equals(Symbol.of("ready")) && r.field(0) instanceof RecordValue d
          && d.field(0) instanceof Symbol s && s.name().startsWith(prefix) && !s.name().startsWith("lat")) {
        c++;
      }
    }
    return c;
  }

  private static <T> T call(Function<Turn, T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    probe.execute(t -> f.complete(body.apply(t)));
    return f.join();
  }

  private static Value v(String text) {
    return TextReader.parse(text);
  }

  private static void await(BooleanSupplier cond, double seconds) throws InterruptedException {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) throw new IllegalStateException("timed out");
      Thread.sleep(0, 200_000);
    }
  }

  private static double pct(List<Double> xs, int p) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
    return s.get(Math.max(0, Math.min(i, s.size() - 1)));
  }

  private static void gc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
  }

  private static long rssKb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    } catch (Exception e) {
      return -1;
    }
    return -1;
  }
}
