package org.syndicate.server.script;

import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The right-hand side of {@code let PATTERN = EXPR} (reference note syndicate-server.md §5.4).
 *
 * <table>
 *   <caption>Expressions</caption>
 *   <tr><td>{@code dataspace}</td><td>a new dataspace owned by the current facet</td></tr>
 *   <tr><td>{@code timestamp}</td><td>the current UTC time, RFC 3339, as a string</td></tr>
 *   <tr><td>{@code facet}</td><td>a new entity that stops the current facet on the message
 *       {@code stop}</td></tr>
 *   <tr><td>{@code scriptdir}</td><td>the script's directory as a string ({@code .} if none)</td></tr>
 *   <tr><td>{@code stringify EXPR}</td><td>the Preserves text of the value, as a string</td></tr>
 *   <tr><td>{@code join SEP PIECES}</td><td>the pieces (a sequence, or one value) converted to
 *       strings and joined with SEP</td></tr>
 *   <tr><td>any other token</td><td>a {@link Template}</td></tr>
 * </table>
 *
 * <p>Each expression records the position of its first token, for run-time errors.
 */
public sealed interface Expr {
  /** Any other token: a template. */
  record TemplateExpr(Template template, Position position) implements Expr {}

  /** {@code dataspace}. */
  record Dataspace(Position position) implements Expr {}

  /** {@code timestamp}. */
  record Timestamp(Position position) implements Expr {}

  /** {@code facet}. */
  record Facet(Position position) implements Expr {}

  /** {@code scriptdir}. */
  record ScriptDir(Position position) implements Expr {}

  /** {@code stringify EXPR}. */
  record Stringify(Expr expr, Position position) implements Expr {}

  /** {@code join SEP PIECES}. */
  record Join(Expr separator, Expr pieces, Position position) implements Expr {}

  /** @return the position of the expression's first token. */
  Position position();

  /** @return an inspection form, e.g. {@code <stringify <template <a $x>>>}. */
  default Value describe() {
    return switch (this) {
      case TemplateExpr t -> RecordValue.of("template", t.template().describe());
      case Dataspace d -> Symbol.of("dataspace");
      case Timestamp t -> Symbol.of("timestamp");
      case Facet f -> Symbol.of("facet");
      case ScriptDir s -> Symbol.of("scriptdir");
      case Stringify s -> RecordValue.of("stringify", s.expr().describe());
      case Join j -> RecordValue.of("join", j.separator().describe(), j.pieces().describe());
    };
  }
}
