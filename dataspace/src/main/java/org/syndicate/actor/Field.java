package org.syndicate.actor;

import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A mutable cell owned by one actor whose changes re-run the {@link Turn#dataflow} blocks that
 * read it (the reference runtime's fields and dataflow). Reads and writes happen only in turns of
 * the owning actor. Setting a field to a value {@link Object#equals equal} to its current one
 * changes nothing. A write in an event that is rolled back is undone.
 *
 * @param <T> the value type (values should be immutable)
 */
public final class Field<T> {
  private final Actor owner;
  private T value;
  final LinkedHashSet<DataflowBlock> dependents = new LinkedHashSet<>();

  Field(Actor owner, T initial) {
    this.owner = owner;
    this.value = initial;
  }

  /**
   * Reads the value; inside a dataflow block this makes the block depend on the field.
   *
   * @param t a turn of the owning actor
   * @return the current value
   * @throws IllegalStateException if {@code t} belongs to another actor
   */
  public T get(Turn t) {
    check(t);
    t.recordRead(this);
    return value;
  }

  /**
   * Writes the value; the blocks depending on the field re-run before this turn commits.
   *
   * @param t a turn of the owning actor
   * @param v the new value
   * @throws IllegalStateException if {@code t} belongs to another actor
   */
  public void set(Turn t, T v) {
    check(t);
    if (Objects.equals(v, value)) return;
    T old = value;
    value = v;
    t.fieldChanged(this, () -> value = old);
  }

  /**
   * @param t a turn of the owning actor
   * @param f computes the new value from the current one (which is read without recording a
   *     dependency)
   */
  public void update(Turn t, UnaryOperator<T> f) {
    check(t);
    set(t, f.apply(value));
  }

  private void check(Turn t) {
    if (t.actor() != owner) throw new IllegalStateException("field of " + owner + " used from a turn of " + t.actor());
  }

  @Override
  public String toString() {
    return "Field[" + value + "]";
  }
}
