package org.syndicate.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file-system side of the watcher without actors: what a batch of events turns into. */
class TreeWatcherTest {
  @TempDir Path tmp;

  @Test
  void lostEventsWalkTheWholeTreeAgain() throws Exception {
    Path root = tmp.toRealPath();
    Files.createDirectories(root.resolve("d"));
    Files.writeString(root.resolve("a.pr"), "<a>");
    Files.writeString(root.resolve("d/b.pr"), "<b>");
    try (TreeWatcher w = new TreeWatcher(root, 64)) {
      assertThat(w.initialScan()).containsExactly(root.resolve("a.pr"), root.resolve("d/b.pr"));
      Files.delete(root.resolve("d/b.pr"));
      Files.createDirectories(root.resolve("e"));
      Files.writeString(root.resolve("e/c.pr"), "<c>");
      TreeWatcher.Changes c = w.resolve(new TreeSet<>(ConfigFileNames.LOAD_ORDER), true);
      assertThat(c.toRead()).containsExactly(root.resolve("a.pr"), root.resolve("e/c.pr"));
      assertThat(c.gone()).containsExactly(root.resolve("d/b.pr"));
      assertThat(c.rootGone()).isFalse();
    }
  }

  @Test
  void aFileReplacedByADirectoryAndBack() throws Exception {
    Path root = tmp.toRealPath();
    Path x = root.resolve("x.pr");
    Files.writeString(x, "<x>");
    try (TreeWatcher w = new TreeWatcher(root, 64)) {
      w.initialScan();
      Files.delete(x);
      Files.createDirectories(x);
      Files.writeString(x.resolve("y.pr"), "<y>");
      TreeWatcher.Changes c = w.resolve(dirty(x), false);
      assertThat(c.gone()).containsExactly(x);
      assertThat(c.toRead()).containsExactly(x.resolve("y.pr"));
      Files.delete(x.resolve("y.pr"));
      Files.delete(x);
      Files.writeString(x, "<x>");
      c = w.resolve(dirty(x), false);
      assertThat(c.gone()).containsExactly(x.resolve("y.pr"));
      assertThat(c.toRead()).containsExactly(x);
    }
  }

  @Test
  void directoriesBelowTheDepthLimitAreNotWalked() throws Exception {
    Path root = tmp.toRealPath();
    Files.createDirectories(root.resolve("1/2/3"));
    Files.writeString(root.resolve("1/a.pr"), "<a>");
    Files.writeString(root.resolve("1/2/b.pr"), "<b>");
    Files.writeString(root.resolve("1/2/3/c.pr"), "<c>");
    try (TreeWatcher w = new TreeWatcher(root, 2)) {
      assertThat(w.initialScan()).containsExactly(root.resolve("1/2/b.pr"), root.resolve("1/a.pr"));
    }
  }

  @Test
  void nextWithATimeoutReturnsNothingWhenNothingHappensAndTheChangeWhenSomethingDoes() throws Exception {
    Path root = tmp.toRealPath();
    Files.writeString(root.resolve("a.pr"), "<a>");
    try (TreeWatcher w = new TreeWatcher(root, 64)) {
      w.initialScan();
      TreeWatcher.Changes none = w.next(Duration.ofMillis(10), Duration.ofMillis(30), Duration.ZERO);
      assertThat(none.toRead()).isEmpty();
      assertThat(none.gone()).isEmpty();
      assertThat(none.rootGone()).isFalse();
      Files.delete(root.resolve("a.pr"));
      // the event is already queued or comes soon: a generous timeout, never reached when it works
      TreeWatcher.Changes c = w.next(Duration.ofMillis(10), Duration.ofMillis(30), Duration.ofSeconds(20));
      assertThat(c.gone()).containsExactly(root.resolve("a.pr"));
    }
  }

  private static Set<Path> dirty(Path... ps) {
    Set<Path> s = new TreeSet<>(ConfigFileNames.LOAD_ORDER);
    s.addAll(Set.of(ps));
    return s;
  }
}
