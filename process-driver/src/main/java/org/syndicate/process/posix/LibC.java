package org.syndicate.process.posix;

import java.lang.foreign.AddressLayout;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The glibc calls the process driver needs and {@link ProcessBuilder} lacks, bound with the JDK's
 * Foreign Function &amp; Memory API ({@code java.lang.foreign}; no JNI, no JNA). The JVM must run
 * with {@code --enable-native-access=ALL-UNNAMED} (the root pom's Surefire argLine and
 * {@code bin/lib/run-java.sh} pass it).
 *
 * <p>Every call that can fail captures {@code errno} with
 * {@link Linker.Option#captureCallState(String...)} and throws {@link PosixException} naming the
 * function and the error; {@code EINTR} is retried where the call is restartable.
 *
 * <p>Sizes and constants are those of x86_64 Linux with glibc 2.36, printed by a scratch C
 * program compiled with gcc on this project's machine (2026-11-30):
 * <pre>
 *   sizeof(posix_spawn_file_actions_t) = 80     sizeof(posix_spawnattr_t) = 336
 *   sizeof(sigset_t) = 128                      sizeof(struct sockaddr_un) = 110 (sun_path at 2)
 *   sizeof(siginfo_t) = 128
 *   POSIX_SPAWN_SETPGROUP 0x2  SETSIGDEF 0x4  SETSIGMASK 0x8  SETSID 0x80
 *   O_CLOEXEC 02000000  O_NONBLOCK 04000  O_RDONLY 0  F_GETFL 3  F_SETFL 4  F_DUPFD_CLOEXEC 1030
 *   AF_UNIX 1  SOCK_DGRAM 2  SOCK_CLOEXEC 02000000  SOCK_NONBLOCK 04000  MSG_DONTWAIT 0x40
 *   MSG_TRUNC 0x20  WNOHANG 1  PR_SET_CHILD_SUBREAPER 36  SYS_pidfd_open 434
 * </pre>
 * We allocate the opaque spawn structures with generous slack (256 and 512 bytes) in case a
 * future glibc grows them.
 */
@SuppressWarnings("restricted") // native access is the point; the JVM runs with --enable-native-access
public final class LibC {
    private LibC() {}

    // ---- constants (x86_64 Linux, glibc 2.36; see class comment) ----
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 1;
    public static final int O_NONBLOCK = 0x800;      // 04000
    public static final int O_CLOEXEC = 0x80000;     // 02000000
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int AF_UNIX = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_TRUNC = 0x20;
    public static final int WNOHANG = 1;
    public static final int PR_SET_CHILD_SUBREAPER = 36;
    public static final int PR_GET_CHILD_SUBREAPER = 37;
    public static final long SYS_PIDFD_OPEN = 434;
    public static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final short POSIX_SPAWN_SETSID = 0x80;
    /** Bytes we allocate for a {@code posix_spawn_file_actions_t} (real size 80). */
    public static final long FILE_ACTIONS_BYTES = 256;
    /** Bytes we allocate for a {@code posix_spawnattr_t} (real size 336). */
    public static final long SPAWNATTR_BYTES = 512;
    /** Bytes of a {@code sigset_t}. */
    public static final long SIGSET_BYTES = 128;
    /** Bytes of a {@code struct sockaddr_un}; {@code sun_path} starts at offset 2 and has 108 bytes. */
    public static final long SOCKADDR_UN_BYTES = 110;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LOOKUP = LINKER.defaultLookup();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO_HANDLE =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> CAPTURE_STATE =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE_LAYOUT));
    private static final AddressLayout C_STRING =
            ADDRESS.withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment sym = LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(sym, fd, options);
    }

    // errno-capturing handles take the capture segment as their first argument.
    private static final MethodHandle PIPE2 = bind("pipe2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FCNTL = bind("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle OPEN = bind("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = bind("close",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle READ = bind("read",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle WRITE = bind("write",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle SOCKET = bind("socket",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle BIND = bind("bind",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle RECV = bind("recv",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle KILL = bind("kill",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle WAITPID = bind("waitpid",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PRCTL = bind("prctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle SYSCALL2 = bind("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(1));
    private static final MethodHandle GETPID = bind("getpid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR = bind("strerror",
            FunctionDescriptor.of(C_STRING, JAVA_INT));

    // posix_spawn and its helpers return an error number instead of setting errno.
    static final MethodHandle POSIX_SPAWN = bind("posix_spawn",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
    static final MethodHandle FA_INIT = bind("posix_spawn_file_actions_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle FA_DESTROY = bind("posix_spawn_file_actions_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle FA_ADDDUP2 = bind("posix_spawn_file_actions_adddup2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle FA_ADDOPEN = bind("posix_spawn_file_actions_addopen",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    static final MethodHandle FA_ADDCLOSE = bind("posix_spawn_file_actions_addclose",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle FA_ADDCLOSEFROM = bind("posix_spawn_file_actions_addclosefrom_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    static final MethodHandle FA_ADDCHDIR = bind("posix_spawn_file_actions_addchdir_np",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle ATTR_INIT = bind("posix_spawnattr_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ATTR_DESTROY = bind("posix_spawnattr_destroy",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle ATTR_SETFLAGS = bind("posix_spawnattr_setflags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_SHORT));
    static final MethodHandle ATTR_SETSIGMASK = bind("posix_spawnattr_setsigmask",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle ATTR_SETSIGDEFAULT = bind("posix_spawnattr_setsigdefault",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    static final MethodHandle SIGEMPTYSET = bind("sigemptyset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    static final MethodHandle SIGFILLSET = bind("sigfillset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private static MemorySegment state() {
        return CAPTURE_STATE.get();
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO_HANDLE.get(state, 0L);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException("native call failed", t);
    }

    /**
     * {@code pipe2(fds, flags)}.
     *
     * @return {@code [readEnd, writeEnd]}
     * @throws PosixException e.g. EMFILE
     */
    public static int[] pipe2(int flags) throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(JAVA_INT, 2);
            MemorySegment st = state();
            int r = (int) PIPE2.invokeExact(st, fds, flags);
            if (r != 0) throw new PosixException("pipe2", errno(st));
            return new int[] {fds.getAtIndex(JAVA_INT, 0), fds.getAtIndex(JAVA_INT, 1)};
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static int fcntl(int fd, int cmd, int arg) throws PosixException {
        try {
            MemorySegment st = state();
            int r = (int) FCNTL.invokeExact(st, fd, cmd, arg);
            if (r < 0) throw new PosixException("fcntl(" + fd + ", " + cmd + ")", errno(st));
            return r;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Sets {@code O_NONBLOCK} on {@code fd} ({@code fcntl F_GETFL/F_SETFL}). */
    public static void setNonBlocking(int fd) throws PosixException {
        int flags = fcntl(fd, F_GETFL, 0);
        if ((flags & O_NONBLOCK) == 0) fcntl(fd, F_SETFL, flags | O_NONBLOCK);
    }

    /** {@code fcntl(fd, F_DUPFD_CLOEXEC, min)}: a close-on-exec duplicate numbered at least {@code min}. */
    public static int dupCloexec(int fd, int min) throws PosixException {
        return fcntl(fd, F_DUPFD_CLOEXEC, min);
    }

    /** {@code close(fd)}; errors other than EBADF are ignored (Linux always frees the fd). */
    public static void close(int fd) throws PosixException {
        try {
            MemorySegment st = state();
            int r = (int) CLOSE.invokeExact(st, fd);
            if (r != 0 && errno(st) == Errno.EBADF) throw new PosixException("close(" + fd + ")", Errno.EBADF);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Reads a small file (such as {@code /proc/PID/stat}) into {@code buf} with
     * {@code open(O_RDONLY|O_CLOEXEC)}, one {@code read}, {@code close}: no Java objects, for
     * scanning thousands of {@code /proc} entries cheaply.
     *
     * @param path a NUL-terminated path
     * @return bytes read, or -1 if the file could not be opened or read (e.g. the process is gone)
     */
    public static int readSmallFile(MemorySegment path, MemorySegment buf) {
        try {
            MemorySegment st = state();
            int fd = (int) OPEN.invokeExact(st, path, O_RDONLY | O_CLOEXEC, 0);
            if (fd < 0) return -1;
            long n;
            try {
                n = (long) READ.invokeExact(st, fd, buf, buf.byteSize());
            } finally {
                int ignored = (int) CLOSE.invokeExact(st, fd);
            }
            return (int) n;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Closes {@code fd} if it is not negative, ignoring every error. */
    public static void closeQuietly(int fd) {
        if (fd < 0) return;
        try {
            close(fd);
        } catch (PosixException ignored) {
            // nothing useful to do
        }
    }

    /**
     * {@code read(fd, buf, len)} on a (usually non-blocking) fd, retrying EINTR.
     *
     * @return bytes read (&gt; 0), 0 at end of file, or -1 when the fd has nothing now (EAGAIN)
     */
    public static long read(int fd, MemorySegment buf, long len) throws PosixException {
        try {
            MemorySegment st = state();
            while (true) {
                long r = (long) READ.invokeExact(st, fd, buf, len);
                if (r >= 0) return r;
                int e = errno(st);
                if (e == Errno.EINTR) continue;
                if (e == Errno.EAGAIN) return -1;
                throw new PosixException("read(" + fd + ")", e);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code write(fd, buf, len)}, retrying EINTR.
     *
     * @return bytes written, or -1 when a non-blocking fd is full (EAGAIN)
     */
    public static long write(int fd, MemorySegment buf, long len) throws PosixException {
        try {
            MemorySegment st = state();
            while (true) {
                long r = (long) WRITE.invokeExact(st, fd, buf, len);
                if (r >= 0) return r;
                int e = errno(st);
                if (e == Errno.EINTR) continue;
                if (e == Errno.EAGAIN) return -1;
                throw new PosixException("write(" + fd + ")", e);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * A non-blocking, close-on-exec unix datagram socket bound to {@code path}
     * ({@code socket(AF_UNIX, SOCK_DGRAM|SOCK_NONBLOCK|SOCK_CLOEXEC)} + {@code bind}).
     *
     * @param path a filesystem path of at most 107 bytes (UTF-8)
     * @return the socket fd
     * @throws PosixException if the path is too long (ENAMETOOLONG) or socket/bind fail
     */
    public static int unixDatagramSocket(String path) throws PosixException {
        byte[] p = path.getBytes(StandardCharsets.UTF_8);
        if (p.length > 107) throw new PosixException("bind(" + path + ")", Errno.ENAMETOOLONG,
                "(a unix socket path has at most 107 bytes)");
        int fd;
        try {
            MemorySegment st = state();
            fd = (int) SOCKET.invokeExact(st, AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (fd < 0) throw new PosixException("socket(AF_UNIX, SOCK_DGRAM)", errno(st));
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(SOCKADDR_UN_BYTES);
            addr.set(JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(p, 0, addr, ValueLayout.JAVA_BYTE, 2, p.length);
            MemorySegment st = state();
            int r = (int) BIND.invokeExact(st, fd, addr, 2 + p.length + 1);
            if (r != 0) {
                int e = errno(st);
                closeQuietly(fd);
                throw new PosixException("bind(" + path + ")", e);
            }
            return fd;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            closeQuietly(fd);
            throw rethrow(t);
        }
    }

    /**
     * {@code recv(fd, buf, len, MSG_DONTWAIT | MSG_TRUNC)}, retrying EINTR.
     *
     * @return the datagram's full length (which may exceed {@code len}: it was truncated), or -1
     *         when nothing is queued (EAGAIN)
     */
    public static long recvDatagram(int fd, MemorySegment buf, long len) throws PosixException {
        try {
            MemorySegment st = state();
            while (true) {
                long r = (long) RECV.invokeExact(st, fd, buf, len, MSG_DONTWAIT | MSG_TRUNC);
                if (r >= 0) return r;
                int e = errno(st);
                if (e == Errno.EINTR) continue;
                if (e == Errno.EAGAIN) return -1;
                throw new PosixException("recv(" + fd + ")", e);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code kill(pid, sig)}; a negative pid signals that process group, sig 0 only checks.
     *
     * @return true if delivered, false if no such process or group (ESRCH)
     * @throws PosixException for other errors (EPERM, EINVAL)
     */
    public static boolean kill(int pid, int sig) throws PosixException {
        try {
            MemorySegment st = state();
            int r = (int) KILL.invokeExact(st, pid, sig);
            if (r == 0) return true;
            int e = errno(st);
            if (e == Errno.ESRCH) return false;
            throw new PosixException("kill(" + pid + ", " + sig + ")", e);
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code waitpid(pid, &status, WNOHANG)} for one specific child (never -1: that would steal
     * statuses from the JDK's own reaper threads, java-deps §3.4).
     *
     * @param pid a child of this process, &gt; 0
     * @return the raw wait status, or -1 if the child has not changed state yet
     * @throws PosixException ECHILD if {@code pid} is not (or no longer) our child
     */
    public static int waitpidNoHang(int pid) throws PosixException {
        if (pid <= 0) throw new IllegalArgumentException("waitpid needs a specific pid, got " + pid);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment st = state();
            while (true) {
                int r = (int) WAITPID.invokeExact(st, pid, status, WNOHANG);
                if (r == pid) return status.get(JAVA_INT, 0);
                if (r == 0) return -1;
                int e = errno(st);
                if (e == Errno.EINTR) continue;
                throw new PosixException("waitpid(" + pid + ")", e);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code prctl(PR_SET_CHILD_SUBREAPER, 1)}: orphaned descendants are re-parented to this
     * process instead of PID 1 (Linux ≥ 3.4).
     */
    public static void setChildSubreaper() throws PosixException {
        try {
            MemorySegment st = state();
            int r = (int) PRCTL.invokeExact(st, PR_SET_CHILD_SUBREAPER, 1L, 0L, 0L, 0L);
            if (r != 0) throw new PosixException("prctl(PR_SET_CHILD_SUBREAPER)", errno(st));
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code prctl(PR_GET_CHILD_SUBREAPER)}: whether this process is a child subreaper. */
    public static boolean isChildSubreaper() throws PosixException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            MemorySegment st = state();
            int r = (int) PRCTL.invokeExact(st, PR_GET_CHILD_SUBREAPER, out.address(), 0L, 0L, 0L);
            if (r != 0) throw new PosixException("prctl(PR_GET_CHILD_SUBREAPER)", errno(st));
            return out.get(JAVA_INT, 0) != 0;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@code pidfd_open(pid, 0)} (raw syscall 434, Linux ≥ 5.3): an fd that becomes readable when
     * the process exits. Works on a zombie too.
     *
     * @throws PosixException ESRCH if there is no such process, ENOSYS on old kernels
     */
    public static int pidfdOpen(int pid) throws PosixException {
        try {
            MemorySegment st = state();
            long r = (long) SYSCALL2.invokeExact(st, SYS_PIDFD_OPEN, (long) pid, 0L);
            if (r < 0) throw new PosixException("pidfd_open(" + pid + ")", errno(st));
            return (int) r;
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code getpid()}. */
    public static int getpid() {
        try {
            return (int) GETPID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code strerror(errno)}: the C library's English text for an error number. */
    public static String strerror(int errno) {
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.equals(MemorySegment.NULL) ? null : s.getString(0, StandardCharsets.UTF_8);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }
}
