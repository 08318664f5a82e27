package org.syndicate.process.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.process.daemon.DaemonHarness.alive;
import static org.syndicate.process.daemon.DaemonHarness.sleep;
import static org.syndicate.process.daemon.DaemonHarness.v;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;

/**
 * Our start timeout ({@code startTimeout}, supervision.md §5 scenario 10) and the stop order: a
 * new process of a service is never spawned while an old one of the same service is still
 * stopping (restart-service, a spec edit, the service stopped and started again).
 */
class DaemonStartStopTest extends DaemonDriverTest {
  DaemonHarness h;

  @BeforeEach
  void setUp() {
    h = harness(DaemonOptions.defaults().withRestartDelays(Duration.ofMillis(50), Duration.ofMillis(50)));
  }

  private void run(String id) {
    h.assertValue("<run-service <daemon " + id + ">>");
  }

  private boolean hasState(String id, String state) {
    return h.statuses(id).stream().anyMatch(d -> d.get("state").equals(v(state)));
  }

  // ------------------------------------------------------------------ start timeout

  @Test
  void aProcessNotReadyInTimeIsStoppedAndCountsAsAFailure() {
    // It exits 0 on SIGTERM: under on-error that would complete it, but a start timeout is a failure.
    long spec = h.assertValue("<daemon st1 {argv: \"trap 'exit 0' TERM; echo up; while :; do sleep 0.05; done\""
        + " readyOnNotify: 3 startTimeout: 0.4 restart: on-error}>");
    run("st1");
    h.awaitLive("<service-problem <daemon st1> <start-timeout 0.4>>");
    h.await("restarted as a failure", () -> h.restarts("st1") >= 1);
    assertThat(h.history()).noneMatch(e -> e.contains("<service-state <daemon st1> complete>"));
    assertThat(h.isLive("<service-state <daemon st1> ready>")).isFalse();
    h.await("a supervisor line in $log", () -> h.lines("st1", "supervisor").stream()
        .anyMatch(l -> ((StringValue) l).value().contains("not ready within 0.4 s")));
    h.await("the exit seen", () -> h.statuses("st1").stream().anyMatch(d -> d.get("lastExit").equals(v("<exited 0>"))));
    h.retract(spec);
    h.await("problem gone with the spec", () -> h.matching(x -> x.isRecord("service-problem", 2)).isEmpty());
  }

  @Test
  void aOneShotThatDoesNotCompleteInTimeIsStopped() {
    h.assertValue("<daemon st2 {argv: \"sleep 1000\" readyOnStart: #f restart: on-error startTimeout: 0.3}>");
    run("st2");
    h.awaitLive("<service-problem <daemon st2> <start-timeout 0.3>>");
    h.await("restarted", () -> h.restarts("st2") >= 1);
    h.await("killed by the stop signal", () -> h.statuses("st2").stream()
        .anyMatch(d -> d.get("lastExit").equals(v("<signaled \"SIGTERM\">"))));
  }

  @Test
  void aProcessReadyInTimeIsKeptAndTheProblemOfAnEarlierRunGoes(@TempDir Path tmp) {
    // The first run never notifies; the later ones do at once.
    Path mark = tmp.resolve("first-run-done");
    h.assertValue("<daemon st3 {argv: \"if [ -e " + mark + " ]; then echo >&3; else touch " + mark + "; fi; exec sleep 1000\""
        + " readyOnNotify: 3 startTimeout: 0.5}>");
    run("st3");
    h.awaitLive("<service-problem <daemon st3> <start-timeout 0.5>>");
    h.awaitLive("<service-state <daemon st3> ready>");
    h.await("problem gone once ready", () -> h.matching(x -> x.isRecord("service-problem", 2)).isEmpty());
    h.await("running", () -> hasState("st3", "running"));
    int pid = h.pid("st3");
    sleep(800); // beyond the start timeout of this run: it stays
    assertThat(h.pid("st3")).isEqualTo(pid);
    assertThat(alive(pid)).isTrue();
    assertThat(h.matching(x -> x.isRecord("service-problem", 2))).isEmpty();
  }

  @Test
  void readinessAssertedForTheServiceEndsTheStartTimeout() {
    // readyOnStart #f without a notification channel: the process would assert
    // <service-state <daemon st4> ready> itself; here the test does it for it, after the spawn.
    h.assertValue("<daemon st4 {argv: \"sleep 1000\" readyOnStart: #f startTimeout: 1.5}>");
    run("st4");
    h.await("spawned", () -> h.pid("st4") > 0);
    int pid = h.pid("st4");
    long ready = h.assertValue("<service-state <daemon st4> ready>");
    h.await("the run saw it", () -> h.history().contains("+<service-state <daemon st4> ready>"));
    sleep(300); // the daemon's run observes the same dataspace: it has seen it too by now
    // once ready, the start timeout is over for this run, even if the readiness goes again
    h.retract(ready);
    sleep(2000); // beyond the start timeout
    assertThat(h.pid("st4")).isEqualTo(pid);
    assertThat(alive(pid)).isTrue();
    assertThat(h.matching(x -> x.isRecord("service-problem", 2))).isEmpty();
  }

  @Test
  void readinessAlreadyAssertedAtTheTimeoutCountsToo() {
    h.assertValue("<service-state <daemon st6> ready>");
    h.assertValue("<daemon st6 {argv: \"sleep 1000\" readyOnStart: #f startTimeout: 0.4}>");
    run("st6");
    h.await("spawned", () -> h.pid("st6") > 0);
    int pid = h.pid("st6");
    sleep(900); // beyond the start timeout
    assertThat(h.pid("st6")).isEqualTo(pid);
    assertThat(alive(pid)).isTrue();
    assertThat(h.matching(x -> x.isRecord("service-problem", 2))).isEmpty();
  }

  @Test
  void noStartTimeoutWithoutTheKey() {
    h.assertValue("<daemon st5 {argv: \"sleep 1000\" readyOnNotify: 3}>");
    run("st5");
    h.await("spawned", () -> h.pid("st5") > 0);
    int pid = h.pid("st5");
    sleep(500);
    assertThat(h.pid("st5")).isEqualTo(pid);
    assertThat(h.matching(x -> x.isRecord("service-problem", 2))).isEmpty();
  }

  // ------------------------------------------------------------------ no two copies

  /**
   * A child that records its pid in {@code dir/pids} and, first, every earlier pid still alive in
   * {@code dir/overlap}; on SIGTERM it takes 1 s to exit.
   */
  private static Path slowStopper(Path dir) throws Exception {
    Path script = dir.resolve("child.sh");
    Files.writeString(script, String.join("\n",
        "F=" + dir.resolve("pids") + "; O=" + dir.resolve("overlap"),
        "if [ -f \"$F\" ]; then for p in $(cat \"$F\"); do if kill -0 \"$p\" 2>/dev/null; then echo \"$p\" >> \"$O\"; fi; done; fi",
        "echo $$ >> \"$F\"",
        "trap 'sleep 1; exit 0' TERM",
        "echo up",
        "while :; do sleep 0.05; done",
        ""));
    return script;
  }

  private List<Integer> runningPids(String id) {
    return h.statuses(id).stream()
        .filter(d -> d.get("state").equals(v("running")) && d.get("pid") instanceof SignedInteger)
        .map(d -> ((SignedInteger) d.get("pid")).intValue())
        .toList();
  }

  private int awaitNewRunningPid(String id, int old) {
    h.await("a new running pid", 10, () -> runningPids(id).stream().anyMatch(p -> p != old));
    return runningPids(id).stream().filter(p -> p != old).findFirst().orElseThrow();
  }

  private boolean sawStopping(String id, int pid) {
    Value name = v("<daemon " + id + ">");
    return h.events().stream().anyMatch(e -> e.startsWith("+<process-status " + name)
        && e.contains("state: stopping") && e.contains("pid: " + pid));
  }

  @Test
  void restartServiceStartsTheNewProcessOnlyOnceTheOldOneHasExited(@TempDir Path tmp) throws Exception {
    Path script = slowStopper(tmp);
    h.assertValue("<daemon ss1 [\"sh\" \"" + script + "\"]>");
    run("ss1");
    h.await("up", () -> !h.lines("ss1", "stdout").isEmpty() && runningPids("ss1").size() == 1);
    int old = runningPids("ss1").getFirst();
    h.send("<restart-service <daemon ss1>>");
    h.await("the old one shown stopping", () -> sawStopping("ss1", old));
    int fresh = awaitNewRunningPid("ss1", old);
    assertThat(alive(old)).as("the old process exited before the new one was spawned").isFalse();
    assertThat(tmp.resolve("overlap")).doesNotExist();
    h.await("the old status gone", () -> h.statuses("ss1").size() == 1);
    assertThat(h.pid("ss1")).isEqualTo(fresh);
    h.awaitLive("<service-state <daemon ss1> ready>");
  }

  @Test
  void aSpecEditStartsTheNewProcessOnlyOnceTheOldOneHasExited(@TempDir Path tmp) throws Exception {
    Path script = slowStopper(tmp);
    long first = h.assertValue("<daemon ss2 [\"sh\" \"" + script + "\" \"v1\"]>");
    run("ss2");
    h.await("up", () -> runningPids("ss2").size() == 1);
    int old = runningPids("ss2").getFirst();
    h.retract(first);
    h.assertValue("<daemon ss2 [\"sh\" \"" + script + "\" \"v2\"]>");
    int fresh = awaitNewRunningPid("ss2", old);
    assertThat(alive(old)).isFalse();
    assertThat(tmp.resolve("overlap")).doesNotExist();
    assertThat(fresh).isNotEqualTo(old);
    assertThat(sawStopping("ss2", old)).isTrue();
  }

  /**
   * The config watcher's make-before-break: the new spec is asserted and the old one retracted in
   * one turn, so the daemon sees the addition first. (Seen in a README trial: the new process was
   * spawned a millisecond before the old one was told to stop.)
   */
  @Test
  void aSpecReplacedInOneTurnStartsTheNewProcessOnlyOnceTheOldOneHasExited(@TempDir Path tmp) throws Exception {
    Path script = slowStopper(tmp);
    long first = h.assertValue("<daemon ss5 [\"sh\" \"" + script + "\" \"v1\"]>");
    run("ss5");
    h.await("up", () -> runningPids("ss5").size() == 1);
    int old = runningPids("ss5").getFirst();
    Value second = v("<daemon ss5 [\"sh\" \"" + script + "\" \"v2\"]>");
    h.inMain(t -> {
      t.publish(h.config, second);
      t.retract(first);
    });
    int fresh = awaitNewRunningPid("ss5", old);
    assertThat(alive(old)).as("the old process exited before the new one was spawned").isFalse();
    assertThat(tmp.resolve("overlap")).doesNotExist();
    assertThat(fresh).isNotEqualTo(old);
  }

  @Test
  void aServiceStoppedAndStartedAgainWaitsForItsOldProcess(@TempDir Path tmp) throws Exception {
    Path script = slowStopper(tmp);
    h.assertValue("<daemon ss3 [\"sh\" \"" + script + "\"]>");
    long rs = h.assertValue("<run-service <daemon ss3>>");
    h.await("up", () -> runningPids("ss3").size() == 1);
    int old = runningPids("ss3").getFirst();
    h.retract(rs);
    h.awaitGone("<service-state <daemon ss3> started>");
    run("ss3");
    h.awaitLive("<service-state <daemon ss3> started>");
    int fresh = awaitNewRunningPid("ss3", old);
    assertThat(alive(old)).isFalse();
    assertThat(tmp.resolve("overlap")).doesNotExist();
    assertThat(fresh).isNotEqualTo(old);
  }

  @Test
  void whileWaitingTheNewProcessShowsStartingWithoutAPid(@TempDir Path tmp) throws Exception {
    Path script = slowStopper(tmp);
    h.assertValue("<daemon ss4 [\"sh\" \"" + script + "\"]>");
    run("ss4");
    h.await("up", () -> runningPids("ss4").size() == 1);
    int old = runningPids("ss4").getFirst();
    h.send("<restart-service <daemon ss4>>");
    // the old one takes 1 s to exit: meanwhile the new one is starting, pid #f
    h.await("starting without a pid", () -> h.statuses("ss4").stream()
        .anyMatch(d -> d.get("state").equals(v("starting")) && d.get("pid").equals(v("#f"))));
    awaitNewRunningPid("ss4", old);
    assertThat(alive(old)).isFalse();
  }
}
