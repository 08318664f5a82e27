package org.syndicate.server.wire;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.text.TextReader;

/**
 * A hand-rolled Syndicate protocol client for tests: writes packets given in text syntax (sent as
 * text or binary) and collects every packet the server sends (binary or text, one per line), with
 * embedded refs left as their wire values ({@code #:[0 n]}).
 */
final class WireClient implements AutoCloseable {
  private final AutoCloseable sock;
  private final InputStream in;
  private final OutputStream out;
  private final boolean binary;
  final List<Value> received = new CopyOnWriteArrayList<>();
  volatile boolean eof;
  /** Why the reader stopped early (a packet it could not decode), or null. */
  volatile RuntimeException readerFailure;
  private final Thread reader;

  private WireClient(AutoCloseable sock, InputStream in, OutputStream out, boolean binary) {
    this.sock = sock;
    this.in = in;
    this.out = out;
    this.binary = binary;
    this.reader = Thread.ofVirtual().start(this::readLoop);
  }

  static WireClient tcp(int port, boolean binary) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setTcpNoDelay(true);
    return new WireClient(s, s.getInputStream(), s.getOutputStream(), binary);
  }

  static WireClient unix(Path path, boolean binary) throws IOException {
    SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX);
    ch.connect(UnixDomainSocketAddress.of(path));
    return new WireClient(ch, Channels.newInputStream(ch), Channels.newOutputStream(ch), binary);
  }

  /** Sends one packet written in text syntax, encoded as this client's syntax. */
  void send(String packetText) throws IOException {
    Value v = TextReader.parse(packetText);
    byte[] bytes =
        binary
            ? BinaryWriter.encode(v, BinaryWriter.Mode.CANONICAL, EmbeddedCodec.IDENTITY)
            : (packetText + "\n").getBytes(StandardCharsets.UTF_8);
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  void sendRaw(byte[] bytes) throws IOException {
    synchronized (out) {
      out.write(bytes);
      out.flush();
    }
  }

  private void readLoop() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      while (true) {
        int n = in.read(chunk);
        if (n < 0) break;
        buf.write(chunk, 0, n);
        byte[] b = buf.toByteArray();
        int off = 0;
        while (off < b.length) {
          if ((b[off] & 0xff) >= 0x80) {
            try {
              var d = BinaryReader.decodePrefix(b, off, b.length - off, BinaryReader.Options.DEFAULT);
              received.add(d.value());
              off += d.length();
            } catch (EndOfInputException e) {
              break;
            }
          } else {
            int nl = -1;
            for (int i = off; i < b.length; i++) {
              if (b[i] == '\n') {
                nl = i;
                break;
              }
            }
            if (nl < 0) break;
            String line = new String(b, off, nl - off, StandardCharsets.UTF_8).strip();
            if (!line.isEmpty()) received.add(TextReader.parse(line));
            off = nl + 1;
          }
        }
        buf.reset();
        buf.write(b, off, b.length - off);
      }
    } catch (IOException e) {
      // connection closed
    } catch (RuntimeException e) {
      readerFailure = e; // reported by await, instead of a bare timeout
    } finally {
      eof = true;
    }
  }

  /** Waits for a received packet whose text form satisfies {@code p}; returns it. */
  Value await(String what, Predicate<String> p) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      for (Value v : received) if (p.test(v.toString())) return v;
      if (readerFailure != null) {
        throw new AssertionError("waiting for " + what + ": the client could not read the server's output; got " + received, readerFailure);
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; got " + received + (eof ? " (connection closed)" : ""));
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  /**
   * Waits for one turn event ({@code [OID EVENT]}), in whichever received Turn packet it came:
   * how the server groups events into packets is not part of what the tests check (events of one
   * turn share a packet, e.g. two presences found by a late Observe).
   *
   * @return the first event whose text form satisfies {@code p}
   */
  Value awaitEvent(String what, Predicate<String> p) {
    Value[] found = new Value[1];
    await(what, packet -> {
      for (Value v : received) {
        if (v instanceof org.syndicate.preserves.Sequence turn) {
          for (Value event : turn.items()) {
            if (p.test(event.toString())) {
              found[0] = event;
              return true;
            }
          }
        }
      }
      return false;
    });
    return found[0];
  }

  void awaitEof() {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!eof) {
      if (System.nanoTime() > deadline) throw new AssertionError("connection not closed; got " + received);
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    sock.close();
    reader.join(2000);
  }
}
