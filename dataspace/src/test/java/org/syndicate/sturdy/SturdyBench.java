package org.syndicate.sturdy;

import java.nio.charset.StandardCharsets;
import java.util.List;
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
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * JMH benchmarks of sturdy refs and attenuation. Not a test (Surefire ignores it). Run with
 * {@code scripts/bench-sturdy.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SturdyBench {
  byte[] key;
  Value oid;
  SturdyRef threeCaveats;
  Attenuation labelled;
  Attenuation alts;
  Attenuation chain;
  Value assertion;
  Value observe;

  @Setup
  public void setup() {
    key = "hello".getBytes(StandardCharsets.UTF_8);
    oid = TextReader.parse("a-service");
    List<Value> cs =
        TextReader.parseAll(
            """
            <rewrite <bind <_>> <rec labelled [<lit "alice"> <ref 0>]>>
            <reject <rec secret [<_>]>>
            <or [<rewrite <bind <rec Present [String]>> <ref 0>>
                 <rewrite <rec Observe [<bind <_>> <bind Embedded>]> <rec Observe [<ref 0> <ref 1>]>>]>
            """);
    threeCaveats = SturdyRef.mint(oid, key).attenuate(cs);
    labelled = Attenuation.of(cs.get(0));
    alts = Attenuation.of(
        TextReader.parse(
            """
            <or [<rewrite <rec a [<bind <_>>]> <ref 0>>
                 <rewrite <rec b [<bind <_>>]> <ref 0>>
                 <rewrite <rec c [<bind <_>>]> <ref 0>>
                 <rewrite <bind <rec Present [<dict {name: String, age: SignedInteger}>]>> <ref 0>>]>
            """));
    chain = Attenuation.of(cs);
    assertion = TextReader.parse("<Present {name: \"x\", age: 3, extra: [1 2 3]}>");
    observe = TextReader.parse("<Present \"x\">");
  }

  /** HMAC-BLAKE2s of the canonical encoding of a symbol oid. */
  @Benchmark
  public SturdyRef mint() {
    return SturdyRef.mint(oid, key);
  }

  /** Recompute a 3-caveat chain (4 MACs), compare in constant time, compile the caveats. */
  @Benchmark
  public Attenuation validateThreeCaveats() {
    return threeCaveats.validate(key);
  }

  /** One rewrite wrapping the value in a record. */
  @Benchmark
  public Value applyLabelled() {
    return labelled.apply(assertion);
  }

  /** A 4-way or whose last alternative matches (dictionary lookups). */
  @Benchmark
  public Value applyFourWayOr() {
    return alts.apply(assertion);
  }

  /** Three caveats right to left (or, reject, rewrite). */
  @Benchmark
  public Value applyChainOfThree() {
    return chain.apply(observe);
  }
}
