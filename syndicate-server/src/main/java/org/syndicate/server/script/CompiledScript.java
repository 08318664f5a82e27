package org.syndicate.server.script;

import java.nio.file.Path;
import java.util.Map;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.Value;

/**
 * A config file compiled by {@link Script#load}: the path it came from and its instructions.
 * Immutable; may be run any number of times (each run gets its own environment).
 *
 * <p>The config watcher loads a file with {@link #start}: the file runs in a fresh child facet of
 * the current facet, and reloading is make-before-break in one turn: {@code start} the new version,
 * then {@code t.stop(oldFacet)} (reference note §5.9), so assertions present in both versions never
 * flicker.
 *
 * @param path the file, or null
 * @param body the file's instructions, in order
 */
public record CompiledScript(Path path, Instruction.Block body) {
  /**
   * What {@link #start} did.
   *
   * @param facet the file's facet; already stopped if the script failed or left it inert
   *     (reference note §5.7: an inert file facet is stopped at the end of the loading turn, which
   *     runs its {@code ?-} bodies at once)
   * @param error the run-time error that stopped it (already logged), or null
   */
  public record Started(Facet facet, ScriptRuntimeException error) {
    /** @return true when the script ran without a run-time error. */
    public boolean ok() {
      return error == null;
    }
  }

  /**
   * Runs the script in a new child facet of the current facet of {@code t}.
   *
   * @param t the running turn
   * @param bindings the initial environment (e.g. {@code config}, {@code log}, {@code gatekeeper}
   *     refs as embedded values; see {@link Env#bindingsFrom})
   * @return the new facet and the run-time error, if any
   */
  public Started start(Turn t, Map<String, ? extends Value> bindings) {
    Env env = Env.of(path, bindings, ScriptInterpreter.REF_ATTENUATOR);
    ScriptRuntimeException[] error = new ScriptRuntimeException[1];
    Facet f = t.facet(t2 -> error[0] = ScriptInterpreter.safeEval(t2, env, body));
    return new Started(f, error[0]);
  }

  /**
   * Runs the script in the current facet of {@code t} (no new facet); a run-time error stops that
   * facet.
   *
   * @param t the running turn
   * @param env the environment, extended in place by the script's {@code let}s
   * @return null on success, else the error (already logged)
   */
  public ScriptRuntimeException run(Turn t, Env env) {
    return ScriptInterpreter.safeEval(t, env, body);
  }

  /**
   * @param bindings initial bindings
   * @return an environment for {@link #run} with this script's path and ref attenuation
   */
  public Env environment(Map<String, ? extends Value> bindings) {
    return Env.of(path, bindings, ScriptInterpreter.REF_ATTENUATOR);
  }
}
