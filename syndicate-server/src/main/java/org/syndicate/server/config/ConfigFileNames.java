package org.syndicate.server.config;

import java.nio.file.Path;
import java.util.Comparator;

/**
 * The name rules of the config watcher (reference note syndicate-server.md §5.9 "Initial scan"):
 * an entry whose name starts with {@code .} is hidden and skipped with its whole subtree; only
 * regular files whose name ends in {@code .pr} are loaded; a directory's entries are visited in
 * order of their names.
 *
 * <p>Unlike the reference, the rules hold for changes seen after startup too: a {@code .pr} file
 * inside a hidden directory is never loaded (the reference loads it once it is touched).
 */
public final class ConfigFileNames {
  private ConfigFileNames() {}

  /** The suffix of config files. */
  public static final String SUFFIX = ".pr";

  /**
   * @param name a file or directory name (one path element)
   * @return true when it starts with {@code .}
   */
  public static boolean isHidden(String name) {
    return name.startsWith(".");
  }

  /**
   * @param name a file name (one path element)
   * @return true when a regular file of this name is loaded: ends in {@code .pr} and is not hidden
   */
  public static boolean isConfigFileName(String name) {
    return name.endsWith(SUFFIX) && !isHidden(name);
  }

  /**
   * @param path a path
   * @return its last element as a string ({@code ""} for a root such as {@code /})
   */
  public static String nameOf(Path path) {
    Path n = path.getFileName();
    return n == null ? "" : n.toString();
  }

  /**
   * The load order: paths compared element by element, each element by its name (the order of a
   * depth-first walk that visits each directory's entries sorted by name). A directory's
   * contents sort where the directory's name sorts, e.g. {@code a/z.pr} before {@code a.pr}
   * because {@code "a" < "a.pr"}; plain {@link Path#compareTo} would put {@code a.pr} first.
   */
  public static final Comparator<Path> LOAD_ORDER =
      (a, b) -> {
        int n = Math.min(a.getNameCount(), b.getNameCount());
        for (int i = 0; i < n; i++) {
          int c = a.getName(i).toString().compareTo(b.getName(i).toString());
          if (c != 0) return c;
        }
        return Integer.compare(a.getNameCount(), b.getNameCount());
      };
}
