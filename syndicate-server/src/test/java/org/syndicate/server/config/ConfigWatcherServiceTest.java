package org.syndicate.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.server.services.ServiceRecords;
import org.syndicate.server.services.ServiceRegistry;
import org.syndicate.supervise.SupervisorConfig;

/**
 * {@code <config-watcher PATH ENV>} run by the real service registry and supervisor (reference
 * note syndicate-server.md §6, §10 row 57): states, ready after the initial scan, failure on a
 * missing path until it exists, restart-service, and retraction of run-service.
 */
class ConfigWatcherServiceTest {
  @TempDir Path tmp;
  WatcherHarness h;

  @BeforeEach
  void setUp() {
    h = new WatcherHarness();
    // short pauses keep the test quick; the restart rules are the supervisor's own
    SupervisorConfig fast = SupervisorConfig.defaults().withPauses(Duration.ofMillis(50), Duration.ofMillis(300));
    h.inServer(t -> new ServiceRegistry(h.config).register(t, ConfigWatcherService.registration(ConfigWatcher.Options.DEFAULT, fast)));
  }

  @AfterEach
  void tearDown() {
    h.close();
  }

  private Value name(Path path) {
    return RecordValue.of(Symbol.of("config-watcher"), StringValue.of(path.toString()), h.env());
  }

  private Value state(Value name, String state) {
    return ServiceRecords.serviceState(name, Symbol.of(state));
  }

  @Test
  void readyAfterTheInitialScan() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("c"));
    Files.writeString(dir.resolve("a.pr"), "<a>");
    Value name = name(dir);
    h.assertValue(ServiceRecords.runService(name));
    h.await("ready", () -> h.has(state(name, "ready")));
    assertThat(h.has(state(name, "started"))).isTrue();
    assertThat(h.has("<a>")).isTrue();
    // <a> arrived no later than ready
    var log = h.drain();
    assertThat(log.indexOf("+<a>")).isBetween(0, log.indexOf("+" + state(name, "ready")));
  }

  @Test
  void missingPathFailsUntilItExists() throws Exception {
    Path dir = tmp.resolve("later");
    Value name = name(dir);
    h.assertValue(ServiceRecords.runService(name));
    h.await("failed", () -> h.has(state(name, "failed")));
    Files.createDirectory(dir);
    Files.writeString(dir.resolve("a.pr"), "<a>");
    h.await("ready", () -> h.has(state(name, "ready")) && h.has("<a>"));
  }

  @Test
  void restartServiceReloadsAndRetractingRunServiceUnloads() throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("c"));
    Files.writeString(dir.resolve("a.pr"), "<a>");
    Value name = name(dir);
    long run = h.assertValue(ServiceRecords.runService(name));
    h.await("ready", () -> h.has(state(name, "ready")));
    h.drain();
    h.message(ServiceRecords.restartService(name));
    String ready = state(name, "ready").toString();
    String complete = state(name, "complete").toString();
    // the run stops normally (complete, ready and <a> go), then the supervisor starts it again
    h.await(
        "stopped and ready again",
        () -> {
          var log = h.events();
          int gone = log.indexOf("-" + ready);
          return gone >= 0
              && log.contains("+" + complete)
              && log.indexOf("-<a>") >= 0
              && log.lastIndexOf("+<a>") > log.indexOf("-<a>")
              && log.lastIndexOf("+" + ready) > gone;
        });
    h.retract(run);
    h.await("everything retracted", () -> !h.has("<a>") && h.live().isEmpty());
  }
}
