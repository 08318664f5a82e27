package org.syndicate.server.config;

import java.nio.file.Path;
import java.util.List;
import org.syndicate.preserves.Value;
import org.syndicate.server.script.CompiledScript;
import org.syndicate.server.script.ScriptError;

/**
 * What the file system held at one config path when the watcher last looked, already read and
 * compiled (off the actor thread) so that applying it is quick (reference note
 * syndicate-server.md §5.9 "Rescanning one file").
 */
public sealed interface FileSnapshot {
  /** @return the file, as the watcher names it (the canonical root joined with relative names). */
  Path path();

  /**
   * The file read and compiled.
   *
   * @param path the file
   * @param script its compiled instructions
   * @param meaning its values with annotations (comments, positions) removed: two versions with
   *     equal meanings do the same thing, so a reload between them is skipped
   */
  record Compiled(Path path, CompiledScript script, List<Value> meaning) implements FileSnapshot {
    /** Copies the meaning. */
    public Compiled {
      meaning = List.copyOf(meaning);
    }
  }

  /**
   * The file exists but its content is rejected: not readable, not UTF-8, not Preserves text, or
   * not a valid script. The last good version stays in force.
   *
   * @param path the file
   * @param kind what went wrong, for logs: {@code "read"}, {@code "syntax"} or {@code "script"}
   * @param errors at least one, in source order; positions may be unknown (line and column -1)
   */
  record Rejected(Path path, String kind, List<ScriptError> errors) implements FileSnapshot {
    /** Copies the errors. */
    public Rejected {
      if (errors.isEmpty()) throw new IllegalArgumentException("no errors");
      errors = List.copyOf(errors);
    }
  }

  /**
   * The file is gone: deleted, renamed away, no longer a regular file, or hidden by a change of
   * the tree (its directory was removed). Its effects are retracted.
   *
   * @param path the file
   */
  record Gone(Path path) implements FileSnapshot {}
}
