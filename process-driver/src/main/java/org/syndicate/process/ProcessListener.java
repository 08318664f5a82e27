package org.syndicate.process;

/**
 * Receives what happens to one child. Every method is called on the driver's event-loop thread,
 * in order, never concurrently for one child; it must not block (hand work to another thread or
 * actor, and call {@link ChildProcess#pauseOutput()} while that consumer is behind).
 *
 * <p>Guarantees: every {@link #onLine} of the child comes before its {@link #onExit} (the pipes
 * are drained to end of file, or for at most the drain timeout when a descendant keeps them
 * open, before the exit is published); {@link #onReady} is called at most once;
 * {@link #onExit} exactly once. An exception thrown by a method is logged and otherwise ignored.
 */
public interface ProcessListener {

    /** A line of output (see {@link OutputLine} for the newline and length rules). */
    default void onLine(ChildProcess child, OutputLine line) {}

    /**
     * A chunk of stdout, as read, when {@link LaunchSpec#rawStdout()} is set (then
     * {@link #onLine} only receives stderr). The array is the listener's to keep.
     */
    default void onStdout(ChildProcess child, byte[] chunk) {}

    /** The child said it is ready: a newline on its readiness fd, or {@code READY=1}. */
    default void onReady(ChildProcess child, Readiness how) {}

    /** A datagram on the child's {@code NOTIFY_SOCKET} (including the one carrying {@code READY=1}). */
    default void onNotify(ChildProcess child, NotifyMessage message) {}

    /** The child ended with {@code status}; its output has been delivered. */
    default void onExit(ChildProcess child, ExitStatus status) {}

    /** How a child announced readiness. */
    enum Readiness {
        /** A newline on the fd given by {@link LaunchSpec#readinessFd()} (s6 style). */
        READINESS_FD,
        /** {@code READY=1} on {@code NOTIFY_SOCKET} (sd_notify style). */
        NOTIFY_SOCKET
    }
}
