package org.syndicate.process.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.syndicate.process.daemon.DaemonHarness.v;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.syndicate.preserves.Value;
import org.syndicate.process.LaunchSpec;
import org.syndicate.process.Signals;

/** Parsing of daemon process specs: every form and key with its default (reference note §7.2). */
class DaemonSpecTest {

  @Test
  void aStringRunsUnderShWithEveryDefault() {
    DaemonSpec s = DaemonSpec.parse(v("\"echo hi 2>&1\""));
    assertThat(s.argv()).containsExactly("sh", "-c", "echo hi 2>&1");
    assertThat(s.env()).isEmpty();
    assertThat(s.dir()).isNull();
    assertThat(s.clearEnv()).isFalse();
    assertThat(s.readyOnStart()).isTrue();
    assertThat(s.readyWhenRunning()).isTrue();
    assertThat(s.restart()).isEqualTo(RestartPolicy.ALWAYS);
    assertThat(s.protocol()).isEqualTo(DaemonProtocol.NONE);
    assertThat(s.stopSignal()).isEqualTo(Signals.SIGTERM);
    assertThat(s.stopTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.readyOnNotify()).isEqualTo(-1);
    assertThat(s.notifySocket()).isFalse();
    assertThat(s.restartMaxDelay()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.hasRestartLimit()).isFalse();
    assertThat(s.source()).isEqualTo(v("\"echo hi 2>&1\""));
  }

  @Test
  void aListRunsWithoutAShell() {
    DaemonSpec s = DaemonSpec.parse(v("[\"prog\" \"a\" \"b c\"]"));
    assertThat(s.argv()).containsExactly("prog", "a", "b c");
    assertThat(s.launchSpec().argv()).containsExactly("prog", "a", "b c");
  }

  @Test
  void oneShotMeansNotReadyOnStartAndOnError() {
    DaemonSpec s = DaemonSpec.parse(v("<one-shot [\"true\"]>"));
    assertThat(s.argv()).containsExactly("true");
    assertThat(s.readyOnStart()).isFalse();
    assertThat(s.restart()).isEqualTo(RestartPolicy.ON_ERROR);
    assertThat(DaemonSpec.parse(v("<one-shot \"x\">")).argv()).containsExactly("sh", "-c", "x");
  }

  @Test
  void theFullFormReadsEveryKey() {
    DaemonSpec s = DaemonSpec.parse(v("{argv: [\"srv\"] env: {A: \"1\" \"B\": #f} dir: \"/tmp\" clearEnv: #t"
        + " readyOnStart: #f restart: all protocol: text/syndicate stopSignal: \"INT\" stopTimeout: 0.25"
        + " readyOnNotify: 5 notify: #t restartMaxDelay: 2.5 restartLimit: {count: 3 period: 60.0}"
        + " startTimeout: 1.5 unknownKey: [1 2 3]}"));
    assertThat(s.argv()).containsExactly("srv");
    assertThat(s.env()).hasSize(2).containsEntry("A", "1").containsEntry("B", null);
    assertThat(s.dir()).isEqualTo(Path.of("/tmp"));
    assertThat(s.clearEnv()).isTrue();
    assertThat(s.readyOnStart()).isFalse();
    assertThat(s.restart()).isEqualTo(RestartPolicy.ALL);
    assertThat(s.protocol()).isEqualTo(DaemonProtocol.TEXT_SYNDICATE);
    assertThat(s.stopSignal()).isEqualTo(Signals.SIGINT);
    assertThat(s.stopTimeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(s.readyOnNotify()).isEqualTo(5);
    assertThat(s.notifySocket()).isTrue();
    assertThat(s.restartMaxDelay()).isEqualTo(Duration.ofMillis(2500));
    assertThat(s.restartLimitCount()).isEqualTo(3);
    assertThat(s.restartLimitPeriod()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.startTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(s.hasStartTimeout()).isTrue();
    LaunchSpec l = s.launchSpec();
    assertThat(l.readinessFd()).isEqualTo(5);
    assertThat(l.notifySocket()).isTrue();
    assertThat(l.stdinPipe()).isTrue();
    assertThat(l.rawStdout()).isTrue();
    assertThat(l.clearEnv()).isTrue();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "always|ALWAYS",
        "on-error|ON_ERROR",
        "all|ALL",
        "never|NEVER"
      })
  void restartPolicies(String symbol, RestartPolicy expected) {
    assertThat(DaemonSpec.parse(v("{argv: \"x\" restart: " + symbol + "}")).restart()).isEqualTo(expected);
  }

  @Test
  void protocols() {
    assertThat(DaemonSpec.parse(v("{argv: \"x\" protocol: none}")).protocol()).isEqualTo(DaemonProtocol.NONE);
    assertThat(DaemonSpec.parse(v("{argv: \"x\" protocol: application/syndicate}")).protocol())
        .isEqualTo(DaemonProtocol.BINARY_SYNDICATE);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "42|(none)|expected a command line",
        "{dir: \"/tmp\"}|(none)|needs an argv entry",
        "{argv: 42}|argv|expected a string",
        "[]|argv|at least the program",
        "[\"a\" 1]|argv|element 1 is not a string",
        "<one-shot>|(none)|needs a command line",
        "{argv: \"x\" env: []}|env|expected a dictionary",
        "{argv: \"x\" env: {A: 1}}|env.A|a string (set) or #f",
        "{argv: \"x\" env: {A: #t}}|env.A|a string (set) or #f",
        "{argv: \"x\" env: {1: \"v\"}}|env|strings or symbols",
        "{argv: \"x\" env: {\"A=B\": \"v\"}}|env.A=B|not a valid environment variable name",
        "{argv: \"x\" dir: 1}|dir|expected a string",
        "{argv: \"x\" clearEnv: 1}|clearEnv|#t or #f",
        "{argv: \"x\" readyOnStart: yes}|readyOnStart|#t or #f",
        "{argv: \"x\" restart: sometimes}|restart|always, on-error, all or never",
        "{argv: \"x\" protocol: http}|protocol|none, application/syndicate",
        "{argv: \"x\" stopSignal: \"SIGNOPE\"}|stopSignal|no such signal",
        "{argv: \"x\" stopSignal: 15}|stopSignal|a signal name",
        "{argv: \"x\" stopTimeout: 5}|stopTimeout|seconds as a double",
        "{argv: \"x\" stopTimeout: -1.0}|stopTimeout|must be 0.0",
        "{argv: \"x\" readyOnNotify: 2}|readyOnNotify|fd must be 3..1023",
        "{argv: \"x\" readyOnNotify: \"3\"}|readyOnNotify|an fd number",
        "{argv: \"x\" notify: 1}|notify|#t or #f",
        "{argv: \"x\" restartMaxDelay: 0}|restartMaxDelay|seconds as a double",
        "{argv: \"x\" restartLimit: 5}|restartLimit|{count: int, period: double}",
        "{argv: \"x\" restartLimit: {count: -1 period: 1.0}}|restartLimit.count|must be 0..",
        "{argv: \"x\" restartLimit: {count: 1 period: 0.0}}|period|more than 0.0",
        "{argv: \"x\" startTimeout: 5}|startTimeout|seconds as a double",
        "{argv: \"x\" startTimeout: 0.0}|startTimeout|more than 0.0",
        "{argv: \"x\" startTimeout: -3.0}|startTimeout|more than 0.0",
        "{argv: \"x\" startTimeout: 1e300}|startTimeout|more than 0.0"
      })
  void badSpecsNameTheirKey(String text, String key, String message) {
    Value spec = v(text);
    assertThatThrownBy(() -> DaemonSpec.parse(spec))
        .isInstanceOfSatisfying(DaemonSpecException.class, e -> {
          assertThat(e.key()).isEqualTo(key.equals("(none)") ? null : key);
          assertThat(e.getMessage()).contains(message);
          assertThat(e.spec()).isEqualTo(spec);
        });
  }

  @Test
  void zeroStopTimeoutIsTheReferenceKill() {
    assertThat(DaemonSpec.parse(v("{argv: \"x\" stopTimeout: 0.0}")).stopTimeout()).isZero();
  }

  @Test
  void startTimeoutIsNoneByDefaultAndOnlyAppliesToProcessesThatMustBecomeReady() {
    assertThat(DaemonSpec.parse(v("\"x\"")).startTimeout()).isNull();
    assertThat(DaemonSpec.parse(v("{argv: \"x\"}")).hasStartTimeout()).isFalse();
    assertThat(DaemonSpec.parse(v("{argv: \"x\" startTimeout: 2.0}")).hasStartTimeout()).as("ready on start").isFalse();
    assertThat(DaemonSpec.parse(v("{argv: \"x\" startTimeout: 2.0 readyOnStart: #f}")).hasStartTimeout()).isTrue();
    assertThat(DaemonSpec.parse(v("{argv: \"x\" startTimeout: 2.0 readyOnNotify: 3}")).hasStartTimeout()).isTrue();
    assertThat(DaemonSpec.parse(v("{argv: \"x\" startTimeout: 2.0 notify: #t}")).hasStartTimeout()).isTrue();
  }

  @Test
  void notificationImpliesNotReadyOnStart() {
    assertThat(DaemonSpec.parse(v("{argv: \"x\" readyOnNotify: 3}")).readyWhenRunning()).isFalse();
    assertThat(DaemonSpec.parse(v("{argv: \"x\" notify: #t readyOnStart: #t}")).readyWhenRunning()).isFalse();
  }

  @Test
  void backoffDoublesUpToTheCap() {
    Duration base = Duration.ofSeconds(1);
    Duration cap = Duration.ofSeconds(30);
    assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 100).stream().map(n -> DaemonProcess.backoff(base, cap, n).toMillis()))
        .containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
    assertThat(DaemonProcess.backoff(base, Duration.ofMillis(500), 0)).isEqualTo(Duration.ofMillis(500));
  }

  /** Random values never make the parser crash: they parse or throw DaemonSpecException. */
  @Test
  void randomSpecsNeverCrashTheParser() {
    long seed = System.nanoTime();
    System.out.println("DaemonSpecTest.randomSpecsNeverCrashTheParser seed " + seed);
    Random r = new Random(seed);
    String[] keys = {"argv", "env", "dir", "clearEnv", "readyOnStart", "restart", "protocol", "stopSignal",
        "stopTimeout", "readyOnNotify", "notify", "restartMaxDelay", "restartLimit", "startTimeout", "other"};
    String[] vals = {"1", "-1", "1.5", "-2.0", "#t", "#f", "\"x\"", "\"\"", "sym", "[]", "[\"a\"]", "[1]", "{}",
        "{A: \"b\"}", "{count: 2 period: 1.0}", "<one-shot \"x\">", "always", "none", "\"SIGHUP\"", "1e300"};
    for (int i = 0; i < 5000; i++) {
      StringBuilder sb = new StringBuilder("{");
      int n = r.nextInt(5);
      for (int k = 0; k < n; k++) {
        sb.append(keys[r.nextInt(keys.length)]).append(": ").append(vals[r.nextInt(vals.length)]).append(' ');
      }
      sb.append('}');
      Value spec;
      try {
        spec = v(sb.toString());
      } catch (RuntimeException duplicateKey) {
        continue;
      }
      try {
        DaemonSpec.parse(spec).launchSpec();
      } catch (DaemonSpecException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
  }
}
