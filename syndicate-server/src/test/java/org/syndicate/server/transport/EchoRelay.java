package org.syndicate.server.transport;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.syndicate.actor.Ref;

/** A stand-in relay for transport tests: records input and echoes every stream chunk or frame. */
final class EchoRelay implements RelayStarter {
  static final class Session implements RelaySession {
    final String name;
    final Ref initial;
    final Wire wire;
    final ByteArrayOutputStream stream = new ByteArrayOutputStream();
    final List<byte[]> frames = new CopyOnWriteArrayList<>();
    volatile boolean closed;
    volatile Throwable closeError;

    Session(String name, Ref initial, Wire wire) {
      this.name = name;
      this.initial = initial;
      this.wire = wire;
    }

    @Override
    public synchronized void streamInput(byte[] data, int off, int len) {
      stream.write(data, off, len);
      byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
      wire.send(copy);
    }

    @Override
    public void frameInput(byte[] data, int off, int len) {
      byte[] copy = java.util.Arrays.copyOfRange(data, off, off + len);
      frames.add(copy);
      wire.send(copy);
    }

    @Override
    public void inputClosed(Throwable error) {
      closeError = error;
      closed = true;
    }

    synchronized byte[] received() {
      return stream.toByteArray();
    }
  }

  final List<Session> sessions = new CopyOnWriteArrayList<>();

  @Override
  public RelaySession start(String name, Ref initialRef, Wire wire) {
    Session s = new Session(name, initialRef, wire);
    sessions.add(s);
    return s;
  }
}
