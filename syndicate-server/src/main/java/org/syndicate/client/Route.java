package org.syndicate.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * A route to an object of a server: {@code <route [TRANSPORT…] STEP…>} (gatekeeper.prs {@code
 * Route}; reference note syndicate-server.md §4.4), where each TRANSPORT is {@code <tcp "HOST"
 * PORT>} or {@code <unix "PATH">} (tried in order, the first that connects is used) and each STEP
 * is a gatekeeper step such as {@code <ref {oid: "syndicate" sig: #x"…"}>}, resolved in turn
 * starting from the peer's OID 0. With no step the target is the peer's OID 0 itself.
 *
 * @param transports transport addresses, at least one
 * @param steps gatekeeper steps, possibly none
 */
public record Route(List<Value> transports, List<Value> steps) {
  /** Copies the lists. */
  public Route {
    transports = List.copyOf(transports);
    steps = List.copyOf(steps);
  }

  /**
   * Parses the text form.
   *
   * @param text one Preserves text value {@code <route [TRANSPORT…] STEP…>}
   * @return the route
   * @throws IllegalArgumentException with a one-line reason (syntax error with its position, wrong
   *     shape, unsupported transport)
   */
  public static Route parse(String text) {
    Value v;
    try {
      v = TextReader.parse(text).strip();
    } catch (PreservesException e) {
      throw new IllegalArgumentException("bad route " + text + ": " + e.getMessage(), e);
    }
    if (!(v instanceof RecordValue r) || !r.isRecord("route") || r.arity() < 1 || !(r.field(0) instanceof Sequence ts)) {
      throw new IllegalArgumentException("bad route " + text + ": expected <route [TRANSPORT…] STEP…>");
    }
    if (ts.items().isEmpty()) throw new IllegalArgumentException("bad route " + text + ": no transport");
    for (Value t : ts.items()) checkTransport(t);
    for (Value s : r.fields().subList(1, r.arity())) {
      if (!(s instanceof RecordValue step) || step.arity() != 1) {
        throw new IllegalArgumentException("bad route step " + s + ": expected <TYPE DETAIL>, e.g. <ref {oid: … sig: …}>");
      }
    }
    return new Route(ts.items(), r.fields().subList(1, r.arity()));
  }

  private static void checkTransport(Value t) {
    if (t.isRecord("tcp", 2)
        && ((RecordValue) t).field(0) instanceof StringValue
        && ((RecordValue) t).field(1) instanceof SignedInteger p
        && p.fitsInt()
        && p.intValue() >= 0
        && p.intValue() <= 65535) return;
    if (t.isRecord("unix", 1) && ((RecordValue) t).field(0) instanceof StringValue) return;
    throw new IllegalArgumentException("unsupported transport " + t + ": expected <tcp \"HOST\" PORT> or <unix \"PATH\">");
  }

  /**
   * The per-user runtime directory of the shipped configuration: {@code $SYNDICATE_RUNTIME_DIR}
   * when set, else {@code $XDG_RUNTIME_DIR/syndicate} when that is set, else {@code
   * /tmp/syndicate-UID} (the same rule as {@code bin/syndicate-server}, which creates it).
   *
   * @return the directory (may not exist)
   */
  public static Path runtimeDir() {
    String own = System.getenv("SYNDICATE_RUNTIME_DIR");
    if (own != null && !own.isEmpty()) return Path.of(own);
    String xdg = System.getenv("XDG_RUNTIME_DIR");
    if (xdg != null && !xdg.isEmpty()) return Path.of(xdg, "syndicate");
    String uid;
    try {
      uid = String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
    } catch (Exception e) {
      uid = System.getProperty("user.name", "user");
    }
    return Path.of("/tmp", "syndicate-" + uid);
  }

  /**
   * The default route: {@code <route [<unix "RUNTIME/syndicate.sock">]>}, the shipped
   * configuration's socket, whose OID 0 is the server's {@code $config}.
   *
   * @return the route
   */
  public static Route defaultRoute() {
    return new Route(List.of(RecordValue.of("unix", StringValue.of(runtimeDir().resolve("syndicate.sock").toString()))), List.of());
  }

  @Override
  public String toString() {
    return RecordValue.of("route", prepend(Sequence.of(transports), steps)).toString();
  }

  private static Value[] prepend(Value first, List<Value> rest) {
    Value[] out = new Value[rest.size() + 1];
    out[0] = first;
    for (int i = 0; i < rest.size(); i++) out[i + 1] = rest.get(i);
    return out;
  }
}
