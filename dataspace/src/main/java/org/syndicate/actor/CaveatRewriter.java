package org.syndicate.actor;

import org.syndicate.preserves.Value;

/**
 * The rewriting function of an attenuated {@link Ref}: every assertion and message sent through
 * the ref passes through it before it is queued (reference note §4.2: a caveat chain rewrites or
 * rejects). Implementations must be pure and thread-safe.
 */
@FunctionalInterface
public interface CaveatRewriter {
  /**
   * @param value the value being asserted or sent
   * @return the value to deliver instead, or {@code null} to reject it (a rejected assertion still
   *     gets a handle, but nothing is delivered and retracting it does nothing)
   */
  Value rewrite(Value value);

  /**
   * @param inner the rewriter to apply after this one
   * @return a rewriter applying this one first, then {@code inner} (null stops the chain)
   */
  default CaveatRewriter andThen(CaveatRewriter inner) {
    return v -> {
      Value w = rewrite(v);
      return w == null ? null : inner.rewrite(w);
    };
  }
}
