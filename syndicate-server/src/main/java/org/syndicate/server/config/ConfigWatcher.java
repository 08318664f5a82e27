package org.syndicate.server.config;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.TaskContext;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.configerrors.ConfigError;
import org.syndicate.server.script.CompiledScript;
import org.syndicate.server.script.Env;
import org.syndicate.server.script.Script;
import org.syndicate.server.script.ScriptError;

/**
 * The body of the {@code <config-watcher PATH ENV>} service (reference note syndicate-server.md
 * §5.9, §6; issue 7 item 3): loads every config file under PATH as a script, each in its own child
 * facet of the facet the watcher runs in, and keeps them in step with the file system.
 *
 * <ul>
 *   <li><b>Start</b> ({@link #start}): PATH is made canonical; a missing PATH is an error thrown
 *       from {@code start}, so the supervisor reports the service {@code failed} and retries. Then
 *       the tree is scanned (directories recursively, entries sorted by name, hidden entries
 *       skipped, only {@code *.pr}; see {@link ConfigFileNames}), every file is loaded in one turn,
 *       and {@code onReady} runs in that same turn.
 *   <li><b>Changes</b> are seen through {@link TreeWatcher} (one JDK watch per directory,
 *       debounced: by default a batch closes after 50 ms without events, at most 150 ms after its
 *       first event), read and compiled off the actor thread, and applied in one turn per batch.
 *   <li><b>Emptied files wait</b>: a file whose version in force does something and that now
 *       reads as empty (0 bytes, or only whitespace and comments) is not applied at once but after
 *       a grace ({@link Options#emptyGrace()}, default 1 s), because editors and shell {@code >}
 *       redirects truncate a file before writing it; any change to the file within the grace
 *       replaces the pending empty version (a new non-empty version is applied as usual), and a
 *       file deleted outright is unloaded at once. Reported as {@link Report#deferred()}.
 *   <li><b>Make-before-break</b>: in that turn every new version is started first, then the old
 *       facets (of changed, deleted or renamed-away files) are stopped, so an assertion made by both
 *       versions (or by a file and its renamed self) never disappears at observers.
 *   <li><b>Same meaning, no events</b>: a version whose values equal the version in force once
 *       annotations (comments) are removed is not reloaded at all.
 *   <li><b>Rejected versions</b> (better than the reference, which withdraws a file on a script
 *       error, bug B4): a file that cannot be read, is not Preserves text, or is not a valid script
 *       keeps its last good version in force; each error (up to {@link Options#maxErrorsPerFile})
 *       is logged and asserted in {@code $config} as {@code <config-error PATH {line column
 *       message}>} (configErrors.prs, DESIGN.md "Our extensions"), and retracted when the file is
 *       fixed or deleted.
 *   <li><b>Run-time errors</b> are as in the reference (§5.7): logged by the interpreter, and the
 *       failing version's facet stops (the old version is stopped as usual).
 *   <li><b>Deleted</b> files (and files under a removed directory) are unloaded: their facets stop
 *       and their assertions are retracted. If PATH itself is removed, everything is unloaded and
 *       the watcher's facet fails, so the supervisor restarts it (and reports {@code failed} until
 *       PATH is back).
 * </ul>
 *
 * <p>Everything the watcher owns (file facets, error assertions, its watching thread) belongs to
 * the facet it was started in: stopping that facet unloads every file.
 */
public final class ConfigWatcher {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigWatcher.class);

  /** Observes what each batch did; runs inside the applying turn. For tests and diagnostics. */
  @FunctionalInterface
  public interface Listener {
    /**
     * @param t the turn that applied the batch (do not block)
     * @param report what it did
     */
    void applied(Turn t, Report report);

    /** Does nothing. */
    Listener NONE = (t, r) -> {};
  }

  /**
   * What one batch did.
   *
   * @param initial true for the initial scan
   * @param loaded files whose new version was started (first load or changed meaning)
   * @param unchanged files read again whose meaning was unchanged (nothing was done, except
   *     retracting a {@code config-error} of an earlier rejected version)
   * @param rejected files whose new content was rejected (their last good version is kept)
   * @param unloaded files that were gone and whose facet was stopped
   * @param deferred files that became empty and wait for {@link Options#emptyGrace()} (their
   *     version in force is kept meanwhile); such a file is later reported as loaded (still empty
   *     after the grace), or as whatever its next version is
   */
  public record Report(
      boolean initial,
      List<Path> loaded,
      List<Path> unchanged,
      List<Path> rejected,
      List<Path> unloaded,
      List<Path> deferred) {
    /** Copies the lists. */
    public Report {
      loaded = List.copyOf(loaded);
      unchanged = List.copyOf(unchanged);
      rejected = List.copyOf(rejected);
      unloaded = List.copyOf(unloaded);
      deferred = List.copyOf(deferred);
    }
  }

  /**
   * The watcher's parameters and limits.
   *
   * @param quietPeriod a batch of changes closes when no event came for this long (default 50 ms)
   * @param maxDelay a batch closes at the latest this long after its first event (default 150 ms),
   *     so a change is applied within about 200 ms even during a continuous burst
   * @param maxFileBytes larger files are rejected (default 16 MiB)
   * @param maxDirectoryDepth directories nested deeper below PATH are not walked (default 64)
   * @param maxErrorsPerFile at most this many {@code config-error} assertions per file (default 16;
   *     every error is still logged)
   * @param script the script compiler's limits
   * @param listener called after each batch is applied
   * @param emptyGrace how long a file that becomes empty (0 bytes, or only whitespace and
   *     comments) while its version in force does something waits before it is applied (default
   *     1 s; zero applies it at once, as the reference does)
   */
  public record Options(
      Duration quietPeriod,
      Duration maxDelay,
      long maxFileBytes,
      int maxDirectoryDepth,
      int maxErrorsPerFile,
      Script.Options script,
      Listener listener,
      Duration emptyGrace) {
    /** The defaults listed above. */
    public static final Options DEFAULT =
        new Options(
            Duration.ofMillis(50),
            Duration.ofMillis(150),
            16L << 20,
            64,
            16,
            Script.Options.DEFAULT,
            Listener.NONE,
            Duration.ofSeconds(1));

    /** Validates the values. */
    public Options {
      Objects.requireNonNull(quietPeriod, "quietPeriod");
      Objects.requireNonNull(maxDelay, "maxDelay");
      Objects.requireNonNull(script, "script");
      Objects.requireNonNull(listener, "listener");
      Objects.requireNonNull(emptyGrace, "emptyGrace");
      if (quietPeriod.isNegative() || maxDelay.isNegative() || emptyGrace.isNegative()) {
        throw new IllegalArgumentException("negative delay");
      }
      if (maxFileBytes < 1) throw new IllegalArgumentException("maxFileBytes must be at least 1");
      if (maxDirectoryDepth < 0) throw new IllegalArgumentException("maxDirectoryDepth must not be negative");
      if (maxErrorsPerFile < 0) throw new IllegalArgumentException("maxErrorsPerFile must not be negative");
    }

    /**
     * @param quiet the quiet period
     * @param max the maximum delay of a batch
     * @return these options with other debouncing
     */
    public Options withDebounce(Duration quiet, Duration max) {
      return new Options(quiet, max, maxFileBytes, maxDirectoryDepth, maxErrorsPerFile, script, listener, emptyGrace);
    }

    /** @return these options with another cap on {@code config-error} assertions per file. */
    public Options withMaxErrorsPerFile(int max) {
      return new Options(quietPeriod, maxDelay, maxFileBytes, maxDirectoryDepth, max, script, listener, emptyGrace);
    }

    /** @return these options with another listener. */
    public Options withListener(Listener l) {
      return new Options(quietPeriod, maxDelay, maxFileBytes, maxDirectoryDepth, maxErrorsPerFile, script, l, emptyGrace);
    }

    /** @return these options with another grace for files that become empty (zero: none). */
    public Options withEmptyGrace(Duration grace) {
      return new Options(quietPeriod, maxDelay, maxFileBytes, maxDirectoryDepth, maxErrorsPerFile, script, listener, grace);
    }
  }

  private final Path root;
  private final Options options;
  private final Map<String, Value> bindings;
  private final Ref config;
  private final Facet facet;
  private final Consumer<Turn> onReady;
  private final ConfigFileReader reader;
  /** Per file; touched only in turns of the watcher's actor. */
  private final Map<Path, LoadedFile> files = new HashMap<>();
  private volatile boolean watching = true;

  private ConfigWatcher(Path root, Options options, Map<String, Value> bindings, Facet facet, Consumer<Turn> onReady) {
    this.root = root;
    this.options = options;
    this.bindings = bindings;
    this.config = bindings.get(Script.DEFAULT_TARGET) instanceof Embedded e && e.payload() instanceof Ref r ? r : null;
    this.facet = facet;
    this.onReady = onReady;
    this.reader = new ConfigFileReader(options.maxFileBytes(), options.script());
  }

  /**
   * Starts a config watcher in the current facet of {@code t} (which it keeps from being inert).
   *
   * @param t the running turn; its current facet owns everything the watcher does
   * @param path the file or directory to load (made canonical)
   * @param env the ENV dictionary {@code {config: #:ref, log: …, gatekeeper: …}}: the scripts'
   *     initial bindings; {@code config} also receives the {@code config-error} assertions
   * @param options parameters and limits
   * @param onReady runs in the turn that applied the initial scan (e.g. asserts {@code
   *     <service-state NAME ready>}); may be null
   * @return the watcher
   * @throws IllegalArgumentException if {@code env} is not a dictionary
   * @throws java.io.UncheckedIOException if {@code path} does not exist or cannot be resolved
   */
  public static ConfigWatcher start(Turn t, Path path, Value env, Options options, Consumer<Turn> onReady) {
    if (!(env.strip() instanceof Dictionary d)) {
      throw new IllegalArgumentException("config-watcher ENV must be a dictionary, not " + env);
    }
    Path root;
    try {
      root = path.toRealPath();
    } catch (NoSuchFileException e) {
      throw new java.io.UncheckedIOException("config path does not exist: " + path, e);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("config path cannot be resolved: " + path + ": " + e, e);
    }
    ConfigWatcher w = new ConfigWatcher(root, options, Env.bindingsFrom(d), t.currentFacet(), onReady);
    t.preventInertCheck();
    t.linkedTask("config-watcher " + root, w::watch);
    return w;
  }

  /**
   * @return true from {@link #start} until the watching thread has ended (the facet stopped, or
   *     the watcher failed) and closed its watch service
   */
  public boolean isWatching() {
    return watching;
  }

  /** @return the canonical path watched. */
  public Path root() {
    return root;
  }

  /** The watching thread: initial scan, then one batch per debounced change. */
  private void watch(TaskContext ctx) throws Exception {
    try {
      watchTree(ctx);
    } finally {
      watching = false;
    }
  }

  private void watchTree(TaskContext ctx) throws Exception {
    // files whose version in force has a non-empty meaning, and emptied files waiting for the
    // grace (deadline, System.nanoTime); both only touched on this thread
    Set<Path> holding = new HashSet<>();
    Map<Path, Long> pending = new LinkedHashMap<>();
    try (TreeWatcher tree = new TreeWatcher(root, options.maxDirectoryDepth())) {
      List<FileSnapshot> initial = new ArrayList<>();
      for (Path p : tree.initialScan()) initial.add(reader.read(p));
      if (!applyAndWait(ctx, initial, List.of(), true)) return;
      track(initial, holding);
      while (!ctx.isCancelled()) {
        Duration timeout = null;
        if (!pending.isEmpty()) {
          long next = pending.values().stream().mapToLong(Long::longValue).min().getAsLong();
          timeout = Duration.ofNanos(Math.max(0, next - System.nanoTime()));
        }
        TreeWatcher.Changes c = tree.next(options.quietPeriod(), options.maxDelay(), timeout);
        List<FileSnapshot> batch = new ArrayList<>();
        List<Path> deferred = new ArrayList<>();
        for (Path p : c.toRead()) {
          FileSnapshot s = reader.read(p);
          if (s instanceof FileSnapshot.Compiled k && k.meaning().isEmpty() && holding.contains(p) && options.emptyGrace().isPositive()) {
            if (!pending.containsKey(p)) {
              pending.put(p, System.nanoTime() + options.emptyGrace().toNanos());
              LOG.info("{}: now empty; unloaded in {} ms unless written again", p, options.emptyGrace().toMillis());
            }
            deferred.add(p);
          } else {
            pending.remove(p);
            batch.add(s);
          }
        }
        for (Path p : c.gone()) {
          pending.remove(p);
          batch.add(new FileSnapshot.Gone(p));
        }
        long now = System.nanoTime();
        for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
          var e = it.next();
          if (e.getValue() - now > 0) continue;
          it.remove();
          deferred.remove(e.getKey());
          batch.add(reader.read(e.getKey())); // still empty (or whatever it holds now)
        }
        if ((!batch.isEmpty() || !deferred.isEmpty()) && !applyAndWait(ctx, batch, deferred, false)) return;
        track(batch, holding);
        if (c.rootGone()) throw new NoSuchFileException(root.toString(), null, "the watched config path was removed");
      }
    }
  }

  /** Keeps {@code holding} in step with the versions in force after {@code batch} was applied. */
  private static void track(List<FileSnapshot> batch, Set<Path> holding) {
    for (FileSnapshot s : batch) {
      switch (s) {
        case FileSnapshot.Compiled c -> {
          if (c.meaning().isEmpty()) holding.remove(c.path());
          else holding.add(c.path());
        }
        case FileSnapshot.Gone g -> holding.remove(g.path());
        case FileSnapshot.Rejected r -> {
          // the last good version stays in force
        }
      }
    }
  }

  /**
   * Applies a batch in a turn of the watcher's facet and waits for it (so batches never pile up:
   * changes seen meanwhile are merged into the next batch).
   *
   * @return false if the facet is gone
   */
  private boolean applyAndWait(TaskContext ctx, List<FileSnapshot> batch, List<Path> deferred, boolean initial)
      throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    boolean queued =
        ctx.execute(
            t -> {
              try {
                apply(t, batch, deferred, initial);
              } finally {
                done.complete(null);
              }
            });
    if (!queued) return false;
    done.get();
    return true;
  }

  /** One batch, in one turn: start new versions, then stop old ones (make-before-break). */
  private void apply(Turn t, List<FileSnapshot> batch, List<Path> deferred, boolean initial) {
    List<Facet> toStop = new ArrayList<>();
    List<Path> loaded = new ArrayList<>();
    List<Path> unchanged = new ArrayList<>();
    List<Path> rejected = new ArrayList<>();
    List<Path> unloaded = new ArrayList<>();
    for (FileSnapshot s : batch) {
      switch (s) {
        case FileSnapshot.Compiled c -> {
          LoadedFile f = files.computeIfAbsent(c.path(), LoadedFile::new);
          if (f.meaning != null && f.meaning.equals(c.meaning())) {
            if (!f.rejection.isEmpty()) LOG.info("{}: fixed (same as the version in force)", c.path());
            f.rejection = List.of();
            setErrors(t, f, List.of());
            unchanged.add(c.path());
            continue;
          }
          CompiledScript.Started started = c.script().start(t, bindings);
          if (f.facet != null) toStop.add(f.facet);
          boolean reload = f.meaning != null;
          f.facet = started.facet();
          f.meaning = c.meaning();
          setErrors(t, f, List.of());
          loaded.add(c.path());
          f.rejection = List.of();
          if (started.ok()) LOG.info("{}: {}", c.path(), reload ? "reloaded" : "loaded");
          else LOG.warn("{}: {} but failed at run time; its facet stopped", c.path(), reload ? "reloaded" : "loaded");
        }
        case FileSnapshot.Rejected r -> {
          LoadedFile f = files.computeIfAbsent(r.path(), LoadedFile::new);
          List<Value> errs = new ArrayList<>();
          for (ScriptError e : r.errors()) {
            if (errs.size() >= options.maxErrorsPerFile()) break;
            errs.add(errorValue(r.path(), e));
          }
          if (!r.errors().equals(f.rejection)) {
            f.rejection = r.errors();
            for (ScriptError e : r.errors()) LOG.error("{}", e);
            LOG.warn(
                "{}: rejected ({} error); {}",
                r.path(),
                r.kind(),
                f.meaning != null ? "the last good version stays in force" : "nothing loaded");
          }
          setErrors(t, f, errs);
          rejected.add(r.path());
        }
        case FileSnapshot.Gone g -> {
          LoadedFile f = files.remove(g.path());
          if (f == null) continue;
          if (f.facet != null) toStop.add(f.facet);
          setErrors(t, f, List.of());
          unloaded.add(g.path());
          LOG.info("{}: removed; unloaded", g.path());
        }
      }
    }
    for (Facet f : toStop) t.stop(f);
    if (initial) {
      LOG.info("{}: initial scan done ({} files loaded, {} rejected)", root, loaded.size(), rejected.size());
      if (onReady != null) onReady.accept(t);
    }
    options.listener().applied(t, new Report(initial, loaded, unchanged, rejected, unloaded, deferred));
  }

  /** Replaces the file's error assertions (new ones first, so equal ones never flicker). */
  private void setErrors(Turn t, LoadedFile f, List<Value> errs) {
    if (errs.equals(f.errors)) return;
    long[] handles = new long[errs.size()];
    if (config != null) {
      for (int i = 0; i < handles.length; i++) handles[i] = t.publish(config, errs.get(i));
      for (long h : f.errorHandles) t.retract(h);
    }
    f.errors = List.copyOf(errs);
    f.errorHandles = handles;
  }

  /** {@code <config-error PATH {line column message}>}; unknown positions are 0 (configErrors.prs). */
  static Value errorValue(Path path, ScriptError e) {
    int line = Math.max(0, e.position().line());
    int column = Math.max(0, e.position().column());
    return new ConfigError(
            path.toString(),
            java.math.BigInteger.valueOf(column),
            java.math.BigInteger.valueOf(line),
            e.message())
        .unparse();
  }
}
