package org.syndicate.process;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A JVM that used {@link ProcessDriver#closeOnShutdown()} and receives SIGTERM stops its children
 * and their descendants before exiting (without the hook they would outlive it: java-deps §3.4).
 */
class ProcessDriverShutdownTest {

    @Test
    void sigtermToTheJvmStopsItsChildrenAndGrandchildren() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), ShutdownHookChild.class.getName())
                .redirectErrorStream(true).start();
        int[] spawned = {0, 0};
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(jvm.getInputStream()));
            String line;
            String pids = null;
            while ((line = out.readLine()) != null) {
                if (line.matches("\\d+ \\d+")) {
                    pids = line;
                    break;
                }
            }
            assertThat(pids).as("helper printed its child pids").isNotNull();
            int child = Integer.parseInt(pids.split(" ")[0]);
            int grandchild = Integer.parseInt(pids.split(" ")[1]);
            spawned[0] = child;
            spawned[1] = grandchild;
            assertThat(alive(child)).isTrue();
            assertThat(alive(grandchild)).isTrue();

            jvm.toHandle().destroy(); // SIGTERM
            assertThat(jvm.waitFor(30, TimeUnit.SECONDS)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while ((alive(child) || alive(grandchild)) && System.nanoTime() < deadline) Thread.sleep(10);
            assertThat(alive(child)).as("child stopped by the shutdown hook").isFalse();
            assertThat(alive(grandchild)).as("grandchild stopped too").isFalse();
        } finally {
            jvm.destroyForcibly();
            // if the hook failed, do not leave its children behind
            for (int pid : spawned) {
                if (pid > 0 && alive(pid)) org.syndicate.process.posix.LibC.kill(pid, Signals.SIGKILL);
            }
        }
    }

    /** Present in /proc and not a zombie (PID 1 here does not reap, java-deps §3.3). */
    static boolean alive(int pid) {
        try {
            return ProcTable.parse(Files.readString(Path.of("/proc/" + pid + "/stat"))).state() != 'Z';
        } catch (Exception e) {
            return false;
        }
    }
}
