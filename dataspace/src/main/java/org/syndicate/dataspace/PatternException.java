package org.syndicate.dataspace;

/**
 * A value that is not a well-formed dataspace pattern (dataspacePatterns.prs; reference note
 * §3.2). The message names the position inside the pattern value where it went wrong, as a path
 * of record labels and entry keys from the root, e.g. {@code /group{0}/lit: ...}.
 */
public final class PatternException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;

  /**
   * @param path where in the pattern value the problem is ({@code /} for the root)
   * @param problem what is wrong there
   */
  public PatternException(String path, String problem) {
    super("bad dataspace pattern at " + path + ": " + problem);
    this.path = path;
  }

  /** @return where in the pattern value the problem is. */
  public String path() {
    return path;
  }
}
