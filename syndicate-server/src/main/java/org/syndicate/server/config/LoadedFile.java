package org.syndicate.server.config;

import java.nio.file.Path;
import java.util.List;
import org.syndicate.actor.Facet;
import org.syndicate.preserves.Value;
import org.syndicate.server.script.ScriptError;

/**
 * The config watcher's state for one file (reference note syndicate-server.md §5.7, §5.9): the
 * facet of the version in force and what that version means, and the {@code <config-error …>}
 * assertions of a rejected newer version. Touched only in turns of the watcher's actor.
 */
final class LoadedFile {
  final Path path;
  /** The facet the version in force runs in (it may have stopped itself), or null if none. */
  Facet facet;
  /** The meaning of the version in force, or null if none was ever accepted. */
  List<Value> meaning;
  /** The published {@code <config-error …>} values, in order, and their handles. */
  List<Value> errors = List.of();

  long[] errorHandles = new long[0];

  /** The errors of the last rejected version (logged once), or empty since a version was accepted. */
  List<ScriptError> rejection = List.of();

  LoadedFile(Path path) {
    this.path = path;
  }
}
