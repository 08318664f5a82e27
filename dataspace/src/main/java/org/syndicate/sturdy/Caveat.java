package org.syndicate.sturdy;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * One caveat of an attenuation ({@code sturdy.prs} definition {@code Caveat = Rewrite / Alts /
 * Reject / @unknown any}; reference note syndicate-server.md §4.2 "Caveat forms"). Each variant
 * keeps the value it was read from ({@link #source()}): that value is what a sturdy ref's
 * signature chain covers and what goes back on the wire.
 *
 * <ul>
 *   <li>{@code <rewrite PATTERN TEMPLATE>} ({@link Rewrite}): a match is replaced by the template
 *       instantiated with the captures; anything else is rejected.
 *   <li>{@code <or [REWRITE …]>} ({@link Alts}): the first alternative whose pattern matches
 *       decides; none matching rejects.
 *   <li>{@code <reject PATTERN>} ({@link Reject}): a match is rejected; anything else passes
 *       unchanged.
 *   <li>anything else ({@link Unknown}), including a {@code rewrite}/{@code or}/{@code reject}
 *       whose parts do not parse as the schema requires: valid, but rejects everything.
 * </ul>
 *
 * <p>Obtain caveats with {@link #parse(Value)} (never fails on shape) and attach them through
 * {@link Attenuation#of}, which also {@linkplain #check checks} them.
 */
public sealed interface Caveat {

  /** @return the Preserves value this caveat was read from (or is written as). */
  Value source();

  /**
   * Runs this caveat on one assertion or message body. Only meaningful for a caveat that passed
   * {@link #check} (as every caveat inside an {@link Attenuation} has): an unchecked rewrite may
   * refer to a binding that does not exist and throw {@link IndexOutOfBoundsException}.
   *
   * @param v the value flowing towards the target
   * @return the (possibly rewritten) value, or null when this caveat rejects it
   */
  Value apply(Value v);

  /**
   * Validates this caveat as syndicate-rs does when caveats are attached ({@code rewrite.rs}
   * {@code Caveat::validate}): in each rewrite, no {@code <bind>} under a {@code <not>} and no
   * {@code <ref N>} with N at or beyond the pattern's binding count (both also inside nested
   * {@code attenuate} templates). Reject and unknown caveats are always valid.
   *
   * @param path prefix for error messages, e.g. {@code "caveat 2"}
   * @return this caveat
   * @throws CaveatException naming the problem and where it is
   */
  Caveat check(String path);

  /** {@code <rewrite PATTERN TEMPLATE>}. */
  record Rewrite(Value source, CaveatPattern pattern, CaveatTemplate template) implements Caveat {
    @Override
    public Value apply(Value v) {
      List<Value> bindings = new ArrayList<>();
      return pattern.matches(v, bindings) ? template.instantiate(bindings) : null;
    }

    @Override
    public Rewrite check(String path) {
      if (pattern.bindsUnderNegation()) {
        throw new CaveatException(
            CaveatException.Problem.BINDING_UNDER_NEGATION, path + ": pattern", "a <bind> occurs inside a <not>");
      }
      int bound = pattern.bindingCount();
      template.checkNestedCaveats(path + ": template");
      long implied = template.impliedBindingCount();
      if (implied > bound) {
        String which = implied == Long.MAX_VALUE ? "a negative or huge binding index" : "binding " + (implied - 1);
        throw new CaveatException(
            CaveatException.Problem.UNBOUND_REF,
            path + ": template",
            "a <ref> refers to " + which + ", but the pattern binds only " + bound + " value(s)");
      }
      return this;
    }
  }

  /** {@code <or [REWRITE …]>}: the first matching alternative decides. */
  record Alts(Value source, List<Rewrite> alternatives) implements Caveat {
    /** Copies the list. */
    public Alts {
      alternatives = List.copyOf(alternatives);
    }

    @Override
    public Value apply(Value v) {
      for (Rewrite r : alternatives) {
        List<Value> bindings = new ArrayList<>();
        if (r.pattern().matches(v, bindings)) return r.template().instantiate(bindings);
      }
      return null;
    }

    @Override
    public Alts check(String path) {
      for (int i = 0; i < alternatives.size(); i++) alternatives.get(i).check(path + ": alternative " + i);
      return this;
    }
  }

  /**
   * {@code <reject PATTERN>}: rejects matches. Its pattern is not validated (syndicate-rs accepts
   * binds anywhere in it; they capture nothing that is used).
   */
  record Reject(Value source, CaveatPattern pattern) implements Caveat {
    @Override
    public Value apply(Value v) {
      return pattern.matches(v, new ArrayList<>()) ? null : v;
    }

    @Override
    public Reject check(String path) {
      return this;
    }
  }

  /** Any other value: a valid caveat that rejects everything. */
  record Unknown(Value source) implements Caveat {
    @Override
    public Value apply(Value v) {
      return null;
    }

    @Override
    public Unknown check(String path) {
      return this;
    }
  }

  /**
   * Reads a caveat (not yet checked; see {@link #check}). Never fails on shape: what is not a
   * well-formed rewrite, or or reject is an {@link Unknown}.
   *
   * @param v the caveat's value
   * @return the caveat
   * @throws CaveatException ({@link CaveatException.Problem#TOO_DEEP}) when nested deeper than
   *     {@link Attenuation#MAX_DEPTH}
   */
  static Caveat parse(Value v) {
    return parse(v, Attenuation.MAX_DEPTH);
  }

  /** As {@link #parse(Value)}, with {@code depth} levels of nesting left. */
  static Caveat parse(Value v, int depth) {
    if (depth <= 0) throw Attenuation.tooDeep();
    if (v instanceof RecordValue r && r.label() instanceof Symbol label) {
      switch (label.name()) {
        case "rewrite" -> {
          Rewrite rw = parseRewrite(r, depth);
          if (rw != null) return rw;
        }
        case "or" -> {
          if (r.arity() == 1 && r.field(0) instanceof Sequence s) {
            List<Rewrite> alts = new ArrayList<>(s.size());
            for (Value item : s.items()) {
              Rewrite rw = item instanceof RecordValue ir && ir.isRecord("rewrite") ? parseRewrite(ir, depth - 1) : null;
              if (rw == null) return new Unknown(v);
              alts.add(rw);
            }
            return new Alts(v, alts);
          }
        }
        case "reject" -> {
          if (r.arity() == 1) {
            CaveatPattern p = CaveatPattern.parse(r.field(0), depth - 1);
            if (p != null) return new Reject(v, p);
          }
        }
        default -> {}
      }
    }
    return new Unknown(v);
  }

  private static Rewrite parseRewrite(RecordValue r, int depth) {
    if (r.arity() != 2) return null;
    CaveatPattern p = CaveatPattern.parse(r.field(0), depth - 1);
    if (p == null) return null;
    CaveatTemplate t = CaveatTemplate.parse(r.field(1), depth - 1);
    return t == null ? null : new Rewrite(r, p, t);
  }
}
