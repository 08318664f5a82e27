package org.syndicate.sturdy;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.Value;

/**
 * A checked list of caveats, oldest first, as carried by an attenuated reference (reference note
 * syndicate-server.md §4.2; syndicate-rs {@code Cap::rewrite}). Immutable.
 *
 * <p>{@link #apply(Value)} runs the caveats <b>right to left</b>: the newest (last) caveat sees
 * the asserted or sent value first, and each one's output feeds the next older one. A rejection
 * anywhere rejects the value. Syncs are never attenuated (that is the caller's business).
 *
 * <p>Composition: a reference attenuated by {@code a} and then by {@code b} carries {@code
 * a.then(b)}; {@code a.then(b).apply(v) == a.apply(b.apply(v))} (with null propagating).
 */
public final class Attenuation {
  /**
   * The deepest nesting of caveats, patterns, templates and nested {@code attenuate} caveat lists
   * that {@link #of} accepts (each caveat, pattern or template level counts one; the values
   * inside {@code <lit …>} are not counted).
   */
  public static final int MAX_DEPTH = 256;

  /** No caveats: passes everything unchanged. */
  public static final Attenuation NONE = new Attenuation(List.of());

  private final List<Caveat> caveats;

  /** @param caveats already checked caveats, oldest first (copied). */
  Attenuation(List<Caveat> caveats) {
    this.caveats = List.copyOf(caveats);
  }

  /**
   * Reads and checks caveats, e.g. those of a sturdy ref or of a {@code [1 oid caveats…]} wire
   * ref.
   *
   * @param caveatValues caveat values, oldest first
   * @return the attenuation
   * @throws CaveatException when a caveat has an unbound {@code <ref>}, a bind under negation,
   *     or nests deeper than {@link #MAX_DEPTH}; the message starts {@code caveat I:}
   */
  public static Attenuation of(List<? extends Value> caveatValues) {
    if (caveatValues.isEmpty()) return NONE;
    List<Caveat> out = new ArrayList<>(caveatValues.size());
    for (int i = 0; i < caveatValues.size(); i++) out.add(compile(caveatValues.get(i), "caveat " + i));
    return new Attenuation(out);
  }

  /** Parses and checks one caveat; {@code path} prefixes error messages. */
  static Caveat compile(Value caveatValue, String path) {
    Caveat c;
    try {
      c = Caveat.parse(caveatValue);
    } catch (CaveatException e) {
      throw new CaveatException(e.problem(), path, e.getMessage());
    }
    return c.check(path);
  }

  /** As {@link #of(List)}, from caveat values given one by one. */
  public static Attenuation of(Value... caveatValues) {
    return of(List.of(caveatValues));
  }

  /**
   * Runs the caveats right to left over {@code v}.
   *
   * @param v an assertion or message body
   * @return the value the target receives, or null when some caveat rejects it
   */
  public Value apply(Value v) {
    Value cur = v;
    for (int i = caveats.size() - 1; i >= 0 && cur != null; i--) cur = caveats.get(i).apply(cur);
    return cur;
  }

  /**
   * @param newer caveats added later (they run before this attenuation's)
   * @return this attenuation's caveats followed by {@code newer}'s
   */
  public Attenuation then(Attenuation newer) {
    if (newer.caveats.isEmpty()) return this;
    if (caveats.isEmpty()) return newer;
    List<Caveat> all = new ArrayList<>(caveats.size() + newer.caveats.size());
    all.addAll(caveats);
    all.addAll(newer.caveats);
    return new Attenuation(all);
  }

  /** @return the checked caveats, oldest first (immutable). */
  public List<Caveat> caveats() {
    return caveats;
  }

  /** @return the caveats' values, oldest first, as they go on the wire. */
  public List<Value> caveatValues() {
    List<Value> out = new ArrayList<>(caveats.size());
    for (Caveat c : caveats) out.add(c.source());
    return List.copyOf(out);
  }

  /** @return true when there are no caveats. */
  public boolean isEmpty() {
    return caveats.isEmpty();
  }

  /** @return the number of caveats. */
  public int size() {
    return caveats.size();
  }

  static CaveatException tooDeep() {
    return new CaveatException(
        CaveatException.Problem.TOO_DEEP, "", "caveat nesting exceeds the limit of " + MAX_DEPTH + " levels");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Attenuation a && caveatValues().equals(a.caveatValues());
  }

  @Override
  public int hashCode() {
    return caveatValues().hashCode();
  }

  @Override
  public String toString() {
    return caveatValues().toString();
  }
}
