package org.syndicate.supervise;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The restart arithmetic alone (reference note §7.5; SupervisorConfig options). */
class RestartScheduleTest {
  private static final long MS = 1_000_000L;

  private static Duration restartDelay(RestartSchedule.Decision d) {
    assertThat(d).isInstanceOf(RestartSchedule.Decision.Restart.class);
    return ((RestartSchedule.Decision.Restart) d).delay();
  }

  @Test
  void persistentFailureAlternates200msAnd10s() {
    RestartSchedule s = new RestartSchedule(SupervisorConfig.defaults());
    long now = 0;
    for (int i = 0; i < 10; i++) {
      Duration d = restartDelay(s.onExit(now, false, now, false));
      assertThat(d).isEqualTo(i % 2 == 0 ? Duration.ofMillis(200) : Duration.ofSeconds(10));
      now += d.toNanos();
    }
  }

  @Test
  void anEntryExactlyOnePeriodOldStillCounts() {
    RestartSchedule s = new RestartSchedule(SupervisorConfig.defaults());
    assertThat(restartDelay(s.onExit(0, false, 0, false))).isEqualTo(Duration.ofMillis(200));
    assertThat(restartDelay(s.onExit(5000 * MS, false, 0, false))).isEqualTo(Duration.ofSeconds(10));
    RestartSchedule s2 = new RestartSchedule(SupervisorConfig.defaults());
    s2.onExit(0, false, 0, false);
    assertThat(restartDelay(s2.onExit(5001 * MS, false, 0, false))).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void onErrorOnlyCompletesOnNormalExitUnlessRequested() {
    RestartSchedule s = new RestartSchedule(SupervisorConfig.defaults().withPolicy(SupervisorPolicy.ON_ERROR_ONLY));
    assertThat(s.onExit(0, true, 0, false)).isInstanceOf(RestartSchedule.Decision.Complete.class);
    assertThat(s.restarts()).isZero();
    assertThat(s.onExit(0, true, 0, true)).isInstanceOf(RestartSchedule.Decision.Restart.class);
    assertThat(s.onExit(0, false, 0, false)).isInstanceOf(RestartSchedule.Decision.Restart.class);
  }

  @Test
  void limitCountsRestartsInItsWindow() {
    RestartSchedule s =
        new RestartSchedule(SupervisorConfig.defaults().withRestartLimit(new RestartLimit(3, Duration.ofSeconds(10))));
    for (int i = 0; i < 3; i++) restartDelay(s.onExit(i * 1000 * MS, false, 0, false));
    assertThat(s.onExit(3000 * MS, false, 0, false)).isEqualTo(new RestartSchedule.Decision.GiveUp(new RestartLimit(3, Duration.ofSeconds(10))));
    RestartSchedule slow =
        new RestartSchedule(SupervisorConfig.defaults().withRestartLimit(new RestartLimit(3, Duration.ofSeconds(10))));
    for (int i = 0; i < 20; i++) restartDelay(slow.onExit(i * 4000 * MS, false, 0, false));
  }

  @Test
  void zeroLimitGivesUpAtOnce() {
    RestartSchedule s =
        new RestartSchedule(SupervisorConfig.defaults().withRestartLimit(new RestartLimit(0, Duration.ofSeconds(1))));
    assertThat(s.onExit(0, false, 0, false)).isInstanceOf(RestartSchedule.Decision.GiveUp.class);
  }

  /** Seeded random exit histories: the backoff delay always lies in [pause, cap]. */
  @Test
  void backoffStaysWithinPauseAndCap() {
    long seed = System.nanoTime();
    System.out.println("RestartScheduleTest.backoffStaysWithinPauseAndCap seed=" + seed);
    Random r = new Random(seed);
    for (int run = 0; run < 200; run++) {
      Duration pause = Duration.ofMillis(1 + r.nextInt(1000));
      Duration cap = pause.plusMillis(r.nextInt(60_000));
      SupervisorConfig c = SupervisorConfig.defaults().withPauses(pause, Duration.ofSeconds(10)).withBackoff(cap, Duration.ofSeconds(5));
      RestartSchedule s = new RestartSchedule(c);
      long now = 0;
      Duration prev = Duration.ZERO;
      for (int i = 0; i < 100; i++) {
        long up = r.nextInt(3) == 0 ? 6000 * MS : r.nextInt(100) * MS;
        long startedAt = now;
        now += up;
        Duration d = restartDelay(s.onExit(now, r.nextBoolean(), startedAt, false));
        assertThat(d).as("seed %d", seed).isBetween(pause, cap);
        if (up < 5000 * MS && i > 0) assertThat(d).as("seed %d: never shrinks while crash-looping", seed).isGreaterThanOrEqualTo(prev);
        if (up >= 5000 * MS) assertThat(d).as("seed %d: resets after staying up", seed).isEqualTo(pause);
        prev = d;
        now += d.toNanos();
      }
    }
  }

  @Test
  void backoffDelayArithmeticDoesNotOverflow() {
    assertThat(RestartSchedule.backoffDelay(Duration.ofMillis(200), Duration.ofSeconds(30), 100)).isEqualTo(Duration.ofSeconds(30));
    assertThat(RestartSchedule.backoffDelay(Duration.ofMillis(200), Duration.ofSeconds(30), 3)).isEqualTo(Duration.ofMillis(1600));
    assertThat(RestartSchedule.backoffDelay(Duration.ZERO, Duration.ofSeconds(30), 3)).isEqualTo(Duration.ZERO);
  }

  /** The reference's per-process daemon rule (§7.4): 200 ms after exit 0, 1 s after a failure, forever. */
  @Test
  void errorPauseGivesTheDaemonProcessRule() {
    RestartSchedule s =
        new RestartSchedule(
            SupervisorConfig.defaults()
                .withIntensity(Integer.MAX_VALUE, Duration.ofSeconds(5))
                .withErrorPause(Duration.ofSeconds(1)));
    for (int i = 0; i < 50; i++) {
      assertThat(restartDelay(s.onExit(i * MS, true, 0, false))).isEqualTo(Duration.ofMillis(200));
      assertThat(restartDelay(s.onExit(i * MS, false, 0, false))).isEqualTo(Duration.ofSeconds(1));
    }
    RestartSchedule b =
        new RestartSchedule(
            SupervisorConfig.defaults().withErrorPause(Duration.ofSeconds(1)).withBackoff(Duration.ofSeconds(30), Duration.ofSeconds(10)));
    assertThat(restartDelay(b.onExit(0, false, 0, false))).isEqualTo(Duration.ofSeconds(1));
    assertThat(restartDelay(b.onExit(0, false, 0, false))).isEqualTo(Duration.ofSeconds(2));
    assertThat(restartDelay(b.onExit(0, false, 0, false))).isEqualTo(Duration.ofSeconds(4));
  }

  @Test
  void resetForgetsHistory() {
    RestartSchedule s = new RestartSchedule(SupervisorConfig.defaults());
    s.onExit(0, false, 0, false);
    s.reset();
    assertThat(restartDelay(s.onExit(1, false, 0, false))).isEqualTo(Duration.ofMillis(200));
  }
}
