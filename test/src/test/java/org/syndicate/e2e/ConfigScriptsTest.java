package org.syndicate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.syndicate.server.script.Script;

/**
 * Every {@code .pr} file shipped under {@code config-scripts/} (the default configuration, the
 * inferior server's and the examples) is a valid config script, and every example starts with a
 * one-line comment saying what it shows (issue 9 item 1).
 */
class ConfigScriptsTest {
  static final Path REPO = Path.of(System.getProperty("repo.dir", "..")).toAbsolutePath().normalize();

  static List<Path> scripts() throws IOException {
    try (Stream<Path> s = Files.walk(REPO.resolve("config-scripts"))) {
      return s.filter(p -> p.toString().endsWith(".pr")).sorted().toList();
    }
  }

  @Test
  void everyShippedFileCompiles() throws IOException {
    List<Path> files = scripts();
    assertThat(files).extracting(p -> REPO.relativize(p).toString())
        .contains("config-scripts/default/00-milestones.pr", "config-scripts/inferior/inferior.pr", "config-scripts/examples/daemons.pr");
    for (Path p : files) {
      // throws ScriptParseException naming file:line:column on any error
      assertThat(Script.load(p, Files.readString(p))).as(p.toString()).isNotNull();
    }
  }

  @Test
  void everyExampleSaysWhatItShows() throws IOException {
    List<Path> examples = scripts().stream().filter(p -> p.getParent().endsWith("examples")).toList();
    assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
    for (Path p : examples) {
      assertThat(Files.readAllLines(p).get(0)).as(p.toString()).startsWith("# Shows: ");
    }
  }
}
