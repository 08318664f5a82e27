package org.syndicate.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * The shipped {@code config-scripts/examples/http.pr} (reference note syndicate-server.md §10 #74,
 * #75), run by a server in this JVM on a free port (the example's 9102 replaced) from a copy whose
 * {@code ../..} holds a README.md: GET /d answers D or D2 (bound twice), /files/README.md serves
 * the file, POST /d is 405 with {@code allow: GET}, /nope is 404, and a WebSocket upgrade on the
 * same port still reaches the gatekeeper.
 */
class HttpExampleTest {
  @TempDir Path tmp;

  @Test
  void row74And75() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path examples = Files.createDirectories(tmp.resolve("config-scripts/examples"));
    String script = Files.readString(ConfigScriptsTest.REPO.resolve("config-scripts/examples/http.pr"));
    assertThat(script).contains("9102");
    Path copy = examples.resolve("http.pr");
    Files.writeString(copy, script.replace("9102", Integer.toString(port)));
    Files.writeString(tmp.resolve("README.md"), "# A readme\n");
    Server server =
        Server.start(new ServerOptions(List.of(), "127.0.0.1", List.of(), List.of(copy.toString()), false, false, false, null), RelayEngine.INSTANCE);
    server.refs().get(30, TimeUnit.SECONDS);

    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(30)).build();
    URI base = URI.create("http://127.0.0.1:" + port);
    HttpResponse<String> d = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (d == null || d.statusCode() != 200 || !http.send(get(base, "/files/README.md"), HttpResponse.BodyHandlers.ofString()).body().startsWith("#")) {
      if (System.nanoTime() > deadline) throw new AssertionError("the example did not start serving; last /d: " + (d == null ? "none" : d.statusCode()));
      Thread.sleep(20);
      try {
        d = http.send(get(base, "/d"), HttpResponse.BodyHandlers.ofString());
      } catch (java.io.IOException notYet) {
        d = null;
      }
    }
    assertThat(d.body()).isIn("<!DOCTYPE html><html><body>D</body></html>", "<!DOCTYPE html><html><body>D2</body></html>");
    assertThat(d.headers().firstValue("content-type")).hasValue("text/html");

    HttpResponse<String> readme = http.send(get(base, "/files/README.md"), HttpResponse.BodyHandlers.ofString());
    assertThat(readme.statusCode()).isEqualTo(200);
    assertThat(readme.body()).isEqualTo("# A readme\n");

    HttpResponse<String> post =
        http.send(HttpRequest.newBuilder(base.resolve("/d")).POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("allow")).hasValue("GET");

    assertThat(http.send(get(base, "/nope"), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);

    // row 75: a WebSocket upgrade on the same port still carries the protocol to the gatekeeper
    List<String> got = new CopyOnWriteArrayList<>();
    WebSocket ws =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create("ws://127.0.0.1:" + port + "/"),
                new WebSocket.Listener() {
                  final ByteArrayOutputStream acc = new ByteArrayOutputStream();

                  @Override
                  public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
                    byte[] b = new byte[data.remaining()];
                    data.get(b);
                    acc.write(b, 0, b.length);
                    if (last) {
                      got.add(BinaryReader.decode(acc.toByteArray()).toString());
                      acc.reset();
                    }
                    w.request(1);
                    return null;
                  }
                })
            .get(30, TimeUnit.SECONDS);
    byte[] resolve =
        BinaryWriter.encode(
            TextReader.parse("[[0 <A <resolve <ref \"notadict\"> #:[0 1]> 2>]]"), BinaryWriter.Mode.CANONICAL, EmbeddedCodec.IDENTITY);
    ws.sendBinary(ByteBuffer.wrap(resolve), true).get(30, TimeUnit.SECONDS);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (got.stream().noneMatch(s -> s.contains("<error invalid>"))) {
      if (System.nanoTime() > deadline) throw new AssertionError("no answer over WebSocket; got " + got);
      Thread.sleep(5);
    }
    ws.abort();
  }

  static HttpRequest get(URI base, String path) {
    return HttpRequest.newBuilder(base.resolve(path)).GET().build();
  }
}
