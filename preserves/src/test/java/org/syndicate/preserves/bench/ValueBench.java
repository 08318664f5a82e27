package org.syndicate.preserves.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;

/**
 * JMH average time of {@link Value#equals}, {@link Value#compareTo} and {@link Value#hashCode} on
 * two equal but separately built values (so no identity shortcut):
 *
 * <ul>
 *   <li>{@code turn*}: the Turn packet of {@link BinaryBench#turnPacket()} (depth 5, 10 events);
 *   <li>{@code samples*}: samples.bin decoded twice, annotations kept (13.9 KB);
 *   <li>{@code deep*}: 1,000 nested one-element sequences around an integer (deeper than the
 *       recursion budget, so it measures the explicit-stack path; the old recursive code still
 *       managed this depth);
 *   <li>{@code turnBuildAndHash}: builds a fresh Turn packet and hashes it (hashes are cached in
 *       compound values, so only a fresh value measures the computation).
 * </ul>
 *
 * Not a test (Surefire ignores it). Run with {@code scripts/bench-value.sh} (extra args go to JMH,
 * e.g. {@code -wi 2 -w 1 -i 3 -r 1 -f 1}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ValueBench {
  Value turnA;
  Value turnB;
  Value samplesA;
  Value samplesB;
  Value deepA;
  Value deepB;

  static Value deep(int depth) {
    Value v = SignedInteger.of(7);
    for (int i = 0; i < depth; i++) v = Sequence.of(v);
    return v;
  }

  @Setup
  public void setup() throws IOException {
    turnA = BinaryBench.turnPacket();
    turnB = BinaryBench.turnPacket();
    Path p = Path.of(System.getProperty("shared.dir", "../shared"), "testdata/preserves/samples.bin");
    byte[] bytes = Files.readAllBytes(p);
    samplesA = BinaryReader.decode(bytes, BinaryReader.Options.WITH_ANNOTATIONS);
    samplesB = BinaryReader.decode(bytes, BinaryReader.Options.WITH_ANNOTATIONS);
    deepA = deep(1000);
    deepB = deep(1000);
    if (!turnA.equals(turnB) || !samplesA.equals(samplesB) || !deepA.equals(deepB)) {
      throw new IllegalStateException("benchmark inputs differ");
    }
  }

  @Benchmark
  public boolean turnEquals() {
    return turnA.equals(turnB);
  }

  @Benchmark
  public int turnCompare() {
    return turnA.compareTo(turnB);
  }

  @Benchmark
  public int turnBuildAndHash() {
    return BinaryBench.turnPacket().hashCode();
  }

  @Benchmark
  public boolean samplesEquals() {
    return samplesA.equals(samplesB);
  }

  @Benchmark
  public int samplesCompare() {
    return samplesA.compareTo(samplesB);
  }

  @Benchmark
  public boolean samplesEqualsWithAnnotations() {
    return samplesA.equalsWithAnnotations(samplesB);
  }

  @Benchmark
  public boolean deepEquals() {
    return deepA.equals(deepB);
  }

  @Benchmark
  public int deepCompare() {
    return deepA.compareTo(deepB);
  }
}
