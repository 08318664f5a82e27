package org.syndicate.preserves;

/**
 * Base class of every error this library throws on bad input or misuse: decoders, readers,
 * schema parsing and value construction throw only subclasses of this type (never
 * {@link StackOverflowError}, {@link OutOfMemoryError} or an unchecked JDK exception leaking out).
 */
public class PreservesException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** @param message a one-line human-readable description. */
  public PreservesException(String message) {
    super(message);
  }

  /**
   * @param message a one-line human-readable description.
   * @param cause the underlying error.
   */
  public PreservesException(String message, Throwable cause) {
    super(message, cause);
  }
}
