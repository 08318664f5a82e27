package org.syndicate.preserves.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.binary.EncodingBuffer;

/**
 * JMH throughput of the binary codec, side by side with Jackson's CBOR module on the same data as
 * plain Lists/Maps (records as {@code [label, fields...]}, symbols as strings, sets as lists,
 * dictionary keys as their text, annotations left out). Two inputs:
 *
 * <ul>
 *   <li>{@code turn}: a typical Syndicate packet, a Turn of 10 assertions {@code [[oid <A
 *       <Present "alice" N> handle>] ...]} (protocol.prs Turn / TurnEvent / Assert);
 *   <li>{@code samples}: the whole sample suite {@code samples.bin} (13.9 KB; Preserves side keeps
 *       its annotations).
 * </ul>
 *
 * Not a test (Surefire ignores it). Run with {@code scripts/bench-binary.sh} (see README,
 * "Benchmarks"), or {@code java -cp <test classpath> org.syndicate.preserves.bench.BinaryBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BinaryBench {
  private static final BinaryReader.Options KEEP = BinaryReader.Options.WITH_ANNOTATIONS;
  private final ObjectMapper cbor = new ObjectMapper(new CBORFactory());
  private final BinaryWriter asIs = new BinaryWriter(BinaryWriter.Mode.AS_IS);
  private final BinaryWriter annotatedCanonical = new BinaryWriter(BinaryWriter.Mode.CANONICAL_WITH_ANNOTATIONS);
  private final EncodingBuffer buffer = new EncodingBuffer(1 << 16);

  Value turn;
  byte[] turnBytes;
  Object turnPlain;
  byte[] turnCbor;
  Value samples;
  byte[] samplesBytes;
  Object samplesPlain;
  byte[] samplesCbor;

  /** The Turn packet of 10 small assertions. */
  public static Value turnPacket() {
    List<Value> events = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Value assertion = RecordValue.of("Present", StringValue.of("alice"), SignedInteger.of(1000 + i));
      Value event = RecordValue.of("A", assertion, SignedInteger.of(i + 1));
      events.add(Sequence.of(SignedInteger.of(i % 3), event));
    }
    return Sequence.of(events);
  }

  @Setup
  public void setup() throws IOException {
    turn = turnPacket();
    turnBytes = BinaryWriter.canonical(turn);
    turnPlain = plain(turn);
    turnCbor = cbor.writeValueAsBytes(turnPlain);
    Path p = Path.of(System.getProperty("shared.dir", "../shared"), "testdata/preserves/samples.bin");
    samplesBytes = Files.readAllBytes(p);
    samples = BinaryReader.decode(samplesBytes, KEEP);
    samplesPlain = plain(samples);
    samplesCbor = cbor.writeValueAsBytes(samplesPlain);
    System.out.printf(
        "%nsizes: turn preserves=%d B cbor=%d B; samples preserves=%d B cbor=%d B%n",
        turnBytes.length, turnCbor.length, samplesBytes.length, samplesCbor.length);
  }

  /** The same data as Java collections for Jackson. */
  static Object plain(Value v) {
    return switch (v) {
      case BooleanValue b -> b.value();
      case DoubleValue d -> d.value();
      case SignedInteger i -> i.fitsLong() ? (Object) i.longValue() : i.bigValue();
      case StringValue s -> s.value();
      case ByteString b -> b.toByteArray();
      case Symbol s -> s.name();
      case RecordValue r -> {
        List<Object> l = new ArrayList<>();
        l.add(plain(r.label()));
        for (Value f : r.fields()) l.add(plain(f));
        yield l;
      }
      case Sequence s -> s.items().stream().map(BinaryBench::plain).toList();
      case SetValue s -> s.elements().stream().map(BinaryBench::plain).toList();
      case Dictionary d -> {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < d.size(); i++) m.put(d.keys().get(i).toString(), plain(d.values().get(i)));
        yield m;
      }
      case Embedded e -> List.of("embedded", plain((Value) e.payload()));
    };
  }

  @Benchmark
  public Value turnDecodePreserves() {
    return BinaryReader.decode(turnBytes);
  }

  @Benchmark
  public Object turnDecodeCbor() throws IOException {
    return cbor.readValue(turnCbor, Object.class);
  }

  @Benchmark
  public int turnEncodePreserves() {
    buffer.clear();
    asIs.write(turn, buffer);
    return buffer.length();
  }

  @Benchmark
  public byte[] turnEncodeCanonicalPreserves() {
    return BinaryWriter.canonical(turn);
  }

  @Benchmark
  public byte[] turnEncodeCbor() throws IOException {
    return cbor.writeValueAsBytes(turnPlain);
  }

  @Benchmark
  public Value samplesDecodePreserves() {
    return BinaryReader.decode(samplesBytes, KEEP);
  }

  @Benchmark
  public Value samplesDecodePreservesDroppingAnnotations() {
    return BinaryReader.decode(samplesBytes);
  }

  @Benchmark
  public Object samplesDecodeCbor() throws IOException {
    return cbor.readValue(samplesCbor, Object.class);
  }

  @Benchmark
  public int samplesEncodePreserves() {
    buffer.clear();
    annotatedCanonical.write(samples, buffer);
    return buffer.length();
  }

  @Benchmark
  public byte[] samplesEncodeCbor() throws IOException {
    return cbor.writeValueAsBytes(samplesPlain);
  }

  /** Runs this benchmark class with the settings above; extra JMH options are not parsed. */
  public static void main(String[] args) throws RunnerException {
    new Runner(new OptionsBuilder().include(BinaryBench.class.getName()).build()).run();
  }
}
