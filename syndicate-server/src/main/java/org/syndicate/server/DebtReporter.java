package org.syndicate.server;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Account;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.RecordValue;
import org.syndicate.relay.Relay;
import org.syndicate.server.services.ServiceContext;
import org.syndicate.server.transport.RelayEngine;

/**
 * The {@code <debt-reporter SECONDS>} service ({@code --debt-reporter}; reference note
 * syndicate-server.md §8.3): ready at once, then every SECONDS (first report immediately) logs at
 * INFO one line per flow-control account (§2.9): the system account ({@link Account#system()}:
 * external, timer and task turns) and each live relay connection's ({@link Relay#account()}), as
 * {@code account ID NAME debt=N}, the connection's line followed by its held-back packets, table
 * sizes and packet counts. SECONDS must be a positive double: anything else fails the run (the
 * reference's B19 panics on {@code 0.0}).
 */
public final class DebtReporter {
  private static final Logger LOG = LoggerFactory.getLogger(DebtReporter.class);

  private DebtReporter() {}

  /**
   * One run, in the service's root facet.
   *
   * @param t the first turn
   * @param svc the service ({@code <debt-reporter SECONDS>})
   * @param relays whose connections to report
   * @throws IllegalArgumentException when SECONDS is not a positive, finite double
   */
  public static void run(Turn t, ServiceContext svc, RelayEngine relays) {
    if (!(svc.name() instanceof RecordValue r) || r.arity() < 1 || !(r.field(0) instanceof DoubleValue d)) {
      throw new IllegalArgumentException("debt-reporter: expected <debt-reporter SECONDS> with a double");
    }
    double seconds = d.value();
    if (!(seconds > 0) || Double.isInfinite(seconds)) {
      throw new IllegalArgumentException("debt-reporter: the interval must be a positive number of seconds: " + seconds);
    }
    Duration every = Duration.ofNanos((long) Math.max(1e6, seconds * 1e9));
    t.preventInertCheck();
    svc.ready(t);
    report(t, relays, every);
  }

  private static void report(Turn t, RelayEngine relays, Duration every) {
    LOG.info("{}", describe(Account.system()));
    for (Relay r : relays.liveRelays()) {
      String head = describe(r);
      r.stats()
          .thenAccept(
              s ->
                  LOG.info(
                      "{} exported={} imported={} handles in={} out={} buffered={}B packets in={} out={}",
                      head,
                      s.exported(),
                      s.imported(),
                      s.inboundHandles(),
                      s.outboundHandles(),
                      s.bufferedBytes(),
                      s.packetsIn(),
                      s.packetsOut()));
    }
    t.after(every, nt -> report(nt, relays, every));
  }

  /**
   * @param a an account
   * @return {@code account ID NAME debt=N}, its current state
   */
  static String describe(Account a) {
    return "account " + a.id() + " " + a.name() + " debt=" + a.debt();
  }

  /**
   * @param r a relay connection
   * @return its account as {@link #describe(Account)} does, then {@code held=N}: its packets held
   *     back by flow control
   */
  static String describe(Relay r) {
    return describe(r.account()) + " held=" + r.heldBackPackets();
  }
}
