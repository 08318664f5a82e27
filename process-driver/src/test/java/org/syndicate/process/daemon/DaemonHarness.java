package org.syndicate.process.daemon;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Scheduler;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Patterns;
import org.syndicate.dataspace.Subscriptions;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;
import org.syndicate.process.ProcessDriver;

/**
 * An in-process server for daemon tests: {@code $config} and {@code $log} dataspaces in a main
 * actor, the daemon service registered, and probes recording every assertion at {@code $config}
 * (Observes left out) and every message at {@code $log}.
 */
final class DaemonHarness implements AutoCloseable {
  final Scheduler scheduler = new Scheduler(2);
  final Actor main;
  Ref config;
  Ref log;
  private final Map<Long, Value> live = new HashMap<>();
  private final List<Value> logs = new ArrayList<>();
  private final List<String> history = new ArrayList<>();
  /** When true, log messages are only counted ({@link #logCount}, {@link #logBytes}), not kept. */
  volatile boolean countLogsOnly;
  final java.util.concurrent.atomic.AtomicLong logCount = new java.util.concurrent.atomic.AtomicLong();
  final java.util.concurrent.atomic.AtomicLong logBytes = new java.util.concurrent.atomic.AtomicLong();

  DaemonHarness(ProcessDriver driver, DaemonOptions options) {
    CompletableFuture<Void> ready = new CompletableFuture<>();
    main = Actor.boot(scheduler, "main", t -> {
      t.preventInertCheck();
      config = Dataspace.create(t, "config");
      log = Dataspace.create(t, "log");
      Subscriptions.observe(t, config, Patterns.bind(), new Entity() {
        @Override
        public void onAssert(Turn turn, Value captures, long handle) {
          Value x = ((Sequence) captures).get(0);
          if (x.isRecord("Observe")) return;
          synchronized (live) {
            live.put(handle, x);
            history.add("+" + x);
          }
        }

        @Override
        public void onRetract(Turn turn, long handle) {
          synchronized (live) {
            Value x = live.remove(handle);
            if (x != null) history.add("-" + x);
          }
        }
      });
      Subscriptions.onMessage(t, log, Patterns.bind(), (turn, c) -> {
        logCount.incrementAndGet();
        if (c.get(0) instanceof RecordValue r && r.arity() == 2 && r.field(1) instanceof Dictionary d) {
          switch (d.get("line")) {
            case org.syndicate.preserves.StringValue sv -> logBytes.addAndGet(sv.value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
            case org.syndicate.preserves.ByteString bs -> logBytes.addAndGet(bs.length());
            case null, default -> {}
          }
        }
        if (countLogsOnly) return;
        synchronized (logs) {
          logs.add(c.get(0));
        }
      });
      DaemonService.register(t, config, log, driver, options);
      ready.complete(null);
    });
    ready.join();
  }

  static Value v(String text) {
    return TextReader.parse(text);
  }

  /** Asserts {@code text} at $config from the main actor; returns the handle. */
  long assertValue(String text) {
    return assertValue(v(text));
  }

  long assertValue(Value value) {
    CompletableFuture<Long> h = new CompletableFuture<>();
    main.execute(t -> h.complete(t.publish(config, value)));
    return h.join();
  }

  void retract(long handle) {
    CompletableFuture<Void> f = new CompletableFuture<>();
    main.execute(t -> {
      t.retract(handle);
      f.complete(null);
    });
    f.join();
  }

  void send(String text) {
    Value x = v(text);
    main.execute(t -> t.message(config, x));
  }

  void inMain(Consumer<Turn> body) {
    main.execute(body);
  }

  /** Polls {@code cond} every 5 ms for up to {@code seconds}. */
  void await(String what, double seconds, BooleanSupplier cond) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (!cond.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what + "; live = " + live() + "; logs = " + logs());
      }
      sleep(5);
    }
  }

  void await(String what, BooleanSupplier cond) {
    await(what, 10, cond);
  }

  void awaitLive(String text) {
    Value x = v(text);
    await(text, () -> liveValues().contains(x));
  }

  void awaitGone(String text) {
    Value x = v(text);
    await("no " + text, () -> !liveValues().contains(x));
  }

  boolean isLive(String text) {
    return liveValues().contains(v(text));
  }

  List<Value> liveValues() {
    synchronized (live) {
      return List.copyOf(live.values());
    }
  }

  List<String> live() {
    return liveValues().stream().map(Value::toString).sorted().toList();
  }

  List<String> history() {
    synchronized (live) {
      return List.copyOf(history);
    }
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
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    main.stop();
    main.exitFuture().orTimeout(10, TimeUnit.SECONDS).join();
    scheduler.close();
  }

  static Duration seconds(double s) {
    return Duration.ofNanos((long) (s * 1e9));
  }
}
