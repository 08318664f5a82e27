package org.syndicate.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.process.posix.Errno;
import org.syndicate.process.posix.LibC;
import org.syndicate.process.posix.PosixException;
import org.syndicate.process.posix.PosixSpawn;

/**
 * Spawns, watches, stops and reaps child processes without a thread per child: the layer under
 * the daemon service of issue 8 (syndicate-server.md §7, supervision.md §3, §5, §6).
 *
 * <h2>How</h2>
 * <ul>
 *   <li><b>Spawn</b>: glibc {@code posix_spawn} through the FFM API ({@link PosixSpawn}): own
 *       session and process group, clean signal mask and dispositions, stdin {@code /dev/null},
 *       stdout/stderr pipes, optional readiness fd, every other fd closed, explicit environment.
 *       The program is searched in the <em>child's</em> {@code PATH} (falling back to ours), and a
 *       missing program or directory is a {@link SpawnException} with the OS error text.</li>
 *   <li><b>I/O</b>: the parent ends of the pipes (and the notify socket) are non-blocking and
 *       watched on one Netty epoll event loop ({@link FdWatch}); lines are cut by
 *       {@link LineAssembler}. Pipes rather than socketpairs, so a child sees what it would see
 *       under the reference or a shell ({@code /dev/stdout} can be opened, {@code isatty} is
 *       false, {@code SIGPIPE} when we close).</li>
 *   <li><b>Reaping</b>: one {@code pidfd} per child ({@code pidfd_open}, Linux ≥ 5.3) on the same
 *       loop; when it becomes readable the exit status is collected with {@code waitpid(pid,
 *       WNOHANG)} for that pid only. Chosen over polling because an exit is seen at once with no
 *       timer and no CPU while idle, and over SIGCHLD because the JVM owns signal handling and a
 *       {@code waitpid(-1)} would steal the JDK's own children (java-deps §3.4).</li>
 *   <li><b>Orphans</b>: the JVM makes itself a child subreaper
 *       ({@code prctl(PR_SET_CHILD_SUBREAPER)}), so descendants whose parent dies are re-parented
 *       to us (PID 1 here does not reap, java-deps §3.3). We find them in {@code /proc} (parent =
 *       us, session or group = one of our children's, or any session but the JVM's own with
 *       {@link Options#reapForeignSessions()}) after every child exit and every
 *       {@link Options#orphanScanInterval()}; each gets its own pidfd and is reaped with a
 *       targeted {@code waitpid}. JDK-spawned children are never touched (they are in our own
 *       session), nor any child another driver of this JVM has not reaped yet.</li>
 * </ul>
 * <p>Thread use: one event-loop thread, whatever the number of children (unless you pass your
 * own loop). Memory per child: two line buffers of at most {@link Options#maxLineBytes()}, plus
 * what the listener keeps; a consumer that falls behind calls {@link ChildProcess#pauseOutput()}
 * and the child blocks on its full pipe.
 */
public final class ProcessDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessDriver.class);
    private static final int READ_CHUNK = 64 * 1024;

    /**
     * Tunables; every limit of the driver is here.
     *
     * @param maxLineBytes          longest line delivered; longer lines are split (default 64 KiB)
     * @param maxReadBytesPerWakeup bytes read from one pipe per loop wakeup (fairness; 256 KiB)
     * @param drainTimeout          after the child exits, how long to wait for end of file on a
     *                              pipe a descendant still holds before publishing the exit (2 s)
     * @param orphanScanInterval    period of the {@code /proc} scan for orphans to reap (1 s)
     * @param becomeSubreaper       make this JVM a child subreaper at start (true)
     * @param reapForeignSessions   also reap processes re-parented to us from sessions we never
     *                              created (a daemon that double-forked and called setsid): any
     *                              child of the JVM that is neither ours nor in the JVM's own
     *                              session. Safe as long as nothing else in this JVM starts
     *                              children that call setsid themselves (a {@link ProcessBuilder}
     *                              child is in the JVM's session and never touched). (true)
     * @param runtimeDir            where notify sockets are created; null = a fresh private
     *                              directory under {@code java.io.tmpdir}, removed at close
     * @param stopSignal            default signal of {@link ChildProcess#stop()} (SIGTERM)
     * @param stopTimeout           default time before SIGKILL (5 s)
     * @param tagVariable           null (default: children's environments are exactly as asked),
     *                              or the name of a variable set in every child's environment
     *                              to a token unique to it; a stop then also finds descendants
     *                              that left the child's session <em>and</em> lost their parent
     *                              (double fork + setsid, re-parented to us) by that token in
     *                              {@code /proc/PID/environ}
     */
    public record Options(int maxLineBytes, int maxReadBytesPerWakeup, Duration drainTimeout,
                          Duration orphanScanInterval, boolean becomeSubreaper,
                          boolean reapForeignSessions, Path runtimeDir,
                          int stopSignal, Duration stopTimeout, String tagVariable) {
        public Options {
            if (maxLineBytes < 4) throw new IllegalArgumentException("maxLineBytes must be >= 4");
            if (maxReadBytesPerWakeup < 1) throw new IllegalArgumentException("maxReadBytesPerWakeup must be >= 1");
            if (drainTimeout.isNegative()) throw new IllegalArgumentException("negative drainTimeout");
            if (orphanScanInterval.toMillis() < 1) throw new IllegalArgumentException("orphanScanInterval < 1 ms");
            if (stopSignal < 1 || stopSignal > Signals.MAX) throw new IllegalArgumentException("bad stop signal");
            if (stopTimeout.isNegative()) throw new IllegalArgumentException("negative stopTimeout");
            if (tagVariable != null && (tagVariable.isEmpty() || tagVariable.indexOf('=') >= 0
                    || tagVariable.indexOf('\0') >= 0)) {
                throw new IllegalArgumentException("bad tag variable name: " + tagVariable);
            }
        }

        /** The defaults listed on the record. */
        public static Options defaults() {
            return new Options(64 * 1024, 256 * 1024, Duration.ofSeconds(2), Duration.ofSeconds(1),
                    true, true, null, Signals.SIGTERM, Duration.ofSeconds(5), null);
        }

        /** A copy with {@code maxLineBytes} replaced. */
        public Options withMaxLineBytes(int n) {
            return new Options(n, maxReadBytesPerWakeup, drainTimeout, orphanScanInterval, becomeSubreaper, reapForeignSessions, runtimeDir, stopSignal, stopTimeout, tagVariable);
        }

        /** A copy with {@code drainTimeout} replaced. */
        public Options withDrainTimeout(Duration d) {
            return new Options(maxLineBytes, maxReadBytesPerWakeup, d, orphanScanInterval, becomeSubreaper, reapForeignSessions, runtimeDir, stopSignal, stopTimeout, tagVariable);
        }

        /** A copy with {@code orphanScanInterval} replaced. */
        public Options withOrphanScanInterval(Duration d) {
            return new Options(maxLineBytes, maxReadBytesPerWakeup, drainTimeout, d, becomeSubreaper, reapForeignSessions, runtimeDir, stopSignal, stopTimeout, tagVariable);
        }

        /** A copy with {@code becomeSubreaper} replaced. */
        public Options withBecomeSubreaper(boolean b) {
            return new Options(maxLineBytes, maxReadBytesPerWakeup, drainTimeout, orphanScanInterval, b, reapForeignSessions, runtimeDir, stopSignal, stopTimeout, tagVariable);
        }

        /** A copy with {@code reapForeignSessions} replaced. */
        public Options withReapForeignSessions(boolean b) {
            return new Options(maxLineBytes, maxReadBytesPerWakeup, drainTimeout, orphanScanInterval, becomeSubreaper, b, runtimeDir, stopSignal, stopTimeout, tagVariable);
        }

        /** A copy with {@code runtimeDir} replaced. */
        public Options withRuntimeDir(Path p) {
            return new Options(maxLineBytes, maxReadBytesPerWakeup, drainTimeout, orphanScanInterval, becomeSubreaper, reapForeignSessions, p, stopSignal, stopTimeout, tagVariable);
        }

        /** A copy with {@code tagVariable} replaced (null turns tagging off). */
        public Options withTagVariable(String name) {
            return new Options(maxLineBytes, maxReadBytesPerWakeup, drainTimeout, orphanScanInterval, becomeSubreaper, reapForeignSessions, runtimeDir, stopSignal, stopTimeout, name);
        }

        /** A copy with the default stop signal and timeout replaced. */
        public Options withStop(int signal, Duration timeout) {
            return new Options(maxLineBytes, maxReadBytesPerWakeup, drainTimeout, orphanScanInterval, becomeSubreaper, reapForeignSessions, runtimeDir, signal, timeout, tagVariable);
        }
    }

    private final Options options;
    private final IoEventLoop loop;
    private final EventLoopGroup ownGroup;
    private final int ourPid = LibC.getpid();
    private final int ourSession = ownSession();
    private volatile boolean everSpawned;
    /**
     * Pids spawned by any driver in this JVM and not yet reaped (guarded by itself), so that no
     * driver's orphan scan ever takes a new or live child of another for an orphan.
     */
    private static final Set<Integer> OWNED = new HashSet<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment readBuffer = arena.allocate(READ_CHUNK);
    private final byte[] heapBuffer = new byte[READ_CHUNK];
    private final Path runtimeDir;
    private final boolean ownRuntimeDir;
    private final AtomicLong seq = new AtomicLong();
    private final Map<Integer, ChildProcess> children = new ConcurrentHashMap<>();
    private volatile boolean closed;
    /**
     * Spawns hold the read lock from their closed check until the child is in {@link #children};
     * {@link #close()} sets {@link #closed} under the write lock, so it waits for every spawn
     * under way and then sees its child (a spawn racing close was otherwise left running).
     */
    private final ReentrantReadWriteLock spawnGate = new ReentrantReadWriteLock();

    // ---- event-loop state ----
    private final Set<Integer> sessions = new HashSet<>();
    private final Map<Integer, FdWatch> adopted = new HashMap<>();
    private final Set<Integer> strayPids = new HashSet<>();
    private final ScheduledFuture<?> scanTask;
    private boolean scanPending;
    private Snapshot cachedSnapshot;
    private long cachedAt;
    private long lastScanNanos;

    /** A driver with default options and its own one-thread epoll loop. */
    public static ProcessDriver start() throws IOException {
        return start(Options.defaults());
    }

    /** A driver with its own one-thread epoll loop. */
    public static ProcessDriver start(Options options) throws IOException {
        return new ProcessDriver(options, null);
    }

    /**
     * A driver running on {@code loop}, an epoll loop someone else owns (e.g. the server's network
     * loop); {@link #close()} does not shut it down.
     */
    public static ProcessDriver start(Options options, IoEventLoop loop) throws IOException {
        return new ProcessDriver(options, loop);
    }

    private ProcessDriver(Options options, IoEventLoop external) throws IOException {
        Epoll.ensureAvailability();
        this.options = options;
        int probe = LibC.pidfdOpen(ourPid); // fails early with ENOSYS on kernels older than 5.3
        LibC.closeQuietly(probe);
        if (options.becomeSubreaper()) LibC.setChildSubreaper();
        if (options.runtimeDir() != null) {
            Files.createDirectories(options.runtimeDir());
            runtimeDir = options.runtimeDir();
            ownRuntimeDir = false;
        } else {
            runtimeDir = Files.createTempDirectory("syndicate-procs-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            ownRuntimeDir = true;
        }
        if (external != null) {
            if (!external.isIoType(EpollIoHandler.class)) {
                throw new IllegalArgumentException("the process driver needs an epoll event loop");
            }
            ownGroup = null;
            loop = external;
        } else {
            ownGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("process-driver", true),
                    EpollIoHandler.newFactory());
            loop = (IoEventLoop) ownGroup.next();
        }
        long every = options.orphanScanInterval().toMillis();
        scanTask = loop.scheduleWithFixedDelay(this::reapOrphans, every, every, TimeUnit.MILLISECONDS);
    }

    /** Whether {@code pid} is a child some driver spawned and has not reaped yet. */
    static boolean owned(int pid) {
        synchronized (OWNED) {
            return OWNED.contains(pid);
        }
    }

    /** A child was reaped: its pid is no longer ours. */
    static void disown(int pid) {
        synchronized (OWNED) {
            OWNED.remove(pid);
        }
    }

    /**
     * Our session id from {@code /proc/self/stat}, or -1 when it cannot be read. It is 0 when our
     * session leader lives outside our pid namespace (a container, {@code unshare -p}, a CI
     * sandbox): sessions created inside still have visible, non-zero ids, so 0 is a real value
     * here, not "unknown".
     */
    private static int ownSession() {
        try {
            ProcTable.Entry self = ProcTable.parse(Files.readString(Path.of("/proc/self/stat")));
            return self == null ? -1 : self.session();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The options in force. */
    public Options options() {
        return options;
    }

    /** The event loop every callback runs on. */
    public IoEventLoop eventLoop() {
        return loop;
    }

    /** This JVM's pid. */
    public int ourPid() {
        return ourPid;
    }

    /** Children spawned and not yet published as exited. */
    public int liveChildren() {
        return children.size();
    }

    /**
     * Starts {@code spec}. Returns once the child exists; its output, readiness and exit arrive on
     * {@code listener}, on the event loop (possibly before this method returns).
     *
     * @throws SpawnException if the program is not found or not executable, the directory is
     *         missing, or fds cannot be created; nothing is left behind
     * @throws IllegalStateException after {@link #close()}
     */
    public ChildProcess spawn(LaunchSpec spec, ProcessListener listener) throws SpawnException {
        spawnGate.readLock().lock();
        try {
            if (closed) throw new IllegalStateException("process driver is closed");
            return spawnOpen(spec, listener);
        } finally {
            spawnGate.readLock().unlock();
        }
    }

    /** {@link #spawn} once the driver is known to be open (the caller holds the spawn gate). */
    private ChildProcess spawnOpen(LaunchSpec spec, ProcessListener listener) throws SpawnException {
        List<String> argv = spec.argv();
        Map<String, String> env = spec.clearEnv() ? new LinkedHashMap<>() : new LinkedHashMap<>(System.getenv());
        for (var e : spec.env().entrySet()) {
            if (e.getValue() == null) env.remove(e.getKey());
            else env.put(e.getKey(), e.getValue());
        }
        String tag = null;
        if (options.tagVariable() != null) {
            tag = ourPid + "." + seq.incrementAndGet();
            env.put(options.tagVariable(), tag);
        }
        Path notifyPath = null;
        if (spec.notifySocket()) {
            notifyPath = runtimeDir.resolve("n" + seq.incrementAndGet() + ".sock");
            env.put("NOTIFY_SOCKET", notifyPath.toString());
        }
        if (spec.dir() != null && !Files.isDirectory(spec.dir())) {
            boolean exists = Files.exists(spec.dir());
            throw new SpawnException(argv, exists ? Errno.ENOTDIR : Errno.ENOENT,
                    "working directory " + spec.dir() + (exists ? " is not a directory" : " does not exist"), null);
        }
        String program = resolveProgram(argv, env, spec.dir());
        List<String> envp = new ArrayList<>(env.size());
        for (var e : env.entrySet()) envp.add(e.getKey() + "=" + e.getValue());

        List<Integer> parentFds = new ArrayList<>();
        int[] outP = null, errP = null, readyP = null;
        int notifyFd = -1;
        int pid = -1;
        try {
            outP = LibC.pipe2(LibC.O_CLOEXEC);
            parentFds.add(outP[0]);
            parentFds.add(outP[1]);
            errP = LibC.pipe2(LibC.O_CLOEXEC);
            parentFds.add(errP[0]);
            parentFds.add(errP[1]);
            LibC.setNonBlocking(outP[0]);
            LibC.setNonBlocking(errP[0]);
            Map<Integer, Integer> fds = new TreeMap<>();
            fds.put(1, outP[1]);
            fds.put(2, errP[1]);
            if (spec.readinessFd() >= 0) {
                readyP = LibC.pipe2(LibC.O_CLOEXEC);
                parentFds.add(readyP[0]);
                parentFds.add(readyP[1]);
                LibC.setNonBlocking(readyP[0]);
                fds.put(spec.readinessFd(), readyP[1]);
            }
            int[] inP = null;
            if (spec.stdinPipe()) {
                inP = LibC.pipe2(LibC.O_CLOEXEC);
                parentFds.add(inP[0]);
                parentFds.add(inP[1]);
                LibC.setNonBlocking(inP[1]);
                fds.put(0, inP[0]);
            }
            if (notifyPath != null) {
                Files.deleteIfExists(notifyPath);
                notifyFd = LibC.unixDatagramSocket(notifyPath.toString());
                parentFds.add(notifyFd);
            }
            synchronized (OWNED) { // the orphan scan must never mistake a new child for an orphan
                try {
                    pid = PosixSpawn.spawn(program, argv, envp,
                            spec.dir() == null ? null : spec.dir().toString(), fds);
                } catch (PosixException e) {
                    throw new SpawnException(argv, e.errno(), "cannot execute " + program
                            + (spec.dir() != null ? " in " + spec.dir() : ""), e);
                }
                OWNED.add(pid);
            }
            // Our copies of the write ends must go, or we would never see end of file.
            closeAndForget(parentFds, outP[1]);
            closeAndForget(parentFds, errP[1]);
            if (readyP != null) closeAndForget(parentFds, readyP[1]);
            if (inP != null) closeAndForget(parentFds, inP[0]);
            int pidfd = LibC.pidfdOpen(pid);
            ChildProcess child = new ChildProcess(this, pid, spec, listener, outP[0], errP[0],
                    readyP != null ? readyP[0] : -1, notifyFd, notifyPath, pidfd,
                    inP != null ? inP[1] : -1, tag);
            parentFds.clear();
            children.put(pid, child);
            everSpawned = true;
            int p = pid;
            loop.execute(() -> {
                sessions.add(p);
                child.start();
            });
            return child;
        } catch (IOException | RuntimeException e) {
            for (int fd : parentFds) LibC.closeQuietly(fd);
            deleteQuietly(notifyPath);
            if (pid > 0) abandon(pid);
            if (e instanceof RuntimeException re) throw re;
            if (e instanceof SpawnException se) throw se;
            int errno = e instanceof PosixException pe ? pe.errno() : Errno.EIO;
            throw new SpawnException(argv, errno, "setting up the child's fds failed (" + e.getMessage() + ")", e);
        }
    }

    private static void closeAndForget(List<Integer> fds, int fd) {
        fds.remove(Integer.valueOf(fd));
        LibC.closeQuietly(fd);
    }

    /** Kills a child we could not set up (e.g. out of fds for its pidfd) and reaps it from the loop. */
    private void abandon(int pid) {
        disown(pid); // let the orphan machinery reap it
        try {
            LibC.kill(-pid, Signals.SIGKILL);
        } catch (PosixException e) {
            LOG.warn("killing abandoned child {}: {}", pid, e.getMessage());
        }
        loop.execute(() -> {
            sessions.add(pid);
            strayPids.add(pid);
        });
        loop.schedule(() -> reapOrphan(pid), 50, TimeUnit.MILLISECONDS);
    }

    /**
     * Finds {@code argv[0]} as execvp would, but in the <em>child's</em> PATH (or ours if it has
     * none, or {@code /bin:/usr/bin}); relative PATH entries are relative to {@code dir}.
     */
    private static String resolveProgram(List<String> argv, Map<String, String> env, Path dir) throws SpawnException {
        String prog = argv.get(0);
        if (prog.isEmpty()) throw new SpawnException(argv, Errno.ENOENT, "empty program name", null);
        if (prog.indexOf('/') >= 0) return prog;
        String path = env.get("PATH");
        if (path == null) path = System.getenv("PATH");
        if (path == null) path = "/bin:/usr/bin";
        boolean sawNotExecutable = false;
        for (String entry : path.split(":", -1)) {
            Path d = Path.of(entry.isEmpty() ? "." : entry);
            if (!d.isAbsolute() && dir != null) d = dir.resolve(d);
            Path candidate = d.resolve(prog);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) return candidate.toString();
                sawNotExecutable = true;
            }
        }
        throw new SpawnException(argv, sawNotExecutable ? Errno.EACCES : Errno.ENOENT,
                "program " + prog + (sawNotExecutable ? " is not executable anywhere in PATH " : " not found in PATH ")
                        + path, null);
    }

    // ------------------------------------------------------------------ loop-side helpers

    MemorySegment readBuffer() {
        return readBuffer;
    }

    byte[] heapBuffer() {
        return heapBuffer;
    }

    /** On the loop: a child's exit was published; its orphans are ours now. */
    void childExited(ChildProcess child) {
        children.remove(child.pid());
        requestScan();
    }

    /**
     * On the loop: an orphan scan soon (10 ms), coalescing requests, so that many children exiting
     * together cost one {@code /proc} scan, not one each.
     */
    void requestScan() {
        if (scanPending) return;
        scanPending = true;
        long requested = System.nanoTime();
        loop.schedule(() -> {
            scanPending = false;
            snapshotAfter(requested);
            reapOrphans(requested);
        }, 10, TimeUnit.MILLISECONDS);
    }

    /**
     * On the loop: the cached snapshot if its scan began at or after {@code nanos}; otherwise
     * null, and a scan is requested ({@link #requestScan()}) so that a later call succeeds. For
     * periodic checks that must not each pay for a scan.
     */
    Snapshot cachedSnapshotAfter(long nanos) {
        if (cachedSnapshot != null && cachedAt - nanos >= 0) return cachedSnapshot;
        requestScan();
        return null;
    }

    /**
     * A {@code /proc} snapshot with lookup sets: the pids of processes that are not zombies, and
     * every session id and process-group id that has at least one member (zombies included).
     */
    record Snapshot(List<ProcTable.Entry> entries, Set<Integer> livePids, Set<Integer> groupsAndSessions) {
        static Snapshot of(List<ProcTable.Entry> entries) {
            Set<Integer> pids = new HashSet<>();
            Set<Integer> gs = new HashSet<>();
            for (ProcTable.Entry e : entries) {
                if (!e.zombie()) pids.add(e.pid());
                gs.add(e.pgrp());
                gs.add(e.session());
            }
            return new Snapshot(entries, pids, gs);
        }
    }

    /**
     * On the loop: a {@code /proc} snapshot whose scan began at or after {@code nanos}
     * ({@link System#nanoTime()}): the cached one if it is recent enough, else a new scan. Every
     * user states how fresh it needs the view to be, so that stopping a thousand children at once
     * shares a few scans instead of making a thousand.
     */
    Snapshot snapshotAfter(long nanos) {
        if (cachedSnapshot == null || cachedAt - nanos < 0) {
            long start = System.nanoTime();
            cachedSnapshot = Snapshot.of(ProcTable.snapshot());
            cachedAt = start;
            lastScanNanos = System.nanoTime() - start;
        }
        return cachedSnapshot;
    }

    /**
     * On the loop: a recent snapshot, begun at most 100 ms ago (or twice the last scan's duration
     * when scans are slower than that, so back-to-back requests share one scan).
     */
    Snapshot snapshotRecent() {
        long window = Math.max(TimeUnit.MILLISECONDS.toNanos(100), 2 * lastScanNanos);
        return snapshotAfter(System.nanoTime() - window);
    }

    /**
     * On the loop: processes re-parented to us from a session that is neither ours nor
     * {@code session}, whose environment carries {@code tagVariable=token}: descendants of one
     * child that double-forked away from its session. Reads {@code /proc/PID/environ} of those
     * few candidates only.
     */
    List<Integer> taggedOrphans(List<ProcTable.Entry> snap, int session, String token) {
        List<Integer> found = new ArrayList<>();
        if (options.tagVariable() == null || token == null) return found;
        byte[] needle = (options.tagVariable() + "=" + token).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        for (ProcTable.Entry e : snap) {
            if (e.ppid() != ourPid || e.zombie() || e.session() == ourSession || e.session() == session
                    || owned(e.pid())) {
                continue;
            }
            try {
                byte[] env = Files.readAllBytes(Path.of("/proc/" + e.pid() + "/environ"));
                if (containsEntry(env, needle)) found.add(e.pid());
            } catch (IOException | RuntimeException ex) {
                // gone, or not readable: not ours to stop
            }
        }
        return found;
    }

    /** Whether the NUL-separated {@code env} has an entry equal to {@code entry}. */
    static boolean containsEntry(byte[] env, byte[] entry) {
        int start = 0;
        for (int i = 0; i <= env.length; i++) {
            if (i == env.length || env[i] == 0) {
                if (i - start == entry.length && java.util.Arrays.equals(env, start, i, entry, 0, entry.length)) {
                    return true;
                }
                start = i + 1;
            }
        }
        return false;
    }

    /** On the loop: remember descendants outside the child's session, so we reap them too. */
    void trackStrays(Set<Integer> pids) {
        strayPids.addAll(pids);
    }

    /**
     * On the loop: reaps or watches every process re-parented to us that belongs to one of our
     * children's sessions or groups (or is a known stray), and forgets sessions with no member
     * left. Reads {@code /proc}; does nothing if no session is known.
     */
    void reapOrphans() {
        reapOrphans(System.nanoTime());
    }

    /** {@link #reapOrphans()} with a view of {@code /proc} taken at or after {@code nanos}. */
    private void reapOrphans(long nanos) {
        boolean foreign = options.reapForeignSessions() && everSpawned;
        if (sessions.isEmpty() && strayPids.isEmpty() && !foreign) return;
        List<ProcTable.Entry> snap = snapshotAfter(nanos).entries();
        Set<Integer> liveSessions = new HashSet<>();
        Set<Integer> present = new HashSet<>();
        for (ProcTable.Entry e : snap) {
            present.add(e.pid());
            if (sessions.contains(e.session())) liveSessions.add(e.session());
            if (sessions.contains(e.pgrp())) liveSessions.add(e.pgrp());
            boolean ours = sessions.contains(e.session()) || sessions.contains(e.pgrp())
                    || strayPids.contains(e.pid())
                    || (foreign && ourSession >= 0 && e.session() != ourSession);
            if (ours && e.ppid() == ourPid && !children.containsKey(e.pid()) && !adopted.containsKey(e.pid())) {
                if (!owned(e.pid())) adopt(e);
            }
        }
        sessions.removeIf(s -> !liveSessions.contains(s) && !children.containsKey(s));
        strayPids.retainAll(present);
    }

    private void adopt(ProcTable.Entry e) {
        int pid = e.pid();
        if (e.zombie()) {
            reapOrphan(pid);
            return;
        }
        int pidfd;
        try {
            pidfd = LibC.pidfdOpen(pid);
        } catch (PosixException ex) {
            reapOrphan(pid);
            return;
        }
        FdWatch[] holder = new FdWatch[1];
        holder[0] = new FdWatch(loop, pidfd, () -> {
            if (reapOrphan(pid)) {
                holder[0].close();
                adopted.remove(pid);
            }
        });
        adopted.put(pid, holder[0]);
        holder[0].start();
        LOG.debug("adopted orphan {} (session {}, group {})", pid, e.session(), e.pgrp());
    }

    /** Targeted waitpid for an adopted orphan; true once it is gone (reaped, or not ours). */
    private boolean reapOrphan(int pid) {
        try {
            int raw = LibC.waitpidNoHang(pid);
            if (raw == -1) return false;
            LOG.debug("reaped orphan {}: {}", pid, ExitStatus.fromWaitStatus(raw));
            return true;
        } catch (PosixException e) {
            return true; // ECHILD: not (or no longer) our child
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ shutdown

    /**
     * Stops every live child ({@link ChildProcess#stop()}: stop signal, then SIGKILL after the stop
     * timeout), including one whose {@link #spawn} was under way when close began (close waits
     * for such spawns to finish; later spawns throw), waits for them, then shuts down the event loop if it is ours and removes the
     * runtime directory if we created it. Idempotent.
     */
    @Override
    public void close() {
        if (loop.inEventLoop()) {
            throw new IllegalStateException("ProcessDriver.close() would wait for its own event loop; call it from another thread");
        }
        spawnGate.writeLock().lock(); // waits for spawns under way: their children are in children now
        try {
            if (closed) return;
            closed = true;
        } finally {
            spawnGate.writeLock().unlock();
        }
        List<CompletableFuture<ChildProcess.StopResult>> stops = new ArrayList<>();
        for (ChildProcess c : List.copyOf(children.values())) stops.add(c.stop());
        try {
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(options.stopTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("not every child stopped in time: {}", e.toString());
        }
        scanTask.cancel(false);
        if (ownGroup != null) {
            ownGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        } else {
            loop.submit(() -> adopted.values().forEach(FdWatch::close)).syncUninterruptibly();
        }
        arena.close();
        if (ownRuntimeDir) {
            try (var s = Files.list(runtimeDir)) {
                s.forEach(ProcessDriver::deleteQuietly);
            } catch (IOException e) {
                LOG.debug("listing {}", runtimeDir, e);
            }
            deleteQuietly(runtimeDir);
        }
    }

    /**
     * Registers a JVM shutdown hook that {@link #close()}s this driver, so that SIGTERM or
     * {@code System.exit} stops every child (stop signal, then SIGKILL) instead of leaving them
     * running (java-deps §3.4: children outlive the JVM otherwise). A SIGKILL of the JVM runs no
     * hook. Returns this driver.
     */
    public ProcessDriver closeOnShutdown() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "process-driver-shutdown"));
        return this;
    }

    private static void deleteQuietly(Path p) {
        if (p == null) return;
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debug("deleting {}", p, e);
        }
    }
}
