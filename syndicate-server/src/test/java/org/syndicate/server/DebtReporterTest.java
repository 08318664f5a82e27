package org.syndicate.server;

import static org.syndicate.server.Probe.await;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.server.transport.RelayEngine;

/** {@code --debt-reporter} (reference note §8.3; B19 fixed: a zero interval fails the run). */
class DebtReporterTest {
  @Test
  void flagMakesAReadyServiceAndAZeroIntervalFails() throws Exception {
    ServerOptions o = new ServerOptions(List.of(), "127.0.0.1", List.of(), List.of(), false, true, false, null);
    Server.Refs refs = Server.start(o, RelayEngine.INSTANCE).refs().get(30, TimeUnit.SECONDS);
    Probe p = new Probe("debt-test");
    List<Value> states = new CopyOnWriteArrayList<>();
    p.run(
        t ->
            During.observe(
                t,
                refs.config(),
                Patterns.rec("service-state", Patterns.bind(), Patterns.bind()),
                (mt, c) -> states.add(RecordValue.of("s", c.get(0), c.get(1)))));
    await("ready", () -> states.contains(TextReader.parse("<s <debt-reporter 1.0> ready>")));
    p.run(t -> t.publish(refs.config(), TextReader.parse("<run-service <debt-reporter 0.0>>")));
    Thread.sleep(300);
    org.assertj.core.api.Assertions.assertThat(states).doesNotContain(TextReader.parse("<s <debt-reporter 0.0> ready>"));
    org.assertj.core.api.Assertions.assertThat(refs.actor().isAlive()).isTrue();
  }
}
