package org.syndicate.server.config;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a config path with the JDK {@link WatchService}: one watch per directory, our own
 * recursion, and debouncing (reference note syndicate-server.md §5.9 "Watching"). Not
 * thread-safe: owned by the config watcher's virtual thread.
 *
 * <p>The root is either a directory, watched recursively (hidden directories are neither walked
 * nor watched, see {@link ConfigFileNames}), or a single file, watched through its parent
 * directory; a single file whose name is not a config file name is ignored. A directory created
 * (or moved in) later is walked and watched when its creation is seen; a directory removed or
 * moved away makes every config file that was under it {@linkplain Changes#gone() gone}. If the
 * kernel's event queue overflows, the whole tree is walked again.
 *
 * <p>Debouncing: {@link #next} waits for a first event, then collects further events until none
 * has come for the quiet period, or the maximum delay since the first event has passed, so a burst
 * of writes is seen as one change while a change is never held back longer than the maximum
 * delay. Each file is then named once however many events it had.
 *
 * <p>Limits: directories nested deeper than {@code maxDepth} below the root are not walked (a
 * warning is logged); symlink cycles are cut (a directory already on the walk's path is skipped).
 */
public final class TreeWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TreeWatcher.class);

  /**
   * What changed since the last call.
   *
   * @param toRead config files to read again (present now, perhaps new), in load order
   * @param gone config files that were reported before and are no longer there, in load order
   * @param rootGone true when the root (directory, or the single file's directory) is gone:
   *     nothing more will be seen
   */
  public record Changes(List<Path> toRead, List<Path> gone, boolean rootGone) {
    /** Copies the lists. */
    public Changes {
      toRead = List.copyOf(toRead);
      gone = List.copyOf(gone);
    }
  }

  private final Path root;
  private final boolean singleFile;
  private final int maxDepth;
  private final WatchService ws;
  private final Map<WatchKey, Path> keyDirs = new HashMap<>();
  private final Map<Path, WatchKey> dirKeys = new HashMap<>();
  /** Config files reported present (in {@code toRead}) and not reported gone since. */
  private final Set<Path> known = new HashSet<>();

  /**
   * @param root the canonical path of an existing directory or file
   * @param maxDepth how deep below the root directories are walked (at least 0)
   * @throws IOException if no watch service can be made
   */
  public TreeWatcher(Path root, int maxDepth) throws IOException {
    if (maxDepth < 0) throw new IllegalArgumentException("maxDepth must not be negative: " + maxDepth);
    this.root = root;
    this.singleFile = !Files.isDirectory(root);
    this.maxDepth = maxDepth;
    this.ws = root.getFileSystem().newWatchService();
  }

  /**
   * Starts watching and lists the config files there now.
   *
   * @return the config files, in load order
   * @throws IOException if the root cannot be watched or listed
   */
  public List<Path> initialScan() throws IOException {
    List<Path> files = new ArrayList<>();
    if (singleFile) {
      if (!ConfigFileNames.isConfigFileName(ConfigFileNames.nameOf(root))) {
        LOG.info("{}: not a config file name (a config file's name ends in .pr and does not start with .); ignored", root);
        return files;
      }
      Path parent = root.getParent();
      if (parent != null) register(parent);
      if (Files.isRegularFile(root)) files.add(root);
    } else {
      // the parent too, to see the root itself moved away or replaced (the JDK does not report
      // a watched directory's own move)
      Path parent = root.getParent();
      if (parent != null) {
        try {
          register(parent);
        } catch (IOException e) {
          LOG.debug("{}: cannot watch the parent directory: {}", root, e.toString());
        }
      }
      register(root);
      walk(root, 0, new HashSet<>(), files, new HashSet<>());
    }
    known.addAll(files);
    return files;
  }

  /**
   * Waits for changes and returns them, debounced.
   *
   * @param quiet how long no event must come before a batch is closed
   * @param maxDelay the longest a batch stays open after its first event
   * @return the changes (possibly empty lists, when the events concerned nothing loaded)
   * @throws InterruptedException when the thread is interrupted (the watcher is stopping)
   */
  public Changes next(Duration quiet, Duration maxDelay) throws InterruptedException {
    return next(quiet, maxDelay, null);
  }

  /**
   * Waits for changes, at most {@code timeout} for the first event, and returns them, debounced.
   *
   * @param quiet how long no event must come before a batch is closed
   * @param maxDelay the longest a batch stays open after its first event
   * @param timeout how long to wait for a first event (null: for ever); when none comes, the
   *     result has empty lists (and {@link Changes#rootGone()} says whether the root is still
   *     there)
   * @return the changes (possibly empty lists, when the events concerned nothing loaded)
   * @throws InterruptedException when the thread is interrupted (the watcher is stopping)
   */
  public Changes next(Duration quiet, Duration maxDelay, Duration timeout) throws InterruptedException {
    Set<Path> dirty = new TreeSet<>(ConfigFileNames.LOAD_ORDER);
    boolean[] overflow = {false};
    WatchKey first = timeout == null ? ws.take() : ws.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
    if (first == null) return resolve(dirty, false);
    drain(first, dirty, overflow);
    long start = System.nanoTime();
    long quietNanos = quiet.toNanos();
    long deadline = start + maxDelay.toNanos();
    while (true) {
      long wait = Math.min(quietNanos, deadline - System.nanoTime());
      if (wait <= 0) break;
      WatchKey k = ws.poll(wait, TimeUnit.NANOSECONDS);
      if (k == null) break;
      drain(k, dirty, overflow);
    }
    return resolve(dirty, overflow[0]);
  }

  private void drain(WatchKey k, Set<Path> dirty, boolean[] overflow) {
    Path dir = keyDirs.get(k);
    for (WatchEvent<?> e : k.pollEvents()) {
      if (e.kind() == OVERFLOW) {
        overflow[0] = true;
      } else if (dir != null && e.context() instanceof Path name) {
        dirty.add(dir.resolve(name));
      }
    }
    if (!k.reset()) {
      keyDirs.remove(k);
      if (dir != null) {
        if (dirKeys.get(dir) == k) dirKeys.remove(dir);
        dirty.add(dir);
      }
    }
  }

  /**
   * Turns the paths events named into changes (package-private for tests).
   *
   * @param dirty paths named by events, in load order
   * @param overflow true when events were lost: the whole tree is walked again
   */
  Changes resolve(Set<Path> dirty, boolean overflow) {
    TreeSet<Path> toRead = new TreeSet<>(ConfigFileNames.LOAD_ORDER);
    TreeSet<Path> gone = new TreeSet<>(ConfigFileNames.LOAD_ORDER);
    boolean rootGone = singleFile ? root.getParent() != null && !Files.isDirectory(root.getParent()) : !Files.isDirectory(root);
    if (rootGone) {
      gone.addAll(known);
    } else if (overflow) {
      LOG.warn("{}: file system events were lost; walking the whole tree again", root);
      rescan(root, toRead, gone);
    } else {
      for (Path p : dirty) {
        if (singleFile) {
          if (!p.equals(root) || !ConfigFileNames.isConfigFileName(ConfigFileNames.nameOf(root))) continue;
          if (Files.isRegularFile(p)) toRead.add(p);
          else if (known.contains(p)) gone.add(p);
        } else if (p.equals(root)) {
          rescan(root, toRead, gone); // the root itself changed (still a directory: rootGone is false)
        } else if (!p.startsWith(root) || ConfigFileNames.isHidden(ConfigFileNames.nameOf(p))) {
          continue; // hidden entries (and anything under them) are never loaded
        } else if (Files.isDirectory(p)) {
          rescan(p, toRead, gone);
        } else if (Files.isRegularFile(p) && ConfigFileNames.isConfigFileName(ConfigFileNames.nameOf(p))) {
          forget(p, false, gone); // it may have been a directory before
          toRead.add(p);
        } else {
          forget(p, true, gone);
        }
      }
    }
    gone.removeAll(toRead);
    known.addAll(toRead);
    known.removeAll(gone);
    return new Changes(new ArrayList<>(toRead), new ArrayList<>(gone), rootGone);
  }

  /** Walks (and watches) {@code dir} again: its config files are to read, known ones not found are gone. */
  private void rescan(Path dir, Set<Path> toRead, Set<Path> gone) {
    List<Path> found = new ArrayList<>();
    int depth = root.relativize(dir).getNameCount();
    if (dir.equals(root)) depth = 0;
    Set<Path> walkedDirs = new HashSet<>();
    try {
      if (register(dir)) {
        walkedDirs.add(dir);
        walk(dir, depth, new HashSet<>(), found, walkedDirs);
      }
    } catch (IOException e) {
      LOG.warn("{}: cannot watch or list the directory: {}", dir, e.toString());
    }
    toRead.addAll(found);
    Set<Path> present = new HashSet<>(found);
    for (Path k : known) if (k.startsWith(dir) && !present.contains(k)) gone.add(k);
    if (known.contains(dir)) gone.add(dir);
    for (Path d : new ArrayList<>(dirKeys.keySet())) {
      if (d.startsWith(dir) && !walkedDirs.contains(d)) unwatch(d);
    }
  }

  /** {@code p} is no longer there (or no longer a directory when {@code inclusive} is false). */
  private void forget(Path p, boolean inclusive, Set<Path> gone) {
    for (Path k : known) if (k.startsWith(p) && (inclusive || !k.equals(p))) gone.add(k);
    for (Path d : new ArrayList<>(dirKeys.keySet())) if (d.startsWith(p)) unwatch(d);
  }

  private void unwatch(Path d) {
    WatchKey k = dirKeys.remove(d);
    if (k != null && d.equals(keyDirs.get(k))) {
      keyDirs.remove(k);
      k.cancel();
    }
  }

  /**
   * Watches {@code dir}. The kernel watches a directory once whatever path reaches it, so a second
   * path to a directory still watched under its first path (a symlink) is an alias: it is neither
   * watched nor walked again (its files would load twice). A directory seen under a new path whose
   * old path is gone was moved: it is watched under the new path.
   *
   * @return false for an alias
   */
  private boolean register(Path dir) throws IOException {
    WatchKey k = dir.register(ws, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
    Path old = keyDirs.get(k);
    if (old != null && !old.equals(dir)) {
      if (Files.isDirectory(old) && sameFile(old, dir)) {
        LOG.warn("{}: the same directory as {}; not watched or walked twice", dir, old);
        return false;
      }
      if (dirKeys.get(old) == k) dirKeys.remove(old);
    }
    keyDirs.put(k, dir);
    dirKeys.put(dir, k);
    return true;
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  /** Depth-first, entries sorted by name, hidden entries skipped; registers every directory seen. */
  private void walk(Path dir, int depth, Set<Path> onPath, List<Path> files, Set<Path> walkedDirs)
      throws IOException {
    Path real = dir.toRealPath();
    if (!onPath.add(real)) {
      LOG.warn("{}: a symlink cycle; not walked again", dir);
      return;
    }
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      for (Path e : s) names.add(ConfigFileNames.nameOf(e));
    }
    names.sort(null);
    for (String name : names) {
      if (ConfigFileNames.isHidden(name)) continue;
      Path e = dir.resolve(name);
      if (Files.isDirectory(e)) {
        if (depth + 1 > maxDepth) {
          LOG.warn("{}: deeper than {} directories below {}; not walked", e, maxDepth, root);
          continue;
        }
        try {
          if (register(e)) {
            walkedDirs.add(e);
            walk(e, depth + 1, onPath, files, walkedDirs);
          }
        } catch (IOException ex) {
          LOG.warn("{}: cannot watch or list the directory: {}", e, ex.toString());
        }
      } else if (ConfigFileNames.isConfigFileName(name) && Files.isRegularFile(e)) {
        files.add(e);
      }
    }
    onPath.remove(real);
  }

  /** Stops watching (idempotent). */
  @Override
  public void close() throws IOException {
    ws.close();
  }
}
