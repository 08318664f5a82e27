package org.syndicate.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Ref;

/**
 * The {@code --inferior} relay on stdin/stdout (reference note syndicate-server.md §1, §2.6):
 * {@code $config} at OID 0, binary output until the parent sends text. One platform thread reads
 * stdin (blocking); writes go straight to the real stdout, which is then taken away from {@link
 * System#out} (redirected to stderr) so no stray print can corrupt the protocol stream.
 */
public final class StdioTransport {
  private static final Logger LOG = LoggerFactory.getLogger(StdioTransport.class);

  private StdioTransport() {}

  /**
   * Starts the relay on the process's stdin and stdout.
   *
   * @param relays the relay engine
   * @param initialRef exported at OID 0
   */
  public static void start(RelayStarter relays, Ref initialRef) {
    OutputStream out = new java.io.FileOutputStream(java.io.FileDescriptor.out);
    System.setOut(new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true));
    start(relays, initialRef, System.in, out, "parent");
  }

  /**
   * Starts a relay over any pair of streams (also used by tests).
   *
   * @param relays the relay engine
   * @param initialRef exported at OID 0
   * @param in read on a dedicated thread until end of input
   * @param out written and flushed once per packet
   * @param name the connection's actor name
   */
  public static void start(RelayStarter relays, Ref initialRef, InputStream in, OutputStream out, String name) {
    Object lock = new Object();
    Object pause = new Object();
    boolean[] paused = {false};
    Wire wire =
        new Wire() {
          @Override
          public void send(byte[] packet) {
            synchronized (lock) {
              try {
                out.write(packet);
                out.flush();
              } catch (IOException e) {
                LOG.debug("{}: write failed: {}", name, e.toString());
              }
            }
          }

          @Override
          public void close(Throwable error) {
            synchronized (lock) {
              try {
                out.close();
              } catch (IOException e) {
                LOG.debug("{}: close failed: {}", name, e.toString());
              }
            }
          }

          @Override
          public void setReadPaused(boolean p) {
            synchronized (pause) {
              paused[0] = p;
              if (!p) pause.notifyAll();
            }
          }
        };
    RelaySession session = relays.start(name, initialRef, wire);
    Thread reader =
        new Thread(
            () -> {
              byte[] buf = new byte[65536];
              try {
                while (true) {
                  synchronized (pause) {
                    while (paused[0]) pause.wait();
                  }
                  int n = in.read(buf);
                  if (n < 0) break;
                  session.streamInput(buf, 0, n);
                }
                session.inputClosed(null);
              } catch (IOException e) {
                session.inputClosed(e);
              } catch (InterruptedException e) {
                session.inputClosed(e);
              }
            },
            "stdio-" + name);
    reader.setDaemon(true);
    reader.start();
  }
}
