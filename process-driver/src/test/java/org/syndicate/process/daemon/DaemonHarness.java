package org.syndicate.process.daemon;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.process.ProcessDriver;
import org.syndicate.testkit.Await;
import org.syndicate.testkit.DataspaceHarness;

/**
 * An in-process server for daemon tests: the shared {@link DataspaceHarness} ({@code $config} in
 * a main actor, every assertion there recorded) plus a {@code $log} dataspace whose messages are
 * kept, and the daemon service registered. Waits poll every 5 ms and do not settle.
 */
final class DaemonHarness extends DataspaceHarness {
  Ref log;
  private final List<Value> logs = new ArrayList<>();
  /** When true, log messages are only counted ({@link #logCount}, {@link #logBytes}), not kept. */
  volatile boolean countLogsOnly;
  final AtomicLong logCount = new AtomicLong();
  final AtomicLong logBytes = new AtomicLong();

  DaemonHarness(ProcessDriver driver, DaemonOptions options) {
    super(Options.DEFAULT.withSettle(Options.DEFAULT.settleRounds(), true, false));
    super.inMain(t -> {
      log = Dataspace.create(t, "log");
      Subscriptions.onMessage(t, log, Patterns.bind(), (turn, c) -> {
        logCount.incrementAndGet();
        if (c.get(0) instanceof RecordValue r && r.arity() == 2 && r.field(1) instanceof Dictionary d) {
          switch (d.get("line")) {
            case StringValue sv -> logBytes.addAndGet(sv.value().getBytes(StandardCharsets.UTF_8).length);
            case ByteString bs -> logBytes.addAndGet(bs.length());
            case null, default -> {}
          }
        }
        if (countLogsOnly) return;
        synchronized (logs) {
          logs.add(c.get(0));
        }
      });
      DaemonService.register(t, config, log, driver, options);
    });
  }

  /** Sends {@code text} to $config as a message from the main actor. */
  void send(String text) {
    message(v(text));
  }

  /** Runs {@code body} in a turn of the main actor, without waiting for it. */
  @Override
  public void inMain(Consumer<Turn> body) {
    main.execute(body);
  }

  /** Polls {@code cond} every 5 ms for up to {@code seconds}. */
  void await(String what, double seconds, BooleanSupplier cond) {
    Await.until(what, seconds(seconds), 5, cond, () -> "; live = " + live() + "; logs = " + logs());
  }

  @Override
  public void await(String what, BooleanSupplier cond) {
    await(what, 10, cond);
  }

  boolean isLive(String text) {
    return has(text);
  }

  /** The assertion events at $config so far ({@code +V}, {@code -V}; messages left out). */
  List<String> history() {
    return events().stream().filter(e -> !e.startsWith("!")).toList();
  }

  List<Value> logs() {
    synchronized (logs) {
      return List.copyOf(logs);
    }
  }

  /** The live {@code <process-status <daemon id> …>} dictionaries for daemon {@code id}. */
  List<Dictionary> statuses(String id) {
    Value name = v("<daemon " + id + ">");
    List<Dictionary> out = new ArrayList<>();
    for (Value x : liveValues()) {
      if (x.isRecord("process-status", 3) && ((RecordValue) x).field(0).equals(name)) {
        out.add((Dictionary) ((RecordValue) x).field(2));
      }
    }
    return out;
  }

  /** The only process-status of daemon {@code id}, or null. */
  Dictionary status(String id) {
    List<Dictionary> s = statuses(id);
    return s.size() == 1 ? s.getFirst() : null;
  }

  /** The pid in the only process-status of {@code id}, or -1. */
  int pid(String id) {
    Dictionary d = status(id);
    return d != null && d.get("pid") instanceof SignedInteger i ? i.intValue() : -1;
  }

  long restarts(String id) {
    Dictionary d = status(id);
    return d != null && d.get("restarts") instanceof SignedInteger i ? i.longValue() : -1;
  }

  /** The {@code line} fields of log messages of daemon {@code id}, in order. */
  List<Value> lines(String id, String stream) {
    Value name = v("<daemon " + id + ">");
    List<Value> out = new ArrayList<>();
    for (Value m : logs()) {
      if (m.isRecord("log", 2) && ((RecordValue) m).field(1) instanceof Dictionary d
          && name.equals(d.get("service")) && (stream == null || v(stream).equals(d.get("stream")))) {
        out.add(d.get("line"));
      }
    }
    return out;
  }

  List<Value> matching(Predicate<Value> p) {
    return liveValues().stream().filter(p).toList();
  }

  static boolean alive(int pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !zombie(pid);
  }

  private static boolean zombie(int pid) {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
      return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  static void sleep(long ms) {
    Await.sleep(ms);
  }

  static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }
}
