package org.syndicate.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The name rules and the load order (reference note §5.9 "Initial scan"). */
class ConfigFileNamesTest {
  @TempDir Path tmp;

  @Test
  void nameRules() {
    assertThat(ConfigFileNames.isConfigFileName("a.pr")).isTrue();
    assertThat(ConfigFileNames.isConfigFileName(".a.pr")).isFalse();
    assertThat(ConfigFileNames.isConfigFileName("a.pr~")).isFalse();
    assertThat(ConfigFileNames.isConfigFileName("a.prs")).isFalse();
    assertThat(ConfigFileNames.isConfigFileName(".pr")).isFalse();
    assertThat(ConfigFileNames.isConfigFileName("x.pr.pr")).isTrue();
    assertThat(ConfigFileNames.isHidden(".git")).isTrue();
    assertThat(ConfigFileNames.isHidden("git")).isFalse();
  }

  @Test
  void loadOrderPutsADirectorysContentsWhereItsNameSorts() {
    List<Path> ps = new ArrayList<>(List.of(Path.of("/r/a.pr"), Path.of("/r/b.pr"), Path.of("/r/a/z.pr"), Path.of("/r/a/b/c.pr")));
    ps.sort(ConfigFileNames.LOAD_ORDER);
    assertThat(ps).containsExactly(Path.of("/r/a/b/c.pr"), Path.of("/r/a/z.pr"), Path.of("/r/a.pr"), Path.of("/r/b.pr"));
  }

  /**
   * Random trees (seeded; the seed is printed): the initial scan lists exactly the non-hidden
   * {@code *.pr} files outside hidden directories, in the order of a depth-first walk with sorted
   * entries, which is also {@link ConfigFileNames#LOAD_ORDER}.
   */
  @Test
  void initialScanMatchesASortedDepthFirstWalk() throws Exception {
    long seed = System.nanoTime();
    System.out.println("ConfigFileNamesTest seed: " + seed);
    Random rnd = new Random(seed);
    String[] names = {"a", "b", "a.pr", "b.pr", "ab.pr", ".h", ".h.pr", "x.txt", "a-b.pr", "A.pr", "z", "0.pr"};
    for (int round = 0; round < 20; round++) {
      Path root = Files.createDirectory(tmp.resolve("t" + round));
      build(root, rnd, names, 0);
      List<Path> expected = new ArrayList<>();
      walk(root, expected);
      List<Path> scanned;
      try (TreeWatcher w = new TreeWatcher(root.toRealPath(), 64)) {
        scanned = w.initialScan();
      }
      assertThat(scanned).as("seed %d round %d", seed, round).isEqualTo(expected.stream().map(p -> real(root, p)).toList());
      List<Path> sorted = new ArrayList<>(scanned);
      sorted.sort(ConfigFileNames.LOAD_ORDER);
      assertThat(sorted).isEqualTo(scanned);
    }
  }

  private static Path real(Path root, Path p) {
    try {
      return root.toRealPath().resolve(root.relativize(p));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void build(Path dir, Random rnd, String[] names, int depth) throws Exception {
    for (String n : names) {
      if (rnd.nextInt(3) != 0) continue;
      Path p = dir.resolve(n);
      boolean asDir = depth < 3 && rnd.nextInt(3) == 0;
      if (asDir) {
        Files.createDirectory(p);
        build(p, rnd, names, depth + 1);
      } else {
        Files.writeString(p, "<x>");
      }
    }
  }

  /** An independent oracle: a recursive walk, entries sorted by name. */
  private static void walk(Path dir, List<Path> out) throws Exception {
    List<Path> entries;
    try (Stream<Path> s = Files.list(dir)) {
      entries = new ArrayList<>(s.toList());
    }
    entries.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
    for (Path e : entries) {
      String n = e.getFileName().toString();
      if (n.startsWith(".")) continue;
      if (Files.isDirectory(e)) walk(e, out);
      else if (n.endsWith(".pr")) out.add(e);
    }
  }
}
