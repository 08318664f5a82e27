package org.syndicate.server.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.syndicate.preserves.text.TextReader;

/** The {@code $log} line format of reference note §7.6. */
class LogPrinterTest {
  static String fmt(String ts, String dict) {
    return LogPrinter.format(TextReader.parse(ts), TextReader.parse(dict));
  }

  @Test
  void daemonLineFormat() {
    assertThat(fmt("\"2026-01-01T00:00:00Z\"", "{pid: 42 service: <daemon d> stream: stdout line: \"hi\\n\"}"))
        .isEqualTo("2026-01-01T00:00:00Z <daemon d>[42] stdout: \"hi\\n\"");
  }

  @Test
  void missingFieldsAndNonStringTimestampPrintDashes() {
    assertThat(fmt("7", "{line: \"hello\"}")).isEqualTo("- -[-] -: \"hello\"");
  }

  @Test
  void extraKeysAreAppendedAndNonDictionariesPrintNothing() {
    // the reference prints: 2026-01-01T00:00:00Z <daemon d>[42] stdout: "hello" {extra: 1}
    assertThat(fmt("\"2026-01-01T00:00:00Z\"", "{line: \"hello\" service: <daemon d> pid: 42 stream: stdout extra: 1}"))
        .isEqualTo("2026-01-01T00:00:00Z <daemon d>[42] stdout: \"hello\" {extra: 1}");
    assertThat(fmt("\"t\"", "[1 2]")).isNull();
  }

  @Test
  void veryLongLinesAreCut() {
    String big = "a".repeat(LogPrinter.maxLineChars() * 2);
    String out = fmt("\"t\"", "{line: \"" + big + "\"}");
    assertThat(out).hasSize(LogPrinter.maxLineChars() + 1).endsWith("…");
  }
}
