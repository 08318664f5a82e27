package org.syndicate.process;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of our fds (a pipe's read end, a pidfd, a datagram socket) watched for readability on a
 * Netty epoll event loop through Netty 4.2's public {@link EpollIoHandle} API, so no thread is
 * spent per fd. Level-triggered: {@code onReadable} is called on every loop iteration while data
 * (or end of file, or process exit for a pidfd) is pending, so a handler may read a bounded amount
 * per call and leave the rest for the next.
 *
 * <p>{@link #pause()} removes the fd from the epoll set (not just {@code EPOLLIN}: a hung-up pipe
 * reports {@code EPOLLHUP} even with no requested events, which would spin the loop) and
 * {@link #resume()} adds it back. All methods must be called on the loop's thread.
 */
final class FdWatch implements EpollIoHandle {
    private static final Logger LOG = LoggerFactory.getLogger(FdWatch.class);

    private final IoEventLoop loop;
    private final FileDescriptor fd;
    private final Runnable onReadable;
    private IoRegistration registration;
    private boolean paused;
    private boolean closed;
    private boolean registering;

    private final EpollIoOps ops;

    /** Watches {@code fd} for reading; takes ownership of it: {@link #close()} closes it. */
    FdWatch(IoEventLoop loop, int fd, Runnable onReadable) {
        this(loop, fd, EpollIoOps.EPOLLIN, onReadable);
    }

    /**
     * Watches {@code fd} for {@code ops} ({@code EPOLLIN}, or {@code EPOLLOUT} for a pipe we
     * write to); {@code onReady} runs while the fd is ready. Takes ownership of the fd.
     */
    FdWatch(IoEventLoop loop, int fd, EpollIoOps ops, Runnable onReady) {
        this.loop = loop;
        this.fd = new FileDescriptor(fd);
        this.ops = ops;
        this.onReadable = onReady;
    }

    int intFd() {
        return fd.intValue();
    }

    /** Registers the fd for reading. */
    void start() {
        paused = false;
        register();
    }

    private void register() {
        if (closed || registration != null || registering) return;
        registering = true;
        loop.register(this).addListener(f -> {
            registering = false;
            if (!f.isSuccess()) {
                LOG.warn("cannot watch fd {} on the event loop", fd.intValue(), f.cause());
                return;
            }
            IoRegistration reg = (IoRegistration) f.getNow();
            if (closed || paused) {
                reg.cancel();
                return;
            }
            registration = reg;
            reg.submit(ops);
        });
    }

    /** Stops watching until {@link #resume()}; the fd stays open. */
    void pause() {
        if (paused || closed) return;
        paused = true;
        IoRegistration reg = registration;
        registration = null;
        if (reg != null) reg.cancel();
    }

    /** Watches again after {@link #pause()}. */
    void resume() {
        if (!paused || closed) return;
        paused = false;
        register();
    }

    boolean isPaused() {
        return paused;
    }

    @Override
    public FileDescriptor fd() {
        return fd;
    }

    @Override
    public void handle(IoRegistration reg, IoEvent event) {
        if (closed || paused) return;
        onReadable.run();
    }

    /** Unregisters and closes the fd; idempotent. Also called by Netty when the loop shuts down. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        IoRegistration reg = registration;
        registration = null;
        if (reg != null) {
            try {
                reg.cancel();
            } catch (RuntimeException e) {
                LOG.debug("cancelling fd {}", fd.intValue(), e);
            }
        }
        try {
            fd.close();
        } catch (java.io.IOException e) {
            LOG.debug("closing fd {}", fd.intValue(), e);
        }
    }

    boolean isClosed() {
        return closed;
    }
}
