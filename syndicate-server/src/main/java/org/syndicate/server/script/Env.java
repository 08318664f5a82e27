package org.syndicate.server.script;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The environment a config script runs in (reference note syndicate-server.md §5.2): variable
 * bindings (name to value; refs are {@link org.syndicate.preserves.Embedded} values whose payload
 * is the runtime's ref), the path of the script file (for {@code scriptdir} and error messages) and
 * the {@link Attenuator} that {@code <* $ref [caveats]>} uses.
 *
 * <p>An Env is mutable: {@code let} and a matching conditional extend it <em>in place</em>, and
 * blocks are not scopes. Reactive bodies ({@code ?}, {@code ??}, {@code ?-}) run in a {@link
 * #snapshot()} taken when the reactive instruction is evaluated. Not thread-safe: an Env belongs
 * to one actor.
 */
public final class Env {
  /**
   * Attenuates a ref with caveats (reference note §4.2, §5.6).
   */
  @FunctionalInterface
  public interface Attenuator {
    /**
     * @param base the value to attenuate (an embedded ref; anything else is an error)
     * @param caveats caveat values in the shapes of sturdy.prs, outermost last
     * @return the attenuated ref as an embedded value
     * @throws IllegalArgumentException with a one-line reason if the base is not a ref or a caveat
     *     is invalid (the script reports {@code Attenuation of V failed: reason})
     */
    Value attenuate(Value base, List<Value> caveats);
  }

  /** An attenuator for contexts without a runtime: every attenuation fails. */
  public static final Attenuator NO_ATTENUATION =
      (base, caveats) -> {
        throw new IllegalArgumentException("attenuation is not available here");
      };

  private final Path path;
  private final TreeMap<String, Value> bindings;
  private final Attenuator attenuator;

  private Env(Path path, TreeMap<String, Value> bindings, Attenuator attenuator) {
    this.path = path;
    this.bindings = bindings;
    this.attenuator = attenuator;
  }

  /**
   * @param path the script file (may be null: {@code scriptdir} is then {@code "."})
   * @param bindings the initial bindings, e.g. {@code config}, {@code log}, {@code gatekeeper}
   *     from the config watcher's ENV dictionary (copied)
   * @param attenuator how {@code <* $ref [...]>} attenuates refs
   * @return a fresh environment
   */
  public static Env of(Path path, Map<String, ? extends Value> bindings, Attenuator attenuator) {
    TreeMap<String, Value> m = new TreeMap<>();
    bindings.forEach((k, v) -> m.put(k, v.strip()));
    return new Env(path, m, attenuator);
  }

  /**
   * Builds bindings from a config watcher's ENV dictionary {@code {symbol: value ...}}; keys that
   * are strings are accepted too, other keys are ignored.
   *
   * @param env the dictionary
   * @return name to value
   */
  public static Map<String, Value> bindingsFrom(Dictionary env) {
    TreeMap<String, Value> m = new TreeMap<>();
    for (int i = 0; i < env.size(); i++) {
      Value k = env.keys().get(i);
      if (k instanceof Symbol s) m.put(s.name(), env.values().get(i));
      else if (k instanceof org.syndicate.preserves.StringValue s) m.put(s.value(), env.values().get(i));
    }
    return m;
  }

  /** @return an independent copy (same path and attenuator, copied bindings). */
  public Env snapshot() {
    return new Env(path, new TreeMap<>(bindings), attenuator);
  }

  /** @return the script file, or null. */
  public Path path() {
    return path;
  }

  /** @return the attenuator. */
  public Attenuator attenuator() {
    return attenuator;
  }

  /** @return the current bindings (read-only view). */
  public Map<String, Value> bindings() {
    return java.util.Collections.unmodifiableMap(bindings);
  }

  /**
   * @param name a variable name
   * @return its value or null
   */
  public Value get(String name) {
    return bindings.get(name);
  }

  /**
   * Binds (or rebinds) {@code name} in place.
   *
   * @param name variable name
   * @param value its value
   */
  public void bind(String name, Value value) {
    bindings.put(name, value.strip());
  }

  /**
   * Binds names to captures pairwise, in place (extra names or extra captures are ignored, as in
   * the reference).
   *
   * @param names binder names in capture order
   * @param captures captured values
   */
  public void extend(List<String> names, List<Value> captures) {
    int n = Math.min(names.size(), captures.size());
    for (int i = 0; i < n; i++) bind(names.get(i), captures.get(i));
  }

  /** @return the whole environment as a dictionary with symbol keys (what {@code $.} means). */
  public Dictionary asDictionary() {
    Dictionary.Builder b = Dictionary.builder();
    bindings.forEach((k, v) -> b.put(Symbol.of(k), v));
    return b.build();
  }

  /**
   * Looks a variable up; {@code "."} is the whole environment.
   *
   * @param name variable name (without {@code $})
   * @param what what kind of variable, for the error, e.g. {@code "template variable"}
   * @param where position for the error
   * @return the value
   * @throws ScriptRuntimeException {@code Undefined WHAT: "name"} when unbound
   */
  public Value lookup(String name, String what, Position where) {
    if (name.equals(".")) return asDictionary();
    Value v = bindings.get(name);
    if (v == null) throw new ScriptRuntimeException(where, "Undefined " + what + ": " + quoted(name));
    return v;
  }

  /** @return the directory of the script, {@code "."} when there is none. */
  public String scriptDir() {
    if (path == null) return ".";
    Path parent = path.getParent();
    String s = parent == null ? "" : parent.toString();
    return s.isEmpty() ? "." : s;
  }

  /** @return {@code s} in double quotes with {@code "} and {@code \} escaped. */
  static String quoted(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
