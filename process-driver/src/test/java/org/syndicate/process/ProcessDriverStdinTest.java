package org.syndicate.process;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stdin pipes and raw stdout, the groundwork for children that speak the Syndicate protocol. */
class ProcessDriverStdinTest {
    static ProcessDriver driver;

    @BeforeAll
    static void start() throws Exception {
        driver = ProcessDriver.start();
    }

    @AfterAll
    static void stop() {
        driver.close();
    }

    /** Collects raw stdout chunks. */
    static final class RawRecorder extends Recorder {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

        @Override
        public synchronized void onStdout(ChildProcess child, byte[] chunk) {
            stdout.writeBytes(chunk);
        }

        synchronized byte[] bytes() {
            return stdout.toByteArray();
        }
    }

    @Test
    void bytesWrittenToStdinComeBackThroughCat() throws Exception {
        RawRecorder r = new RawRecorder();
        ChildProcess c = driver.spawn(LaunchSpec.command("cat").stdinPipe(true).rawStdout(true).build(), r);
        c.writeStdin("hello\nno newline".getBytes());
        c.closeStdin();
        assertThat(r.awaitExit()).isEqualTo(new ExitStatus.Exited(0));
        assertThat(new String(r.bytes())).isEqualTo("hello\nno newline");
        assertThat(r.lines).as("raw stdout is not cut into lines").isEmpty();
    }

    @Test
    void megabytesLargerThanThePipeAreWrittenAsItDrains() throws Exception {
        byte[] data = new byte[5 << 20];
        long seed = System.nanoTime();
        new SplittableRandom(seed).nextBytes(data);
        RawRecorder r = new RawRecorder();
        ChildProcess c = driver.spawn(LaunchSpec.command("cat").stdinPipe(true).rawStdout(true).build(), r);
        for (int off = 0; off < data.length; off += 100_000) {
            c.writeStdin(Arrays.copyOfRange(data, off, Math.min(data.length, off + 100_000)));
        }
        c.closeStdin();
        assertThat(r.awaitExit()).isEqualTo(new ExitStatus.Exited(0));
        assertThat(r.bytes()).as("seed " + seed).isEqualTo(data);
        assertThat(c.stdinQueuedBytes()).isZero();
    }

    @Test
    void writingToAChildThatClosedItsStdinDropsTheBytes() throws Exception {
        Recorder r = new Recorder();
        ChildProcess c = driver.spawn(LaunchSpec.shell("exec 0<&-; echo closed; sleep 0.3; echo done")
                .stdinPipe(true).build(), r);
        ProcessDriverTest.awaitLine(r, "closed\n");
        c.writeStdin(new byte[1 << 20]);
        assertThat(r.awaitExit()).isEqualTo(new ExitStatus.Exited(0));
        assertThat(r.text(StdStream.STDOUT)).containsExactly("closed\n", "done\n");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (c.stdinQueuedBytes() != 0 && System.nanoTime() < deadline) Thread.sleep(5);
        assertThat(c.stdinQueuedBytes()).isZero();
    }

    @Test
    void withoutAStdinPipeStdinIsDevNullAndWritingIsRefused() throws Exception {
        Recorder r = new Recorder();
        ChildProcess c = driver.spawn(LaunchSpec.command("cat").build(), r);
        assertThat(r.awaitExit()).isEqualTo(new ExitStatus.Exited(0));
        assertThatThrownBy(() -> c.writeStdin(new byte[1])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without a stdin pipe");
    }
}
