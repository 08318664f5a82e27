package org.syndicate.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/**
 * A thread-safe record of what an observer saw at a dataspace: events as text, {@code +V} for an
 * assertion, {@code -V} for its retraction and {@code !V} for a message (V in the Preserves text
 * syntax of {@link Value#toString()}), and the assertions live now, by handle.
 *
 * <p>{@link #observer(boolean)} gives the entity to put in an {@code <Observe <bind <_>> #:E>}
 * (syndicate-server.md, dataspace patterns): it receives the captures sequence and records its
 * only element, leaving {@code Observe} records out so that the log shows what the code under
 * test asserted rather than who listens.
 *
 * <p>Every change wakes the threads in {@link #awaitEvent}; state a test keeps beside the log can
 * share its lock ({@link #lock()}) and call {@link #signal()} to be awaited the same way.
 */
public final class EventLog {
  private final Object lock = new Object();
  private final List<String> events = new ArrayList<>();
  private final Map<Long, Value> live = new HashMap<>();

  /** The monitor that guards this log; hold it to read extra state together with the log. */
  public Object lock() {
    return lock;
  }

  /** Wakes every thread waiting in {@link #awaitEvent}; call it holding or not holding the lock. */
  public void signal() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * An entity that records the first capture of each assertion and message it receives
   * (Observe records left out).
   *
   * @param messages whether messages are recorded as {@code !V}; when false they are ignored
   */
  public Entity observer(boolean messages) {
    return new Entity() {
      @Override
      public void onAssert(Turn t, Value captures, long handle) {
        Value x = ((Sequence) captures).get(0);
        if (x.isRecord("Observe")) return;
        asserted(handle, x);
      }

      @Override
      public void onRetract(Turn t, long handle) {
        retracted(handle);
      }

      @Override
      public void onMessage(Turn t, Value captures) {
        if (messages) message(((Sequence) captures).get(0));
      }
    };
  }

  /** Records {@code +x} and makes {@code x} live under {@code handle}. */
  public void asserted(long handle, Value x) {
    synchronized (lock) {
      live.put(handle, x);
      events.add("+" + x);
      lock.notifyAll();
    }
  }

  /** Records {@code -x} when {@code handle} was live (and only then). */
  public void retracted(long handle) {
    synchronized (lock) {
      Value x = live.remove(handle);
      if (x != null) events.add("-" + x);
      lock.notifyAll();
    }
  }

  /** Records {@code !x}. */
  public void message(Value x) {
    synchronized (lock) {
      events.add("!" + x);
      lock.notifyAll();
    }
  }

  /** @return how many events are recorded (since the last {@link #drain}). */
  public int size() {
    synchronized (lock) {
      return events.size();
    }
  }

  /** @return the events so far, oldest first. */
  public List<String> events() {
    synchronized (lock) {
      return List.copyOf(events);
    }
  }

  /** @return the events so far, oldest first, and forgets them (live assertions stay). */
  public List<String> drain() {
    synchronized (lock) {
      List<String> out = List.copyOf(events);
      events.clear();
      return out;
    }
  }

  /** @return the live assertions as text, sorted. */
  public List<String> live() {
    synchronized (lock) {
      return live.values().stream().map(Value::toString).sorted().toList();
    }
  }

  /** @return the live assertions, in no particular order. */
  public List<Value> liveValues() {
    synchronized (lock) {
      return List.copyOf(live.values());
    }
  }

  /** @return whether {@code x} is live (under any handle). */
  public boolean has(Value x) {
    synchronized (lock) {
      return live.containsValue(x);
    }
  }

  /**
   * Waits, holding {@link #lock()}, until {@code condition} holds; it is checked again after each
   * event or {@link #signal()}, and at least every 50 ms.
   *
   * @throws AssertionError {@code "timed out waiting for: " + what + diagnostics} after
   *     {@code deadline}, or when interrupted (the interrupt flag is set again)
   */
  public void awaitEvent(String what, Duration deadline, BooleanSupplier condition, Supplier<String> diagnostics) {
    long end = System.nanoTime() + deadline.toNanos();
    synchronized (lock) {
      while (!condition.getAsBoolean()) {
        long left = end - System.nanoTime();
        if (left <= 0) throw new AssertionError("timed out waiting for: " + what + diagnostics.get());
        try {
          lock.wait(Math.max(1, Math.min(50, TimeUnit.NANOSECONDS.toMillis(left))));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }
}
