package org.syndicate.process;

import java.util.Locale;

/**
 * Signal numbers and names of Linux on x86_64 ({@code kill -l}; {@code <asm/signal.h>}), for
 * stop signals given by name in daemon specs ({@code stopSignal: "SIGTERM"}, DESIGN.md "Our
 * extensions") and for rendering exit statuses the way the reference logs them
 * ({@code "signal: 9 (SIGKILL)"}, syndicate-server.md §7.4).
 */
public final class Signals {
    private Signals() {}

    public static final int SIGHUP = 1;
    public static final int SIGINT = 2;
    public static final int SIGQUIT = 3;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGUSR2 = 12;
    public static final int SIGPIPE = 13;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    /** Highest signal number (SIGRTMAX) on Linux. */
    public static final int MAX = 64;

    private static final String[] NAMES = {
        null, "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE",
        "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2", "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT",
        "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS"
    };

    /**
     * The name of signal {@code n}: {@code "SIGTERM"}, {@code "SIGRTMIN+3"} for real-time
     * signals 34..64, or {@code "SIG" + n} for numbers without a name.
     */
    public static String name(int n) {
        if (n > 0 && n < NAMES.length) return NAMES[n];
        if (n >= 34 && n <= MAX) return n == 34 ? "SIGRTMIN" : "SIGRTMIN+" + (n - 34);
        return "SIG" + n;
    }

    /**
     * Parses a signal given as {@code "SIGTERM"}, {@code "TERM"}, {@code "term"} or a number
     * {@code "15"}.
     *
     * @return the signal number, 1..64
     * @throws IllegalArgumentException naming the text if it is no Linux signal
     */
    public static int parse(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) {
            try {
                int n = Integer.parseInt(t);
                if (n >= 1 && n <= MAX) return n;
            } catch (NumberFormatException ignored) {
                // fall through to the error
            }
            throw new IllegalArgumentException("no such signal: " + text + " (signals are 1.." + MAX + ")");
        }
        if (!t.startsWith("SIG")) t = "SIG" + t;
        for (int n = 1; n < NAMES.length; n++) {
            if (t.equals(NAMES[n])) return n;
        }
        if (t.equals("SIGRTMIN")) return 34;
        if (t.equals("SIGRTMAX")) return MAX;
        if (t.startsWith("SIGRTMIN+")) {
            try {
                int k = Integer.parseInt(t.substring(9));
                if (k >= 0 && 34 + k <= MAX) return 34 + k;
            } catch (NumberFormatException ignored) {
                // fall through to the error
            }
        }
        throw new IllegalArgumentException("no such signal: " + text);
    }
}
