package org.syndicate.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command line of reference note §1 (parsing only; the server itself runs in other tests). */
class MainTest {
  @Test
  void flagsParseAsTheReference() {
    Main m = new Main();
    new CommandLine(m)
        .parseArgs(
            "-p", "9001", "--port", "9002", "--bind", "127.0.0.1", "-s", "/tmp/a", "-c", "/etc/x", "--config", "y",
            "--inferior", "--no-banner", "--control", "-t", "/tmp/trace", "--debt-reporter");
    assertThat(m.ports).containsExactly(9001, 9002);
    assertThat(m.bind).isEqualTo("127.0.0.1");
    assertThat(m.sockets).containsExactly("/tmp/a");
    assertThat(m.configs).containsExactly("/etc/x", "y");
    assertThat(m.inferior && m.noBanner && m.control && m.debtReporter).isTrue();
    assertThat(m.traceFile).isEqualTo("/tmp/trace");
  }

  @Test
  void defaultsAndHelp() {
    Main m = new Main();
    new CommandLine(m).parseArgs();
    assertThat(m.bind).isEqualTo("0.0.0.0");
    assertThat(m.ports).isEmpty();
    StringWriter out = new StringWriter();
    int rc = new CommandLine(new Main()).setOut(new PrintWriter(out)).execute("--help");
    assertThat(rc).isZero();
    assertThat(out.toString()).contains("--port", "--socket", "--config", "--inferior", "--control", "--trace-file");
  }

  @Test
  void badPortIsAUsageError() {
    StringWriter err = new StringWriter();
    int rc = new CommandLine(new Main()).setErr(new PrintWriter(err)).execute("-p", "notaport");
    assertThat(rc).isEqualTo(2);
    assertThat(err.toString()).contains("notaport");
  }
}
