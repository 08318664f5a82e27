package org.syndicate.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.syndicate.process.posix.LibC;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ProcessDriver#close()} racing {@link ProcessDriver#spawn}: every spawn either throws
 * {@link IllegalStateException} or returns a child that close stops. Before the spawn gate, a
 * spawn past its closed check but not yet registered when close copied its children was left
 * running (reported alongside the double-fork flake; DaemonService.stopAllProcesses had the same
 * gap and waits for spawns under way).
 */
class ProcessDriverCloseRaceTest {

    @Test
    void closeStopsEveryChildWhoseSpawnReturned() throws Exception {
        for (int round = 0; round < 15; round++) {
            ProcessDriver d = ProcessDriver.start(ProcessDriver.Options.defaults());
            List<Integer> pids = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(2);
            List<Thread> spawners = new java.util.ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread th = Thread.ofPlatform().start(() -> {
                    started.countDown();
                    while (true) {
                        try {
                            pids.add(d.spawn(LaunchSpec.command("sleep", "300").build(), new Recorder()).pid());
                        } catch (IllegalStateException closed) {
                            return;
                        } catch (SpawnException e) {
                            throw new AssertionError(e);
                        }
                    }
                });
                spawners.add(th);
            }
            started.await();
            while (pids.size() < 2) Thread.onSpinWait(); // spawns are under way
            d.close();
            for (Thread th : spawners) th.join(TimeUnit.SECONDS.toMillis(30));
            List<Integer> leaked = new java.util.ArrayList<>();
            for (int pid : pids) {
                if (Files.exists(Path.of("/proc/" + pid)) && !isOtherProcess(pid)) leaked.add(pid);
            }
            for (int pid : leaked) LibC.kill(pid, Signals.SIGKILL); // clean up before failing
            assertThat(leaked).as("round %d: children (of %d spawned) that survived close()", round, pids.size()).isEmpty();
        }
    }

    /** Whether {@code pid} was reused by a process that is not our {@code sleep 300} child. */
    private static boolean isOtherProcess(int pid) {
        try {
            String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
            return !cmd.startsWith("sleep 300");
        } catch (Exception e) {
            return true;
        }
    }
}
