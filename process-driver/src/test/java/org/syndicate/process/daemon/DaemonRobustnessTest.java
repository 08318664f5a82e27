package org.syndicate.process.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.process.daemon.DaemonHarness.sleep;
import static org.syndicate.process.daemon.DaemonHarness.v;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;

/**
 * Beyond the reference (issue 8 "Beyond the reference"): growing restart delays with low CPU in a
 * crash loop, the restart limit, a 100 MB output flood, long lines, and the Syndicate protocols on
 * stdio.
 */
class DaemonRobustnessTest extends DaemonDriverTest {

  private static DaemonOptions fast() {
    return DaemonOptions.defaults().withRestartDelays(Duration.ofMillis(50), Duration.ofMillis(50));
  }

  @Test
  void aCrashLoopBacksOffAndCostsLittleCpu() {
    try (DaemonHarness h = new DaemonHarness(driver, fast())) {
      h.assertValue("<daemon loop {argv: \"exit 3\" restartMaxDelay: 0.8}>");
      List<Long> restartTimes = new ArrayList<>();
      var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
      long cpu0 = os.getProcessCpuTime();
      long t0 = System.nanoTime(); // before the first spawn
      h.assertValue("<run-service <daemon loop>>");
      long seen = 0;
      // Six restarts wait 50 + 100 + 200 + 400 + 800 + 800 = 2350 ms at the least (each delay
      // starts after an exit, so a slow machine only adds to it); without the back-off they would
      // take 6 × 50 ms. Only lower bounds on time are checked: a loaded machine cannot break them.
      long deadline = t0 + Duration.ofSeconds(60).toNanos();
      while (seen < 6) {
        if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for six restarts; saw " + seen);
        long r = h.restarts("loop");
        if (r > seen) {
          seen = r;
          restartTimes.add(System.nanoTime());
        }
        sleep(5);
      }
      double window = (System.nanoTime() - t0) / 1e9;
      double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
      List<Long> gaps = new ArrayList<>();
      for (int i = 1; i < restartTimes.size(); i++) gaps.add((restartTimes.get(i) - restartTimes.get(i - 1)) / 1_000_000);
      System.out.printf("crash loop: %d restarts in %.1f s, JVM CPU %.2f s, gaps between restarts seen (ms) %s%n", seen, window, cpu, gaps);
      assertThat(window).as("six restarts with growing delays take 2.35 s at least").isGreaterThanOrEqualTo(2.35);
      assertThat(cpu / window).as("JVM CPU share during the crash loop").isLessThan(0.5);
      h.await("lastExit <exited 3>", () -> {
        List<Dictionary> st = h.statuses("loop");
        return !st.isEmpty() && st.stream().allMatch(d -> v("<exited 3>").equals(d.get("lastExit")));
      });
    }
  }

  @Test
  void theRestartLimitLeavesTheProcessFailedUntilRestartService() {
    try (DaemonHarness h = new DaemonHarness(driver, fast())) {
      h.assertValue("<daemon lim {argv: \"exit 1\" restartLimit: {count: 2 period: 60.0}}>");
      h.assertValue("<run-service <daemon lim>>");
      h.await("failed", () -> h.status("lim") != null && h.status("lim").get("state").equals(v("failed")));
      assertThat(h.restarts("lim")).isEqualTo(2);
      h.awaitLive("<service-problem <daemon lim> <restart-limit 2 60.0>>");
      // the service is failed too (was: started, with the problem beside it)
      h.awaitLive("<service-state <daemon lim> failed>");
      // a state change asserts the new state, then retracts the old: waited for, not read at once
      h.awaitGone("<service-state <daemon lim> started>");
      h.awaitGone("<service-state <daemon lim> ready>");
      sleep(300);
      assertThat(h.restarts("lim")).isEqualTo(2);
      assertThat(h.isLive("<service-state <daemon lim> failed>")).as("stays failed").isTrue();
      h.send("<restart-service <daemon lim>>");
      h.await("started again", () -> h.history().contains("+<service-state <daemon lim> started>")
          && h.history().lastIndexOf("+<service-state <daemon lim> started>")
              > h.history().indexOf("+<service-state <daemon lim> failed>"));
      h.await("fails again", () -> h.history().stream().filter(e -> e.equals("+<service-state <daemon lim> failed>")).count() == 2);
      h.awaitLive("<service-state <daemon lim> failed>");
      h.awaitLive("<service-problem <daemon lim> <restart-limit 2 60.0>>");
    }
  }

  @Test
  void aFailedDaemonRecoversWhenItsSpecChanges() {
    try (DaemonHarness h = new DaemonHarness(driver, fast())) {
      long bad = h.assertValue("<daemon limspec {argv: \"exit 1\" restartLimit: {count: 1 period: 60.0}}>");
      h.assertValue("<run-service <daemon limspec>>");
      h.awaitLive("<service-state <daemon limspec> failed>");
      // an edit of the config: the old spec goes, a new one comes
      h.retract(bad);
      h.assertValue("<daemon limspec {argv: \"sleep 1000\" restartLimit: {count: 1 period: 60.0}}>");
      h.awaitLive("<service-state <daemon limspec> started>");
      h.awaitLive("<service-state <daemon limspec> ready>");
      h.await("problem gone", () -> h.matching(x -> x.isRecord("service-problem", 2)).isEmpty());
      h.awaitGone("<service-state <daemon limspec> failed>"); // replaced by started: retracted after it
    }
  }

  @Test
  void aFailedProcessHoldsTheServiceFailedWhileItsSiblingRuns() {
    try (DaemonHarness h = new DaemonHarness(driver, fast())) {
      h.assertValue("<daemon limsib {argv: \"exit 1\" restartLimit: {count: 0 period: 60.0}}>");
      h.assertValue("<daemon limsib \"sleep 1000\">");
      h.assertValue("<run-service <daemon limsib>>");
      h.awaitLive("<service-state <daemon limsib> failed>");
      h.await("the sibling runs", () -> h.statuses("limsib").stream().anyMatch(d -> d.get("state").equals(v("running"))));
      sleep(200);
      assertThat(h.isLive("<service-state <daemon limsib> failed>")).isTrue();
      assertThat(h.isLive("<service-state <daemon limsib> ready>")).isFalse();
    }
  }

  @Test
  void readyTogglesInAnAlwaysLoop() {
    try (DaemonHarness h = new DaemonHarness(driver, fast())) {
      h.assertValue("<daemon tog {argv: \"sleep 0.2\" restart: always}>");
      h.assertValue("<run-service <daemon tog>>");
      h.await("three restarts", () -> h.restarts("tog") >= 3);
      long ups = h.history().stream().filter(e -> e.equals("+<service-state <daemon tog> ready>")).count();
      long downs = h.history().stream().filter(e -> e.equals("-<service-state <daemon tog> ready>")).count();
      assertThat(ups).isGreaterThanOrEqualTo(3);
      assertThat(downs).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aHundredMegabyteFloodIsLoggedCompletely() {
    try (DaemonHarness h = new DaemonHarness(driver, DaemonOptions.defaults())) {
      h.countLogsOnly = true;
      h.assertValue("<daemon flood {argv: \"head -c 100000000 /dev/zero | tr '\\\\0' x | fold -w 999\" restart: never}>");
      h.assertValue("<run-service <daemon flood>>");
      h.await("complete", 120, () -> h.isLive("<service-state <daemon flood> complete>"));
      h.await("all lines", 30, () -> h.logBytes.get() == 100_000_000L + 100_000_000L / 999);
      assertThat(h.logCount.get()).isEqualTo(100_000_000L / 999 + 1);
    }
  }

  @Test
  void longLinesAreSplitAtTheLimit() {
    try (DaemonHarness h = new DaemonHarness(driver, DaemonOptions.defaults())) {
      h.assertValue("<daemon long {argv: \"head -c 200000 /dev/zero | tr '\\\\0' y\" restart: never}>");
      h.assertValue("<run-service <daemon long>>");
      h.await("all bytes", () -> h.logBytes.get() == 200_000);
      List<Value> pieces = h.lines("long", "stdout");
      assertThat(pieces).hasSizeGreaterThan(1);
      for (Value p : pieces) assertThat(((StringValue) p).value().length()).isLessThanOrEqualTo(64 * 1024);
    }
  }

  @Test
  void aTextSyndicateChildGetsAssertionsMadeToItsServiceObject(@TempDir Path tmp) throws Exception {
    Path out = tmp.resolve("stdin.txt");
    try (DaemonHarness h = new DaemonHarness(driver, DaemonOptions.defaults())) {
      h.assertValue("<daemon rel {argv: \"echo hello-from-stderr >&2; cat > " + out + "\" protocol: text/syndicate}>");
      h.assertValue("<run-service <daemon rel>>");
      h.await("service object", () -> serviceObject(h, "<daemon rel>") != null);
      org.syndicate.actor.Ref obj = serviceObject(h, "<daemon rel>");
      h.inMain(t -> t.publish(obj, v("<greeting \"hi\">")));
      h.await("packet on the child's stdin", () -> {
        try {
          return Files.exists(out) && Files.readString(out).contains("<greeting \"hi\">");
        } catch (java.io.IOException e) {
          return false;
        }
      });
      h.await("stderr logged", () -> h.lines("rel", "stderr").contains(StringValue.of("hello-from-stderr\n")));
      assertThat(h.isLive("<service-state <daemon rel> ready>")).isTrue();
    }
  }

  @Test
  void aSyndicateChildCanAssertItsOwnReadiness(@TempDir Path tmp) throws Exception {
    // The child waits for the capability we hand it, then asserts its own readiness through it
    // (reference §7.4: readiness by self-assertion; supervision.md S9).
    Path script = tmp.resolve("child.sh");
    Files.writeString(script, String.join("\n",
        "read line",
        "oid=$(printf '%s' \"$line\" | sed -n 's/.*#:\\[0 \\([0-9]*\\)\\].*/\\1/p')",
        "echo \"got $line -> $oid\" >&2",
        "echo \"[[$oid <A <service-state <daemon self> ready> 1>]]\"",
        "exec sleep 1000",
        ""));
    try (DaemonHarness h = new DaemonHarness(driver, DaemonOptions.defaults())) {
      h.assertValue("<daemon self {argv: [\"sh\" \"" + script + "\"] protocol: text/syndicate readyOnStart: #f}>");
      h.assertValue("<run-service <daemon self>>");
      h.await("service object", () -> serviceObject(h, "<daemon self>") != null);
      sleep(200);
      assertThat(h.isLive("<service-state <daemon self> ready>")).as("not ready before the child says so").isFalse();
      org.syndicate.actor.Ref obj = serviceObject(h, "<daemon self>");
      h.inMain(t -> t.publish(obj, RecordValue.of("config", Embedded.of(h.config))));
      h.awaitLive("<service-state <daemon self> ready>");
      // the child asserted ready itself; the daemon's status follows when the daemon sees it
      h.await("status running", () -> h.status("self") != null && h.status("self").get("state").equals(v("running")));
    }
  }

  private static org.syndicate.actor.Ref serviceObject(DaemonHarness h, String name) {
    for (Value x : h.liveValues()) {
      if (x.isRecord("service-object", 2) && ((RecordValue) x).field(0).equals(v(name))
          && ((RecordValue) x).field(1) instanceof Embedded e && e.payload() instanceof org.syndicate.actor.Ref r) {
        return r;
      }
    }
    return null;
  }

}
