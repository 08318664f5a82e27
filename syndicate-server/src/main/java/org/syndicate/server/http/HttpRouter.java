package org.syndicate.server.http;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.schema.SchemaParseException;
import org.syndicate.schemas.http.HttpRequest;
import org.syndicate.schemas.http.PathPattern;
import org.syndicate.schemas.http.PathPatternElement;
import org.syndicate.schemas.http.RequestHost;
import org.syndicate.server.During;
import org.syndicate.server.services.ServiceContext;
import org.syndicate.server.services.ServiceRegistration;
import org.syndicate.supervise.SupervisorConfig;

/**
 * The {@code <http-router #:HTTPD>} service (reference note syndicate-server.md §8.2): routes each
 * {@code <request REQ #:res>} asserted in HTTPD to the handler of a matching {@code <http-bind
 * HOST PORT METHOD PATH #:handler>}, counting only bindings whose PORT has a live {@code
 * <http-listener PORT>}. Lookup order:
 *
 * <ol>
 *   <li>the port; none: {@code 404 "Not found"};
 *   <li>the bindings for the request's exact host, then those for {@code #f};
 *   <li>the first PATH pattern (in Preserves order of the patterns) that matches: a string is one
 *       literal segment, {@code _} any one segment, {@code ...} all the rest (possibly none); a
 *       pattern without {@code ...} must match the whole path; none: {@code 404};
 *   <li>the request's method, then {@code #f}; none: {@code 405 "Method Not Allowed"} with an
 *       {@code allow} header listing the bound methods in upper case, comma-separated.
 * </ol>
 *
 * With several handlers for the winning entry, the one bound first is used and a warning logged.
 * The request is asserted to it as {@code <request REQ #:res2>}, where {@code res2} passes every
 * message on to {@code res}; if the binding is withdrawn before {@code <done …>} went through,
 * the router answers {@code 500} and retracts the handler's assertion. Supervised here (states
 * {@code started}, {@code ready}; the reference runs it unsupervised, B10). {@code
 * <http-service …>} is never asserted (as the reference).
 */
public final class HttpRouter {
  private static final Logger LOG = LoggerFactory.getLogger(HttpRouter.class);

  private HttpRouter() {}

  /** @return the registration of {@code <http-router #:HTTPD>}. */
  public static ServiceRegistration registration() {
    return ServiceRegistration.supervised(
        "http-router", Patterns.rec("http-router", Patterns.discard()), SupervisorConfig.defaults(), HttpRouter::run);
  }

  /** One {@code http-bind}: host null for any, method null for any. */
  private record Binding(long id, String host, int port, String method, Value pathKey, List<PathPatternElement> path, Ref handler) {}

  /** The router's state, touched only by turns of its actor. */
  private static final class Table {
    final Map<Integer, Integer> livePorts = new HashMap<>();
    final Map<Long, Binding> bindings = new LinkedHashMap<>();
    final Map<Long, List<Route>> inFlight = new HashMap<>();
    long nextId;
  }

  /** A request handed to a handler. */
  private static final class Route {
    final Ref res;
    final Facet facet;
    boolean done;

    Route(Ref res, Facet facet) {
      this.res = res;
      this.facet = facet;
    }
  }

  private static void run(Turn t, ServiceContext svc) {
    if (!(((RecordValue) svc.name()).field(0) instanceof Embedded e) || !(e.payload() instanceof Ref httpd)) {
      throw new IllegalArgumentException("<http-router …> needs a reference to an httpd dataspace");
    }
    t.preventInertCheck();
    Table table = new Table();
    During.observe(
        t,
        httpd,
        Patterns.rec("http-listener", Patterns.bind()),
        (mt, c) -> {
          if (!(c.get(0) instanceof SignedInteger p) || !p.fitsInt()) return;
          int port = p.intValue();
          table.livePorts.merge(port, 1, Integer::sum);
          mt.onStop(st -> table.livePorts.computeIfPresent(port, (k, n) -> n == 1 ? null : n - 1));
        });
    During.observe(
        t,
        httpd,
        Patterns.rec("http-bind", Patterns.bind(), Patterns.bind(), Patterns.bind(), Patterns.bind(), Patterns.bind()),
        (mt, c) -> {
          Binding b = binding(table.nextId++, c.get(0), c.get(1), c.get(2), c.get(3), c.get(4));
          if (b == null) {
            LOG.warn("{}: ignoring malformed <http-bind {} {} {} {} …>", svc.name(), c.get(0), c.get(1), c.get(2), c.get(3));
            return;
          }
          table.bindings.put(b.id(), b);
          mt.onStop(
              st -> {
                table.bindings.remove(b.id());
                List<Route> routes = table.inFlight.remove(b.id());
                if (routes == null) return;
                for (Route r : routes) {
                  if (r.done) continue;
                  r.done = true;
                  LOG.warn("{}: binding withdrawn mid-request; answering 500", svc.name());
                  send(st, r.res, 500, "Internal server error", null);
                  st.stop(r.facet);
                }
              });
        });
    During.observe(
        t,
        httpd,
        Patterns.rec("request", Patterns.bind(), Patterns.bind()),
        (mt, c) -> route(mt, svc, table, c.get(0), c.get(1)));
    svc.ready(t);
  }

  private static Binding binding(long id, Value host, Value port, Value method, Value path, Value handler) {
    String h;
    if (host instanceof StringValue s) h = s.value();
    else if (host.equals(BooleanValue.FALSE)) h = null;
    else return null;
    if (!(port instanceof SignedInteger p) || !p.fitsInt()) return null;
    String m;
    if (method instanceof Symbol s) m = s.name();
    else if (method.equals(BooleanValue.FALSE)) m = null;
    else return null;
    List<PathPatternElement> elements;
    try {
      elements = PathPattern.parse(path).value();
    } catch (SchemaParseException e) {
      return null;
    }
    if (!(handler instanceof Embedded e) || !(e.payload() instanceof Ref r)) return null;
    return new Binding(id, h, p.intValue(), m, path, elements, r);
  }

  private static void route(Turn t, ServiceContext svc, Table table, Value reqValue, Value resValue) {
    if (!(resValue instanceof Embedded e) || !(e.payload() instanceof Ref res)) return;
    HttpRequest req;
    try {
      req = HttpRequest.parse(reqValue);
    } catch (SchemaParseException ex) {
      LOG.debug("{}: ignoring a malformed request: {}", svc.name(), ex.getMessage());
      return;
    }
    int port = req.port().bitLength() < 31 ? req.port().intValue() : -1;
    List<Binding> onPort =
        table.livePorts.containsKey(port)
            ? table.bindings.values().stream().filter(b -> b.port() == port).toList()
            : List.of();
    if (onPort.isEmpty()) {
      send(t, res, 404, "Not found", null);
      return;
    }
    List<Binding> entry = null;
    if (req.host() instanceof RequestHost.Present h) entry = byPath(onPort, h.value(), req.path());
    if (entry == null) entry = byPath(onPort, null, req.path());
    if (entry == null) {
      send(t, res, 404, "Not found", null);
      return;
    }
    List<Binding> handlers = entry.stream().filter(b -> req.method().equals(b.method())).toList();
    if (handlers.isEmpty()) handlers = entry.stream().filter(b -> b.method() == null).toList();
    if (handlers.isEmpty()) {
      TreeSet<String> methods = entry.stream().map(Binding::method).filter(Objects::nonNull).collect(Collectors.toCollection(TreeSet::new));
      String allow = methods.stream().map(m -> m.toUpperCase(java.util.Locale.ROOT)).collect(Collectors.joining(", "));
      send(t, res, 405, "Method Not Allowed", allow);
      return;
    }
    if (handlers.size() > 1) {
      LOG.warn("{}: {} handlers for {} {}; using the first", svc.name(), handlers.size(), req.method(), "/" + String.join("/", req.path()));
    }
    Binding chosen = handlers.getFirst();
    Route route = new Route(res, t.currentFacet());
    table.inFlight.computeIfAbsent(chosen.id(), k -> new ArrayList<>()).add(route);
    t.onStop(
        st -> {
          List<Route> rs = table.inFlight.get(chosen.id());
          if (rs != null) {
            rs.remove(route);
            if (rs.isEmpty()) table.inFlight.remove(chosen.id());
          }
        });
    Ref proxy =
        t.ref(
            new Entity() {
              @Override
              public void onMessage(Turn mt, Value body) {
                if (route.done) return;
                if (body.isRecord("done")) route.done = true;
                mt.message(res, body);
              }
            });
    t.publish(chosen.handler(), RecordValue.of("request", reqValue, Embedded.of(proxy)));
  }

  /** The bindings of the first path pattern matching {@code path} among those for {@code host}. */
  private static List<Binding> byPath(List<Binding> onPort, String host, List<String> path) {
    TreeMap<Value, List<Binding>> byPattern = new TreeMap<>();
    for (Binding b : onPort) {
      if (Objects.equals(b.host(), host)) byPattern.computeIfAbsent(b.pathKey(), k -> new ArrayList<>()).add(b);
    }
    for (var e : byPattern.entrySet()) {
      if (matches(e.getValue().getFirst().path(), path)) return e.getValue();
    }
    return null;
  }

  /**
   * @param pattern path pattern elements
   * @param path request path segments
   * @return whether the pattern matches the whole path ({@code ...} matches any rest)
   */
  static boolean matches(List<PathPatternElement> pattern, List<String> path) {
    int i = 0;
    for (PathPatternElement el : pattern) {
      switch (el) {
        case PathPatternElement.Rest r -> {
          return true;
        }
        case PathPatternElement.Wildcard w -> {
          if (i >= path.size()) return false;
          i++;
        }
        case PathPatternElement.Label l -> {
          if (i >= path.size() || !l.value().equals(path.get(i))) return false;
          i++;
        }
      }
    }
    return i == path.size();
  }

  /**
   * Sends a complete, empty-bodied answer.
   *
   * @param t the running turn
   * @param res the response object
   * @param code status code
   * @param reason reason phrase
   * @param allow an {@code allow} header value, or null
   */
  static void send(Turn t, Ref res, int code, String reason, String allow) {
    t.message(res, RecordValue.of("status", SignedInteger.of(code), StringValue.of(reason)));
    if (allow != null) t.message(res, RecordValue.of("header", Symbol.of("allow"), StringValue.of(allow)));
    t.message(res, RecordValue.of("done", ByteString.of(new byte[0])));
  }
}
