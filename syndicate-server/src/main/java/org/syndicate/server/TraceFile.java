package org.syndicate.server;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Tracer;
import org.syndicate.preserves.text.TextWriter;
import org.syndicate.schemas.trace.ActorActivation;
import org.syndicate.schemas.trace.ActorId;
import org.syndicate.schemas.trace.TraceEntry;

/**
 * The {@code -t/--trace-file} writer (reference note syndicate-server.md §1 "-t", §8.5): every
 * record the runtime's {@link Tracer} hooks produce becomes a {@code trace.prs} {@code
 * <trace TIMESTAMP ACTOR-ID ITEM>} (TIMESTAMP in seconds since the Unix epoch, as a double),
 * written in compact text syntax, one value per line. Embedded refs are written as their debug
 * strings ({@link TextWriter#DEBUG_CODEC}: {@code #:"Ref[…]"}). Lines are buffered and flushed
 * every 100 ms by a daemon thread, and at {@link #close()}.
 *
 * <p>Records are formatted on the recording (turn) thread and appended under a lock, so memory
 * stays bounded however fast actors run. A write error is logged once and turns the writer off
 * (the server keeps running).
 */
public final class TraceFile implements Tracer, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TraceFile.class);
  /** Flush period, as the reference. */
  public static final long FLUSH_MILLIS = 100;

  private final Path path;
  private final BufferedWriter out;
  private final ScheduledExecutorService flusher;
  private boolean broken;
  private boolean closed;

  private TraceFile(Path path, BufferedWriter out) {
    this.path = path;
    this.out = out;
    this.flusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "syndicate-trace-flush");
              t.setDaemon(true);
              return t;
            });
    flusher.scheduleWithFixedDelay(this::flush, FLUSH_MILLIS, FLUSH_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Creates or truncates {@code path} and starts the periodic flush.
   *
   * @param path the trace file
   * @return the writer (a {@link Tracer})
   * @throws IOException if the file cannot be created or opened for writing
   */
  public static TraceFile open(Path path) throws IOException {
    BufferedWriter w =
        new BufferedWriter(
            new OutputStreamWriter(
                Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE),
                StandardCharsets.UTF_8),
            1 << 16);
    return new TraceFile(path, w);
  }

  /** @return the file written to. */
  public Path path() {
    return path;
  }

  /**
   * Formats one line: the compact text of {@code <trace TIMESTAMP ACTOR ITEM>}.
   *
   * @param timestamp seconds since the Unix epoch
   * @param actor the actor id
   * @param activation what happened
   * @return the line, without its newline
   */
  public static String line(double timestamp, ActorId actor, ActorActivation activation) {
    TraceEntry e = new TraceEntry(timestamp, actor, activation);
    return TextWriter.toText(e.unparse(), new TextWriter.Options(false, 0, TextWriter.DEBUG_CODEC));
  }

  @Override
  public void record(ActorId actor, ActorActivation activation) {
    String s;
    try {
      s = line(System.currentTimeMillis() / 1000.0, actor, activation);
    } catch (RuntimeException e) {
      LOG.warn("cannot format a trace record for actor {}: {}", actor.value(), e.toString());
      return;
    }
    synchronized (this) {
      if (broken || closed) return;
      try {
        out.write(s);
        out.write('\n');
      } catch (IOException e) {
        fail(e);
      }
    }
  }

  /** Writes buffered lines to the file now (also done every {@value #FLUSH_MILLIS} ms). */
  public synchronized void flush() {
    if (broken || closed) return;
    try {
      out.flush();
    } catch (IOException e) {
      fail(e);
    }
  }

  private void fail(IOException e) {
    broken = true;
    LOG.error("trace file {}: write failed, tracing stops: {}", path, e.toString());
  }

  /** Flushes and closes the file and stops the flush thread. Later records are dropped. */
  @Override
  public void close() {
    flusher.shutdownNow();
    synchronized (this) {
      if (closed) return;
      flush();
      closed = true;
      try {
        out.close();
      } catch (IOException e) {
        LOG.warn("trace file {}: close failed: {}", path, e.toString());
      }
    }
  }
}
