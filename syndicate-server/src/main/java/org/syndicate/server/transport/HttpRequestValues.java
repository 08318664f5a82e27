package org.syndicate.server.transport;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpRequest;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.syndicate.actor.Ref;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.http.Headers;
import org.syndicate.schemas.http.HttpRequest;
import org.syndicate.schemas.http.QueryValue;
import org.syndicate.schemas.http.RequestBody;
import org.syndicate.schemas.http.RequestHost;

/**
 * An HTTP request as the value asserted into an httpd (reference note syndicate-server.md §8.2,
 * {@code http.prs} {@code HttpRequest}): {@code <http-request SEQ HOST PORT METHOD PATH HEADERS
 * QUERY BODY>} where HOST is the Host header without any {@code :port} (or {@code #f}), METHOD a
 * lower-case symbol, PATH the URL path split on {@code /} without its leading empty segment
 * ({@code /} gives {@code [""]}), HEADERS lower-case symbols to strings (a repeated header keeps
 * its last value), QUERY symbols to lists of strings (a bare key gives {@code []}) and BODY the
 * whole body as bytes. Nothing is percent-decoded (B18, copied).
 */
public final class HttpRequestValues {
  private HttpRequestValues() {}

  /** A request that cannot be represented (a header value that is not a visible-ASCII string). */
  public static final class BadRequest extends Exception {
    private static final long serialVersionUID = 1L;

    BadRequest(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A request's parts, before it gets its sequence number.
   *
   * @param host the Host header without port, or null
   * @param method lower case
   * @param path the segments
   * @param headers lower-case names to values
   * @param query names to values
   * @param body the body bytes
   */
  public record Parts(
      String host, String method, List<String> path, Map<String, String> headers, Map<String, List<String>> query, byte[] body) {
    /**
     * @param seq the sequence number
     * @param port the listener's port
     * @return {@code <http-request …>}
     */
    public Value toValue(long seq, int port) {
      Map<String, List<QueryValue>> q = new TreeMap<>();
      query.forEach((k, vs) -> q.put(k, vs.stream().<QueryValue>map(QueryValue.String::new).toList()));
      return new HttpRequest(
              BigInteger.valueOf(seq),
              host == null ? new RequestHost.Absent() : new RequestHost.Present(host),
              BigInteger.valueOf(port),
              method,
              path,
              new Headers(new TreeMap<>(headers)),
              q,
              new RequestBody.Present(ByteString.of(body)))
          .unparse();
    }
  }

  /**
   * @param req a request
   * @param res where its response goes
   * @return {@code <request REQ #:res>}
   */
  public static Value context(Value req, Ref res) {
    return RecordValue.of("request", req, Embedded.of(res));
  }

  /**
   * Takes a decoded request apart.
   *
   * @param req a successfully decoded request (its content is read, not released)
   * @return its parts
   * @throws BadRequest if a header value is not a string of visible ASCII, spaces and tabs
   */
  public static Parts parts(FullHttpRequest req) throws BadRequest {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : req.headers()) {
      String v = h.getValue();
      for (int i = 0; i < v.length(); i++) {
        char c = v.charAt(i);
        if (c != '\t' && (c < 0x20 || c > 0x7e)) throw new BadRequest("header " + h.getKey() + " is not a string");
      }
      headers.put(h.getKey().toLowerCase(Locale.ROOT), v);
    }
    String host = headers.containsKey("host") ? stripPort(headers.get("host")) : null;
    String target = pathAndQuery(req.uri());
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    String rawQuery = q < 0 ? "" : target.substring(q + 1);
    ByteBuf content = req.content();
    byte[] body = new byte[content.readableBytes()];
    content.getBytes(content.readerIndex(), body);
    return new Parts(host, req.method().name().toLowerCase(Locale.ROOT), path(rawPath), headers, query(rawQuery), body);
  }

  /**
   * @param hostHeader a Host header value
   * @return it without a trailing {@code :port} ({@code [v6]:port} gives {@code [v6]})
   */
  public static String stripPort(String hostHeader) {
    String h = hostHeader.trim();
    if (h.startsWith("[")) {
      int close = h.indexOf(']');
      return close < 0 ? h : h.substring(0, close + 1);
    }
    int colon = h.lastIndexOf(':');
    return colon < 0 ? h : h.substring(0, colon);
  }

  /**
   * @param uri a request target: origin form ({@code /p?q}), absolute form ({@code
   *     http://h/p?q}) or {@code *}
   * @return its path and query, without any fragment
   */
  static String pathAndQuery(String uri) {
    String u = uri;
    int hash = u.indexOf('#');
    if (hash >= 0) u = u.substring(0, hash);
    int scheme = u.indexOf("://");
    if (!u.startsWith("/") && scheme > 0) {
      int slash = u.indexOf('/', scheme + 3);
      int qm = u.indexOf('?', scheme + 3);
      if (slash < 0 || (qm >= 0 && qm < slash)) return "/" + (qm < 0 ? "" : u.substring(qm));
      return u.substring(slash);
    }
    return u;
  }

  /**
   * @param rawPath a URL path
   * @return its segments split on {@code /} with the first (normally empty) one dropped: {@code
   *     /} gives {@code [""]}, {@code /a/b/} gives {@code ["a", "b", ""]}
   */
  public static List<String> path(String rawPath) {
    List<String> segments = new ArrayList<>(List.of(rawPath.split("/", -1)));
    segments.remove(0);
    return List.copyOf(segments);
  }

  /**
   * @param rawQuery the part after {@code ?}
   * @return each name with its values in order; a bare name ({@code a} in {@code a&b=1}) gives an
   *     empty list (or adds nothing to a name that has values); empty pieces are skipped
   */
  public static Map<String, List<String>> query(String rawQuery) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String piece : rawQuery.split("&", -1)) {
      int eq = piece.indexOf('=');
      if (eq >= 0) {
        out.computeIfAbsent(piece.substring(0, eq), k -> new ArrayList<>()).add(piece.substring(eq + 1));
      } else if (!piece.isEmpty()) {
        out.computeIfAbsent(piece, k -> new ArrayList<>());
      }
    }
    return out;
  }
}
