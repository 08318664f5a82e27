package org.syndicate.server.script;

import java.util.List;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.Value;

/**
 * A script pattern as it appears in {@code ?}, {@code ??}, {@code let} and {@code =~}: its source
 * token, its compiled form and its binder names in capture order (reference note
 * syndicate-server.md §5.5; binder order fixed, bug B7).
 *
 * @param source the token as written (annotations stripped), for messages
 * @param template the compiled form
 * @param binders binder names in capture order
 * @param position where the pattern starts
 */
public record CompiledPattern(Value source, PatternTemplate template, List<String> binders, Position position) {
  /** Copies the list. */
  public CompiledPattern {
    binders = List.copyOf(binders);
  }

  /**
   * @param token a pattern token
   * @param map token positions
   * @param fallback position when the token's own is unknown
   * @return the compiled pattern (never throws)
   */
  public static CompiledPattern compile(Value token, SourceMap map, Position fallback) {
    Position here = map.at(token, fallback);
    PatternTemplate t = PatternTemplate.compile(token, map, here);
    return new CompiledPattern(token.strip(), t, t.binders(), here);
  }

  /**
   * @param env the environment
   * @return the dataspace pattern
   * @throws ScriptRuntimeException see {@link PatternTemplate#instantiate}
   */
  public DataspacePattern instantiate(Env env) {
    return template.instantiate(env);
  }
}
