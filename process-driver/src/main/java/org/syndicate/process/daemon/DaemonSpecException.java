package org.syndicate.process.daemon;

import org.syndicate.preserves.Value;

/**
 * A daemon process specification that cannot be used: it does not parse as any form of
 * externalServices.prs {@code DaemonProcessSpec}, or one of its entries has the wrong type or an
 * impossible value. The daemon service reports it as {@code <service-problem <daemon ID>
 * <invalid-spec SPEC KEY MESSAGE>>} (supervision.prs {@code ProblemDetail}) next to {@code
 * <service-state <daemon ID> failed>} (DESIGN.md "Errors").
 */
public final class DaemonSpecException extends RuntimeException {
  private final transient Value spec;
  private final String key;

  /**
   * @param spec the whole specification as written
   * @param key the dictionary key of the bad entry (e.g. {@code "env"}, {@code "env.PATH"}), or
   *     null when the specification as a whole is wrong
   * @param message what is wrong, naming what was expected
   */
  public DaemonSpecException(Value spec, String key, String message) {
    super((key == null ? "" : key + ": ") + message);
    this.spec = spec;
    this.key = key;
  }

  /** @return the specification as written. */
  public Value spec() {
    return spec;
  }

  /** @return the key of the bad entry, or null when the whole spec is wrong. */
  public String key() {
    return key;
  }

  /** @return what is wrong, without the key. */
  public String detail() {
    String m = getMessage();
    return key == null ? m : m.substring(key.length() + 2);
  }
}
