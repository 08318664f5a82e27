package org.syndicate.process;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

import io.netty.channel.epoll.EpollIoOps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.process.posix.LibC;
import org.syndicate.process.posix.PosixException;

/**
 * A running (or finished) child started by {@link ProcessDriver#spawn}. It is the leader of its
 * own session and process group (pid = sid = pgid), so {@link #signal} and {@link #stop} reach
 * every descendant that stayed in the group, and {@link #stop} also finds descendants that left
 * it but are still in the session or below the child in the process tree.
 *
 * <p>Methods may be called from any thread; they hand their work to the driver's event loop.
 * Listener callbacks come from that loop (see {@link ProcessListener}).
 */
public final class ChildProcess {
    private static final Logger LOG = LoggerFactory.getLogger(ChildProcess.class);

    /**
     * What a {@link #stop} achieved.
     *
     * @param status    how the child itself ended; null if it had not even exited 5 s after
     *                  SIGKILL (its {@link #exitFuture()} still completes when it does)
     * @param killed    whether SIGKILL had to be sent because the stop timeout expired
     * @param elapsed   time from the stop request until the whole tree was gone (monotonic)
     * @param treeEmpty false if members of the child's tree were still present when we gave up
     *                  waiting (5 s after SIGKILL), e.g. stuck in uninterruptible sleep
     */
    public record StopResult(ExitStatus status, boolean killed, Duration elapsed, boolean treeEmpty) {}

    private final ProcessDriver driver;
    private final int pid;
    private final LaunchSpec spec;
    private final ProcessListener listener;
    private final Instant startedAt = Instant.now();
    private final long startedNanos = System.nanoTime();
    private final Path notifyPath;
    private final String tag;

    // ---- event-loop state ----
    private final OutputPipe out;
    private final OutputPipe err;
    private final FdWatch readyWatch;
    private final FdWatch notifyWatch;
    private FdWatch pidfdWatch;
    private final FdWatch stdinWatch;
    private final ArrayDeque<ByteBuffer> stdinQueue = new ArrayDeque<>();
    private final AtomicLong stdinQueued = new AtomicLong();
    private boolean stdinCloseRequested;
    private boolean stdinWatching;
    private boolean outputPaused;
    private volatile boolean wantPaused;
    private boolean readySent;
    private boolean readyFdDone;
    private ExitStatus status;
    private long publishedNanos;
    private boolean published;
    private ScheduledFuture<?> drainTimer;
    private CompletableFuture<StopResult> stopFuture;
    private long stopStartNanos;
    private boolean killed;
    private ScheduledFuture<?> killTimer;
    private long giveUpNanos = Long.MAX_VALUE;
    private final Set<Integer> strays = new HashSet<>();

    private final CompletableFuture<ExitStatus> exited = new CompletableFuture<>();

    ChildProcess(ProcessDriver driver, int pid, LaunchSpec spec, ProcessListener listener,
                 int stdoutFd, int stderrFd, int readyFd, int notifyFd, Path notifyPath, int pidfd,
                 int stdinFd, String tag) {
        this.tag = tag;
        this.driver = driver;
        this.pid = pid;
        this.spec = spec;
        this.listener = listener;
        this.notifyPath = notifyPath;
        var loop = driver.eventLoop();
        int max = driver.options().maxLineBytes();
        this.out = new OutputPipe(new FdWatch(loop, stdoutFd, () -> read(outPipe())),
                new LineAssembler(StdStream.STDOUT, max, this::deliver));
        this.err = new OutputPipe(new FdWatch(loop, stderrFd, () -> read(errPipe())),
                new LineAssembler(StdStream.STDERR, max, this::deliver));
        this.readyWatch = readyFd >= 0 ? new FdWatch(loop, readyFd, this::readReadyFd) : null;
        this.notifyWatch = notifyFd >= 0 ? new FdWatch(loop, notifyFd, this::readNotify) : null;
        this.pidfdWatch = new FdWatch(loop, pidfd, this::reap);
        this.stdinWatch = stdinFd >= 0 ? new FdWatch(loop, stdinFd, EpollIoOps.EPOLLOUT, this::flushStdin) : null;
    }

    private OutputPipe outPipe() {
        return out;
    }

    private OutputPipe errPipe() {
        return err;
    }

    /** On the loop: start watching every fd. */
    void start() {
        out.watch.start();
        err.watch.start();
        if (readyWatch != null) readyWatch.start();
        if (notifyWatch != null) notifyWatch.start();
        pidfdWatch.start();
    }

    // ------------------------------------------------------------------ public API

    /** The child's pid; also its session id and process-group id. */
    public int pid() {
        return pid;
    }

    /** What was launched. */
    public LaunchSpec spec() {
        return spec;
    }

    /** Wall-clock time of the spawn (for display only). */
    public Instant startedAt() {
        return startedAt;
    }

    /** {@link System#nanoTime()} at the spawn (for durations). */
    public long startedNanos() {
        return startedNanos;
    }

    /** The {@code NOTIFY_SOCKET} path given to the child, or null if it has none. */
    public Path notifySocketPath() {
        return notifyPath;
    }

    /**
     * Completes with the exit status once the child has been reaped and its output delivered
     * (right after {@link ProcessListener#onExit}).
     */
    public CompletableFuture<ExitStatus> exitFuture() {
        return exited;
    }

    /** Whether the exit has been published. */
    public boolean hasExited() {
        return exited.isDone();
    }

    /**
     * Sends {@code signal} to the child's whole process group ({@code kill(-pgid, signal)}).
     * Does nothing once the child has been reaped (its pid may be reused).
     */
    public void signal(int signal) {
        driver.eventLoop().execute(() -> {
            if (status == null) killGroup(signal);
        });
    }

    /** {@link #stop(int, Duration)} with the driver's default signal and timeout. */
    public CompletableFuture<StopResult> stop() {
        return stop(driver.options().stopSignal(), driver.options().stopTimeout());
    }

    /**
     * Stops the child and everything it started: {@code signal} (then SIGCONT, so a stopped
     * process sees it) to the process group, the session's other members and the child's other
     * descendants; if any of them is still there after {@code timeout} (monotonic clock), SIGKILL
     * to all of them. Completes when the child has been reaped, its output delivered, and no
     * member of its tree remains. Calling it again returns the first call's future, except that a
     * second call with SIGKILL kills at once.
     *
     * @param signal  1..64, e.g. {@link Signals#SIGTERM}
     * @param timeout how long to wait before SIGKILL; zero sends SIGKILL at once
     */
    public CompletableFuture<StopResult> stop(int signal, Duration timeout) {
        CompletableFuture<StopResult> result = new CompletableFuture<>();
        long requested = System.nanoTime(); // the tree is looked up in a /proc view from after this
        driver.eventLoop().execute(() -> {
            try {
                startStop(signal, timeout, requested).whenComplete((r, t) -> {
                    if (t != null) result.completeExceptionally(t);
                    else result.complete(r);
                });
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /**
     * Stops reading stdout and stderr (the pipes fill and the child blocks) until
     * {@link #resumeOutput()}. From any thread; the last of pause/resume <em>called</em> wins,
     * even when a resume from another thread has not reached the loop yet. Called from a
     * listener, it takes effect before the next read (lines already read are still delivered).
     */
    public void pauseOutput() {
        wantPaused = true;
        applyPause();
    }

    /** Resumes reading after {@link #pauseOutput()}; same ordering rule. */
    public void resumeOutput() {
        wantPaused = false;
        applyPause();
    }

    private void applyPause() {
        if (driver.eventLoop().inEventLoop()) syncPause();
        else driver.eventLoop().execute(this::syncPause);
    }

    /** On the loop: make the watches agree with the latest request. */
    private void syncPause() {
        if (wantPaused) doPause();
        else doResume();
    }

    /**
     * Queues {@code bytes} (copied) for the child's stdin and writes them as the pipe accepts
     * them, on the event loop. Needs {@link LaunchSpec#stdinPipe()}. Memory is the caller's to
     * bound: watch {@link #stdinQueuedBytes()}. If the child has closed its stdin, or has exited,
     * the bytes are dropped.
     *
     * @throws IllegalStateException if the child has no stdin pipe
     */
    public void writeStdin(byte[] bytes) {
        if (stdinWatch == null) throw new IllegalStateException("child " + pid + " was started without a stdin pipe");
        ByteBuffer copy = ByteBuffer.wrap(bytes.clone());
        stdinQueued.addAndGet(copy.remaining());
        driver.eventLoop().execute(() -> {
            if (stdinWatch.isClosed() || stdinCloseRequested) {
                stdinQueued.addAndGet(-copy.remaining());
                return;
            }
            stdinQueue.add(copy);
            flushStdin();
        });
    }

    /** Bytes given to {@link #writeStdin} and not yet written to the pipe. */
    public long stdinQueuedBytes() {
        return stdinQueued.get();
    }

    /** Closes the child's stdin once everything queued has been written (the child sees end of file). */
    public void closeStdin() {
        if (stdinWatch == null) return;
        driver.eventLoop().execute(() -> {
            stdinCloseRequested = true;
            flushStdin();
        });
    }

    @Override
    public String toString() {
        return "ChildProcess[pid=" + pid + ", argv=" + spec.argv() + (status != null ? ", " + status : "") + "]";
    }

    // ------------------------------------------------------------------ output

    private static final class OutputPipe {
        final FdWatch watch;
        final LineAssembler assembler;
        boolean eof;

        OutputPipe(FdWatch watch, LineAssembler assembler) {
            this.watch = watch;
            this.assembler = assembler;
        }
    }

    private void deliver(OutputLine line) {
        try {
            listener.onLine(this, line);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on a line of pid {}", pid, e);
        }
    }

    private void doPause() {
        outputPaused = true;
        if (!out.eof) out.watch.pause();
        if (!err.eof) err.watch.pause();
    }

    private void doResume() {
        outputPaused = false;
        if (!out.eof) out.watch.resume();
        if (!err.eof) err.watch.resume();
    }

    /** Reads up to the per-wakeup budget; the level-triggered watch calls again for the rest. */
    private void read(OutputPipe p) {
        readSome(p, driver.options().maxReadBytesPerWakeup());
    }

    private void readSome(OutputPipe p, long budget) {
        MemorySegment buf = driver.readBuffer();
        byte[] heap = driver.heapBuffer();
        while (!p.eof && budget > 0 && (!wantPaused || published)) {
            long n;
            try {
                n = LibC.read(p.watch.intFd(), buf, Math.min(heap.length, budget));
            } catch (PosixException e) {
                LOG.warn("reading output of pid {}: {}", pid, e.getMessage());
                n = 0;
            }
            if (n < 0) return;
            if (n == 0) {
                p.eof = true;
                p.assembler.finish();
                p.watch.close();
                maybePublish();
                return;
            }
            if (p == out && spec.rawStdout()) {
                byte[] chunk = buf.asSlice(0, n).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
                try {
                    listener.onStdout(this, chunk);
                } catch (RuntimeException e) {
                    LOG.warn("listener failed on stdout of pid {}", pid, e);
                }
            } else {
                MemorySegment.copy(buf, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, heap, 0, (int) n);
                p.assembler.feed(heap, 0, (int) n);
            }
            budget -= n;
        }
        if (wantPaused && !p.eof && !published) syncPause();
    }

    // ------------------------------------------------------------------ stdin

    /** On the loop: write queued stdin bytes until the pipe is full (then wait for EPOLLOUT). */
    private void flushStdin() {
        if (stdinWatch == null || stdinWatch.isClosed()) return;
        MemorySegment buf = driver.readBuffer();
        while (!stdinQueue.isEmpty()) {
            ByteBuffer b = stdinQueue.peek();
            int n = (int) Math.min(b.remaining(), buf.byteSize());
            MemorySegment.copy(b.array(), b.arrayOffset() + b.position(), buf,
                    java.lang.foreign.ValueLayout.JAVA_BYTE, 0, n);
            long w;
            try {
                w = LibC.write(stdinWatch.intFd(), buf, n);
            } catch (PosixException e) {
                // EPIPE: the child closed its stdin (or exited); nothing more can be delivered
                LOG.debug("stdin of pid {}: {}", pid, e.getMessage());
                dropStdin();
                return;
            }
            if (w < 0) { // pipe full: wait until writable
                if (!stdinWatching) {
                    stdinWatching = true;
                    if (stdinWatch.isPaused()) stdinWatch.resume();
                    else stdinWatch.start();
                }
                return;
            }
            b.position(b.position() + (int) w);
            stdinQueued.addAndGet(-w);
            if (!b.hasRemaining()) stdinQueue.poll();
        }
        if (stdinWatching) {
            stdinWatching = false;
            stdinWatch.pause();
        }
        if (stdinCloseRequested) stdinWatch.close();
    }

    private void dropStdin() {
        long dropped = 0;
        for (ByteBuffer b : stdinQueue) dropped += b.remaining();
        stdinQueue.clear();
        stdinQueued.addAndGet(-dropped);
        stdinWatch.close();
    }

    // ------------------------------------------------------------------ readiness

    /** Reads the readiness pipe, at most 16 KiB per wakeup (a child writing endlessly cannot hog the loop). */
    private void readReadyFd() {
        MemorySegment buf = driver.readBuffer();
        for (int round = 0; round < 32 && !readyFdDone; round++) {
            long n;
            try {
                n = LibC.read(readyWatch.intFd(), buf, 512);
            } catch (PosixException e) {
                n = 0;
            }
            if (n < 0) return;
            if (n == 0) {
                readyFdDone = true;
                readyWatch.close();
                return;
            }
            for (long i = 0; i < n; i++) {
                if (buf.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) == '\n') {
                    signalReady(ProcessListener.Readiness.READINESS_FD);
                    break;
                }
            }
        }
    }

    /** Receives notify datagrams, at most 64 per wakeup; a datagram is cut at 4 KiB. */
    private void readNotify() {
        MemorySegment buf = driver.readBuffer();
        int cap = 4096;
        for (int round = 0; round < 64 && !notifyWatch.isClosed(); round++) {
            long n;
            try {
                n = LibC.recvDatagram(notifyWatch.intFd(), buf, cap);
            } catch (PosixException e) {
                LOG.warn("notify socket of pid {}: {}", pid, e.getMessage());
                return;
            }
            if (n < 0) return;
            byte[] bytes = buf.asSlice(0, Math.min(n, cap)).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
            NotifyMessage msg = NotifyMessage.parse(new String(bytes, StandardCharsets.UTF_8));
            try {
                listener.onNotify(this, msg);
            } catch (RuntimeException e) {
                LOG.warn("listener failed on a notification of pid {}", pid, e);
            }
            if (msg.ready()) signalReady(ProcessListener.Readiness.NOTIFY_SOCKET);
        }
    }

    private void signalReady(ProcessListener.Readiness how) {
        if (readySent || published) return;
        readySent = true;
        try {
            listener.onReady(this, how);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on readiness of pid {}", pid, e);
        }
    }

    // ------------------------------------------------------------------ exit

    /** The pidfd became readable: the child exited. Collect its exact status with a targeted waitpid. */
    private void reap() {
        if (status != null) return;
        int raw;
        try {
            raw = LibC.waitpidNoHang(pid);
        } catch (PosixException e) {
            LOG.error("waitpid for pid {} failed: {}; treating it as killed", pid, e.getMessage());
            raw = Signals.SIGKILL;
            ProcessDriver.disown(pid);
        }
        if (raw == -1) return; // spurious wakeup
        ProcessDriver.disown(pid);
        status = ExitStatus.fromWaitStatus(raw);
        pidfdWatch.close();
        pidfdWatch = null;
        // Readiness sent just before exiting still counts (supervision.md E12).
        if (notifyWatch != null && !notifyWatch.isClosed()) readNotify();
        if (readyWatch != null && !readyFdDone) readReadyFd();
        maybePublish();
    }

    private void maybePublish() {
        if (status == null || published) return;
        if (out.eof && err.eof) {
            publish();
        } else if (drainTimer == null) {
            long ms = driver.options().drainTimeout().toMillis();
            drainTimer = driver.eventLoop().schedule(this::drainTimeout, ms, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The child is gone but a descendant still holds a pipe open. Unless the consumer has paused
     * us (then we wait for it), read what the pipes hold now, finish the partial lines and publish.
     */
    private void drainTimeout() {
        drainTimer = null;
        if (published) return;
        if (outputPaused) {
            long ms = driver.options().drainTimeout().toMillis();
            drainTimer = driver.eventLoop().schedule(this::drainTimeout, ms, TimeUnit.MILLISECONDS);
            return;
        }
        for (OutputPipe p : List.of(out, err)) {
            if (!p.eof) {
                readSome(p, 1L << 20);
                if (!p.eof) {
                    p.assembler.finish();
                    p.eof = true;
                    p.watch.close();
                }
            }
        }
        publish();
    }

    private void publish() {
        if (published) return;
        published = true;
        publishedNanos = System.nanoTime();
        if (drainTimer != null) {
            drainTimer.cancel(false);
            drainTimer = null;
        }
        if (readyWatch != null) readyWatch.close();
        if (notifyWatch != null) notifyWatch.close();
        if (stdinWatch != null && !stdinWatch.isClosed()) dropStdin();
        if (notifyPath != null) {
            try {
                Files.deleteIfExists(notifyPath);
            } catch (java.io.IOException e) {
                LOG.debug("removing {}", notifyPath, e);
            }
        }
        driver.childExited(this);
        try {
            listener.onExit(this, status);
        } catch (RuntimeException e) {
            LOG.warn("listener failed on the exit of pid {}", pid, e);
        }
        exited.complete(status);
        if (stopFuture != null) checkStopDone();
    }

    // ------------------------------------------------------------------ stop

    /**
     * On the loop: the stop itself. {@code requested} ({@link System#nanoTime()}) is when
     * {@link #stop(int, Duration)} was called: the tree is found in a {@code /proc} view begun no
     * earlier, so a descendant re-parented to us before the call (e.g. one that double-forked out
     * of the session) is seen as such. Stops requested together still share one scan.
     */
    private CompletableFuture<StopResult> startStop(int signal, Duration timeout, long requested) {
        if (signal < 1 || signal > Signals.MAX) throw new IllegalArgumentException("bad signal " + signal);
        if (stopFuture != null) {
            if (signal == Signals.SIGKILL && !killed) escalate(requested);
            return stopFuture;
        }
        stopFuture = new CompletableFuture<>();
        stopStartNanos = System.nanoTime();
        if (signal == Signals.SIGKILL || timeout.isZero() || timeout.isNegative()) {
            escalate(requested);
        } else {
            ProcessDriver.Snapshot view = driver.snapshotAfter(requested);
            signalTree(signal, view);
            if (signal != Signals.SIGCONT) signalTree(Signals.SIGCONT, view);
            killTimer = driver.eventLoop().schedule(() -> {
                killTimer = null;
                if (!stopFuture.isDone() && !treeGone()) escalate(System.nanoTime());
            }, timeout.toNanos(), TimeUnit.NANOSECONDS);
        }
        scheduleStopCheck();
        return stopFuture;
    }

    /** SIGKILL to the tree as seen in a {@code /proc} view begun at or after {@code viewAfter}. */
    private void escalate(long viewAfter) {
        killed = true;
        if (killTimer != null) {
            killTimer.cancel(false);
            killTimer = null;
        }
        signalTree(Signals.SIGKILL, driver.snapshotAfter(viewAfter));
        giveUpNanos = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    }

    private void scheduleStopCheck() {
        driver.eventLoop().schedule(this::checkStopDone, 20, TimeUnit.MILLISECONDS);
    }

    private void checkStopDone() {
        if (stopFuture.isDone()) return;
        if (published) {
            driver.requestScan(); // coalesced: one /proc pass for all stopping children
            boolean gone = treeGone();
            if (gone || System.nanoTime() - giveUpNanos > 0) {
                if (killTimer != null) {
                    killTimer.cancel(false);
                    killTimer = null;
                }
                stopFuture.complete(new StopResult(status, killed,
                        Duration.ofNanos(System.nanoTime() - stopStartNanos), gone));
                return;
            }
            if (killed) signalTree(Signals.SIGKILL, driver.snapshotRecent()); // late forks, checked again every 20 ms
        } else if (System.nanoTime() - giveUpNanos > 0) {
            // SIGKILL was sent 5 s ago and the child has still not exited (uninterruptible
            // sleep?): report it rather than wait forever; its exit is still published later.
            stopFuture.complete(new StopResult(null, killed,
                    Duration.ofNanos(System.nanoTime() - stopStartNanos), false));
            return;
        }
        scheduleStopCheck();
    }

    /** Our session/group still has members, or a stray descendant found earlier is alive. */
    private boolean treeGone() {
        if (!published) return false;
        // a view taken after the exit was published, so it cannot predate any member
        ProcessDriver.Snapshot snap = driver.cachedSnapshotAfter(publishedNanos);
        if (snap == null) return false; // a scan is on its way
        if (snap.groupsAndSessions().contains(pid)) return false;
        for (int stray : strays) {
            if (snap.livePids().contains(stray)) return false;
        }
        return true;
    }

    private void killGroup(int signal) {
        try {
            LibC.kill(-pid, signal);
        } catch (PosixException e) {
            LOG.warn("signalling process group {}: {}", pid, e.getMessage());
        }
    }

    /**
     * {@code signal} to the process group, then to every other process in our session and every
     * descendant of the child or of a session member that left both (e.g. after its own setsid),
     * remembering those strays so that the stop waits for them too. The tree is read from
     * {@code view}, taken before the group signal: once that kills a parent, its children are
     * re-parented to us at once and could no longer be found as descendants.
     */
    private void signalTree(int signal, ProcessDriver.Snapshot view) {
        List<ProcTable.Entry> all = view.entries();
        killGroup(signal);
        Set<Integer> present = new HashSet<>();
        for (ProcTable.Entry e : all) present.add(e.pid());
        strays.retainAll(present);
        Set<Integer> tree = new HashSet<>();
        if (status == null) tree.add(pid); // once reaped, the pid may belong to someone else
        for (ProcTable.Entry e : all) {
            if (e.session() == pid || e.pgrp() == pid) tree.add(e.pid());
        }
        tree.addAll(strays);
        for (int orphan : driver.taggedOrphans(all, pid, tag)) {
            tree.add(orphan);
            strays.add(orphan);
        }
        boolean grew = true;
        while (grew) {
            grew = false;
            for (ProcTable.Entry e : all) {
                if (!tree.contains(e.pid()) && tree.contains(e.ppid()) && e.ppid() != driver.ourPid()) {
                    tree.add(e.pid());
                    grew = true;
                }
            }
        }
        for (ProcTable.Entry e : all) {
            if (!tree.contains(e.pid()) || e.pgrp() == pid || e.zombie()) continue;
            if (e.session() != pid) strays.add(e.pid());
            try {
                LibC.kill(e.pid(), signal);
            } catch (PosixException ex) {
                LOG.debug("signalling {}: {}", e.pid(), ex.getMessage());
            }
        }
        if (!strays.isEmpty()) driver.trackStrays(strays);
    }
}
