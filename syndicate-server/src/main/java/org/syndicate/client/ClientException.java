package org.syndicate.client;

/**
 * A failure the {@code syndicate} client reports to its user as one line on stderr, with the
 * process exit status to use: {@link #CONNECTION} (1) for anything that went wrong talking to the
 * server (refused, closed, a route step rejected or unanswered), {@link #USAGE} (2) for bad input
 * on the command line (Preserves syntax, a malformed route or pattern).
 */
public final class ClientException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Exit status for connection and server-side failures. */
  public static final int CONNECTION = 1;

  /** Exit status for bad command-line input. */
  public static final int USAGE = 2;

  private final int exitCode;

  /**
   * @param exitCode {@link #CONNECTION} or {@link #USAGE}
   * @param message the one-line message (without the program name)
   */
  public ClientException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  /** @return the process exit status to use. */
  public int exitCode() {
    return exitCode;
  }
}
