package org.syndicate.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.config.WatcherHarness.writeAtomically;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.schemas.configerrors.ConfigError;

/**
 * The config watcher against real files in a temporary directory and a real dataspace (issue 7
 * item 3; reference note syndicate-server.md §5.9, §10 rows 43-47). Every wait is for a condition
 * with a generous deadline.
 */
class ConfigWatcherTest {
  @TempDir Path tmp;
  Path dir;
  WatcherHarness h;

  @BeforeEach
  void setUp() throws Exception {
    dir = tmp.resolve("config");
    Files.createDirectory(dir);
    dir = dir.toRealPath();
    h = new WatcherHarness();
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private Path write(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return p;
  }

  @Test
  void initialScanLoadsConfigFilesInNameOrderSkippingHiddenAndOtherNames() throws Exception {
    write("b.pr", "<from-b>");
    write("a/z.pr", "<from-a-z>");
    write("a.pr", "<from-a> # a trailing comment");
    write("c.pr", "<from-c>\n# only a comment at the end");
    write(".hidden.pr", "<hidden-file>");
    write(".hid/d.pr", "<hidden-dir>");
    write("notes.txt", "<not-a-config-file>");
    write("e.pr.bak", "<backup>");
    h.startAndAwaitReady(dir);
    assertThat(h.live()).containsExactly("<from-a-z>", "<from-a>", "<from-b>", "<from-c>", "<watcher-ready>");
    ConfigWatcher.Report initial = h.reports().get(0);
    assertThat(initial.initial()).isTrue();
    assertThat(initial.loaded())
        .containsExactly(dir.resolve("a/z.pr"), dir.resolve("a.pr"), dir.resolve("b.pr"), dir.resolve("c.pr"));
    // ready comes with (after) the initial scan's assertions
    List<String> log = h.drain();
    assertThat(log.indexOf("+<watcher-ready>")).isEqualTo(log.size() - 1);
  }

  @Test
  void fileCreatedLaterIsLoadedAndDeletedFileIsRetracted() throws Exception {
    h.startAndAwaitReady(dir);
    h.drain();
    Path a = write("a.pr", "<foo>");
    h.await("<foo> asserted", () -> h.has("<foo>"));
    Files.delete(a);
    h.await("<foo> retracted", () -> !h.has("<foo>"));
    h.settle();
    assertThat(h.drain()).containsExactly("+<foo>", "-<foo>");
  }

  @Test
  void editWithSameMeaningProducesNoEvents() throws Exception {
    Path a = write("a.pr", "<a> <b 1>\n? <x ?v> <y $v>\n");
    h.startAndAwaitReady(dir);
    h.assertValue("<x 1>");
    h.await("<y 1> from the ? body", () -> h.has("<y 1>"));
    h.settle();
    h.drain();
    int before = h.reportCount();
    writeAtomically(a, "# a comment now\n<a>   <b 1> # and here\n? <x ?v>\n  <y $v>\n");
    h.awaitReport(before, "a.pr read again", r -> r.unchanged().contains(a));
    // in place, layout only: one write over the old bytes, no truncation (a truncating write could
    // be read half done, as an empty file, when this thread stalls between its two system calls)
    String same = "<a> <b 1> ? <x ?v> <y $v>";
    same = same + " ".repeat(Math.max(0, (int) Files.size(a) - same.length()));
    try (var ch = java.nio.channels.FileChannel.open(a, java.nio.file.StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(same.getBytes(StandardCharsets.UTF_8)), 0);
    }
    h.awaitReport(before + 1, "a.pr read again", r -> r.unchanged().contains(a));
    assertThat(h.drain()).isEmpty();
    assertThat(h.reports().subList(before, h.reportCount())).allSatisfy(r -> assertThat(r.loaded()).isEmpty());
  }

  @Test
  void editWithNewMeaningIsAppliedMakeBeforeBreak() throws Exception {
    Path a = write("a.pr", "<a> <b>");
    h.startAndAwaitReady(dir);
    h.drain();
    int before = h.reportCount();
    writeAtomically(a, "<a> <c>");
    h.awaitReport(before, "a.pr reloaded", r -> r.loaded().contains(a));
    // <a> is in both versions: observers see nothing of it
    assertThat(h.drain()).containsExactly("+<c>", "-<b>");
    assertThat(h.live()).containsExactly("<a>", "<c>", "<watcher-ready>");
  }

  /** Truncates the file to 0 bytes in place, as {@code >} or an editor's save does first. */
  private static void truncate(Path p) throws Exception {
    try (var ch = java.nio.channels.FileChannel.open(p, java.nio.file.StandardOpenOption.WRITE)) {
      ch.truncate(0);
    }
  }

  @Test
  void fileTruncatedThenWrittenWithinTheGraceNeverRetractsWhatBothVersionsAssert() throws Exception {
    Path a = write("a.pr", "<a> <b>");
    // a grace far longer than the test's deadline: the write below always comes within it
    h.startAndAwaitReady(dir, ConfigWatcher.Options.DEFAULT.withEmptyGrace(java.time.Duration.ofMinutes(10)));
    h.drain();
    int before = h.reportCount();
    truncate(a);
    h.awaitReport(before, "a.pr deferred", r -> r.deferred().contains(a));
    assertThat(h.reports().subList(before, h.reportCount())).allSatisfy(r -> assertThat(r.loaded()).doesNotContain(a));
    assertThat(h.drain()).isEmpty();
    assertThat(h.live()).containsExactly("<a>", "<b>", "<watcher-ready>");
    int written = h.reportCount();
    Files.writeString(a, "<a> <c>", StandardCharsets.UTF_8);
    h.awaitReport(written, "a.pr reloaded", r -> r.loaded().contains(a));
    // <a> is in both versions: observers never saw it go
    assertThat(h.drain()).containsExactly("+<c>", "-<b>");
    assertThat(h.live()).containsExactly("<a>", "<c>", "<watcher-ready>");
  }

  @Test
  void fileLeftEmptyOrOnlyCommentsIsAppliedAfterTheGrace() throws Exception {
    Path a = write("a.pr", "<a>");
    Path b = write("b.pr", "<b>");
    Path e = write("e.pr", "");
    h.startAndAwaitReady(dir, ConfigWatcher.Options.DEFAULT.withEmptyGrace(java.time.Duration.ofMillis(200)));
    assertThat(h.reports().get(0).loaded()).contains(e); // an empty file at startup just loads
    int before = h.reportCount();
    truncate(a);
    writeAtomically(b, "# nothing here any more\n   \n# (only comments and blanks)\n");
    h.await("<a> and <b> retracted", () -> !h.has("<a>") && !h.has("<b>"));
    h.settle();
    List<ConfigWatcher.Report> rs = h.reports().subList(before, h.reportCount());
    for (Path p : List.of(a, b)) {
      int deferredAt = -1;
      int loadedAt = -1;
      for (int i = 0; i < rs.size(); i++) {
        if (deferredAt < 0 && rs.get(i).deferred().contains(p)) deferredAt = i;
        if (rs.get(i).loaded().contains(p)) loadedAt = i;
      }
      assertThat(deferredAt).as(p + " first deferred, in " + rs).isNotNegative();
      assertThat(loadedAt).as(p + " then applied, in " + rs).isGreaterThan(deferredAt);
    }
    assertThat(h.live()).containsExactly("<watcher-ready>");
    // an empty file that gets content is loaded as usual, and emptied again waits again
    int again = h.reportCount();
    Files.writeString(a, "<a 2>", StandardCharsets.UTF_8);
    h.await("<a 2>", () -> h.has("<a 2>"));
    truncate(a);
    h.awaitReport(again, "a.pr deferred again", r -> r.deferred().contains(a));
    h.await("<a 2> retracted", () -> !h.has("<a 2>"));
  }

  @Test
  void fileDeletedOutrightIsUnloadedAtOnceEvenWhileAnEmptyVersionWaits() throws Exception {
    Path a = write("a.pr", "<a>");
    Path b = write("b.pr", "<b>");
    // a grace longer than the test's deadline: only an immediate unload passes
    h.startAndAwaitReady(dir, ConfigWatcher.Options.DEFAULT.withEmptyGrace(java.time.Duration.ofMinutes(10)));
    Files.delete(b);
    h.await("<b> retracted", () -> !h.has("<b>"));
    int before = h.reportCount();
    truncate(a);
    h.awaitReport(before, "a.pr deferred", r -> r.deferred().contains(a));
    assertThat(h.has("<a>")).isTrue();
    Files.delete(a);
    h.await("<a> retracted", () -> !h.has("<a>"));
    h.settle();
    assertThat(h.live()).containsExactly("<watcher-ready>");
  }

  @Test
  void syntaxErrorKeepsLastGoodVersionAndIsPublishedUntilFixed() throws Exception {
    Path a = write("a.pr", "<a> <b>");
    h.startAndAwaitReady(dir);
    h.drain();
    writeAtomically(a, "<a> <c");
    h.await("a config-error", () -> !h.configErrors().isEmpty());
    h.settle();
    assertThat(h.live()).contains("<a>", "<b>").doesNotContain("<c>");
    List<ConfigError> errors = h.configErrors();
    assertThat(errors).hasSize(1);
    ConfigError e = errors.get(0);
    assertThat(e.path()).isEqualTo(a.toString());
    assertThat(e.line().intValue()).isPositive();
    assertThat(e.column().intValue()).isPositive();
    assertThat(e.message()).isNotBlank();
    assertThat(h.drain()).hasSize(1).allMatch(s -> s.startsWith("+<config-error"));

    writeAtomically(a, "<a> <c>");
    h.await("fixed", () -> h.configErrors().isEmpty() && h.has("<c>"));
    h.settle();
    assertThat(h.drain()).containsExactlyInAnyOrder("+<c>", "-<b>", "-" + ConfigWatcher.errorValue(a, scriptError(e)));
  }

  private static org.syndicate.server.script.ScriptError scriptError(ConfigError e) {
    return new org.syndicate.server.script.ScriptError(
        new org.syndicate.preserves.Position(e.path(), 0, e.line().intValue(), e.column().intValue()), e.message());
  }

  @Test
  void scriptErrorKeepsLastGoodVersionUnlikeTheReference() throws Exception {
    Path a = write("a.pr", "<a> <b>");
    h.startAndAwaitReady(dir);
    h.drain();
    writeAtomically(a, "<a>\nfoo <c>\n");
    h.await("a config-error", () -> !h.configErrors().isEmpty());
    h.settle();
    assertThat(h.live()).contains("<a>", "<b>").doesNotContain("<c>");
    ConfigError e = h.configErrors().get(0);
    assertThat(e.path()).isEqualTo(a.toString());
    assertThat(e.line().intValue()).isEqualTo(2);
    assertThat(e.column().intValue()).isEqualTo(1);
    assertThat(e.message()).containsIgnoringCase("invalid token");

    // back to the version in force: the error goes, nothing else happens
    h.drain();
    writeAtomically(a, "<a> <b> # as before");
    h.await("error retracted", () -> h.configErrors().isEmpty());
    h.settle();
    assertThat(h.drain()).hasSize(1).allMatch(s -> s.startsWith("-<config-error"));
    assertThat(h.live()).containsExactly("<a>", "<b>", "<watcher-ready>");
  }

  @Test
  void newFileWithAnErrorLoadsNothingAndItsErrorGoesWhenItIsDeleted() throws Exception {
    h.startAndAwaitReady(dir);
    Path a = write("a.pr", "<a> <b");
    h.await("a config-error", () -> !h.configErrors().isEmpty());
    Files.delete(a);
    h.await("error retracted", () -> h.configErrors().isEmpty());
    h.settle();
    assertThat(h.live()).containsExactly("<watcher-ready>");
  }

  @Test
  void invalidUtf8IsRejectedWithItsPosition() throws Exception {
    Path a = write("a.pr", "<a>");
    h.startAndAwaitReady(dir);
    Path tmpFile = dir.resolve(".tmp");
    Files.write(tmpFile, new byte[] {'<', 'a', '>', '\n', '<', (byte) 0xff, '>'});
    Files.move(tmpFile, a, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    h.await("a config-error", () -> !h.configErrors().isEmpty());
    ConfigError e = h.configErrors().get(0);
    assertThat(e.line().intValue()).isEqualTo(2);
    assertThat(e.column().intValue()).isEqualTo(2);
    assertThat(e.message()).contains("UTF-8");
    assertThat(h.has("<a>")).isTrue();
  }

  @Test
  void runTimeErrorStopsTheFileAsTheReferenceDoes() throws Exception {
    Path a = write("a.pr", "<a> <b>");
    h.startAndAwaitReady(dir);
    h.drain();
    int before = h.reportCount();
    writeAtomically(a, "<a> <bar $nosuch>");
    h.awaitReport(before, "reloaded", r -> r.loaded().contains(a));
    assertThat(h.live()).containsExactly("<watcher-ready>");
    assertThat(h.configErrors()).isEmpty();
  }

  @Test
  void renameKeepsAssertionsWithoutFlickerAndRenameAwayRetracts() throws Exception {
    Path a = write("a.pr", "<kept>");
    h.startAndAwaitReady(dir);
    h.drain();
    int before = h.reportCount();
    Path b = dir.resolve("b.pr");
    Files.move(a, b, StandardCopyOption.ATOMIC_MOVE);
    h.awaitReport(before, "renamed", r -> r.unloaded().contains(a));
    assertThat(h.reports().subList(before, h.reportCount()))
        .anySatisfy(r -> assertThat(r.loaded()).contains(b));
    assertThat(h.drain()).isEmpty();
    assertThat(h.has("<kept>")).isTrue();

    Files.move(b, dir.resolve("b.pr~"), StandardCopyOption.ATOMIC_MOVE);
    h.await("retracted", () -> !h.has("<kept>"));
  }

  @Test
  void directoryCreatedLaterIsWatchedAndARemovedDirectoryIsUnloaded() throws Exception {
    h.startAndAwaitReady(dir);
    Path sub = dir.resolve("sub");
    Files.createDirectory(sub);
    Path deep = sub.resolve("deeper");
    Files.createDirectory(deep);
    Files.writeString(deep.resolve("x.pr"), "<x>");
    h.await("<x> from a directory created later", () -> h.has("<x>"));
    Files.writeString(deep.resolve("y.pr"), "<y>");
    h.await("<y> from a later file in it", () -> h.has("<y>"));

    // a directory prepared elsewhere and moved in whole
    Path outside = tmp.resolve("outside");
    Files.createDirectories(outside.resolve("inner"));
    Files.writeString(outside.resolve("inner/z.pr"), "<z>");
    Files.move(outside, dir.resolve("moved"), StandardCopyOption.ATOMIC_MOVE);
    h.await("<z> from a moved-in directory", () -> h.has("<z>"));

    // removed whole (moved out of the tree)
    Files.move(sub, tmp.resolve("gone"), StandardCopyOption.ATOMIC_MOVE);
    h.await("<x>, <y> retracted", () -> !h.has("<x>") && !h.has("<y>"));
    // the moved-out directory is no longer watched
    int before = h.reportCount();
    Files.writeString(tmp.resolve("gone/deeper/w.pr"), "<w>");
    Files.writeString(dir.resolve("marker.pr"), "<marker>");
    h.await("<marker>", () -> h.has("<marker>"));
    h.settle();
    assertThat(h.has("<w>")).isFalse();
    assertThat(h.reports().subList(before, h.reportCount()))
        .allSatisfy(r -> assertThat(r.loaded()).doesNotContain(dir.resolve("sub/deeper/w.pr")));
  }

  @Test
  void burstOfEditsEndsInTheFinalStateWithBoundedWork() throws Exception {
    Path a = write("a.pr", "<n -1>");
    h.startAndAwaitReady(dir);
    int before = h.reportCount();
    for (int i = 0; i < 100; i++) {
      Files.writeString(a, "<n " + i + ">");
      Thread.sleep(10);
    }
    h.await("<n 99>", () -> h.has("<n 99>") && h.live().size() == 2);
    h.settle();
    assertThat(h.live()).containsExactly("<n 99>", "<watcher-ready>");
    long loads = h.reports().subList(before, h.reportCount()).stream().filter(r -> r.loaded().contains(a)).count();
    assertThat(loads).isBetween(1L, 60L);
  }

  @Test
  void singleFilePathIsWatched() throws Exception {
    Path a = write("only.pr", "<one>");
    write("other.pr", "<other>");
    h.startAndAwaitReady(a);
    assertThat(h.live()).containsExactly("<one>", "<watcher-ready>");
    writeAtomically(a, "<two>");
    h.await("<two>", () -> h.has("<two>") && !h.has("<one>"));
    writeAtomically(dir.resolve("other.pr"), "<other2>");
    Files.delete(a);
    h.await("<two> retracted", () -> !h.has("<two>"));
    h.settle();
    assertThat(h.live()).containsExactly("<watcher-ready>");
  }

  @Test
  void singleFileWithAnotherNameIsIgnoredButReady() throws Exception {
    Path a = write("config.txt", "<one>");
    h.startAndAwaitReady(a);
    assertThat(h.live()).containsExactly("<watcher-ready>");
  }

  @Test
  void missingPathFailsTheWatcher() throws Exception {
    h.startWatcher(dir.resolve("does-not-exist"));
    var reason = h.watcherActor.exitFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(reason).isInstanceOf(org.syndicate.actor.ExitReason.Failed.class);
    assertThat(((org.syndicate.actor.ExitReason.Failed) reason).cause()).hasMessageContaining("does-not-exist");
    assertThat(h.ready).isNotDone();
  }

  @Test
  void stoppingTheWatcherUnloadsEverything() throws Exception {
    write("a.pr", "<a>");
    write("b.pr", "<b");
    h.startAndAwaitReady(dir);
    assertThat(h.has("<a>")).isTrue();
    assertThat(h.configErrors()).hasSize(1);
    h.watcherActor.stop();
    h.await("all retracted", () -> h.live().isEmpty());
    h.await("the watching thread ended", () -> !h.watcher.isWatching());
  }

  @Test
  void hiddenEntriesStayIgnoredAfterStartup() throws Exception {
    write(".git/old.pr", "<hidden-old>");
    h.startAndAwaitReady(dir);
    write(".git/new.pr", "<hidden-new>");
    Files.writeString(dir.resolve(".git/old.pr"), "<hidden-old-edited>");
    write(".h.pr", "<hidden-file>");
    write("marker.pr", "<marker>");
    h.await("<marker>", () -> h.has("<marker>"));
    h.settle();
    assertThat(h.live()).containsExactly("<marker>", "<watcher-ready>");
  }

  @Test
  void removingTheWatchedDirectoryUnloadsEverythingAndFailsTheWatcher() throws Exception {
    write("a.pr", "<a>");
    write("sub/b.pr", "<b>");
    h.startAndAwaitReady(dir);
    Files.move(dir, tmp.resolve("elsewhere"), StandardCopyOption.ATOMIC_MOVE);
    var reason = h.watcherActor.exitFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(reason).isInstanceOf(org.syndicate.actor.ExitReason.Failed.class);
    h.await("all retracted", () -> h.live().isEmpty());
  }

  @Test
  void deletingTheWatchedDirectoryUnloadsEverythingAndFailsTheWatcher() throws Exception {
    write("a.pr", "<a>");
    write("sub/b.pr", "<b>");
    h.startAndAwaitReady(dir);
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
    }
    var reason = h.watcherActor.exitFuture().get(20, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(reason).isInstanceOf(org.syndicate.actor.ExitReason.Failed.class);
    h.await("all retracted", () -> h.live().isEmpty());
  }

  @Test
  void symlinkedDirectoriesAreWalkedOnceAndCyclesEnd() throws Exception {
    Path a = write("sub/a.pr", "<a 1>");
    Files.createSymbolicLink(dir.resolve("sub/up"), dir); // a cycle
    Files.createSymbolicLink(dir.resolve("alias"), dir.resolve("sub")); // a second path to sub
    h.startAndAwaitReady(dir);
    assertThat(h.reports().get(0).loaded()).hasSize(1);
    assertThat(h.live()).containsExactly("<a 1>", "<watcher-ready>");
    writeAtomically(a, "<a 2>");
    h.await("<a 2>", () -> h.has("<a 2>") && !h.has("<a 1>"));
    write("sub/b.pr", "<b>");
    h.await("<b>", () -> h.has("<b>"));
    write("top.pr", "<top>");
    h.await("<top>", () -> h.has("<top>"));
    h.settle();
    assertThat(h.live()).containsExactly("<a 2>", "<b>", "<top>", "<watcher-ready>");
  }

  @Test
  void everyScriptErrorIsPublishedUpToTheLimit() throws Exception {
    write("a.pr", "foo\nbar\nbaz\n");
    write("b.pr", "x\ny\n");
    h.startWatcher(dir, ConfigWatcher.Options.DEFAULT.withMaxErrorsPerFile(2));
    h.await("errors", () -> h.configErrors().size() == 4);
    h.settle();
    assertThat(h.configErrors().stream().filter(e -> e.path().endsWith("a.pr")).map(e -> e.line().intValue()))
        .containsExactlyInAnyOrder(1, 2);
    assertThat(h.configErrors().stream().filter(e -> e.path().endsWith("b.pr")).map(e -> e.line().intValue()))
        .containsExactlyInAnyOrder(1, 2);
  }
}
