package org.syndicate.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import org.syndicate.process.posix.LibC;

/**
 * A snapshot of the processes visible in {@code /proc}, as much of {@code /proc/PID/stat} as a
 * supervisor needs (proc(5): field 3 state, 4 ppid, 5 pgrp, 6 session). Used to find orphaned
 * descendants re-parented to us (we are a child subreaper) and every member of a service's
 * session when stopping it. The kernel here lacks {@code /proc/PID/task/TID/children}
 * (CONFIG_PROC_CHILDREN), so we read every {@code stat} file; a process that vanishes while we
 * read is skipped.
 */
final class ProcTable {
    private ProcTable() {}

    /**
     * One process.
     *
     * @param state the state letter: R, S, D, Z (zombie), T, ...
     */
    record Entry(int pid, char state, int ppid, int pgrp, int session) {
        boolean zombie() {
            return state == 'Z' || state == 'X';
        }
    }

    /**
     * Reads every {@code /proc/[0-9]+/stat}; never throws (an unreadable /proc gives an empty
     * list). Files are read through {@link LibC#readSmallFile} into one native buffer, so a scan
     * of a thousand processes makes no garbage beyond the entries themselves.
     */
    static List<Entry> snapshot() {
        List<Entry> out = new ArrayList<>();
        try (Arena arena = Arena.ofConfined();
             DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"))) {
            MemorySegment path = arena.allocate(64);
            MemorySegment buf = arena.allocate(1024);
            byte[] heap = new byte[1024];
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.isEmpty() || name.length() > 10 || !Character.isDigit(name.charAt(0))) continue;
                path.setString(0, "/proc/" + name + "/stat", StandardCharsets.US_ASCII);
                int n = LibC.readSmallFile(path, buf);
                if (n <= 0) continue;
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, 0, heap, 0, n);
                Entry e = parse(new String(heap, 0, n, StandardCharsets.ISO_8859_1));
                if (e != null) out.add(e);
            }
        } catch (IOException | RuntimeException e) {
            // /proc unavailable: callers treat it as "nothing found"
        }
        return out;
    }

    /**
     * Parses a {@code stat} line: {@code "PID (COMM) S PPID PGRP SESSION ..."}; COMM may contain
     * spaces and parentheses, so the fields after it are found from the last {@code ')'}.
     *
     * @return the entry, or null if the line does not have that shape
     */
    static Entry parse(String line) {
        int open = line.indexOf(' ');
        int close = line.lastIndexOf(')');
        if (open <= 0 || close < open) return null;
        String[] f = line.substring(close + 1).trim().split(" ", 5);
        if (f.length < 4 || f[0].isEmpty()) return null;
        try {
            return new Entry(Integer.parseInt(line.substring(0, open)), f[0].charAt(0),
                    Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
