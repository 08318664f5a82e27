package org.syndicate.process.daemon;

import java.time.Duration;
import java.util.Objects;
import org.syndicate.supervise.SupervisorConfig;

/**
 * Service-wide parameters of the daemon service; per-process ones are in the spec ({@link
 * DaemonSpec}).
 *
 * @param supervision the supervisor of each {@code <daemon ID>} service (default {@link
 *     SupervisorConfig#daemonDefaults()}: on-error-only, 200 ms / 10 s, restart-service rebuilds;
 *     reference note §7.5, §6)
 * @param normalRestartDelay wait before respawning after a normal exit under {@code always}
 *     (reference §7.4: 200 ms)
 * @param errorRestartDelay first wait before respawning after an abnormal exit or a spawn failure
 *     (reference §7.4: 1 s); it doubles with each consecutive failure up to the spec's {@code
 *     restartMaxDelay}
 * @param backoffResetAfter a run at least this long forgets earlier failures, so the next delay
 *     is the first one again (10 s)
 * @param logHighWater output lines waiting to be sent to {@code $log} at which reading the
 *     child's pipes pauses (the child then blocks on a full pipe) until {@code $log} has caught up
 *     (4096)
 * @param logHighWaterBytes the same threshold in bytes of waiting lines (1 MiB), so that long
 *     lines cannot hold much memory either
 */
public record DaemonOptions(
    SupervisorConfig supervision,
    Duration normalRestartDelay,
    Duration errorRestartDelay,
    Duration backoffResetAfter,
    int logHighWater,
    int logHighWaterBytes) {

  /** Checks the values. */
  public DaemonOptions {
    Objects.requireNonNull(supervision, "supervision");
    if (normalRestartDelay.isNegative() || errorRestartDelay.isNegative()) {
      throw new IllegalArgumentException("negative restart delay");
    }
    if (backoffResetAfter.isNegative() || backoffResetAfter.isZero()) {
      throw new IllegalArgumentException("backoffResetAfter must be positive");
    }
    if (logHighWater < 1) throw new IllegalArgumentException("logHighWater must be >= 1");
    if (logHighWaterBytes < 1) throw new IllegalArgumentException("logHighWaterBytes must be >= 1");
  }

  /** @return the defaults listed on the record. */
  public static DaemonOptions defaults() {
    return new DaemonOptions(
        SupervisorConfig.daemonDefaults(), Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10), 4096, 1 << 20);
  }

  /**
   * @param s the supervisor parameters
   * @return a copy with them
   */
  public DaemonOptions withSupervision(SupervisorConfig s) {
    return new DaemonOptions(s, normalRestartDelay, errorRestartDelay, backoffResetAfter, logHighWater, logHighWaterBytes);
  }

  /**
   * @param normal wait after a normal exit
   * @param error first wait after a failure
   * @return a copy with them
   */
  public DaemonOptions withRestartDelays(Duration normal, Duration error) {
    return new DaemonOptions(supervision, normal, error, backoffResetAfter, logHighWater, logHighWaterBytes);
  }

  /**
   * @param resetAfter how long a run must last to forget earlier failures
   * @return a copy with it
   */
  public DaemonOptions withBackoffResetAfter(Duration resetAfter) {
    return new DaemonOptions(supervision, normalRestartDelay, errorRestartDelay, resetAfter, logHighWater, logHighWaterBytes);
  }

  /**
   * @param lines the pause threshold for output lines
   * @param bytes the pause threshold in bytes
   * @return a copy with it
   */
  public DaemonOptions withLogHighWater(int lines, int bytes) {
    return new DaemonOptions(supervision, normalRestartDelay, errorRestartDelay, backoffResetAfter, lines, bytes);
  }
}
