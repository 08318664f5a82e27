package org.syndicate.process;

/**
 * Helper program for {@link ProcessDriverShutdownTest}: starts a driver with
 * {@link ProcessDriver#closeOnShutdown()}, spawns a child that forks a grandchild, prints
 * {@code "<child pid> <grandchild pid>"} and waits to be killed.
 */
public final class ShutdownHookChild {
    private ShutdownHookChild() {}

    public static void main(String[] args) throws Exception {
        ProcessDriver driver = ProcessDriver.start().closeOnShutdown();
        Recorder r = new Recorder();
        ChildProcess c = driver.spawn(LaunchSpec.shell("sleep 300 & echo $!; sleep 301").build(), r);
        while (r.lines.isEmpty()) Thread.sleep(5);
        System.out.println(c.pid() + " " + r.text(StdStream.STDOUT).getFirst().strip());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
