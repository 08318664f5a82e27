package org.syndicate.server.script;

import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The class of a symbol in a config script (reference note syndicate-server.md §5.1, "Symbol
 * prefixes"). Every symbol of a script, at instruction position, in a pattern or in a template, is
 * analysed the same way, by its first character:
 *
 * <ul>
 *   <li>{@code _} is a {@link Discard};
 *   <li>{@code ?name} is a {@link Binder} of {@code name} ({@code ?} alone binds the empty name);
 *   <li>{@code $name} is a {@link Reference} to variable {@code name} ({@code $.} is the whole
 *       environment);
 *   <li>{@code =name} is the {@link Literal} symbol {@code name} (the escape for literal {@code ?x},
 *       {@code $x}, {@code _});
 *   <li>any other symbol is {@link Bare} and stands for itself.
 * </ul>
 */
public sealed interface Symbolic {
  /** {@code _}. */
  record Discard() implements Symbolic {}

  /** {@code ?name}; {@code name} may be empty. */
  record Binder(String name) implements Symbolic {}

  /** {@code $name}; {@code name} may be {@code "."} (the environment) or empty. */
  record Reference(String name) implements Symbolic {}

  /** {@code =name}: the literal symbol {@code name}. */
  record Literal(String name) implements Symbolic {}

  /** Any other symbol: itself. */
  record Bare(String name) implements Symbolic {}

  /**
   * @param s the text of a symbol
   * @return its class, per the table above
   */
  static Symbolic analyze(String s) {
    if (s.equals("_")) return new Discard();
    if (s.startsWith("?")) return new Binder(s.substring(1));
    if (s.startsWith("$")) return new Reference(s.substring(1));
    if (s.startsWith("=")) return new Literal(s.substring(1));
    return new Bare(s);
  }

  /**
   * @param v any value
   * @return the class of {@code v} if it is a symbol, else null
   */
  static Symbolic analyze(Value v) {
    return v instanceof Symbol s ? analyze(s.name()) : null;
  }

  /**
   * The source text a script writer would use for the literal symbol {@code name}: the name itself
   * when it is {@link Bare}, else {@code =name}.
   *
   * @param name a symbol's text
   * @return a symbol that a script reads back as the literal symbol {@code name}
   */
  static Symbol quote(String name) {
    return Symbol.of(analyze(name) instanceof Bare ? name : "=" + name);
  }
}
