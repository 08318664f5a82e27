package org.syndicate.server.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH benchmarks of the config watcher with real files and a real dataspace. Not a test (Surefire
 * ignores it). Run with {@code scripts/bench-watcher.sh}.
 *
 * <ul>
 *   <li>{@code editToAssertion}: an edit (atomic rename of a new version) until the new
 *       assertion is seen by an observer in {@code $config}: watch event, debounce (the quiet
 *       period is the parameter), read, compile, apply, dataspace delivery.
 *   <li>{@code initialScan}: a watcher over 200 files in 20 directories, from start until ready
 *       and every file's assertion is seen.
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 4, time = 2)
@Fork(1)
public class ConfigWatcherBench {
  /** A watcher over one file, edited by each invocation. */
  @State(Scope.Benchmark)
  public static class Editing {
    @Param({"0", "50"})
    public int quietMs;

    Path dir;
    Path file;
    WatcherHarness h;
    int n;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      dir = Files.createTempDirectory("watcher-bench").toRealPath();
      file = dir.resolve("a.pr");
      Files.writeString(file, "<n 0>");
      h = new WatcherHarness();
      h.startWatcher(
          dir,
          ConfigWatcher.Options.DEFAULT.withDebounce(Duration.ofMillis(quietMs), Duration.ofMillis(Math.max(150, quietMs))));
      h.ready.get(20, TimeUnit.SECONDS);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      h.close();
      delete(dir);
    }
  }

  /** A tree of 200 files. */
  @State(Scope.Benchmark)
  public static class Tree {
    Path dir;

    @Setup(Level.Trial)
    public void setup() throws Exception {
      dir = Files.createTempDirectory("watcher-bench-tree").toRealPath();
      for (int d = 0; d < 20; d++) {
        Path sub = Files.createDirectory(dir.resolve("d" + d));
        for (int f = 0; f < 10; f++) {
          Files.writeString(
              sub.resolve("f" + f + ".pr"),
              "# file " + f + "\n<require-service <daemon s" + d + "-" + f + ">>\n? <x ?v> <y $v " + f + ">\n<file " + d + " " + f + ">\n");
        }
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
      delete(dir);
    }
  }

  @Benchmark
  public void editToAssertion(Editing s) throws Exception {
    int n = ++s.n;
    String text = "<n " + n + ">";
    WatcherHarness.writeAtomically(s.file, text);
    s.h.await(text, () -> s.h.has(text));
  }

  @Benchmark
  @Warmup(iterations = 2, time = 3)
  @Measurement(iterations = 3, time = 3)
  public void initialScan(Tree tree) throws Exception {
    try (WatcherHarness h = new WatcherHarness()) {
      h.startWatcher(tree.dir);
      h.ready.get(60, TimeUnit.SECONDS);
      h.await("all files", () -> h.live().size() == 1 + 2 * 200);
    }
  }

  static void delete(Path dir) throws Exception {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
    }
  }
}
