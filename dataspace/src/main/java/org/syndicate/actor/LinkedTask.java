package org.syndicate.actor;

/**
 * Blocking work linked to a facet, run on its own virtual thread by {@link Turn#linkedTask}
 * (DESIGN.md "Runtime model": blocking work re-enters the actor world only by scheduling a turn).
 *
 * <p>While it runs, the task keeps its facet from being inert. When the facet stops, the thread
 * is interrupted and {@link TaskContext#isCancelled()} becomes true. Returning normally just
 * unlinks the task; throwing (other than after cancellation) stops the facet as a failed turn
 * would (the actor fails when it is the root facet).
 */
@FunctionalInterface
public interface LinkedTask {
  /**
   * @param context how to re-enter the actor
   * @throws Exception any failure, reported as above
   */
  void run(TaskContext context) throws Exception;
}
