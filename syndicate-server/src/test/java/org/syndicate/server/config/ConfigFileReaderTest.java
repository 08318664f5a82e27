package org.syndicate.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.server.script.Script;

/** Reading and compiling one config file into a snapshot (reference note §5.1, §5.9 table). */
class ConfigFileReaderTest {
  @TempDir Path dir;
  final ConfigFileReader reader = new ConfigFileReader(1 << 20, Script.Options.DEFAULT);

  private FileSnapshot read(String text) throws Exception {
    Path p = dir.resolve("f.pr");
    Files.writeString(p, text, StandardCharsets.UTF_8);
    return reader.read(p);
  }

  private FileSnapshot.Rejected rejected(String text) throws Exception {
    FileSnapshot s = read(text);
    assertThat(s).isInstanceOf(FileSnapshot.Rejected.class);
    return (FileSnapshot.Rejected) s;
  }

  private FileSnapshot.Compiled compiled(String text) throws Exception {
    FileSnapshot s = read(text);
    assertThat(s).isInstanceOf(FileSnapshot.Compiled.class);
    return (FileSnapshot.Compiled) s;
  }

  @Test
  void meaningIgnoresCommentsAndLayout() throws Exception {
    var a = compiled("<a 1> <b> ? <x ?v> <y $v>");
    var b = compiled("# hello\n<a   1>\n<b> # trailing\n? <x ?v>\n   <y $v>\n");
    var c = compiled("<a 2> <b> ? <x ?v> <y $v>");
    assertThat(a.meaning()).isEqualTo(b.meaning()).isNotEqualTo(c.meaning());
  }

  @Test
  void fileEndingInACommentLoads() throws Exception {
    assertThat(compiled("<a> # no newline after this comment").meaning()).isNotEmpty();
    compiled("# only a comment");
    compiled("");
  }

  @Test
  void syntaxErrorNamesLineAndColumn() throws Exception {
    var r = rejected("<a>\n  <b\n");
    assertThat(r.kind()).isEqualTo("syntax");
    assertThat(r.errors()).hasSize(1);
    assertThat(r.errors().get(0).position().line()).isPositive();
    assertThat(r.errors().get(0).position().source()).isEqualTo(dir.resolve("f.pr").toString());
  }

  @Test
  void anUnclosedValueIsReportedAtTheEndOfTheFileAsWritten() throws Exception {
    var r = rejected("<a>\n<b");
    assertThat(r.errors().get(0).position().line()).isEqualTo(2);
    assertThat(r.errors().get(0).position().column()).isEqualTo(3);
    var r2 = rejected("<a>\n<b\n");
    assertThat(r2.errors().get(0).position().line()).isEqualTo(3);
    assertThat(r2.errors().get(0).position().column()).isEqualTo(1);
  }

  @Test
  void embeddedValuesCannotBeWritten() throws Exception {
    assertThat(rejected("<a #:<b>>").kind()).isEqualTo("syntax");
  }

  @Test
  void scriptErrorsAreAllReported() throws Exception {
    var r = rejected("<a>\nfoo\n<b>\n\"bar\"\n");
    assertThat(r.kind()).isEqualTo("script");
    assertThat(r.errors()).hasSize(2);
    assertThat(r.errors().get(0).position().line()).isEqualTo(2);
    assertThat(r.errors().get(1).position().line()).isEqualTo(4);
  }

  @Test
  void deepNestingIsRejectedNotAStackOverflow() throws Exception {
    var r = rejected("[".repeat(100_000) + "]".repeat(100_000));
    assertThat(r.errors().get(0).message()).isNotBlank();
  }

  @Test
  void tooLargeFileIsRejected() throws Exception {
    ConfigFileReader small = new ConfigFileReader(10, Script.Options.DEFAULT);
    Path p = dir.resolve("big.pr");
    Files.writeString(p, "<a> <b> <c> <d>");
    FileSnapshot s = small.read(p);
    assertThat(s).isInstanceOfSatisfying(
        FileSnapshot.Rejected.class,
        r -> {
          assertThat(r.kind()).isEqualTo("read");
          assertThat(r.errors().get(0).message()).contains("10 bytes");
          assertThat(r.errors().get(0).position().line()).isEqualTo(-1);
        });
    Files.writeString(p, "<a>");
    assertThat(small.read(p)).isInstanceOf(FileSnapshot.Compiled.class);
  }

  @Test
  void invalidUtf8NamesTheBadByte() throws Exception {
    Path p = dir.resolve("bad.pr");
    Files.write(p, new byte[] {'<', 'a', '>', '\n', ' ', 'x', (byte) 0xc3, '(', '\n'});
    FileSnapshot s = reader.read(p);
    assertThat(s).isInstanceOfSatisfying(
        FileSnapshot.Rejected.class,
        r -> {
          assertThat(r.kind()).isEqualTo("read");
          assertThat(r.errors().get(0).message()).contains("UTF-8").contains("offset 6");
          assertThat(r.errors().get(0).position().line()).isEqualTo(2);
          assertThat(r.errors().get(0).position().column()).isEqualTo(3);
        });
  }

  @Test
  void missingFileOrDirectoryIsGone() throws Exception {
    assertThat(reader.read(dir.resolve("nope.pr"))).isInstanceOf(FileSnapshot.Gone.class);
    Files.createDirectory(dir.resolve("d.pr"));
    assertThat(reader.read(dir.resolve("d.pr"))).isInstanceOf(FileSnapshot.Gone.class);
  }
}
