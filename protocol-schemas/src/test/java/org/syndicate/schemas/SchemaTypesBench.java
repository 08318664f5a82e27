package org.syndicate.schemas;

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
import org.syndicate.schemas.externalservices.DaemonProcess;
import org.syndicate.schemas.protocol.Packet;

/**
 * JMH: parse and unparse of generated types on typical inputs (a three-event Turn whose events
 * exercise ordered choice; an Observe turn; a full daemon spec, an intersection of dictionary
 * patterns). Run with scripts/bench-schemas.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SchemaTypesBench {
  Value turn;
  Value observe;
  Value daemon;
  Packet turnPacket;

  @Setup
  public void setup() {
    turn = TextReader.parse("[[7 <A <Present \"alice\"> 2>] [7 <M <Says \"alice\" \"hi\">>] [7 <R 2>]]");
    observe = TextReader.parse("[[7 <A <Observe <group <rec Says> {0: <bind <_>> 1: <bind <_>>}> #:[0 2]> 1>]]");
    daemon = TextReader.parse("<daemon web {argv: [\"httpd\" \"-f\"] env: {PORT: \"80\"} dir: \"/srv\" restart: on-error readyOnStart: #f}>");
    turnPacket = Packet.parse(turn);
  }

  @Benchmark
  public Object parseTurnOfThreeEvents() {
    return Packet.parse(turn);
  }

  @Benchmark
  public Object parseObserveTurn() {
    return Packet.parse(observe);
  }

  @Benchmark
  public Object parseFullDaemonSpec() {
    return DaemonProcess.parse(daemon);
  }

  @Benchmark
  public Object unparseTurnOfThreeEvents() {
    return turnPacket.unparse();
  }
}
