package org.syndicate.process.daemon;

/**
 * How a daemon process's stdin and stdout are used: the {@code protocol} key of a daemon spec
 * (externalServices.prs {@code Protocol}; reference note §7.6).
 */
public enum DaemonProtocol {
  /** {@code none}: stdin is {@code /dev/null}; stdout and stderr lines are logged to {@code $log}. */
  NONE("none"),
  /** {@code application/syndicate}: a binary Syndicate relay on stdin/stdout; stderr logged. */
  BINARY_SYNDICATE("application/syndicate"),
  /** {@code text/syndicate}: a text Syndicate relay on stdin/stdout; stderr logged. */
  TEXT_SYNDICATE("text/syndicate");

  private final String symbol;

  DaemonProtocol(String symbol) {
    this.symbol = symbol;
  }

  /** @return the spec's symbol for it. */
  public String symbol() {
    return symbol;
  }

  /** @return true for the two Syndicate relay protocols. */
  public boolean isRelay() {
    return this != NONE;
  }

  /**
   * @param name a symbol name from a spec
   * @return the protocol, or null if unknown
   */
  public static DaemonProtocol fromSymbol(String name) {
    for (DaemonProtocol p : values()) if (p.symbol.equals(name)) return p;
    return null;
  }
}
