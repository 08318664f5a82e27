package org.syndicate.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.process.ProcessDriver;
import org.syndicate.process.daemon.DaemonOptions;
import org.syndicate.process.daemon.DaemonService;
import org.syndicate.server.gatekeeper.Gatekeeper;
import org.syndicate.server.services.DependencyGraph;
import org.syndicate.server.services.DependencyTracker;
import org.syndicate.server.services.ServiceContext;
import org.syndicate.server.services.ServiceRegistration;
import org.syndicate.server.services.ServiceRegistry;
import org.syndicate.supervise.SupervisorConfig;
import org.syndicate.server.log.LogPrinter;
import org.syndicate.server.transport.HttpAttachment;
import org.syndicate.server.transport.HttpLimits;
import org.syndicate.server.transport.RelayListener;
import org.syndicate.server.transport.RelayStarter;
import org.syndicate.server.transport.StdioTransport;

/**
 * Start-up of the server (reference note syndicate-server.md §0, §1 "Startup order"): creates
 * {@code $config} and {@code $log}, the {@code --inferior} relay on stdin/stdout, the primordial
 * gatekeeper {@code $gatekeeper} (bindspace {@code $config}) with its bind handler, {@code
 * $control} when asked, then the dependency tracker and the service handlers (relay listeners
 * with their HTTP form, config watchers, {@code <gatekeeper …>}, {@code <http-router …>}, {@code
 * <http-static-files …>}, {@code <daemon …>}; {@link ServiceRegistry}), then
 * the {@code <run-service …>} assertions of the command line, and last the {@code $log} printer.
 */
public final class Server {
  private static final Logger LOG = LoggerFactory.getLogger(Server.class);

  /**
   * The objects made at start-up.
   *
   * @param actor the top-level actor
   * @param config {@code $config}
   * @param log {@code $log}
   * @param gatekeeper {@code $gatekeeper}
   * @param control {@code $control}, or null without {@code --control}
   * @param services the service registry of {@code $config} (more handlers can be registered)
   */
  public record Refs(Actor actor, Ref config, Ref log, Ref gatekeeper, Ref control, ServiceRegistry services) {}

  private final CompletableFuture<Refs> refs = new CompletableFuture<>();
  private final Map<Value, RelayListener> listeners = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicBoolean exiting = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile Shutdown shutdown;

  private Server() {}

  /**
   * Starts a server in this process.
   *
   * @param options what to run
   * @param relays the relay engine used by every transport
   * @return the server; {@link #refs()} completes once the start-up turn has run
   */
  public static Server start(ServerOptions options, RelayStarter relays) {
    Server s = new Server();
    Actor.boot(
        "syndicate-server",
        t -> {
          t.preventInertCheck();
          Ref config = Dataspace.create(t, "config");
          Ref log = Dataspace.create(t, "log");
          if (options.inferior()) StdioTransport.start(relays, config);
          Ref[] gk = new Ref[1];
          t.facet(
              gt -> {
                gt.preventInertCheck();
                gk[0] = Gatekeeper.create(gt, config, relays);
                Gatekeeper.handleBinds(gt, config);
              });
          Ref control = options.control() ? t.ref(new Control(s)) : null;
          ServiceRegistry services = new ServiceRegistry(config);
          DependencyTracker.start(t, config);
          s.shutdown = new Shutdown(config, log, t.currentFacet(), DependencyGraph.track(t, config), options.shutdownTimeout());
          s.registerServices(t, services, relays);
          registerDaemons(t, services, log);
          for (Value service : runServices(options, config, log, gk[0], control)) {
            t.publish(config, RecordValue.of("run-service", service));
          }
          LogPrinter.start(t, log);
          s.refs.complete(new Refs(t.actor(), config, log, gk[0], control, services));
        });
    return s;
  }

  /** @return completes with the start-up objects. */
  public CompletableFuture<Refs> refs() {
    return refs;
  }

  /**
   * Ends the server process: runs the orderly {@link Shutdown} (daemons stopped in reverse
   * dependency order, SIGKILL to what is left after the {@code --shutdown-timeout} deadline) on a
   * thread of its own, closes the process driver and the trace file, then halts the JVM with
   * {@code status} (no shutdown hooks run). Returns at once. A second call while the shutdown runs
   * skips to its kill phase when {@code escalate} is true, and is ignored otherwise.
   *
   * @param status the process exit status
   * @param why what asked for it, for the log ({@code "SIGTERM"}, {@code "control"})
   * @param escalate whether a repeated call kills what is left at once (signals: yes)
   */
  public void exit(int status, String why, boolean escalate) {
    Shutdown sd = shutdown;
    if (!exiting.compareAndSet(false, true)) {
      if (escalate && sd != null) {
        LOG.warn("{} during the shutdown: killing what is left now", why);
        sd.escalate();
      } else {
        LOG.info("{} during the shutdown: already exiting", why);
      }
      return;
    }
    Thread.ofPlatform().name("syndicate-shutdown").start(() -> {
      try {
        if (sd != null) sd.run(why);
        // What another server of this JVM runs (tests), then the driver itself (its notify
        // sockets); bounded, since every process of ours has had its SIGKILL by now.
        Thread closer = Thread.ofPlatform().daemon().name("syndicate-driver-close").start(Server::stopDaemonProcesses);
        closer.join(5_000);
      } catch (Throwable e) {
        LOG.error("shutdown failed: {}", e.toString(), e);
      } finally {
        LOG.info("exiting with status {} ({})", status, why);
        if (org.syndicate.actor.Tracer.installedDefault() instanceof TraceFile trace) trace.close();
        System.out.flush();
        System.err.flush();
        Runtime.getRuntime().halt(status);
      }
    });
  }

  /**
   * @param serviceName a relay-listener service name
   * @return its bound listener, or null while it is not bound
   */
  public RelayListener listener(Value serviceName) {
    return listeners.get(serviceName);
  }

  /**
   * The service names the command line asserts as {@code <run-service NAME>} (reference note §1).
   *
   * @param o the options
   * @param config {@code $config}
   * @param log {@code $log}
   * @param gatekeeper {@code $gatekeeper}
   * @param control {@code $control} or null
   * @return the names, in flag order: debt reporter, ports, sockets, configs
   */
  public static List<Value> runServices(ServerOptions o, Ref config, Ref log, Ref gatekeeper, Ref control) {
    List<Value> out = new ArrayList<>();
    if (o.debtReporter()) out.add(RecordValue.of("debt-reporter", DoubleValue.of(1.0)));
    for (int port : o.ports()) {
      out.add(
          RecordValue.of(
              "relay-listener",
              RecordValue.of("tcp", StringValue.of(o.bindAddress()), SignedInteger.of(port)),
              Embedded.of(gatekeeper)));
    }
    for (String path : o.sockets()) {
      out.add(RecordValue.of("relay-listener", RecordValue.of("unix", StringValue.of(path)), Embedded.of(gatekeeper)));
    }
    for (String path : o.configs()) {
      Dictionary.Builder env =
          Dictionary.builder()
              .put("config", Embedded.of(config))
              .put("log", Embedded.of(log))
              .put("gatekeeper", Embedded.of(gatekeeper));
      if (control != null) env.put("control", Embedded.of(control));
      out.add(RecordValue.of("config-watcher", StringValue.of(path), env.build()));
    }
    return out;
  }

  private static ProcessDriver processDriver;
  private static boolean processDriverFailed;

  /**
   * The process driver shared by every server in this JVM, started on first use and closed at JVM
   * exit after every daemon process was stopped as its spec says ({@link #stopDaemonProcesses};
   * issue 8), or null when this platform cannot run one (no epoll or pidfd).
   *
   * @return the driver, or null
   */
  public static synchronized ProcessDriver processDriver() {
    if (processDriver == null && !processDriverFailed) {
      try {
        ProcessDriver d = ProcessDriver.start();
        Runtime.getRuntime().addShutdownHook(new Thread(Server::stopDaemonProcesses, "daemon-shutdown"));
        processDriver = d;
      } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
        processDriverFailed = true;
        LOG.error("cannot start the process driver; <daemon …> services will not run: {}", e.toString());
      }
    }
    return processDriver;
  }

  /**
   * Stops every daemon process as its spec says ({@code stopSignal} to its process group, SIGKILL
   * after {@code stopTimeout}; {@link DaemonService#stopAllProcesses}), waits for them, then
   * closes the process driver (anything else it runs gets SIGTERM, SIGKILL after 5 s). Run by the
   * JVM shutdown hook ({@code System.exit}, or a signal when {@link Main} did not install its
   * handlers) and by {@link #exit} after the ordered {@link Shutdown}, which halts and so runs no
   * hook. Issue 8: the server stops every service's processes when it exits.
   */
  static void stopDaemonProcesses() {
    ProcessDriver d;
    synchronized (Server.class) {
      d = processDriver;
    }
    if (d == null) return;
    DaemonService.stopAllProcesses();
    d.close();
  }

  /**
   * {@code <daemon ID>} (reference note §7; {@link DaemonService}): the service runs in a linked
   * actor holding its own supervisor (on-error-only, restart-service rebuilds), so that a bad
   * spec's {@code <service-problem …>} outlives the failed supervisee.
   */
  private static void registerDaemons(Turn t, ServiceRegistry services, Ref log) {
    ProcessDriver driver = processDriver();
    if (driver == null) return;
    services.register(
        t,
        ServiceRegistration.unsupervised(
            "daemon",
            Patterns.rec(DaemonService.DAEMON, Patterns.discard()),
            (st, svc) -> {
              st.preventInertCheck();
              DaemonService.run(
                  st, ((RecordValue) svc.name()).field(0), svc.config(), log, driver, DaemonOptions.defaults());
            }));
  }

  private void registerServices(Turn t, ServiceRegistry services, RelayStarter relays) {
    services.register(
        t,
        ServiceRegistration.supervised(
                "relay-listener",
                Patterns.rec("relay-listener", Patterns.discard(), Patterns.discard()),
                SupervisorConfig.defaults(),
                (st, svc) -> runListener(st, svc, relays))
            .onlyFor(n -> n instanceof RecordValue r && r.arity() == 2));
    services.register(
        t,
        ServiceRegistration.unsupervised(
                "relay-listener (extended)",
                Patterns.rec("relay-listener", Patterns.discard(), Patterns.discard(), Patterns.discard()),
                Server::runExtendedListener)
            .onlyFor(n -> n instanceof RecordValue r && r.arity() > 2));
    services.register(t, org.syndicate.server.http.HttpRouter.registration());
    services.register(t, org.syndicate.server.http.StaticFiles.registration());
    services.register(t, org.syndicate.server.config.ConfigWatcherService.registration());
    if (relays instanceof org.syndicate.server.transport.RelayEngine engine) {
      services.register(
          t,
          ServiceRegistration.unsupervised(
              "debt-reporter",
              Patterns.rec("debt-reporter", Patterns.discard()),
              (st, svc) -> DebtReporter.run(st, svc, engine)));
    }
    services.register(
        t,
        ServiceRegistration.unsupervised(
            "gatekeeper",
            Patterns.rec("gatekeeper", Patterns.discard()),
            (st, svc) -> {
              if (!(((RecordValue) svc.name()).field(0) instanceof Embedded e) || !(e.payload() instanceof Ref bindspace)) {
                throw new IllegalArgumentException("<gatekeeper …> needs a reference to a bindspace");
              }
              st.preventInertCheck();
              Ref gk = Gatekeeper.create(st, bindspace, relays);
              Gatekeeper.handleBinds(st, bindspace);
              svc.publishObject(st, Embedded.of(gk));
              svc.ready(st);
            }));
  }

  /**
   * {@code <relay-listener <tcp HOST PORT> #:GK>} / {@code <relay-listener <unix PATH> #:GK>}
   * (reference note §8.1): ready once bound; a bind failure fails the run (the supervisor
   * reports {@code failed} and retries).
   */
  private void runListener(Turn t, ServiceContext svc, RelayStarter relays) {
    RecordValue name = (RecordValue) svc.name();
    if (!(name.field(1) instanceof Embedded e) || !(e.payload() instanceof Ref gk)) {
      throw new IllegalArgumentException("relay-listener: the gatekeeper is not a reference: " + name.field(1));
    }
    Value addr = name.field(0);
    CompletableFuture<RelayListener> bound;
    if (addr.isRecord("tcp", 2)
        && ((RecordValue) addr).field(0) instanceof StringValue host
        && ((RecordValue) addr).field(1) instanceof SignedInteger port) {
      int p = port.fitsInt() ? port.intValue() : -1;
      bound = RelayListener.tcp(host.value(), p, relays, gk);
    } else if (addr.isRecord("unix", 1) && ((RecordValue) addr).field(0) instanceof StringValue path) {
      bound = RelayListener.unix(path.value(), relays, gk);
    } else {
      throw new IllegalArgumentException("relay-listener: unsupported address " + addr);
    }
    var facet = t.currentFacet();
    t.preventInertCheck();
    t.onStop(
        st -> {
          listeners.remove(name);
          bound.thenAccept(RelayListener::close);
        });
    bound.whenComplete(
        (listener, err) -> {
          boolean alive =
              facet.execute(
                  ft -> {
                    if (err != null) throw new IllegalStateException("bind " + addr + ": " + err.getMessage(), err);
                    listeners.put(name, listener);
                    svc.ready(ft);
                    if (addr.isRecord("tcp")) attachHttpds(ft, svc.config(), name, listener);
                  });
          if (!alive && listener != null) listener.close();
        });
  }

  /**
   * The httpds of a bound TCP listener (reference note §8.2): for each {@code <run-service
   * <relay-listener ADDR GK #:HTTPD …>>} in {@code $config} (same ADDR and GK as this 2-field
   * listener), asserts {@code <http-listener PORT>} into HTTPD (PORT: the bound port) and attaches
   * HTTPD to new connections; with several, the one asserted last wins, and when it goes the
   * previous one still present takes over.
   */
  private static void attachHttpds(Turn t, Ref config, RecordValue name, RelayListener listener) {
    List<Ref> present = new ArrayList<>();
    During.observe(
        t,
        config,
        Patterns.rec(
            "run-service",
            Patterns.rec("relay-listener", Patterns.lift(name.field(0)), Patterns.lift(name.field(1)), Patterns.bind())),
        (mt, c) -> {
          if (!(c.get(0) instanceof Embedded e) || !(e.payload() instanceof Ref httpd)) {
            LOG.warn("{}: the httpd is not a reference: {}", name, c.get(0));
            return;
          }
          present.add(httpd);
          listener.attachHttp(new HttpAttachment(httpd, listener.port(), HttpLimits.defaults()));
          LOG.info("{}: serving HTTP through {}", name, httpd);
          mt.publish(httpd, RecordValue.of("http-listener", SignedInteger.of(listener.port())));
          mt.onStop(
              st -> {
                present.remove(present.lastIndexOf(httpd));
                listener.attachHttp(present.isEmpty() ? null : new HttpAttachment(present.getLast(), listener.port(), HttpLimits.defaults()));
              });
        });
  }

  /**
   * {@code <relay-listener ADDR #:GK EXTRA…>}, normally the HTTP form {@code <relay-listener <tcp
   * H P> #:GK #:HTTPD>} (reference note §8.2, §6 "Extra fields"): keeps the plain 2-field
   * listener running by asserting its {@code <run-service <relay-listener ADDR #:GK>>} (the 2-field
   * listener then attaches HTTPD, {@link #attachHttpds}), reports the plain listener's states
   * under this longer name too (fix of B8: a {@code depends-on} on the 3-field name resolves), and
   * passes {@code <restart-service NAME>} on to the plain listener. One listener per ADDR and GK,
   * however many forms are asserted (so B22's second bind on the same port does not happen).
   */
  private static void runExtendedListener(Turn t, ServiceContext svc) {
    RecordValue name = (RecordValue) svc.name();
    Value plain = RecordValue.of(name.label(), name.field(0), name.field(1));
    Ref config = svc.config();
    t.preventInertCheck();
    t.publish(config, RecordValue.of("run-service", plain));
    During.observe(
        t,
        config,
        Patterns.rec("service-state", Patterns.bind(Patterns.lift(plain)), Patterns.bind()),
        (mt, c) -> {
          if (c.get(0) instanceof RecordValue r && r.arity() == 2) svc.state(mt, c.get(1));
        });
    During.onMessage(
        t,
        config,
        Patterns.rec("restart-service", Patterns.bind(Patterns.lift(name))),
        (mt, c) -> {
          if (c.get(0).equals(name)) mt.message(config, RecordValue.of("restart-service", plain));
        });
  }

  /**
   * {@code $control}: the message {@code <exit CODE>} ends the process with status CODE (reference
   * note §1; codes outside the int range give 1), after the orderly shutdown the reference does
   * not have ({@link #exit}).
   */
  static final class Control implements Entity {
    private final Server server;

    Control(Server server) {
      this.server = server;
    }

    @Override
    public void onMessage(Turn t, Value body) {
      if (!body.isRecord("exit", 1)) return;
      Value code = ((RecordValue) body).field(0);
      int status = code instanceof SignedInteger i && i.fitsInt() ? i.intValue() : 1;
      LOG.info("exit {} requested (control)", status);
      server.exit(status, "control <exit " + status + ">", false);
    }
  }
}
