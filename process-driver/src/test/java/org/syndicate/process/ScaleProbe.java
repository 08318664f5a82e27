package org.syndicate.process;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Resource probe (a program, not a test): spawns N {@code sleep 1000} children on one driver and
 * prints the time to spawn them, live threads, heap used after GC and open fds, then stops them
 * all (SIGTERM to each group) and prints how long that took. Run with
 * {@code scripts/procs-scale.sh [N]} (default 1000).
 */
public final class ScaleProbe {
    private ScaleProbe() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        var rt = Runtime.getRuntime();
        var threads = ManagementFactory.getThreadMXBean();
        try (ProcessDriver driver = ProcessDriver.start(ProcessDriver.Options.defaults()
                .withStop(Signals.SIGTERM, Duration.ofSeconds(5)))) {
            System.gc();
            long heap0 = rt.totalMemory() - rt.freeMemory();
            int threads0 = threads.getThreadCount();
            long fds0 = fds();
            long t0 = System.nanoTime();
            List<ChildProcess> kids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                kids.add(driver.spawn(LaunchSpec.command("sleep", "1000").build(), new ProcessListener() {}));
            }
            long spawnNs = System.nanoTime() - t0;
            Thread.sleep(500);
            System.gc();
            long heap1 = rt.totalMemory() - rt.freeMemory();
            System.out.printf("%d children spawned in %.1f ms (%.0f us each)%n", n, spawnNs / 1e6, spawnNs / 1e3 / n);
            System.out.printf("threads: %d before, %d with %d children (peak %d)%n",
                    threads0, threads.getThreadCount(), n, threads.getPeakThreadCount());
            System.out.printf("heap used after GC: %.1f MiB before, %.1f MiB with children (%.1f KiB per child)%n",
                    heap0 / 1048576.0, heap1 / 1048576.0, (heap1 - heap0) / 1024.0 / n);
            System.out.printf("open fds: %d before, %d with children%n", fds0, fds());
            long t1 = System.nanoTime();
            List<CompletableFuture<ChildProcess.StopResult>> stops = new ArrayList<>();
            for (ChildProcess c : kids) stops.add(c.stop());
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            long killed = stops.stream().filter(f -> f.join().killed()).count();
            System.out.printf("stopped all in %.1f ms (%d needed SIGKILL); live children %d%n",
                    (System.nanoTime() - t1) / 1e6, killed, driver.liveChildren());
        }
    }

    private static long fds() throws Exception {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
