package org.syndicate.server.script;

import java.nio.file.Path;
import java.util.Map;
import org.syndicate.actor.Actor;
import org.syndicate.preserves.Value;
import org.syndicate.testkit.DataspaceHarness;

/**
 * The script tests' fixture: the shared {@link DataspaceHarness} with one scheduler thread and
 * settling by sync rounds only. Everything runs in one actor, so a sync round trip with the
 * dataspace is a barrier.
 */
final class ScriptHarness extends DataspaceHarness {
  /** The one actor (the harness's main actor). */
  final Actor actor;

  ScriptHarness() {
    super(Options.DEFAULT.withThreads(1).withActorName("script-test").withSettle(50, false, true));
    actor = main;
  }

  /** The initial bindings of a file: config, plus extras. */
  Map<String, Value> bindings() {
    return Map.of("config", config.embedded());
  }

  /** Loads {@code source} as {@code path} and starts it in a new child facet of the root facet. */
  CompiledScript.Started start(String source) {
    CompiledScript s = Script.load(Path.of("/etc/syndicate/test/a.pr"), source);
    return run(t -> s.start(t, bindings()));
  }
}
