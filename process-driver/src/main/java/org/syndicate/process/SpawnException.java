package org.syndicate.process;

import java.io.IOException;
import java.util.List;

import org.syndicate.process.posix.Errno;

/**
 * A child could not be started: program not found or not executable, working directory missing,
 * out of fds... The message names the argv, what was wrong, and the OS error text, e.g.
 * {@code "cannot spawn [nosuch, -x]: program nosuch not found in PATH /usr/bin:/bin: No such file
 * or directory (ENOENT)"}. The reference treats this as an abnormal exit whose message is the OS
 * error text (syndicate-server.md §7.3).
 */
public class SpawnException extends IOException {
    private final List<String> argv;
    private final int errno;

    /**
     * @param argv   what we tried to run
     * @param errno  the OS error number ({@link Errno})
     * @param detail what went wrong, without the errno text
     */
    public SpawnException(List<String> argv, int errno, String detail, Throwable cause) {
        super("cannot spawn " + argv + ": " + detail + ": " + Errno.describe(errno), cause);
        this.argv = List.copyOf(argv);
        this.errno = errno;
    }

    /** The argv we tried to run. */
    public List<String> argv() {
        return argv;
    }

    /** The OS error number, e.g. {@link Errno#ENOENT}. */
    public int errno() {
        return errno;
    }
}
