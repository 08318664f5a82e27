package org.syndicate.dataspace;

import java.util.HashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/**
 * The dataspace entity (reference note §3.1–§3.4; conformance rows §10 24–33).
 *
 * <ul>
 *   <li>Assertions are counted as a bag: only a value's first appearance (0→1) and final
 *       disappearance (1→0) reach the index and hence the observers.
 *   <li>{@code <Observe PATTERN #:observer>} ({@link Observe#parse}), besides being an ordinary
 *       assertion, registers the pattern on 0→1 (the observer at once receives one assertion per
 *       distinct capture tuple of the present matches) and unregisters it on 1→0 (retracting all
 *       of those). An Observe that does not parse is only an ordinary assertion.
 *   <li>Messages go to every matching registration's observer, as a sequence of captures; they
 *       are not stored.
 *   <li>Retracting an unknown handle logs a warning and does nothing. Sync answers at once (all
 *       earlier events from the same sender are already handled).
 * </ul>
 *
 * <p>Create one with {@link #create(Turn)}; it lives in the current facet, and when that facet
 * stops everything the dataspace asserted to observers is retracted.
 */
public final class Dataspace implements Entity {
  private static final Logger LOG = LoggerFactory.getLogger(Dataspace.class);

  private final String name;
  private final int maxPatternDepth;
  private final HashMap<Long, Value> byHandle = new HashMap<>();
  private final HashMap<Value, int[]> bag = new HashMap<>();
  private final SkeletonIndex<Ref> index = new SkeletonIndex<>();
  private final TurnEvents events = new TurnEvents();

  /**
   * @param name for logs
   * @param maxPatternDepth nesting limit for Observe patterns (deeper ones are ordinary
   *     assertions)
   */
  public Dataspace(String name, int maxPatternDepth) {
    this.name = name;
    this.maxPatternDepth = maxPatternDepth;
  }

  /** A dataspace named "dataspace" with the default pattern depth limit. */
  public Dataspace() {
    this("dataspace", Pattern.DEFAULT_MAX_DEPTH);
  }

  /**
   * Makes a new dataspace in the current facet of {@code t}.
   *
   * @param t the running turn
   * @return a ref to it
   */
  public static Ref create(Turn t) {
    return t.ref(new Dataspace());
  }

  /**
   * Makes a new named dataspace in the current facet of {@code t}.
   *
   * @param t the running turn
   * @param name for logs
   * @return a ref to it
   */
  public static Ref create(Turn t, String name) {
    return t.ref(new Dataspace(name, Pattern.DEFAULT_MAX_DEPTH));
  }

  /** @return the number of distinct values asserted (for tests and stats). */
  public int distinctAssertions() {
    return bag.size();
  }

  /** @return the number of live handles (for tests and stats). */
  public int handleCount() {
    return byHandle.size();
  }

  @Override
  public void onAssert(Turn t, Value v, long handle) {
    if (byHandle.putIfAbsent(handle, v) != null) {
      LOG.warn("{}: handle {} asserted twice; ignoring the second assertion", name, handle);
      return;
    }
    int[] c = bag.computeIfAbsent(v, k -> new int[1]);
    if (c[0]++ != 0) return;
    SkeletonIndex.Events<Ref> ev = events.with(t);
    index.insert(v, ev);
    Observe o = Observe.parse(v, maxPatternDepth);
    if (o != null) index.addObserver(v, o.pattern(), o.observer(), ev);
  }

  @Override
  public void onRetract(Turn t, long handle) {
    Value v = byHandle.remove(handle);
    if (v == null) {
      LOG.warn("{}: retraction of unknown handle {}", name, handle);
      return;
    }
    int[] c = bag.get(v);
    if (--c[0] != 0) return;
    bag.remove(v);
    SkeletonIndex.Events<Ref> ev = events.with(t);
    index.removeObserver(v, ev);
    index.remove(v, ev);
  }

  @Override
  public void onMessage(Turn t, Value body) {
    index.message(body, events.with(t));
  }

  @Override
  public String toString() {
    return "Dataspace[" + name + ", " + index + "]";
  }

  /** Forwards index output to observers through the running turn. */
  private static final class TurnEvents implements SkeletonIndex.Events<Ref> {
    private Turn turn;

    TurnEvents with(Turn t) {
      turn = t;
      return this;
    }

    @Override
    public long assertCaptures(Ref observer, Sequence captures) {
      return turn.publish(observer, captures);
    }

    @Override
    public void retract(Ref observer, long handle) {
      turn.retract(handle);
    }

    @Override
    public void message(Ref observer, Sequence captures) {
      turn.message(observer, captures);
    }
  }
}
