package org.syndicate.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.syndicate.server.Probe.await;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.relay.Relay;
import org.syndicate.server.transport.RelayEngine;
import org.syndicate.server.transport.RelaySession;
import org.syndicate.server.transport.Wire;

/** The debt reporter's lines show a connection's real flow-control debt (reference note §8.3, §2.9). */
class DebtReporterAccountsTest {
  @Test
  void aConnectionsLineShowsTheEventsItHasQueued() {
    CompletableFuture<Void> gate = new CompletableFuture<>();
    CompletableFuture<Ref> target = new CompletableFuture<>();
    Actor stuck = Actor.boot("stuck", t -> {
      t.preventInertCheck();
      target.complete(t.ref(new Entity() {}));
    });
    Ref ref = target.join();
    stuck.execute(t -> gate.join());
    String name = "debt-reporter-test " + System.nanoTime();
    RelaySession session =
        RelayEngine.INSTANCE.start(name, ref, new Wire() {
          @Override
          public void send(byte[] packet) {}

          @Override
          public void close(Throwable error) {}
        });
    Relay relay = RelayEngine.INSTANCE.liveRelays().stream()
        .filter(r -> r.options().name().equals(name)).findFirst().orElseThrow();
    try {
      byte[] three = "[[0 <M 1>]]\n[[0 <M 2>]]\n[[0 <M 3>]]\n".getBytes(StandardCharsets.UTF_8);
      session.streamInput(three, 0, three.length);
      // each packet's turn has run and repaid; its message waits at the stuck actor
      await("three messages queued", () -> stuck.pendingTurns() == 3);
      await("packets repaid", () -> relay.account().debt() == 3);
      assertThat(DebtReporter.describe(relay))
          .isEqualTo("account " + relay.account().id() + " " + name + " debt=3 held=0");
    } finally {
      gate.complete(null);
      session.inputClosed(null);
    }
    await("repaid", () -> relay.account().debt() == 0);
    assertThat(DebtReporter.describe(relay)).endsWith(" debt=0 held=0");
  }
}
