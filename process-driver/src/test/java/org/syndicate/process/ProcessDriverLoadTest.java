package org.syndicate.process;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Resource assertions (never timing ones): a 100 MB flood through a slow consumer stays within a
 * bounded buffer and loses no line; 200 concurrent children cost a bounded number of threads.
 */
class ProcessDriverLoadTest {
    static ProcessDriver driver;

    @BeforeAll
    static void start() throws Exception {
        driver = ProcessDriver.start();
    }

    @AfterAll
    static void stop() {
        driver.close();
    }

    /**
     * 1,000,000 lines of 100 bytes. The consumer hands lines to another thread through a queue and
     * pauses the child's output while more than 1 MiB is queued; the queue never holds more than
     * that bound plus what one read can deliver after the pause, and every line arrives.
     */
    @Test
    void hundredMegabytesWithASlowConsumerStayBoundedAndLoseNothing() throws Exception {
        final long pauseAbove = 1 << 20;
        final long resumeBelow = 256 << 10;
        AtomicLong queuedBytes = new AtomicLong();
        AtomicLong maxQueuedBytes = new AtomicLong();
        AtomicInteger pauses = new AtomicInteger();
        BlockingQueue<OutputLine> queue = new ArrayBlockingQueue<>(2_000_000);
        Object pauseLock = new Object();
        boolean[] paused = {false};
        Recorder exits = new Recorder();

        ProcessListener listener = new ProcessListener() {
            @Override
            public void onLine(ChildProcess child, OutputLine line) {
                queue.add(line);
                long q = queuedBytes.addAndGet(line.bytes().length);
                maxQueuedBytes.accumulateAndGet(q, Math::max);
                synchronized (pauseLock) {
                    if (q > pauseAbove && !paused[0]) {
                        paused[0] = true;
                        pauses.incrementAndGet();
                        child.pauseOutput();
                    }
                }
            }

            @Override
            public void onExit(ChildProcess child, ExitStatus status) {
                exits.onExit(child, status);
            }
        };
        ChildProcess child = driver.spawn(LaunchSpec.shell(
                "yes $(printf '%099d' 7) | head -c 100000000").build(), listener);

        long lines = 0;
        long bytes = 0;
        boolean badLine = false;
        while (!(exits.exit.isDone() && queue.isEmpty())) {
            OutputLine l = queue.poll(10, TimeUnit.MILLISECONDS);
            if (l == null) continue;
            lines++;
            bytes += l.bytes().length;
            if (l.bytes().length != 100 || !l.endsWithNewline()) badLine = true;
            long q = queuedBytes.addAndGet(-l.bytes().length);
            if (lines % 1000 == 0) Thread.sleep(1); // a consumer slower than the producer
            synchronized (pauseLock) {
                if (paused[0] && q < resumeBelow) {
                    paused[0] = false;
                    child.resumeOutput();
                }
            }
        }
        assertThat(exits.awaitExit()).isEqualTo(new ExitStatus.Exited(0));
        assertThat(lines).isEqualTo(1_000_000);
        assertThat(bytes).isEqualTo(100_000_000);
        assertThat(badLine).isFalse();
        assertThat(pauses.get()).as("the slow consumer did pause the child").isPositive();
        long slack = 64 * 1024 + driver.options().maxLineBytes();
        assertThat(maxQueuedBytes.get()).as("queued bytes stay bounded").isLessThanOrEqualTo(pauseAbove + slack);
        System.out.printf("flood: %d lines, %d pauses, max queued %d bytes%n", lines, pauses.get(), maxQueuedBytes.get());
    }

    @Test
    void twoHundredChildrenCostFewThreads() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // warm up: the loop thread and FFM/Netty internals exist before we measure
        new Recorder().awaitExitOf(driver, LaunchSpec.shell("true").build());
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();

        List<Recorder> recs = new ArrayList<>();
        List<ChildProcess> kids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Recorder r = new Recorder();
            kids.add(driver.spawn(LaunchSpec.shell("echo a; sleep 0.5; echo b; echo c >&2").build(), r));
            recs.add(r);
        }
        int lines = 0;
        for (Recorder r : recs) {
            assertThat(r.awaitExit()).isEqualTo(new ExitStatus.Exited(0));
            lines += r.lines.size();
        }
        int peak = threads.getPeakThreadCount();
        System.out.printf("200 children: threads before %d, peak %d%n", before, peak);
        assertThat(lines).isEqualTo(600);
        assertThat(peak - before).as("thread growth for 200 children").isLessThan(20);
        assertThat(driver.liveChildren()).isZero();
    }
}
