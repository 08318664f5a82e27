package org.syndicate.server.script;

import java.nio.file.Path;
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
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * JMH benchmarks of the config-script compiler: reading and compiling a synit-style file (text to
 * instruction tree), and instantiating a pattern and a template. Not a test (Surefire ignores it).
 * Run with {@code scripts/bench-script.sh}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ScriptBench {
  /** About 100 lines in the style of synit's boot configuration. */
  static final String CONFIG;

  static {
    StringBuilder sb = new StringBuilder("# boot layer\nlet ?root = dataspace\n");
    for (int i = 0; i < 20; i++) {
      sb.append("# service ").append(i).append('\n');
      sb.append("<require-service <daemon svc").append(i).append(">>\n");
      sb.append("<daemon svc").append(i).append(" {argv: [\"/usr/bin/svc").append(i)
          .append("\" \"--port\" \"").append(8000 + i).append("\"] readyOnStart: #f}>\n");
      sb.append("<depends-on <daemon svc").append(i).append("> <service-state <milestone core> ready>>\n");
      sb.append("? <service-object <daemon svc").append(i).append("> ?obj> [ $obj += <config $config> ]\n");
    }
    sb.append("? <run-service <milestone ?m>> [ <service-state <milestone $m> started> <service-state <milestone $m> ready> ]\n");
    sb.append("let ?cfg = <* $config [<rewrite <require-service ?s> <depends-on <milestone core> <service-state $s up>>>]>\n");
    CONFIG = sb.toString();
  }

  CompiledPattern pattern;
  Template template;
  Env env;

  @Setup
  public void setup() {
    pattern = CompiledPattern.compile(TextReader.parse("<service-object <daemon ?name> {k: ?v, x: $x}>"), SourceMap.none(), null);
    template = Template.compile(TextReader.parse("<depends-on <daemon $x> <service-state <milestone $m> ready>>"), SourceMap.none(), null);
    env = Env.of(null, Map.of("x", Symbol.of("svc"), "m", Symbol.of("core"), "config", Embedded.of(Symbol.of("ref"))), Env.NO_ATTENUATION);
  }

  /** Text of ~100 lines to instruction tree. */
  @Benchmark
  public CompiledScript loadConfig() {
    return Script.load(Path.of("/etc/syndicate/boot/010-services.pr"), CONFIG);
  }

  /** A script pattern to a dataspace pattern value. */
  @Benchmark
  public Value instantiatePattern() {
    return pattern.instantiate(env).toValue();
  }

  /** A template with variables to a value. */
  @Benchmark
  public Value instantiateTemplate() {
    return template.instantiate(env);
  }
}
