package org.syndicate.process.daemon;

/**
 * What happens when one process of a daemon exits: the {@code restart} key of a daemon spec
 * (externalServices.prs {@code RestartPolicy}; reference note syndicate-server.md §7.4, the exact
 * table). "Completed" means the process is not restarted while its {@code <daemon ID SPEC>}
 * assertion exists.
 *
 * <table>
 *   <caption>restart table</caption>
 *   <tr><th>policy</th><th>normal exit (status 0)</th><th>abnormal exit or spawn failure</th></tr>
 *   <tr><td>{@link #ALWAYS}</td><td>respawn after 200 ms</td><td>respawn after 1 s (growing, ours)</td></tr>
 *   <tr><td>{@link #ON_ERROR}</td><td>completed</td><td>respawn after 1 s (growing, ours)</td></tr>
 *   <tr><td>{@link #ALL}</td><td>completed</td><td>the whole daemon service fails</td></tr>
 *   <tr><td>{@link #NEVER}</td><td>completed</td><td>completed</td></tr>
 * </table>
 */
public enum RestartPolicy {
  /** {@code always}: the default for every form but {@code <one-shot …>}. */
  ALWAYS("always"),
  /** {@code on-error}: the default for {@code <one-shot …>}. */
  ON_ERROR("on-error"),
  /** {@code all}: an abnormal exit fails the service; every sibling is stopped. */
  ALL("all"),
  /** {@code never}. */
  NEVER("never");

  private final String symbol;

  RestartPolicy(String symbol) {
    this.symbol = symbol;
  }

  /** @return the spec's symbol for it, e.g. {@code on-error}. */
  public String symbol() {
    return symbol;
  }

  /**
   * @param name a symbol name from a spec
   * @return the policy, or null if the name is none of the four
   */
  public static RestartPolicy fromSymbol(String name) {
    for (RestartPolicy p : values()) if (p.symbol.equals(name)) return p;
    return null;
  }
}
