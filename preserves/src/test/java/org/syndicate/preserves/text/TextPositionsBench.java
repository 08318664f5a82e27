package org.syndicate.preserves.text;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.syndicate.preserves.Value;

/**
 * JMH average time of reading a big many-line document (records of a few atoms, one per line,
 * grouped 50 to a sequence) with and without {@link TextReader#recordPositions} (the schema
 * compiler's mode). Linear position tracking keeps {@code withPositions / withoutPositions} about
 * constant as {@code chars} grows; a quadratic one makes it grow with the size. Default sizes
 * 100,000 and 400,000 chars; add {@code -p chars=10000000} for a 10 MB document.
 *
 * <p>Not a test (Surefire ignores it). Run with {@code scripts/bench-text.sh TextPositionsBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TextPositionsBench {
  /** Approximate document size in chars. */
  @Param({"100000", "400000"})
  public int chars;

  String document;
  int reported;

  /** A document of about {@code chars} chars, one record per line. */
  static String document(int chars) {
    StringBuilder sb = new StringBuilder(chars + 200);
    for (int i = 0; sb.length() < chars; i++) {
      if (i % 50 == 0) sb.append("[\n");
      sb.append("  <item ").append(i).append(" \"line ").append(i).append(" of the document\" [a b c]>\n");
      if (i % 50 == 49) sb.append("]\n");
    }
    return sb.append("]\n").toString();
  }

  @Setup
  public void setup() {
    document = document(chars);
  }

  @Benchmark
  public int withPositions() {
    TextReader r = new TextReader(document).recordPositions((v, p) -> reported += p.line());
    int n = 0;
    while (r.next() != null) n++;
    return n + reported;
  }

  @Benchmark
  public int withoutPositions() {
    TextReader r = new TextReader(document);
    int n = 0;
    Value v;
    while ((v = r.next()) != null) n += v.hashCode() & 1;
    return n;
  }
}
