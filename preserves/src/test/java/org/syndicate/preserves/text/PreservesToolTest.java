package org.syndicate.preserves.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.syndicate.preserves.tool.PreservesTool;

/**
 * Runs {@code preserves-tool} in-process ({@link PreservesTool#run}): the README's command (text
 * samples.pr to annotated canonical binary) must give exactly samples.bin.
 */
class PreservesToolTest {
  record Result(int status, byte[] out, String err) {
    String outText() {
      return new String(out, StandardCharsets.UTF_8);
    }
  }

  static Result run(byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = PreservesTool.run(args, new ByteArrayInputStream(stdin), out, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void samplesTextConvertsToExactlySamplesBin() throws Exception {
    byte[] pr = Files.readAllBytes(TextSamplesTest.sharedFile("testdata/preserves/samples.pr"));
    byte[] bin = Files.readAllBytes(TextSamplesTest.sharedFile("testdata/preserves/samples.bin"));
    Result r = run(pr, "convert", "--input-format", "text", "--output-format", "binary", "--annotations");
    assertThat(r.err()).isEmpty();
    assertThat(r.status()).isZero();
    assertThat(r.out()).isEqualTo(bin);
    // and back: binary (auto-detected) to indented text to binary again
    Result text = run(bin, "convert", "--annotations", "--indent");
    assertThat(text.status()).isZero();
    Result again = run(text.out(), "convert", "--output-format", "binary", "--annotations");
    assertThat(again.out()).isEqualTo(bin);
    // without --annotations: canonical form, no annotations
    Result plain = run(pr, "convert", "--output-format", "binary");
    assertThat(plain.out().length).isLessThan(bin.length);
  }

  @Test
  void textOutputIsOneValuePerLine() {
    Result r = run("# c\n<a 1> [2]  # trailing\n".getBytes(StandardCharsets.UTF_8), "convert");
    assertThat(r.status()).isZero();
    assertThat(r.outText()).isEqualTo("<a 1>\n[2]\n");
    Result ann = run("# c\n<a 1>".getBytes(StandardCharsets.UTF_8), "convert", "--annotations");
    assertThat(ann.outText()).isEqualTo("@\"c\" <a 1>\n");
    Result empty = run(new byte[0], "convert", "--output-format", "binary");
    assertThat(empty.status()).isZero();
    assertThat(empty.out()).isEmpty();
  }

  @Test
  void badInputGivesOneLineWithThePositionAndStatus1() {
    Result r = run("[1 2]\n{a: 1 a: 2}".getBytes(StandardCharsets.UTF_8), "convert");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.outText()).isEqualTo("[1 2]\n");
    assertThat(r.err()).isEqualTo("preserves-tool: <stdin>:2:7: duplicate dictionary key a\n");
    Result bin = run(new byte[] {(byte) 0xb5, (byte) 0x80}, "convert");
    assertThat(bin.status()).isEqualTo(1);
    assertThat(bin.err()).startsWith("preserves-tool: <stdin>: byte ").doesNotContain("\n\n");
    Result utf = run(new byte[] {'"', (byte) 0xc3, '"'}, "convert", "--input-format", "text");
    assertThat(utf.status()).isEqualTo(1);
    assertThat(utf.err()).contains("byte 1").contains("UTF-8");
  }

  @Test
  void helpAndUsageErrors() {
    Result help = run(new byte[0], "convert", "--help");
    assertThat(help.status()).isZero();
    assertThat(help.outText()).contains("--input-format").contains("--output-format").contains("--annotations").contains("--indent");
    Result top = run(new byte[0], "--help");
    assertThat(top.status()).isZero();
    assertThat(top.outText()).contains("convert");
    Result bad = run(new byte[0], "convert", "--output-format", "xml");
    assertThat(bad.status()).isEqualTo(2);
  }
}
