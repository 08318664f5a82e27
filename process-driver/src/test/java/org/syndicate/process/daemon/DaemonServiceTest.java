package org.syndicate.process.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.process.daemon.DaemonHarness.alive;
import static org.syndicate.process.daemon.DaemonHarness.sleep;
import static org.syndicate.process.daemon.DaemonHarness.v;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;

/**
 * The daemon service with real processes (reference note §7, §10 "Daemons" rows 61–72; issue 8
 * "Tests that must exist"): the restart table, readiness, logs, environment, stopping, spawn
 * failures, bad specs.
 */
class DaemonServiceTest extends DaemonDriverTest {
  DaemonHarness h;

  @BeforeEach
  void setUp() {
    h = harness(DaemonOptions.defaults());
  }

  private void run(String id) {
    h.assertValue("<run-service <daemon " + id + ">>");
  }

  // ------------------------------------------------------------------ row 61, 72

  @Test
  void sleepDaemonStartsIsReadyAndIsKilledWhenItsSpecGoes() {
    long spec = h.assertValue("<daemon d61 \"sleep 1000\">");
    run("d61");
    h.awaitLive("<service-state <daemon d61> started>");
    h.awaitLive("<service-state <daemon d61> ready>");
    h.await("pid", () -> h.pid("d61") > 0);
    int pid = h.pid("d61");
    assertThat(alive(pid)).isTrue();
    assertThat(h.status("d61").get("state")).isEqualTo(v("running"));
    h.retract(spec);
    h.await("process gone", () -> !alive(pid));
    h.await("status gone", () -> h.statuses("d61").isEmpty());
    // zero processes: still ready, still started (§7.4)
    assertThat(h.isLive("<service-state <daemon d61> ready>")).isTrue();
    assertThat(h.isLive("<service-state <daemon d61> started>")).isTrue();
  }

  @Test
  void aDaemonWithNoProcessesIsReadyAtOnce() {
    run("empty");
    h.awaitLive("<service-state <daemon empty> ready>");
    assertThat(h.isLive("<service-state <daemon empty> started>")).isTrue();
  }

  @Test
  void stoppingTheServiceStopsItsProcesses() {
    h.assertValue("<daemon dstop \"sleep 1000\">");
    h.assertValue("<daemon dstop [\"sleep\", \"999\"]>");
    long rs = h.assertValue("<run-service <daemon dstop>>");
    h.await("two pids", () -> h.statuses("dstop").size() == 2
        && h.statuses("dstop").stream().allMatch(d -> d.get("pid") instanceof org.syndicate.preserves.SignedInteger));
    List<Integer> pids = h.statuses("dstop").stream()
        .map(d -> ((org.syndicate.preserves.SignedInteger) d.get("pid")).intValue()).toList();
    h.retract(rs);
    h.await("both gone", () -> pids.stream().noneMatch(DaemonHarness::alive));
    h.awaitGone("<service-state <daemon dstop> started>");
    // The supervisor (which retracts the state) and the supervisee (which retracts the statuses)
    // are different actors: the two retractions may reach us in either order.
    h.await("statuses gone", () -> h.statuses("dstop").isEmpty());
  }

  // ------------------------------------------------------------------ the restart table (rows 62-67)

  @Test
  void oneShotCompletesAndIsNeverReady() {
    h.assertValue("<daemon d62 <one-shot \"true\">>");
    run("d62");
    h.awaitLive("<service-state <daemon d62> complete>");
    assertThat(h.history()).noneMatch(e -> e.equals("+<service-state <daemon d62> ready>"));
  }

  @Test
  void alwaysRespawnsAfterAnAbnormalExitAndStaysStarted() {
    h.assertValue("<daemon d63 \"exit 1\">");
    run("d63");
    h.await("two restarts", 30, () -> h.restarts("d63") >= 2);
    assertThat(h.isLive("<service-state <daemon d63> started>")).isTrue();
    awaitLastExit("d63", "<exited 1>");
    assertThat(h.history()).noneMatch(e -> e.contains("<service-state <daemon d63> complete>"));
  }

  @Test
  void alwaysRespawnsAfterANormalExitEvery200Ms() {
    h.assertValue("<daemon d64 {argv: \"exit 0\" restart: always}>");
    run("d64");
    // Ten waits of 200 ms take about 2 s. Were the delay doubled after normal exits as after
    // failures, the eighth restart alone would come 51 s after the start: far past this deadline,
    // which is generous for a loaded machine and is not a timing assertion.
    h.await("ten restarts (200 ms apart, not doubling)", 30, () -> h.restarts("d64") >= 10);
    awaitLastExit("d64", "<exited 0>");
  }

  /**
   * Waits until daemon {@code id} has live statuses and each says {@code lastExit: exit}. A daemon
   * that keeps restarting replaces its status (the new one asserted, then the old retracted), so
   * {@link DaemonHarness#status} may find two for a moment: this reads them all.
   */
  private void awaitLastExit(String id, String exit) {
    Value want = v(exit);
    h.await(id + "'s lastExit " + exit, () -> {
      List<Dictionary> s = h.statuses(id);
      return !s.isEmpty() && s.stream().allMatch(d -> want.equals(d.get("lastExit")));
    });
  }

  @Test
  void onErrorRestartsFailuresAndCompletesOnSuccess() {
    h.assertValue("<daemon d65 {argv: \"exit 1\" restart: on-error}>");
    run("d65");
    h.await("a restart", 6, () -> h.restarts("d65") >= 1);
    h.assertValue("<daemon d65b {argv: \"exit 0\" restart: on-error}>");
    run("d65b");
    h.awaitLive("<service-state <daemon d65b> complete>");
    // the supervisee ended, its statuses went with it (retracted by it, not by the supervisor
    // that asserts complete: waited for, not read at once)
    h.await("d65b's statuses gone", () -> h.statuses("d65b").isEmpty());
  }

  @Test
  void neverCompletesEvenAfterAFailure() {
    h.assertValue("<daemon d66 {argv: \"exit 1\" restart: never}>");
    run("d66");
    h.awaitLive("<service-state <daemon d66> complete>");
  }

  @Test
  void neverCompletesAfterANormalExit() {
    h.assertValue("<daemon dnever0 {argv: \"exit 0\" restart: never}>");
    run("dnever0");
    h.awaitLive("<service-state <daemon dnever0> complete>");
  }

  @Test
  void allCompletesAfterANormalExit() {
    h.assertValue("<daemon dall0 {argv: \"exit 0\" restart: all}>");
    run("dall0");
    h.awaitLive("<service-state <daemon dall0> complete>");
    assertThat(h.history()).noneMatch(e -> e.contains("<service-state <daemon dall0> failed>"));
  }

  @Test
  void allFailsTheServiceOnASpawnFailureToo() {
    h.assertValue("<daemon dallsf {argv: [\"/no/such/program\"] restart: all}>");
    run("dallsf");
    h.await("failed", () -> h.history().contains("+<service-state <daemon dallsf> failed>"));
  }

  @Test
  void allFailsTheServiceKillsSiblingsAndRestarts() {
    h.assertValue("<daemon d67 {argv: \"sleep 0.5; exit 1\" restart: all}>");
    h.assertValue("<daemon d67 \"sleep 1000\">");
    run("d67");
    h.await("sibling pid", () -> siblingPid("d67") > 0);
    int sibling = siblingPid("d67");
    h.await("failed", () -> h.history().contains("+<service-state <daemon d67> failed>"));
    h.await("sibling killed", () -> !alive(sibling));
    // restarted by the supervisor after 200 ms, with a new sibling
    h.await("new sibling", 30, () -> siblingPid("d67") > 0 && siblingPid("d67") != sibling);
  }

  private int siblingPid(String id) {
    for (Dictionary d : h.statuses(id)) {
      if (d.get("pid") instanceof org.syndicate.preserves.SignedInteger i) {
        for (Value x : h.liveValues()) {
          if (x.isRecord("process-status", 3) && ((org.syndicate.preserves.RecordValue) x).field(2).equals(d)
              && ((org.syndicate.preserves.RecordValue) x).field(1).equals(StringValue.of("sleep 1000"))) {
            return i.intValue();
          }
        }
      }
    }
    return -1;
  }

  @Test
  void completeNeedsEveryProcessAndACompletedProcessWithdrawsReady() {
    h.assertValue("<daemon dmix {argv: \"exit 0\" restart: never}>");
    h.assertValue("<daemon dmix \"sleep 1000\">");
    run("dmix");
    h.await("one complete", () -> h.statuses("dmix").stream().anyMatch(d -> d.get("state").equals(v("complete"))));
    sleep(300);
    assertThat(h.isLive("<service-state <daemon dmix> ready>")).isFalse();
    assertThat(h.isLive("<service-state <daemon dmix> started>")).isTrue();
  }

  // ------------------------------------------------------------------ logs (row 68, §7.6)

  @Test
  void stdoutAndStderrLinesAreLoggedWithTheirNewlines() {
    h.assertValue("<daemon d68 {argv: \"echo hi; echo err >&2; printf 'a\\\\nb'\" restart: never}>");
    run("d68");
    h.awaitLive("<service-state <daemon d68> complete>");
    h.await("lines", () -> h.lines("d68", null).size() == 4);
    assertThat(h.lines("d68", "stdout")).containsExactly(StringValue.of("hi\n"), StringValue.of("a\n"), StringValue.of("b"));
    assertThat(h.lines("d68", "stderr")).containsExactly(StringValue.of("err\n"));
    Dictionary d = (Dictionary) ((org.syndicate.preserves.RecordValue) h.logs().getFirst()).field(1);
    assertThat(d.get("pid")).isInstanceOf(org.syndicate.preserves.SignedInteger.class);
    assertThat(d.get("service")).isEqualTo(v("<daemon d68>"));
    assertThat(((org.syndicate.preserves.RecordValue) h.logs().getFirst()).field(0)).isInstanceOf(StringValue.class);
  }

  @Test
  void nonUtf8LinesAreLoggedAsByteStrings() {
    h.assertValue("<daemon dbin {argv: \"printf '\\\\377\\\\n'\" restart: never}>");
    run("dbin");
    h.await("line", () -> h.lines("dbin", "stdout").size() == 1);
    assertThat(h.lines("dbin", "stdout").getFirst()).isEqualTo(ByteString.of(new byte[] {(byte) 0xff, '\n'}));
  }

  // ------------------------------------------------------------------ env, dir, clearEnv (row 69)

  @Test
  void clearEnvAndEnvGiveExactlyTheseVariables() {
    h.assertValue("<daemon d69 {argv: [\"/usr/bin/env\"] env: {FOO: \"bar\"} clearEnv: #t restart: never}>");
    run("d69");
    h.await("line", () -> !h.lines("d69", "stdout").isEmpty());
    sleep(100);
    assertThat(h.lines("d69", "stdout")).containsExactly(StringValue.of("FOO=bar\n"));
  }

  @Test
  void envRemovesVariablesAndAcceptsSymbolNames() {
    h.assertValue("<daemon denv {argv: \"echo ${HOME-unset} $X\" env: {HOME: #f \"X\": \"y\"} restart: never}>");
    run("denv");
    h.await("line", () -> !h.lines("denv", "stdout").isEmpty());
    assertThat(h.lines("denv", "stdout")).containsExactly(StringValue.of("unset y\n"));
  }

  @Test
  void dirSetsTheWorkingDirectory(@TempDir Path dir) {
    h.assertValue("<daemon ddir {argv: [\"/bin/pwd\"] dir: \"" + dir + "\" restart: never}>");
    run("ddir");
    h.await("line", () -> !h.lines("ddir", "stdout").isEmpty());
    assertThat(h.lines("ddir", "stdout")).containsExactly(StringValue.of(dir + "\n"));
  }

  // ------------------------------------------------------------------ spawn failures

  @Test
  void aMissingDirectoryIsASpawnFailureRetriedAndReported() {
    h.assertValue("<daemon dnodir {argv: [\"/bin/pwd\"] dir: \"/nonexistent/dir\"}>");
    run("dnodir");
    h.await("problem", () -> h.matching(x -> x.isRecord("service-problem", 2)
        && x.toString().contains("spawn-failed") && x.toString().contains("dnodir")).size() == 1);
    h.await("retried", 30, () -> h.restarts("dnodir") >= 1);
    // read one status dictionary, not h.status(): a retry replaces it (new asserted, then old
    // retracted), so two may be live for a moment
    Dictionary s = h.statuses("dnodir").getFirst();
    assertThat(s.get("lastExit").toString()).contains("spawn-failed").contains("/nonexistent/dir");
    assertThat(s.get("pid")).isEqualTo(v("#f"));
  }

  @Test
  void aMissingProgramIsASpawnFailureAndCompleteUnderNever() {
    h.assertValue("<daemon dnoprog {argv: [\"no-such-program-xyz\"] restart: never}>");
    run("dnoprog");
    h.awaitLive("<service-state <daemon dnoprog> complete>");
    h.await("one problem naming the program",
        () -> h.matching(x -> x.isRecord("service-problem", 2) && x.toString().contains("no-such-program-xyz")).size() == 1);
  }

  // ------------------------------------------------------------------ bad specs (rows 70, 71)

  @Test
  void anUnparseableSpecFailsTheServiceWithAProblem() {
    long bad = h.assertValue("<daemon d71 42>");
    run("d71");
    h.await("failed", () -> h.history().contains("+<service-state <daemon d71> failed>"));
    h.awaitLive("<service-problem <daemon d71> <invalid-spec 42 #f \"expected a command line (string or [program arg…]), <one-shot CMDLINE> or a dictionary with argv, got signed_integer 42\">>");
    assertThat(h.isLive("<service-state <daemon d71> ready>")).isFalse();
    // fixing the configuration clears the problem once the supervisor retries
    h.retract(bad);
    h.awaitLive("<service-state <daemon d71> ready>");
    h.await("problem gone", 15, () -> h.matching(x -> x.isRecord("service-problem", 2)).isEmpty());
  }

  @Test
  void aWrongTypedEntryNamesItsKey() {
    h.assertValue("<daemon d70 {argv: \"true\" restart: sometimes}>");
    run("d70");
    h.await("failed", () -> h.history().contains("+<service-state <daemon d70> failed>"));
    h.await("problem", () -> h.matching(x -> x.isRecord("service-problem", 2)
        && x.toString().contains("\"restart\"") && x.toString().contains("sometimes")).size() == 1);
  }

  // ------------------------------------------------------------------ readiness

  @Test
  void readyOnStartFalseIsNeverReady() {
    h.assertValue("<daemon dnr {argv: \"sleep 1000\" readyOnStart: #f}>");
    run("dnr");
    h.await("running", () -> h.status("dnr") != null && h.status("dnr").get("state").equals(v("running")));
    sleep(300);
    assertThat(h.isLive("<service-state <daemon dnr> ready>")).isFalse();
  }

  /** A shell loop that waits until file {@code go} exists: the test says when the child goes on. */
  private static String waitFor(Path go) {
    return "while [ ! -e '" + go + "' ]; do sleep 0.01; done";
  }

  @Test
  void readyOnNotifyFdMakesItReadyWhenTheNewlineComes(@TempDir Path tmp) throws Exception {
    Path go = tmp.resolve("go");
    h.assertValue("<daemon dfd {argv: \"" + waitFor(go) + "; echo >&3; sleep 1000\" readyOnNotify: 3}>");
    run("dfd");
    h.await("starting", () -> h.status("dfd") != null && h.status("dfd").get("state").equals(v("starting")));
    sleep(200);
    assertThat(h.isLive("<service-state <daemon dfd> ready>")).as("not before the newline").isFalse();
    Files.writeString(go, "");
    h.awaitLive("<service-state <daemon dfd> ready>");
    assertThat(h.status("dfd").get("state")).isEqualTo(v("running"));
  }

  @Test
  void readyOnNotifyWithoutTheNewlineIsNeverReady() {
    h.assertValue("<daemon dfd2 {argv: \"sleep 1000\" readyOnNotify: 4}>");
    run("dfd2");
    h.await("starting", () -> h.status("dfd2") != null && h.pid("dfd2") > 0);
    sleep(400);
    assertThat(h.isLive("<service-state <daemon dfd2> ready>")).isFalse();
    assertThat(h.status("dfd2").get("state")).isEqualTo(v("starting"));
  }

  @Test
  void notifySocketReadyMakesItReady(@TempDir Path tmp) throws Exception {
    Path go = tmp.resolve("go");
    String perl = "perl -MSocket -e 'socket(my $s, AF_UNIX, SOCK_DGRAM, 0) or die $!; "
        + "send($s, \\\"READY=1\\\", 0, pack_sockaddr_un($ENV{NOTIFY_SOCKET})) or die $!'";
    h.assertValue("<daemon dsd {argv: \"" + waitFor(go) + "; " + perl + "; sleep 1000\" notify: #t}>");
    run("dsd");
    h.await("spawned", () -> h.pid("dsd") > 0);
    assertThat(h.isLive("<service-state <daemon dsd> ready>")).as("not before the notification").isFalse();
    Files.writeString(go, "");
    h.awaitLive("<service-state <daemon dsd> ready>");
  }

  @Test
  void notifyStatusTextIsPublished() {
    String perl = "perl -MSocket -e 'socket(my $s, AF_UNIX, SOCK_DGRAM, 0) or die $!; "
        + "send($s, \\\"STATUS=warming up\\\", 0, pack_sockaddr_un($ENV{NOTIFY_SOCKET})) or die $!'";
    h.assertValue("<daemon dst {argv: \"" + perl + "; sleep 1000\" notify: #t}>");
    run("dst");
    h.await("status text", () -> h.status("dst") != null
        && StringValue.of("warming up").equals(h.status("dst").get("status")));
    assertThat(h.status("dst").get("state")).isEqualTo(v("starting"));
  }

  // ------------------------------------------------------------------ stopping

  @Test
  void aStoppingProcessIsVisibleUntilItIsGone() {
    // the stopping state lasts the stop timeout: long enough for a loaded machine to see it
    long spec = h.assertValue("<daemon dstopping {argv: \"trap '' TERM; echo up; while true; do sleep 0.05; done\" stopTimeout: 3.0}>");
    run("dstopping");
    h.await("up", () -> !h.lines("dstopping", "stdout").isEmpty());
    int pid = h.pid("dstopping");
    h.retract(spec);
    h.await("stopping", () -> h.status("dstopping") != null && h.status("dstopping").get("state").equals(v("stopping")));
    assertThat(h.pid("dstopping")).isEqualTo(pid);
    h.await("gone", 30, () -> h.statuses("dstopping").isEmpty());
    assertThat(alive(pid)).isFalse();
  }

  @Test
  void aChildIgnoringTheStopSignalIsKilledAtTheTimeout() {
    // a stop timeout well above the 300 ms pause below, which a loaded machine may stretch
    long spec = h.assertValue("<daemon dterm {argv: \"trap '' TERM; echo up; while true; do sleep 0.05; done\" stopTimeout: 3.0}>");
    run("dterm");
    h.await("up", () -> !h.lines("dterm", "stdout").isEmpty());
    int pid = h.pid("dterm");
    long t0 = System.nanoTime();
    h.retract(spec);
    sleep(300);
    assertThat(alive(pid)).as("still alive before the stop timeout").isTrue();
    h.await("killed", 30, () -> !alive(pid));
    assertThat((System.nanoTime() - t0) / 1e9).as("not killed before the stop timeout").isGreaterThan(2.9);
  }

  @Test
  void aGrandchildLeftBehindIsGoneAfterTheStop(@TempDir Path tmp) throws Exception {
    Path pidFile = tmp.resolve("gc.pid");
    long spec = h.assertValue("<daemon dgc {argv: \"sleep 1000 & echo $! > " + pidFile + "; sleep 1000\"}>");
    run("dgc");
    h.await("grandchild", () -> Files.exists(pidFile) && readPid(pidFile) > 0);
    int gc = readPid(pidFile);
    int pid = h.pid("dgc");
    assertThat(alive(gc)).isTrue();
    h.retract(spec);
    h.await("child and grandchild gone", 8, () -> !alive(pid) && !alive(gc));
  }

  @Test
  void aChildThatForksAGrandchildAndExitsLeavesNothing(@TempDir Path tmp) throws Exception {
    Path pidFile = tmp.resolve("gc.pid");
    h.assertValue("<daemon dfork {argv: \"sleep 1000 > /dev/null 2>&1 & echo $! > " + pidFile + "; exit 0\" restart: never}>");
    run("dfork");
    h.await("grandchild", () -> Files.exists(pidFile) && readPid(pidFile) > 0);
    int gc = readPid(pidFile);
    h.awaitLive("<service-state <daemon dfork> complete>");
    h.await("grandchild gone", 8, () -> !alive(gc));
  }

  private static int readPid(Path p) {
    try {
      String s = Files.readString(p).trim();
      return s.isEmpty() ? -1 : Integer.parseInt(s);
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void retractingASpecMidStartStopsIt() {
    long spec = h.assertValue("<daemon dmid {argv: \"sleep 1000\" readyOnNotify: 3}>");
    run("dmid");
    h.await("spawned", () -> h.pid("dmid") > 0);
    int pid = h.pid("dmid");
    h.retract(spec);
    h.await("gone", 8, () -> !alive(pid));
    h.awaitLive("<service-state <daemon dmid> ready>");
  }

  @Test
  void retractingBeforeTheFirstSpawnSpawnsNothingLasting() {
    long spec = h.assertValue("<daemon dquick \"sleep 1000\">");
    run("dquick");
    h.retract(spec);
    h.awaitLive("<service-state <daemon dquick> ready>");
    // a process spawned before the retraction was seen is stopped: wait for it to go (its stop
    // and reaping take their time on a loaded machine), then nothing is left of it
    h.await("dquick's statuses gone", () -> h.statuses("dquick").isEmpty());
    // the driver may still be reaping the process of the retracted spec
    h.await("at most one live child of the shared driver", () -> driver.liveChildren() <= 1);
  }

  @Test
  void restartServiceRespawnsWithANewPid() {
    h.assertValue("<daemon d60 \"sleep 1000\">");
    run("d60");
    h.await("pid", () -> h.pid("d60") > 0);
    int pid = h.pid("d60");
    h.send("<restart-service <daemon d60>>");
    h.await("new pid", () -> h.pid("d60") > 0 && h.pid("d60") != pid);
    h.await("old gone", () -> !alive(pid));
  }

  @Test
  void compoundIdsMatchExactly() {
    h.assertValue("<daemon <web 1> \"sleep 1000\">");
    h.assertValue("<daemon <web 1 extra> \"sleep 999\">");
    h.assertValue("<run-service <daemon <web 1>>>");
    h.awaitLive("<service-state <daemon <web 1>> ready>");
    h.await("one process", () -> h.statuses("<web 1>").size() == 1);
    sleep(200);
    assertThat(h.statuses("<web 1>")).hasSize(1);
    assertThat(h.matching(x -> x.isRecord("process-status", 3)
        && ((org.syndicate.preserves.RecordValue) x).field(1).equals(StringValue.of("sleep 999")))).isEmpty();
  }

  @Test
  void processesAreAddedAndRemovedLive() {
    run("dlive");
    h.awaitLive("<service-state <daemon dlive> ready>");
    long a = h.assertValue("<daemon dlive \"sleep 1000\">");
    h.await("one", () -> h.statuses("dlive").size() == 1);
    long b = h.assertValue("<daemon dlive \"sleep 999\">");
    h.await("two", () -> h.statuses("dlive").size() == 2);
    h.retract(a);
    h.await("one again", () -> h.statuses("dlive").size() == 1);
    h.retract(b);
    h.await("none", () -> h.statuses("dlive").isEmpty());
  }
}
