package org.syndicate.process;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to run: the program and arguments, its environment and directory, and the optional
 * readiness channels. The daemon spec keys of the reference (syndicate-server.md §7.2:
 * {@code argv}, {@code env}, {@code dir}, {@code clearEnv}) map onto it one to one, plus our
 * {@code readyOnNotify} (s6 notification fd) and {@code notify} (sd_notify socket) from issue 8.
 *
 * @param argv         program and arguments, not empty; {@code argv[0]} is searched in the
 *                     child's {@code PATH} unless it contains a {@code '/'}
 * @param clearEnv     start from an empty environment instead of this JVM's
 * @param env          applied after {@code clearEnv}, in order: a value sets the variable, a null
 *                     value removes it (the reference's {@code #f})
 * @param dir          working directory, or null to inherit ours
 * <p>The constructor rejects, with {@link IllegalArgumentException}, an empty argv, NUL bytes in
 * any string, a bad variable name, and a readiness fd below 3 or above 1023.
 *
 * @param readinessFd  -1 for none, else the fd number (≥ 3) on which the child may write a
 *                     newline to say it is ready (s6 {@code notification-fd} style)
 * @param notifySocket whether to create a per-child {@code NOTIFY_SOCKET} (sd_notify style)
 * @param stdinPipe    give the child a pipe as stdin, written with
 *                     {@link ChildProcess#writeStdin(byte[])} (for the reference's Syndicate
 *                     protocols, §7.3); otherwise stdin is {@code /dev/null}
 * @param rawStdout    deliver stdout as raw byte chunks to {@link ProcessListener#onStdout}
 *                     instead of lines (a relay reads packets, not lines); stderr stays lines
 */
public record LaunchSpec(List<String> argv, boolean clearEnv, Map<String, String> env, Path dir,
                         int readinessFd, boolean notifySocket, boolean stdinPipe, boolean rawStdout) {

    public LaunchSpec {
        argv = List.copyOf(argv);
        if (argv.isEmpty()) throw new IllegalArgumentException("argv is empty");
        for (int i = 0; i < argv.size(); i++) {
            if (argv.get(i).indexOf('\0') >= 0) {
                throw new IllegalArgumentException("argv[" + i + "] contains a NUL byte");
            }
        }
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        for (var e : env.entrySet()) {
            String k = e.getKey();
            if (k.isEmpty() || k.indexOf('=') >= 0 || k.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("bad environment variable name: " + k.replace('\0', '@'));
            }
            if (e.getValue() != null && e.getValue().indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment variable " + k + " contains a NUL byte");
            }
        }
        if (dir != null && dir.toString().indexOf('\0') >= 0) {
            throw new IllegalArgumentException("dir contains a NUL byte");
        }
        if (readinessFd != -1 && readinessFd < 3) {
            throw new IllegalArgumentException("readiness fd must be >= 3 (0-2 are stdio), got " + readinessFd);
        }
        if (readinessFd > 1023) throw new IllegalArgumentException("readiness fd too large: " + readinessFd);
    }

    /** A builder running {@code argv} directly (no shell). */
    public static Builder command(String... argv) {
        return new Builder(List.of(argv));
    }

    /** A builder running {@code argv} directly (no shell). */
    public static Builder command(List<String> argv) {
        return new Builder(argv);
    }

    /** A builder running {@code sh -c commandLine}, as the reference does for a string argv (§7.2). */
    public static Builder shell(String commandLine) {
        return new Builder(List.of("sh", "-c", commandLine));
    }

    /** Builds {@link LaunchSpec}s; every setter returns {@code this}. */
    public static final class Builder {
        private final List<String> argv;
        private boolean clearEnv;
        private final Map<String, String> env = new LinkedHashMap<>();
        private Path dir;
        private int readinessFd = -1;
        private boolean notifySocket;
        private boolean stdinPipe;
        private boolean rawStdout;

        private Builder(List<String> argv) {
            this.argv = new ArrayList<>(argv);
        }

        /** Starts from an empty environment. */
        public Builder clearEnv(boolean clear) {
            this.clearEnv = clear;
            return this;
        }

        /** Sets {@code name=value} in the child's environment. */
        public Builder env(String name, String value) {
            env.put(name, Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Removes {@code name} from the child's environment. */
        public Builder removeEnv(String name) {
            env.put(name, null);
            return this;
        }

        /** The child's working directory. */
        public Builder dir(Path dir) {
            this.dir = dir;
            return this;
        }

        /** The fd (≥ 3) on which the child writes a newline when it is ready. */
        public Builder readinessFd(int fd) {
            this.readinessFd = fd;
            return this;
        }

        /** Gives the child a {@code NOTIFY_SOCKET} for sd_notify messages. */
        public Builder notifySocket(boolean on) {
            this.notifySocket = on;
            return this;
        }

        /** Gives the child a stdin pipe (see {@link ChildProcess#writeStdin(byte[])}). */
        public Builder stdinPipe(boolean on) {
            this.stdinPipe = on;
            return this;
        }

        /** Delivers stdout as raw chunks ({@link ProcessListener#onStdout}) rather than lines. */
        public Builder rawStdout(boolean on) {
            this.rawStdout = on;
            return this;
        }

        /** The spec; throws {@link IllegalArgumentException} as the record's constructor does. */
        public LaunchSpec build() {
            return new LaunchSpec(argv, clearEnv, env, dir, readinessFd, notifySocket, stdinPipe, rawStdout);
        }
    }
}
