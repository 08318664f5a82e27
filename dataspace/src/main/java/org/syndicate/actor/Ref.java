package org.syndicate.actor;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Value;
import org.syndicate.sturdy.Attenuable;
import org.syndicate.sturdy.Attenuation;

/**
 * A reference to an {@link Entity} living in a {@link Facet} of an {@link Actor}, optionally
 * attenuated by a list of caveats (DESIGN.md "Runtime model"; reference note §2.5, §4.2).
 *
 * <p>Refs travel inside assertions as {@link Embedded} payloads ({@link #embedded()}). Identity:
 * every {@link Turn#ref} call makes a new base identity (a process-unique {@link #id()}); two refs
 * are equal when they share the base identity and have equal caveat lists. {@link #compareTo}
 * orders by id, then caveats, consistently with {@code equals}, so refs can sit in Preserves sets
 * and dictionary keys.
 *
 * <p>Sending through an attenuated ref passes the value through its {@link CaveatRewriter}
 * first; a rejected assertion or message is dropped (see {@link Turn#publish}).
 */
public final class Ref implements Comparable<Ref>, Attenuable {
  private static final AtomicLong IDS = new AtomicLong();

  private final Facet facet;
  private final Entity entity;
  private final long id;
  private final List<Value> caveats;
  private final CaveatRewriter rewriter;

  private Ref(Facet facet, Entity entity, long id, List<Value> caveats, CaveatRewriter rewriter) {
    this.facet = facet;
    this.entity = entity;
    this.id = id;
    this.caveats = caveats;
    this.rewriter = rewriter;
  }

  static Ref create(Facet facet, Entity entity) {
    return new Ref(facet, Objects.requireNonNull(entity, "entity"), IDS.incrementAndGet(), List.of(), null);
  }

  /** @return the actor owning the entity (its mailbox). */
  public Actor actor() {
    return facet.actor();
  }

  /** @return the facet the entity belongs to; events are dropped once it has stopped. */
  public Facet facet() {
    return facet;
  }

  /** @return the entity. */
  public Entity entity() {
    return entity;
  }

  /** @return the process-unique id of the base (unattenuated) ref. */
  public long id() {
    return id;
  }

  /** @return the caveats, oldest first (empty for an unattenuated ref). Immutable. */
  public List<Value> caveats() {
    return caveats;
  }

  /** @return true when this ref carries caveats. */
  public boolean isAttenuated() {
    return !caveats.isEmpty();
  }

  /** @return this ref without its caveats (same base identity). */
  public Ref unattenuated() {
    return caveats.isEmpty() ? this : new Ref(facet, entity, id, List.of(), null);
  }

  /**
   * Attenuates with caveats compiled by the installed {@link CaveatCompiler} (by default the
   * caveat language of {@code org.syndicate.sturdy}).
   *
   * @param more caveats to add (newer than the existing ones)
   * @return a ref equal to this one when {@code more} is empty, else a new attenuated ref
   * @throws RuntimeException if the compiler rejects a caveat ({@code
   *     org.syndicate.sturdy.CaveatException} with the default compiler)
   */
  public Ref attenuate(List<Value> more) {
    if (more.isEmpty()) return this;
    return attenuate(more, CaveatCompiler.installed().compile(more));
  }

  /**
   * Attenuates with already checked caveats ({@link Attenuable}, used by caveat templates).
   *
   * @param more checked caveats, newer than this ref's
   * @return the attenuated ref ({@code this} when {@code more} is empty)
   */
  @Override
  public Ref attenuate(Attenuation more) {
    if (more.isEmpty()) return this;
    return attenuate(more.caveatValues(), more::apply);
  }

  /**
   * Attenuates with caveats and an explicit rewriter for them.
   *
   * @param more caveats to add (newer than the existing ones); recorded for equality and for the
   *     relay's wire form {@code [1 oid caveats…]}
   * @param rewriterForMore the rewriting function of {@code more}; it runs before the existing
   *     caveats' rewriter (newest first, reference note §4.2)
   * @return the attenuated ref
   */
  public Ref attenuate(List<Value> more, CaveatRewriter rewriterForMore) {
    Objects.requireNonNull(rewriterForMore, "rewriterForMore");
    if (more.isEmpty()) return this;
    List<Value> all = new ArrayList<>(caveats.size() + more.size());
    all.addAll(caveats);
    all.addAll(more);
    CaveatRewriter r = rewriter == null ? rewriterForMore : rewriterForMore.andThen(rewriter);
    return new Ref(facet, entity, id, List.copyOf(all), r);
  }

  /**
   * @param value a value about to be asserted or sent through this ref
   * @return the value to deliver, or null when the caveats reject it
   */
  public Value rewrite(Value value) {
    return rewriter == null ? value : rewriter.rewrite(value);
  }

  /** @return {@code Embedded.of(this)}, the form in which a ref sits inside a Preserves value. */
  public Embedded embedded() {
    return Embedded.of(this);
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof Ref r && r.id == id && r.caveats.equals(caveats));
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + caveats.hashCode();
  }

  @Override
  public int compareTo(Ref o) {
    int c = Long.compare(id, o.id);
    if (c != 0) return c;
    int n = Math.min(caveats.size(), o.caveats.size());
    for (int i = 0; i < n; i++) {
      c = caveats.get(i).compareTo(o.caveats.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(caveats.size(), o.caveats.size());
  }

  @Override
  public String toString() {
    return "Ref[" + id + "@" + facet.actor().name() + (caveats.isEmpty() ? "" : " caveats=" + caveats) + "]";
  }
}
