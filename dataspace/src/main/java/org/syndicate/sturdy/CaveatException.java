package org.syndicate.sturdy;

/**
 * A caveat that parses but may not be attached to a reference (reference note
 * syndicate-server.md §4.2 "Validation"; syndicate-rs {@code rewrite.rs} {@code CaveatError}), or
 * one that exceeds this implementation's nesting limit.
 *
 * <p>Thrown when caveats are attached: by {@link Attenuation#of}, during sturdy-ref validation
 * ({@link SturdyRef#validate}) and by the relay when it decodes a {@code [1 oid caveats…]} wire
 * ref. The message names the offending caveat by its path, e.g. {@code caveat 1: alternative 0:
 * template: <ref 3> refers to binding 3, but the pattern binds only 1 value(s)}.
 */
public final class CaveatException extends RuntimeException {
  /** What is wrong with the caveat. */
  public enum Problem {
    /** A template {@code <ref N>} whose N is not below the pattern's binding count (or is negative). */
    UNBOUND_REF,
    /** A {@code <bind …>} inside a {@code <not …>} of a rewrite's pattern. */
    BINDING_UNDER_NEGATION,
    /** Patterns, templates and nested attenuations are nested deeper than {@link Attenuation#MAX_DEPTH}. */
    TOO_DEEP
  }

  private final Problem problem;
  private final String path;

  /**
   * @param problem what is wrong
   * @param path where, from the outermost caveat list inwards (e.g. {@code caveat 0: template})
   * @param detail human-readable explanation
   */
  public CaveatException(Problem problem, String path, String detail) {
    super(path.isEmpty() ? detail : path + ": " + detail);
    this.problem = problem;
    this.path = path;
  }

  /** @return what is wrong with the caveat. */
  public Problem problem() {
    return problem;
  }

  /** @return where the problem is, outermost first; may be empty. */
  public String path() {
    return path;
  }
}
