package org.syndicate.process;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a byte stream into {@link OutputLine}s: on {@code '\n'} (kept in the line), at
 * {@code maxLineBytes} for over-long lines, and at end of file for a last line without a newline
 * (delivered as is, as the reference does: syndicate-server.md §7.6).
 *
 * <p>Memory is bounded by {@code maxLineBytes} per stream: bytes of an unfinished line are held
 * in one buffer of at most that size. A cut is moved back (by at most 3 bytes) to the start of a
 * UTF-8 sequence that would otherwise be split, so each piece of a valid UTF-8 line stays valid.
 * Not thread-safe: one assembler per stream, used on the driver's event loop.
 */
final class LineAssembler {
    private final StdStream stream;
    private final int maxLineBytes;
    private final Consumer<OutputLine> out;
    private byte[] buf = new byte[0];
    private int len;

    /**
     * @param maxLineBytes longest line delivered, at least 4 (room for one UTF-8 sequence)
     * @param out          receives each line, in order
     */
    LineAssembler(StdStream stream, int maxLineBytes, Consumer<OutputLine> out) {
        if (maxLineBytes < 4) throw new IllegalArgumentException("maxLineBytes must be >= 4, got " + maxLineBytes);
        this.stream = stream;
        this.maxLineBytes = maxLineBytes;
        this.out = out;
    }

    /** Bytes of an unfinished line currently held. */
    int pending() {
        return len;
    }

    /** Feeds {@code chunk[off, off+n)}; delivers every line completed by it. */
    void feed(byte[] chunk, int off, int n) {
        int pos = off;
        int limit = off + n;
        while (pos < limit) {
            int nl = indexOf(chunk, pos, limit);
            int end = nl >= 0 ? nl + 1 : limit;
            while (pos < end) {
                int room = maxLineBytes - len;
                int count = end - pos;
                if (count <= room) {
                    if (nl >= 0 && len == 0) {
                        out.accept(new OutputLine(stream, Arrays.copyOfRange(chunk, pos, end), false));
                    } else {
                        append(chunk, pos, count);
                        if (nl >= 0) emitAll(false);
                    }
                    pos = end;
                } else {
                    append(chunk, pos, room);
                    pos += room;
                    cutFullBuffer();
                }
            }
        }
    }

    /** End of file: delivers the unfinished last line, if any, without adding a newline. */
    void finish() {
        if (len > 0) emitAll(false);
        buf = new byte[0];
    }

    private void cutFullBuffer() {
        int cut = utf8SafeCut(buf, len);
        out.accept(new OutputLine(stream, Arrays.copyOf(buf, cut), true));
        System.arraycopy(buf, cut, buf, 0, len - cut);
        len -= cut;
    }

    private void emitAll(boolean continued) {
        out.accept(new OutputLine(stream, Arrays.copyOf(buf, len), continued));
        len = 0;
        if (buf.length > 4096) buf = new byte[0]; // give back a big buffer after a long line
    }

    private void append(byte[] src, int off, int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(maxLineBytes, Math.max(len + n, Math.max(256, buf.length * 2))));
        }
        System.arraycopy(src, off, buf, len, n);
        len += n;
    }

    private static int indexOf(byte[] a, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == '\n') return i;
        }
        return -1;
    }

    /**
     * Where to cut {@code b[0, n)} so that no UTF-8 sequence is split: before the last sequence
     * if it is incomplete, else at {@code n}. Invalid bytes are cut anywhere.
     */
    static int utf8SafeCut(byte[] b, int n) {
        int i = n - 1;
        int back = 0;
        while (i > 0 && back < 3 && (b[i] & 0xC0) == 0x80) {
            i--;
            back++;
        }
        int lead = b[i] & 0xFF;
        int need;
        if (lead >= 0xF0 && lead <= 0xF4) need = 4;
        else if (lead >= 0xE0) need = lead <= 0xEF ? 3 : 1;
        else if (lead >= 0xC2) need = 2;
        else need = 1;
        if (need > 1 && i + need > n && i > 0) return i;
        return n;
    }
}
