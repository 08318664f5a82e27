package org.syndicate.server.script;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The attenuation syntax {@code <* $ref [CAVEAT ...]>} of config scripts (reference note
 * syndicate-server.md §5.6), usable wherever a template or pattern is expected.
 *
 * <table>
 *   <caption>Caveat templates</caption>
 *   <tr><th>Written</th><th>Compiles to (sturdy.prs)</th></tr>
 *   <tr><td>{@code <accept PAT>}</td><td>{@code <rewrite <bind PAT> <ref 0>>}</td></tr>
 *   <tr><td>{@code <rewrite PAT TEMPLATE>}</td><td>{@code <rewrite PAT TEMPLATE>}; in TEMPLATE a
 *       {@code $name} bound by PAT is {@code <ref i>}, any other {@code $name} a literal from the
 *       environment, and {@code <* $bound [...]>} an {@code <attenuate ...>} template</td></tr>
 *   <tr><td>{@code <or [REWRITE ...]>}</td><td>{@code <or [...]>}; a single alternative collapses
 *       to a plain rewrite</td></tr>
 *   <tr><td>{@code <reject PAT>}</td><td>{@code <reject PAT>}</td></tr>
 * </table>
 *
 * <p>Patterns are compiled as script patterns ({@link PatternTemplate}) and translated into the
 * closed caveat pattern language ({@link DataspacePattern#toCaveatPattern()}). As in the
 * reference, a malformed attenuation is a run-time error of the template or pattern containing it.
 *
 * @param baseName the variable holding the ref to attenuate (without {@code $})
 * @param source the whole {@code <* ...>} token (annotations stripped), for messages
 * @param caveats the caveat templates, in order (applied to the ref in that order)
 * @param position where the {@code <* ...>} record starts
 */
public record AttenuationTemplate(String baseName, Value source, List<Caveat> caveats, Position position) {
  /** Copies the list. */
  public AttenuationTemplate {
    caveats = List.copyOf(caveats);
  }

  /** A caveat template. */
  public sealed interface Caveat {}

  /** One or more rewrites ({@code <or [...]>}, {@code <accept P>} or {@code <rewrite P T>}). */
  public record Alternatives(List<Rewrite> alternatives) implements Caveat {
    /** Copies the list. */
    public Alternatives {
      alternatives = List.copyOf(alternatives);
    }
  }

  /** {@code <reject PAT>}. */
  public record Reject(CompiledPattern pattern) implements Caveat {}

  /** A rewrite template. */
  public sealed interface Rewrite {}

  /** {@code <accept PAT>}. */
  public record Accept(CompiledPattern pattern) implements Rewrite {}

  /** {@code <rewrite PAT TEMPLATE>}. */
  public record RewriteTo(CompiledPattern pattern, CaveatTemplate template) implements Rewrite {}

  /**
   * The result of {@link #parse}: a template or an error message.
   *
   * @param template the attenuation, or null
   * @param error the message, or null
   */
  public record Parsed(AttenuationTemplate template, String error) {}

  /**
   * Parses a record as an attenuation if its label is the symbol {@code *}.
   *
   * @param r a record token
   * @param map token positions
   * @param here the record's position
   * @return null when the label is not {@code *}; else the template or the reference's error
   *     message (never throws)
   */
  public static Parsed parse(RecordValue r, SourceMap map, Position here) {
    if (!r.label().isSymbol("*")) return null;
    Value raw = r.strip();
    if (r.arity() != 2) {
      return new Parsed(null, "Attenuation requires a reference and a sequence of caveats; got " + raw);
    }
    Value rawBase = r.field(0).strip();
    if (!(Symbolic.analyze(r.field(0)) instanceof Symbolic.Reference ref)) {
      return new Parsed(null, "Attenuation must have variable reference as first argument; got " + rawBase);
    }
    if (!(r.field(1) instanceof Sequence caveatTokens)) {
      return new Parsed(
          null, "Attenuation of " + rawBase + " must have sequence of caveats; got " + r.field(1).strip());
    }
    List<Caveat> caveats = new ArrayList<>();
    for (Value c : caveatTokens.items()) {
      Position cp = map.at(c, here);
      Object parsed = parseCaveat(rawBase, c, map, cp);
      if (parsed instanceof String message) return new Parsed(null, message);
      caveats.add((Caveat) parsed);
    }
    return new Parsed(new AttenuationTemplate(ref.name(), raw, caveats, here), null);
  }

  /** @return a Caveat or an error message. */
  private static Object parseCaveat(Value rawBase, Value c, SourceMap map, Position here) {
    if (c.isRecord("or", 1)) {
      Value alts = ((RecordValue) c).field(0);
      if (!(alts instanceof Sequence seq)) {
        return "Alternatives in <or> in attenuation of " + rawBase
            + " must have sequence of rewrites; got " + alts.strip();
      }
      List<Rewrite> rewrites = new ArrayList<>();
      for (Value a : seq.items()) {
        Rewrite rw = parseRewrite(a, map, map.at(a, here));
        if (rw == null) return "Bad rewrite in attenuation of " + rawBase + ": " + a.strip();
        rewrites.add(rw);
      }
      return new Alternatives(rewrites);
    }
    if (c.isRecord("reject", 1)) {
      return new Reject(CompiledPattern.compile(((RecordValue) c).field(0), map, here));
    }
    Rewrite rw = parseRewrite(c, map, here);
    if (rw != null) return new Alternatives(List.of(rw));
    return "Bad caveat in attenuation of " + rawBase + ": " + c.strip();
  }

  private static Rewrite parseRewrite(Value e, SourceMap map, Position here) {
    if (e.isRecord("accept", 1)) {
      return new Accept(CompiledPattern.compile(((RecordValue) e).field(0), map, here));
    }
    if (e.isRecord("rewrite", 2)) {
      RecordValue r = (RecordValue) e;
      CompiledPattern p = CompiledPattern.compile(r.field(0), map, here);
      return new RewriteTo(p, CaveatTemplate.compile(r.field(1), p.binders(), map, map.at(r.field(1), here)));
    }
    return null;
  }

  /**
   * Looks the base ref up, instantiates the caveats and attenuates the ref.
   *
   * @param env the environment (variables and attenuator)
   * @return the attenuated ref
   * @throws ScriptRuntimeException {@code Undefined attenuation-base variable}, {@code Value to be
   *     attenuated is V but must be capability}, {@code Attenuation of V failed: ...}, or any error
   *     of the caveats' patterns and templates
   */
  public Value evaluate(Env env) {
    Value base = env.lookup(baseName, "attenuation-base variable", position);
    if (!(base instanceof Embedded)) {
      throw new ScriptRuntimeException(position, "Value to be attenuated is " + base + " but must be capability");
    }
    List<Value> values = instantiateCaveats(caveats, env);
    try {
      return env.attenuator().attenuate(base, values);
    } catch (IllegalArgumentException e) {
      throw new ScriptRuntimeException(position, "Attenuation of " + base + " failed: " + e.getMessage());
    }
  }

  /**
   * @param caveats caveat templates
   * @param env the environment
   * @return the caveat values (sturdy.prs shapes)
   */
  static List<Value> instantiateCaveats(List<Caveat> caveats, Env env) {
    List<Value> out = new ArrayList<>(caveats.size());
    for (Caveat c : caveats) out.add(instantiate(c, env));
    return out;
  }

  private static Value instantiate(Caveat c, Env env) {
    return switch (c) {
      case Reject r -> RecordValue.of("reject", r.pattern().instantiate(env).toCaveatPattern());
      case Alternatives a -> {
        List<Value> rewrites = new ArrayList<>();
        for (Rewrite rw : a.alternatives()) rewrites.add(instantiate(rw, env));
        yield rewrites.size() == 1 ? rewrites.get(0) : RecordValue.of("or", Sequence.of(rewrites));
      }
    };
  }

  private static Value instantiate(Rewrite rw, Env env) {
    return switch (rw) {
      case Accept a ->
          RecordValue.of(
              "rewrite",
              RecordValue.of("bind", a.pattern().instantiate(env).toCaveatPattern()),
              RecordValue.of("ref", SignedInteger.of(0)));
      case RewriteTo r -> {
        Value pattern = r.pattern().instantiate(env).toCaveatPattern();
        yield RecordValue.of("rewrite", pattern, r.template().instantiate(env));
      }
    };
  }

  /** @return the source form {@code <* $base [...]>}. */
  public Value describe() {
    return source;
  }

  /** @return the symbol {@code $base}. */
  Symbol baseSymbol() {
    return Symbol.of("$" + baseName);
  }
}
