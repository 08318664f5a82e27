package org.syndicate.server;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Pattern;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A thin stand-in for the service registry (branch {@code services}): runs a handler for each
 * {@code <run-service NAME>} in {@code $config} whose NAME matches a pattern, publishing {@code
 * <service-state NAME started|ready|failed>} (reference note syndicate-server.md §6, Appendix A).
 * A handler that reports failure (or throws) is restarted after 200 ms, then 10 s, alternating, as
 * the reference's default supervisor (§7.5). Retracting the run-service stops the handler's facet.
 *
 * <p>When the shared registry lands, the relay-listener and gatekeeper services move to it and
 * this class goes.
 */
public final class ServiceRunner {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRunner.class);

  /** What a service does while it runs, in its own facet. */
  @FunctionalInterface
  public interface Handler {
    /**
     * Starts the service. The facet current in {@code t} is the service's: stopping it stops the
     * service.
     *
     * @param t the running turn
     * @param name the service name (the run-service's field)
     * @param control reports readiness and failure
     * @throws RuntimeException a failure, handled as {@link Control#failed}
     */
    void run(Turn t, Value name, Control control);
  }

  /** How a running service reports its state. */
  public interface Control {
    /**
     * The service is ready (replaces {@code started}).
     *
     * @param t a turn of the service's actor
     */
    void ready(Turn t);

    /**
     * The service failed: publishes {@code failed}, stops the service's facet and schedules a
     * restart.
     *
     * @param t a turn of the service's actor
     * @param reason why, for the log
     */
    void failed(Turn t, String reason);
  }

  private ServiceRunner() {}

  /**
   * Registers a handler in the current facet.
   *
   * @param t the running turn
   * @param config the {@code $config} dataspace
   * @param name a pattern for the service names handled (matched inside {@code <run-service …>})
   * @param handler the service
   */
  public static void register(Turn t, Ref config, Pattern name, Handler handler) {
    During.observe(
        t,
        config,
        Patterns.rec("run-service", Patterns.bind(name)),
        (st, captures) -> {
          Value serviceName = captures.get(0);
          Supervised s = new Supervised(config, serviceName, handler);
          s.start(st);
        });
  }

  private static final class Supervised {
    final Ref config;
    final Value name;
    final Handler handler;
    long stateHandle = -1;
    int failures;
    Facet running;

    Supervised(Ref config, Value name, Handler handler) {
      this.config = config;
      this.name = name;
      this.handler = handler;
    }

    void setState(Turn t, String state) {
      long old = stateHandle;
      stateHandle = t.publish(config, RecordValue.of("service-state", name, Symbol.of(state)));
      if (old != -1) t.retract(old);
    }

    void start(Turn t) {
      Facet owner = t.currentFacet();
      setState(t, "started");
      running =
          t.facet(
              ft -> {
                ft.preventInertCheck();
                Facet me = ft.currentFacet();
                Control control =
                    new Control() {
                      boolean done;

                      @Override
                      public void ready(Turn rt) {
                        if (done || !me.isAlive()) return;
                        rt.inFacet(owner, ot -> setState(ot, "ready"));
                      }

                      @Override
                      public void failed(Turn rt, String reason) {
                        if (done || !me.isAlive()) return;
                        done = true;
                        rt.inFacet(owner, ot -> fail(ot, me, reason));
                      }
                    };
                try {
                  handler.run(ft, name, control);
                } catch (RuntimeException ex) {
                  LOG.warn("service {} failed to start", name, ex);
                  control.failed(ft, String.valueOf(ex.getMessage()));
                }
              });
    }

    void fail(Turn t, Facet f, String reason) {
      LOG.warn("service {} failed: {}", name, reason);
      t.stop(f);
      setState(t, "failed");
      long delay = (failures++ % 2 == 0) ? 200 : 10_000;
      t.after(Duration.ofMillis(delay), this::start);
    }
  }
}
