package org.syndicate.dataspace;

import org.syndicate.actor.Ref;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * An interest in a dataspace: {@code <Observe @pattern dataspacePatterns.Pattern @observer #:any>}
 * (dataspace.prs; reference note §3.1).
 *
 * @param pattern what to match
 * @param observer who receives the captures (as assertions of sequences, or messages)
 */
public record Observe(Pattern pattern, Ref observer) {
  /** The record label {@code Observe}. */
  public static final Symbol LABEL = Symbol.of("Observe");

  /** @return {@code <Observe pattern #:observer>}. */
  public Value toValue() {
    return RecordValue.of(LABEL, pattern.toValue(), Embedded.of(observer));
  }

  /**
   * Reads an Observe assertion the way the dataspace does: a record labelled {@code Observe} with
   * at least two fields (extra fields are ignored, as the reference's schema parser does), a
   * well-formed pattern, and an embedded {@link Ref} as observer.
   *
   * @param v any assertion
   * @param maxPatternDepth nesting limit for the pattern
   * @return the Observe, or null when {@code v} is not a well-formed one (it is then an ordinary
   *     assertion, reference note §3.1)
   */
  public static Observe parse(Value v, int maxPatternDepth) {
    if (!(v instanceof RecordValue r) || r.arity() < 2 || !r.label().equals(LABEL)) return null;
    if (!(r.field(1) instanceof Embedded e) || !(e.payload() instanceof Ref observer)) return null;
    try {
      return new Observe(Pattern.parse(r.field(0), maxPatternDepth), observer);
    } catch (PatternException ex) {
      return null;
    }
  }
}
