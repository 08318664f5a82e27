package org.syndicate.process.posix;

import java.io.IOException;

/**
 * A failed POSIX call: which function, on what, and the {@code errno} it set, with the C
 * library's text for it ({@code strerror}).
 *
 * <p>Message shape: {@code "pipe2: Too many open files (EMFILE)"} or, with a subject,
 * {@code "kill(-1234, SIGTERM): No such process (ESRCH)"}.
 */
public class PosixException extends IOException {
    private final String function;
    private final int errno;

    /**
     * @param function the C function (and its interesting arguments) that failed
     * @param errno    the error number it reported
     */
    public PosixException(String function, int errno) {
        this(function, errno, null);
    }

    /**
     * @param function the C function (and its interesting arguments) that failed
     * @param errno    the error number it reported
     * @param context  extra words appended after the errno text, or null
     */
    public PosixException(String function, int errno, String context) {
        super(function + ": " + Errno.describe(errno) + (context == null ? "" : " " + context));
        this.function = function;
        this.errno = errno;
    }

    /** The C function that failed, as given to the constructor. */
    public String function() {
        return function;
    }

    /** The {@code errno} value, e.g. {@link Errno#ENOENT}. */
    public int errno() {
        return errno;
    }
}
