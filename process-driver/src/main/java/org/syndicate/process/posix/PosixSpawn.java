package org.syndicate.process.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Starts a program with glibc's {@code posix_spawn}, the way a supervisor wants it:
 * <ul>
 *   <li>the child is the leader of a new session and process group ({@code POSIX_SPAWN_SETSID}),
 *       so its pid is also its pgid and {@code kill(-pid, sig)} reaches its whole group;</li>
 *   <li>the signal mask is emptied and every signal disposition reset to default
 *       ({@code SETSIGMASK}, {@code SETSIGDEF}), whatever the JVM's threads had;</li>
 *   <li>fd 0 is {@code /dev/null} unless mapped, the fds named in {@code fds} are placed exactly,
 *       and every other fd is closed ({@code addclose} for the gaps,
 *       {@code addclosefrom_np} above the highest), so the child never inherits the JVM's sockets
 *       (java-deps §3.5);</li>
 *   <li>the working directory is changed with {@code addchdir_np} and the environment is exactly
 *       {@code envp} (no inheritance).</li>
 * </ul>
 * glibc reports a failed {@code chdir}, {@code open} or {@code exec} in the child as
 * {@code posix_spawn}'s return value (its clone uses {@code CLONE_VFORK}), so a missing program or
 * directory is an exception here, never a child that exits 127.
 */
public final class PosixSpawn {
    private PosixSpawn() {}

    /**
     * Spawns {@code path}.
     *
     * @param path the program file: absolute, or relative to {@code dir} (no PATH search here)
     * @param argv the argument vector, {@code argv[0]} first; not empty
     * @param envp the complete environment, {@code "NAME=VALUE"} strings
     * @param dir  the child's working directory, or null to keep ours
     * @param fds  child fd number → our fd to place there (ours stay open; callers close them)
     * @return the child's pid, which is also its session id and process-group id
     * @throws PosixException {@code posix_spawn}'s error (ENOENT, EACCES, ENOEXEC, ...) or a
     *         failure to prepare the fds
     */
    public static int spawn(String path, List<String> argv, List<String> envp, String dir,
                            Map<Integer, Integer> fds) throws PosixException {
        if (argv.isEmpty()) throw new IllegalArgumentException("argv is empty");
        int maxTarget = 2;
        for (int t : fds.keySet()) {
            if (t < 0) throw new IllegalArgumentException("negative target fd " + t);
            maxTarget = Math.max(maxTarget, t);
        }
        // Move every source above the highest target first, so that no dup2 clobbers a source
        // still needed and no source equals its target (dup2(fd, fd) would keep FD_CLOEXEC).
        List<Integer> temps = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            Map<Integer, Integer> placed = new java.util.TreeMap<>();
            for (var e : fds.entrySet()) {
                int tmp = LibC.dupCloexec(e.getValue(), maxTarget + 1);
                temps.add(tmp);
                placed.put(e.getKey(), tmp);
            }
            MemorySegment fa = arena.allocate(LibC.FILE_ACTIONS_BYTES, 16);
            MemorySegment attr = arena.allocate(LibC.SPAWNATTR_BYTES, 16);
            check("posix_spawn_file_actions_init", (int) LibC.FA_INIT.invokeExact(fa));
            try {
                check("posix_spawnattr_init", (int) LibC.ATTR_INIT.invokeExact(attr));
                try {
                    if (dir != null) {
                        check("posix_spawn_file_actions_addchdir_np",
                                (int) LibC.FA_ADDCHDIR.invokeExact(fa, cString(arena, dir)));
                    }
                    if (!placed.containsKey(0)) {
                        check("posix_spawn_file_actions_addopen",
                                (int) LibC.FA_ADDOPEN.invokeExact(fa, 0, cString(arena, "/dev/null"),
                                        LibC.O_RDONLY, 0));
                    }
                    for (var e : placed.entrySet()) {
                        check("posix_spawn_file_actions_adddup2",
                                (int) LibC.FA_ADDDUP2.invokeExact(fa, (int) e.getValue(), (int) e.getKey()));
                    }
                    Set<Integer> targets = new HashSet<>(placed.keySet());
                    for (int fd = 3; fd <= maxTarget; fd++) {
                        if (!targets.contains(fd)) {
                            check("posix_spawn_file_actions_addclose",
                                    (int) LibC.FA_ADDCLOSE.invokeExact(fa, fd));
                        }
                    }
                    check("posix_spawn_file_actions_addclosefrom_np",
                            (int) LibC.FA_ADDCLOSEFROM.invokeExact(fa, maxTarget + 1));

                    MemorySegment sigs = arena.allocate(LibC.SIGSET_BYTES, 8);
                    check("sigemptyset", (int) LibC.SIGEMPTYSET.invokeExact(sigs) == 0 ? 0 : Errno.EINVAL);
                    check("posix_spawnattr_setsigmask", (int) LibC.ATTR_SETSIGMASK.invokeExact(attr, sigs));
                    MemorySegment all = arena.allocate(LibC.SIGSET_BYTES, 8);
                    check("sigfillset", (int) LibC.SIGFILLSET.invokeExact(all) == 0 ? 0 : Errno.EINVAL);
                    check("posix_spawnattr_setsigdefault", (int) LibC.ATTR_SETSIGDEFAULT.invokeExact(attr, all));
                    check("posix_spawnattr_setflags", (int) LibC.ATTR_SETFLAGS.invokeExact(attr,
                            (short) (LibC.POSIX_SPAWN_SETSID | LibC.POSIX_SPAWN_SETSIGMASK
                                    | LibC.POSIX_SPAWN_SETSIGDEF)));

                    MemorySegment pid = arena.allocate(JAVA_INT);
                    MemorySegment argvArr = stringArray(arena, argv);
                    MemorySegment envArr = stringArray(arena, envp);
                    int r = (int) LibC.POSIX_SPAWN.invokeExact(pid, cString(arena, path), fa, attr, argvArr, envArr);
                    if (r != 0) throw new PosixException("posix_spawn(" + path + ")", r);
                    return pid.get(JAVA_INT, 0);
                } finally {
                    int ignored = (int) LibC.ATTR_DESTROY.invokeExact(attr);
                }
            } finally {
                int ignored = (int) LibC.FA_DESTROY.invokeExact(fa);
            }
        } catch (PosixException e) {
            throw e;
        } catch (Throwable t) {
            throw LibC.rethrow(t);
        } finally {
            for (int tmp : temps) LibC.closeQuietly(tmp);
        }
    }

    private static void check(String what, int rc) throws PosixException {
        if (rc != 0) throw new PosixException(what, rc);
    }

    private static MemorySegment cString(Arena arena, String s) {
        if (s.indexOf('\0') >= 0) throw new IllegalArgumentException("NUL byte in " + s.replace('\0', '@'));
        return arena.allocateFrom(s, StandardCharsets.UTF_8);
    }

    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment arr = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            arr.setAtIndex(ADDRESS, i, cString(arena, strings.get(i)));
        }
        arr.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return arr;
    }
}
