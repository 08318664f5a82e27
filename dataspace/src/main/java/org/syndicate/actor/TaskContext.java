package org.syndicate.actor;

import java.util.function.Consumer;

/** What a {@link LinkedTask} may do from its virtual thread. Thread-safe. */
public final class TaskContext {
  private final Facet facet;
  volatile boolean cancelled;
  volatile Thread thread;

  TaskContext(Facet facet) {
    this.facet = facet;
  }

  /** @return the facet the task is linked to. */
  public Facet facet() {
    return facet;
  }

  /** @return true once the facet has stopped (the thread has then also been interrupted). */
  public boolean isCancelled() {
    return cancelled;
  }

  /**
   * Schedules a turn in the task's facet (dropped if the facet has stopped by then).
   *
   * @param body the turn's code
   * @return false if the actor has already terminated
   */
  public boolean execute(Consumer<Turn> body) {
    return facet.execute(body);
  }

  void cancel() {
    cancelled = true;
    Thread t = thread;
    if (t != null) t.interrupt();
  }
}
