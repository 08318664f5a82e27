package org.syndicate.server.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.server.Probe;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;

/** Reference note §10 rows 58–59 against the real server's {@code $config}. */
class ServerDependenciesTest {
  private Server.Refs refs;
  private Probe probe;
  private Probe.Recorder running;
  private Probe.Recorder required;

  @BeforeEach
  void start() throws Exception {
    refs = Server.start(ServerOptions.none(), (n, r, w) -> null).refs().get();
    probe = new Probe("deps-test");
    running = new Probe.Recorder();
    required = new Probe.Recorder();
    var runRef = probe.recorder(running);
    var reqRef = probe.recorder(required);
    probe.run(
        t -> {
          t.publish(refs.config(), new org.syndicate.dataspace.Observe(Patterns.rec("run-service", Patterns.bind()), runRef).toValue());
          t.publish(refs.config(), new org.syndicate.dataspace.Observe(Patterns.rec("require-service", Patterns.bind()), reqRef).toValue());
        });
  }

  private static Value v(String s) {
    return TextReader.parse(s);
  }

  private static List<Value> names(Probe.Recorder r) {
    return r.liveValues().stream().map(x -> ((Sequence) x).get(0)).toList();
  }

  private long publish(String text) {
    return probe.call(t -> t.publish(refs.config(), v(text)));
  }

  @Test
  void unknownServiceRunsAndTheServerStaysHealthy() {
    publish("<require-service <no-such-service 1>>");
    Probe.await("run-service", () -> names(running).contains(v("<no-such-service 1>")));
    // still healthy: a later requirement is served as well
    publish("<require-service <no-such-service 2>>");
    Probe.await("second run-service", () -> names(running).contains(v("<no-such-service 2>")));
    assertThat(refs.actor().isAlive()).isTrue();
  }

  @Test
  void dependentRunsOnlyWhileTheDependeeIsReady() {
    publish("<depends-on A <service-state B ready>>");
    publish("<require-service A>");
    Probe.await("B auto-required", () -> names(required).contains(v("B")));
    Probe.await("run-service B", () -> names(running).contains(v("B")));
    assertThat(names(running)).doesNotContain(v("A"));
    long ready = publish("<service-state B ready>");
    Probe.await("run-service A", () -> names(running).contains(v("A")));
    probe.run(t -> t.retract(ready));
    Probe.await("run-service A withdrawn", () -> !names(running).contains(v("A")));
  }

  /**
   * A daemon whose process reaches its restartLimit is {@code failed}, no longer {@code started}
   * (nor ready): a dependant on its {@code started} state is stopped, and stays stopped.
   */
  @Test
  void aDaemonPastItsRestartLimitIsFailedAndItsDependantsStop(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
      throws Exception {
    java.nio.file.Path crash = tmp.resolve("crash-now");
    Probe.Recorder states = new Probe.Recorder();
    var statesRef = probe.recorder(states);
    probe.run(t -> t.publish(refs.config(), new org.syndicate.dataspace.Observe(
        Patterns.rec("service-state", Patterns.lift(v("<daemon deps-crashy>")), Patterns.bind()), statesRef).toValue()));
    // it exits 1 once the test says so (no race with the dependant's start)
    long crashing = publish("<daemon deps-crashy {argv: \"while [ ! -e " + crash + " ]; do sleep 0.05; done; exit 1\""
        + " restartLimit: {count: 0 period: 60.0}}>");
    publish("<depends-on deps-A <service-state <daemon deps-crashy> started>>");
    publish("<require-service deps-A>");
    Probe.await("run-service deps-A", () -> names(running).contains(v("deps-A")));
    java.nio.file.Files.createFile(crash);
    Probe.await("deps-crashy failed", () -> names(states).contains(v("failed")));
    // failed replaces started: asserted first, the old state retracted after it, so waited for
    Probe.await("failed replaces started", () -> !names(states).contains(v("started")));
    Probe.await("deps-crashy not ready", () -> !names(states).contains(v("ready")));
    Probe.await("run-service deps-A withdrawn", () -> !names(running).contains(v("deps-A")));
    // a fixed spec brings it back, and the dependant with it
    probe.run(t -> t.retract(crashing));
    long fixed = publish("<daemon deps-crashy \"sleep 1000\">");
    Probe.await("deps-crashy ready", () -> names(states).containsAll(List.of(v("started"), v("ready"))));
    Probe.await("run-service deps-A again", () -> names(running).contains(v("deps-A")));
    probe.run(t -> t.retract(fixed)); // the sleep goes (the server is not stopped between tests)
  }

  @Test
  void oneRunServicePerNameWhateverTheNumberOfRequirements() {
    publish("<require-service C>");
    publish("<require-service C>");
    Probe.await("run-service C", () -> names(running).contains(v("C")));
    assertThat(names(running).stream().filter(x -> x.equals(v("C")))).hasSize(1);
  }
}
