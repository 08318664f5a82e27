package org.syndicate.preserves.text;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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

/**
 * JMH benchmarks of the text syntax over samples.pr (~14 KB, 186 cases, annotations kept). Not a
 * test (Surefire ignores it). Run with {@code scripts/bench-text.sh}, which does:
 * {@code java -cp <test classpath> -Dshared.dir=../shared org.openjdk.jmh.Main TextBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextBench {
  String samples;
  Value samplesValue;
  String compact;
  Value nestedBig;

  @Setup
  public void setup() throws IOException {
    Path p = Path.of(System.getProperty("shared.dir", "../shared"), "testdata/preserves/samples.pr");
    samples = Files.readString(p, StandardCharsets.UTF_8);
    samplesValue = TextReader.parse(samples);
    compact = TextWriter.toText(samplesValue);
    nestedBig = SignedInteger.of(java.math.BigInteger.ONE.shiftLeft(100_000));
    for (int i = 0; i < 10; i++) nestedBig = Sequence.of(nestedBig);
  }

  /** Parse samples.pr (comments, all atom spellings), annotations kept. */
  @Benchmark
  public Value parseSamples() {
    return TextReader.parse(samples);
  }

  /** Parse the compact printed form, annotations dropped. */
  @Benchmark
  public Value parseCompactDroppingAnnotations() {
    return TextReader.parse(compact, TextReader.Options.DEFAULT.withKeepAnnotations(false));
  }

  /** Print the samples value compactly with annotations. */
  @Benchmark
  public String writeCompact() {
    return TextWriter.toText(samplesValue, TextWriter.Options.DEFAULT);
  }

  /** Print the samples value indented. */
  @Benchmark
  public String writeIndented() {
    return TextWriter.toText(samplesValue, TextWriter.Options.DEFAULT.withIndent(2));
  }

  /**
   * Print indented a 30,103-digit integer inside 10 nested sequences: one-line trials that cannot
   * fit must not convert the integer to decimal (superlinear) again at every level.
   */
  @Benchmark
  public String writeIndentedNestedBigInteger() {
    return TextWriter.toText(nestedBig, TextWriter.Options.DEFAULT.withIndent(2));
  }
}
