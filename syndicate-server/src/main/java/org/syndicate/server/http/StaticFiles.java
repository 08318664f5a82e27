package org.syndicate.server.http;

import java.io.IOException;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.schema.SchemaParseException;
import org.syndicate.schemas.http.HttpRequest;
import org.syndicate.server.services.ServiceContext;
import org.syndicate.server.services.ServiceRegistration;
import org.syndicate.supervise.SupervisorConfig;

/**
 * The {@code <http-static-files "DIR" N>} service (reference note syndicate-server.md §8.2):
 * publishes {@code <service-object NAME #:handler>}, a handler for {@code <request REQ #:res>}
 * (usually bound with {@code <http-bind …>} and routed by {@link HttpRouter}) that serves files
 * under DIR:
 *
 * <ul>
 *   <li>the first N path segments are dropped; an empty last segment means {@code index.html};
 *   <li>a segment that starts with {@code .} or contains {@code /} gives {@code 404} (the
 *       reference answers 500, B18);
 *   <li>a regular file gives {@code 200} with the whole file in {@code done} and a {@code
 *       content-type} by extension ({@link #mimeType}; none when unknown);
 *   <li>a directory asked for without a trailing slash gives {@code 301} with {@code location:
 *       /PATH/}; with the slash and no {@code index.html}, an HTML listing (sorted, without
 *       dot-files);
 *   <li>anything else gives {@code 404}; an I/O error gives {@code 500}.
 * </ul>
 *
 * Supervised here, with states {@code started} and {@code ready} (the reference asserts none, B9).
 */
public final class StaticFiles {
  private static final Logger LOG = LoggerFactory.getLogger(StaticFiles.class);

  private StaticFiles() {}

  /** @return the registration of {@code <http-static-files "DIR" N>}. */
  public static ServiceRegistration registration() {
    return ServiceRegistration.supervised(
        "http-static-files",
        Patterns.rec("http-static-files", Patterns.discard(), Patterns.discard()),
        SupervisorConfig.defaults(),
        StaticFiles::run);
  }

  private static void run(Turn t, ServiceContext svc) {
    RecordValue name = (RecordValue) svc.name();
    if (!(name.field(0) instanceof StringValue dir)) {
      throw new IllegalArgumentException("<http-static-files DIR N>: DIR is not a string: " + name.field(0));
    }
    if (!(name.field(1) instanceof SignedInteger n) || !n.fitsInt() || n.intValue() < 0) {
      throw new IllegalArgumentException("<http-static-files DIR N>: N is not a small natural number: " + name.field(1));
    }
    Path root = Path.of(dir.value());
    int drop = n.intValue();
    t.preventInertCheck();
    Ref handler =
        t.ref(
            new Entity() {
              @Override
              public void onAssert(Turn at, Value assertion, long handle) {
                if (!assertion.isRecord("request", 2)) return;
                RecordValue r = (RecordValue) assertion;
                if (!(r.field(1) instanceof Embedded e) || !(e.payload() instanceof Ref res)) return;
                HttpRequest req;
                try {
                  req = HttpRequest.parse(r.field(0));
                } catch (SchemaParseException ex) {
                  LOG.debug("{}: ignoring a malformed request: {}", name, ex.getMessage());
                  return;
                }
                respond(at, root, drop, req.path(), res);
              }
            });
    svc.publishObject(t, Embedded.of(handler));
    svc.ready(t);
  }

  /**
   * Answers one request.
   *
   * @param t the running turn
   * @param root DIR
   * @param drop N
   * @param requestPath the request's path segments
   * @param res the response object
   */
  static void respond(Turn t, Path root, int drop, List<String> requestPath, Ref res) {
    if (drop > requestPath.size()) {
      HttpRouter.send(t, res, 404, "Not found", null);
      return;
    }
    List<String> path = new ArrayList<>(requestPath.subList(drop, requestPath.size()));
    boolean index = false;
    if (!path.isEmpty() && path.getLast().isEmpty()) {
      path.set(path.size() - 1, "index.html");
      index = true;
    }
    Path real = root;
    try {
      for (String segment : path) {
        if (segment.startsWith(".") || segment.contains("/") || segment.isEmpty()) {
          HttpRouter.send(t, res, 404, "Not found", null);
          return;
        }
        real = real.resolve(segment);
      }
    } catch (InvalidPathException e) {
      HttpRouter.send(t, res, 404, "Not found", null);
      return;
    }
    try {
      if (Files.isDirectory(real)) {
        t.message(res, RecordValue.of("status", SignedInteger.of(301), StringValue.of("Moved permanently")));
        t.message(res, RecordValue.of("header", Symbol.of("location"), StringValue.of("/" + String.join("/", requestPath) + "/")));
        t.message(res, RecordValue.of("done", ByteString.of(new byte[0])));
        return;
      }
      byte[] body;
      String type;
      if (Files.isRegularFile(real)) {
        body = Files.readAllBytes(real);
        type = mimeType(real);
      } else {
        Path dir = index ? real.getParent() : real;
        if (!Files.isDirectory(dir)) {
          HttpRouter.send(t, res, 404, "Not found", null);
          return;
        }
        body = listing(dir);
        type = "text/html";
      }
      t.message(res, RecordValue.of("status", SignedInteger.of(200), StringValue.of("OK")));
      if (type != null) t.message(res, RecordValue.of("header", Symbol.of("content-type"), StringValue.of(type)));
      t.message(res, RecordValue.of("done", ByteString.of(body)));
    } catch (IOException | RuntimeException e) {
      LOG.warn("static files {}: {}: {}", root, real, e.toString());
      HttpRouter.send(t, res, 500, "Internal server error", null);
    }
  }

  /**
   * @param file a file name
   * @return its MIME type by extension: the JDK's table ({@link URLConnection#getFileNameMap()},
   *     the same on every machine), then the platform's ({@link Files#probeContentType}, e.g.
   *     {@code /etc/mime.types}, which the reference uses); null when both do not know it
   */
  public static String mimeType(Path file) {
    String type = URLConnection.getFileNameMap().getContentTypeFor(file.getFileName().toString());
    if (type != null) return type;
    try {
      return Files.probeContentType(file);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static byte[] listing(Path dir) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.sorted().toList()) {
        String n = p.getFileName().toString();
        if (n.startsWith(".")) continue;
        String shown = escape(n) + (Files.isDirectory(p) ? "/" : "");
        out.append("<a href=\"").append(shown).append("\">").append(shown).append("</a><br>\n");
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"", "&quot;");
  }
}
