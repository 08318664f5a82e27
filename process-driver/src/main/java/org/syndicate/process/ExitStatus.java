package org.syndicate.process;

/**
 * How a child process ended, decoded exactly from its {@code waitpid} status, which
 * {@link ProcessBuilder} cannot do (it reports {@code 128+N} for a signal death, so exit code 143
 * and SIGTERM look the same: java-deps §3.2).
 *
 * <p>"Normal" in the reference's restart table (syndicate-server.md §7.3) is {@code Exited(0)};
 * every other status is abnormal.
 */
public sealed interface ExitStatus {

    /** The process called {@code exit(code)}; {@code code} is 0..255. */
    record Exited(int code) implements ExitStatus {
        @Override
        public boolean success() {
            return code == 0;
        }

        /** The reference's log text, {@code "exit status: 1"}. */
        @Override
        public String toString() {
            return "exit status: " + code;
        }
    }

    /** The process was killed by {@code signal} (1..64), possibly dumping core. */
    record Signaled(int signal, boolean coreDumped) implements ExitStatus {
        @Override
        public boolean success() {
            return false;
        }

        /** The signal's name, e.g. {@code "SIGKILL"}. */
        public String signalName() {
            return Signals.name(signal);
        }

        /** The reference's log text, {@code "signal: 9 (SIGKILL)"}, plus {@code " (core dumped)"}. */
        @Override
        public String toString() {
            return "signal: " + signal + " (" + signalName() + ")" + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** Whether this is a normal exit ({@code Exited(0)}). */
    boolean success();

    /**
     * Decodes a raw wait status as Linux/glibc encode it ({@code <bits/waitstatus.h>}):
     * low 7 bits 0 = exited with code in bits 8..15; 1..0x7e = killed by that signal, bit 7 =
     * core dumped.
     *
     * @throws IllegalArgumentException for a stopped/continued status (0x7f / 0xffff), which a
     *         driver that does not pass WUNTRACED never sees
     */
    static ExitStatus fromWaitStatus(int status) {
        int low = status & 0x7f;
        if (low == 0) return new Exited((status >> 8) & 0xff);
        if (low != 0x7f && status != 0xffff) return new Signaled(low, (status & 0x80) != 0);
        throw new IllegalArgumentException("not a termination status: 0x" + Integer.toHexString(status));
    }
}
