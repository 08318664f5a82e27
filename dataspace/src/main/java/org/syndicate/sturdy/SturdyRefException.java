package org.syndicate.sturdy;

/**
 * A sturdy ref that is malformed or fails validation (reference note syndicate-server.md §4.1
 * "Validation"). The gatekeeper answers every {@link Reason} except {@link Reason#MALFORMED} with
 * {@code <error sturdyref-failed-validation>}, as syndicate-rs does.
 */
public final class SturdyRefException extends RuntimeException {
  /** Why the sturdy ref was refused. */
  public enum Reason {
    /** Not of the shape {@code <ref {oid: any, sig: bytes, caveats?: [Caveat …]}>}. */
    MALFORMED,
    /** The {@code caveats} key is present but does not hold a sequence (schema {@code CaveatsField.invalid}). */
    BAD_CAVEATS_FIELD,
    /** The signature does not match the key, oid and caveat chain. */
    BAD_SIGNATURE,
    /** The signature matches but a caveat is invalid (see {@link CaveatException}). */
    INVALID_CAVEAT
  }

  private final Reason reason;

  /**
   * @param reason why the ref was refused
   * @param message what exactly is wrong, naming the key or caveat index concerned
   * @param cause the underlying error, or null
   */
  public SturdyRefException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  /** @return why the ref was refused. */
  public Reason reason() {
    return reason;
  }
}
