package org.syndicate.process;

import java.nio.charset.StandardCharsets;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Process-driver speed (run with {@code scripts/bench-procs.sh}; never asserted in tests):
 * <ul>
 *   <li>{@code spawnToExit}: spawn {@code /bin/true} and wait until its exit is published (pidfd
 *       wakeup, waitpid, pipes drained), against {@code processBuilderToExit}, the JDK's own;</li>
 *   <li>{@code spawnEchoToLine}: spawn {@code echo hi} until its line and exit are delivered;</li>
 *   <li>{@code assembleLines}: cutting 1 MiB of 100-byte lines (pure Java, bytes/op = 1 MiB).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class SpawnBench {
    ProcessDriver driver;
    byte[] mebibyte;
    final LaunchSpec trueSpec = LaunchSpec.command("/bin/true").build();
    final LaunchSpec echoSpec = LaunchSpec.command("/bin/echo", "hi").build();

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        driver = ProcessDriver.start();
        StringBuilder sb = new StringBuilder();
        while (sb.length() < (1 << 20)) sb.append("x".repeat(99)).append('\n');
        mebibyte = sb.substring(0, 1 << 20).getBytes(StandardCharsets.US_ASCII);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        driver.close();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public ExitStatus spawnToExit() throws Exception {
        return driver.spawn(trueSpec, new ProcessListener() {}).exitFuture().get(10, TimeUnit.SECONDS);
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int processBuilderToExit() throws Exception {
        return new ProcessBuilder("/bin/true").start().waitFor();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int spawnEchoToLine(Blackhole bh) throws Exception {
        int[] lines = {0};
        driver.spawn(echoSpec, new ProcessListener() {
            @Override
            public void onLine(ChildProcess child, OutputLine line) {
                lines[0]++;
                bh.consume(line);
            }
        }).exitFuture().get(10, TimeUnit.SECONDS);
        return lines[0];
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void assembleLines(Blackhole bh) {
        LineAssembler a = new LineAssembler(StdStream.STDOUT, 64 * 1024, bh::consume);
        a.feed(mebibyte, 0, mebibyte.length);
        a.finish();
    }
}
