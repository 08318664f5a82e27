package org.syndicate.process.posix;

import java.util.Map;

/**
 * Linux {@code errno} values used by the process driver, with their symbolic names.
 *
 * <p>Numbers are those of Linux on x86_64 ({@code <asm-generic/errno-base.h>}, checked with gcc
 * against glibc 2.36 on this project's machine). {@link #describe(int)} gives
 * {@code strerror(errno)} followed by the symbolic name, e.g.
 * {@code "No such file or directory (ENOENT)"}.
 */
public final class Errno {
    private Errno() {}

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ETXTBSY = 26;
    public static final int EPIPE = 32;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ELOOP = 40;
    public static final int EADDRINUSE = 98;
    public static final int ECONNREFUSED = 111;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(EPERM, "EPERM"), Map.entry(ENOENT, "ENOENT"), Map.entry(ESRCH, "ESRCH"),
            Map.entry(EINTR, "EINTR"), Map.entry(EIO, "EIO"), Map.entry(E2BIG, "E2BIG"),
            Map.entry(ENOEXEC, "ENOEXEC"), Map.entry(EBADF, "EBADF"), Map.entry(ECHILD, "ECHILD"),
            Map.entry(EAGAIN, "EAGAIN"), Map.entry(ENOMEM, "ENOMEM"), Map.entry(EACCES, "EACCES"),
            Map.entry(EFAULT, "EFAULT"), Map.entry(ENOTDIR, "ENOTDIR"), Map.entry(EISDIR, "EISDIR"),
            Map.entry(EINVAL, "EINVAL"), Map.entry(ENFILE, "ENFILE"), Map.entry(EMFILE, "EMFILE"),
            Map.entry(ETXTBSY, "ETXTBSY"), Map.entry(EPIPE, "EPIPE"),
            Map.entry(ENAMETOOLONG, "ENAMETOOLONG"), Map.entry(ENOSYS, "ENOSYS"),
            Map.entry(ELOOP, "ELOOP"), Map.entry(EADDRINUSE, "EADDRINUSE"),
            Map.entry(ECONNREFUSED, "ECONNREFUSED"));

    /** The symbolic name of {@code errno} ({@code "ENOENT"}), or {@code "errno N"} if unknown. */
    public static String name(int errno) {
        String n = NAMES.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /**
     * The C library's text for {@code errno} followed by its name in parentheses, e.g.
     * {@code "Permission denied (EACCES)"}. Falls back to the name alone if {@code strerror}
     * cannot be called.
     */
    public static String describe(int errno) {
        String text;
        try {
            text = LibC.strerror(errno);
        } catch (RuntimeException | LinkageError e) {
            text = null;
        }
        return text == null || text.isEmpty() ? name(errno) : text + " (" + name(errno) + ")";
    }
}
