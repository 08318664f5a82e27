package org.syndicate.server.script;

import java.util.List;

/**
 * A config script could not be loaded. This is the only exception {@link Script#load} and {@link
 * Script#compile} throw on bad input.
 *
 * <p>The {@link Kind} tells apart the two cases the config watcher treats differently (reference
 * note syndicate-server.md §5.9 table, bug B4): a file that is not valid Preserves text at all
 * ({@link Kind#SYNTAX}, exactly one error), and a file that reads fine but whose tokens are not a
 * valid script ({@link Kind#GRAMMAR}, every grammar error of the file, in source order).
 */
public final class ScriptParseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of input problem this is. */
  public enum Kind {
    /** The file is not valid Preserves text (the reader's error, with its position). */
    SYNTAX,
    /** The file's values are not a valid script (one or more parser errors). */
    GRAMMAR
  }

  private final Kind kind;
  private final transient List<ScriptError> errors;

  /**
   * @param kind syntax or grammar
   * @param errors at least one error, in source order
   */
  public ScriptParseException(Kind kind, List<ScriptError> errors) {
    super(summary(errors));
    if (errors.isEmpty()) throw new IllegalArgumentException("no errors");
    this.kind = kind;
    this.errors = List.copyOf(errors);
  }

  private static String summary(List<ScriptError> errors) {
    if (errors.isEmpty()) return "no errors";
    String first = errors.get(0).toString();
    return errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)";
  }

  /** @return syntax (unreadable file) or grammar (invalid script). */
  public Kind kind() {
    return kind;
  }

  /** @return every error, in source order (at least one). */
  public List<ScriptError> errors() {
    return errors;
  }
}
