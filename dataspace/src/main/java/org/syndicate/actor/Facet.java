package org.syndicate.actor;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.syndicate.preserves.Value;

/**
 * A node of an actor's facet tree (reference note §0, §3.5). Every assertion, entity, stop
 * action, timer and linked task belongs to one facet; stopping it stops its children first, runs
 * its stop actions in its parent's context, then retracts everything it asserted.
 *
 * <p>A child facet that is inert (no children, assertions, linked tasks or linked actors, and no
 * {@link Turn#preventInertCheck} in force) is stopped automatically at two moments only: when
 * its boot code returns, and when one of its children stops (reference note §3.5). The root
 * facet is never stopped for being inert: an actor that only holds entities (a dataspace, say)
 * lives until it is stopped or fails.
 *
 * <p>All state is touched only inside turns of the owning actor; the public methods here are
 * thread-safe reads and {@link #execute}.
 */
public final class Facet {
  private static final AtomicLong IDS = new AtomicLong();

  enum State {
    ALIVE,
    STOPPING,
    STOPPED
  }

  /** An assertion made from this facet: the ref it went to and the (rewritten) value. */
  record Outbound(Ref target, Value value) {}

  private final long id = IDS.incrementAndGet();
  private final Actor actor;
  private final Facet parent;
  volatile State state = State.ALIVE;
  final LinkedHashSet<Facet> children = new LinkedHashSet<>();
  final LinkedHashMap<Long, Outbound> outbound = new LinkedHashMap<>();
  List<Consumer<Turn>> stopActions = new ArrayList<>();
  final Set<Entity> entities = Collections.newSetFromMap(new IdentityHashMap<>());
  final Set<TimerHandle> timers = new LinkedHashSet<>();
  final Set<TaskContext> tasks = new LinkedHashSet<>();
  final List<Actor> linkedActors = new ArrayList<>();
  int inertPreventers;

  Facet(Actor actor, Facet parent) {
    this.actor = actor;
    this.parent = parent;
  }

  /** @return a process-unique id, for logs. */
  public long id() {
    return id;
  }

  /** @return the owning actor. */
  public Actor actor() {
    return actor;
  }

  /** @return the parent facet, or null for the root facet. */
  public Facet parent() {
    return parent;
  }

  /** @return true for the actor's root facet. */
  public boolean isRoot() {
    return parent == null;
  }

  /** @return true until the facet starts stopping. */
  public boolean isAlive() {
    return state == State.ALIVE;
  }

  /**
   * Inert: no children, no assertions, no linked tasks or linked actors, no inert-check
   * preventers (stop actions and entities do not count; reference note §3.5).
   */
  boolean isInert() {
    return children.isEmpty()
        && outbound.isEmpty()
        && tasks.isEmpty()
        && linkedActors.isEmpty()
        && inertPreventers == 0;
  }

  /**
   * Schedules a turn running {@code body} in this facet (from any thread: a Netty event loop, a
   * virtual thread, a timer). Dropped if the facet has stopped by the time the turn runs.
   *
   * @param body the turn's code
   * @return false if the actor has already terminated
   */
  public boolean execute(Consumer<Turn> body) {
    return actor.enqueueOne(this, body);
  }

  /**
   * As {@link #execute(Consumer)}, on behalf of {@code account} (reference note §2.9): the turn
   * borrows one unit until it has run or been dropped, and what it queues is charged there too.
   *
   * @param account who pays
   * @param body the turn's code
   * @return false if the actor has already terminated (nothing stays borrowed then)
   */
  public boolean execute(Account account, Consumer<Turn> body) {
    return actor.enqueueOne(this, body, actor.externalTag("execute"), account);
  }

  @Override
  public String toString() {
    return "Facet[" + id + " of " + actor.name() + " " + state + "]";
  }
}
