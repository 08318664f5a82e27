package org.syndicate.test;

import com.southernstorm.noise.protocol.DHState;
import com.southernstorm.noise.protocol.Noise;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.syndicate.server.Server;
import org.syndicate.server.ServerOptions;
import org.syndicate.server.transport.RelayEngine;

/**
 * Our server started in this JVM on a free 127.0.0.1 port, with the config of test/INTEROP-NOTES.md
 * loaded by the config watcher: a fresh dataspace bound to the demo sturdy ref ({@code oid
 * "syndicate"}, empty key) and to a Noise service {@code "noise-demo"} with a fresh key pair.
 */
final class TestServer {
  final int port;
  final Path configDir;
  final String noisePublicHex;
  final Server server;
  /** The unix socket the server also listens on. */
  final Path socket;

  private TestServer(int port, Path configDir, String noisePublicHex, Server server) {
    this.port = port;
    this.configDir = configDir;
    this.noisePublicHex = noisePublicHex;
    this.server = server;
    this.socket = configDir.resolveSibling(configDir.getFileName() + ".sock");
  }

  static TestServer start() throws Exception {
    DHState dh = Noise.createDH("25519");
    dh.generateKeyPair();
    byte[] pub = new byte[32];
    byte[] sec = new byte[32];
    dh.getPublicKey(pub, 0);
    dh.getPrivateKey(sec, 0);
    HexFormat hex = HexFormat.of();
    Path dir = Files.createTempDirectory("syndicate-test-config");
    Files.writeString(
        dir.resolve("server.pr"),
        "let ?root_ds = dataspace\n"
            + "<bind <ref {oid: \"syndicate\" key: #x\"\"}> $root_ds #f>\n"
            + "<bind <noise {service: \"noise-demo\" key: #x\""
            + hex.formatHex(pub)
            + "\" secretKey: #x\""
            + hex.formatHex(sec)
            + "\"}> $root_ds #f>\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path sock = dir.resolveSibling(dir.getFileName() + ".sock");
    ServerOptions o =
        new ServerOptions(List.of(port), "127.0.0.1", List.of(sock.toString()), List.of(dir.toString()), false, false, false, null);
    Server server = Server.start(o, RelayEngine.INSTANCE);
    server.refs().get(10, TimeUnit.SECONDS);
    TestServer ts = new TestServer(port, dir, hex.formatHex(pub), server);
    ts.awaitListening();
    return ts;
  }

  private void awaitListening() throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        if (Files.exists(socket)) return;
        throw new IOException("unix socket not there yet");
      } catch (IOException e) {
        if (System.nanoTime() > deadline) throw new AssertionError("server did not listen on " + port, e);
        Thread.sleep(50);
      }
    }
  }

  /** @return the unix socket as a syndicate-py transport address. */
  String unixAddress() {
    return "<unix \"" + socket + "\">";
  }

  String address() {
    return "<tcp \"127.0.0.1\" " + port + ">";
  }
}
