package org.syndicate.server.script;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * The config-script parser (reference note syndicate-server.md §5.3): from the token list of a
 * file (its Preserves values, annotations kept) to an {@link Instruction} tree, with a current
 * target T and an outer target U (both {@code config} at top level).
 *
 * <p>It follows the reference parser rule for rule, including its error messages, with these
 * fixes: it never crashes or peeks past the end of a block (bug B2: {@code $x} or {@code _} last in
 * a nested block), and it reports the cases the reference silently skips (bug B3: {@code let P =}
 * with no expression, {@code stringify}/{@code join} missing operands, {@code ?-} last in a nested
 * block). Every error carries the file:line:column of the token concerned. Nesting (blocks and
 * chains of prefix instructions such as {@code ?- ?- ...} or {@code $a $b ...}) is limited to
 * {@code maxDepth} levels; deeper input is an error, never a stack overflow.
 *
 * <p>Not thread-safe; one instance parses one file.
 */
final class ScriptParser {
  private static final Symbol EQUALS = Symbol.of("=");

  private final SourceMap map;
  private final Position filePosition;
  private final int maxDepth;
  private final List<ScriptError> errors = new ArrayList<>();
  private int depth;
  private boolean depthReported;

  /** A position in one token list (the file, or a block). */
  private static final class Cursor {
    final Value parent; // the block (a Sequence), or null at top level
    final List<Value> tokens;
    final Position position;
    int index;

    Cursor(Value parent, List<Value> tokens, Position position) {
      this.parent = parent;
      this.tokens = tokens;
      this.position = position;
    }

    boolean atEnd() {
      return index >= tokens.size();
    }

    int remaining() {
      return tokens.size() - index;
    }

    Value peek() {
      return tokens.get(index);
    }

    Value shift() {
      return tokens.get(index++);
    }
  }

  /** What one step of parsing produced: an instruction, nothing (after an error), or end. */
  private sealed interface Parsed {}

  private record Parsed1(Instruction instruction) implements Parsed {}

  private record Skip() implements Parsed {}

  private record Eof() implements Parsed {}

  /** A target variable and where it was named ({@code $x}); null position for the initial one. */
  private record Target(String name, Position position) {
    Position at(Position fallback) {
      return position != null ? position : fallback;
    }
  }

  private static final Parsed SKIP = new Skip();
  private static final Parsed EOF = new Eof();

  /**
   * @param map token positions
   * @param filePosition the position used when a token's own is unknown (e.g. the file, 1:1)
   * @param maxDepth nesting limit (at least 1)
   */
  ScriptParser(SourceMap map, Position filePosition, int maxDepth) {
    this.map = map;
    this.filePosition = filePosition;
    this.maxDepth = maxDepth;
  }

  /**
   * Parses a whole file.
   *
   * @param tokens the file's values in order
   * @param target the initial target variable (normally {@code config})
   * @return the instructions as a block
   * @throws ScriptParseException of kind GRAMMAR with every error, if there was any
   */
  Instruction.Block parseTop(List<Value> tokens, String targetName) {
    Target target = new Target(targetName, null);
    Position start = tokens.isEmpty() ? null : map.positionOfItem(null, 0);
    if (start == null) start = tokens.isEmpty() ? filePosition : map.at(tokens.get(0), filePosition);
    Cursor c = new Cursor(null, tokens, start);
    List<Instruction> instructions = parseAll(c, target, target);
    if (!errors.isEmpty()) throw new ScriptParseException(ScriptParseException.Kind.GRAMMAR, errors);
    return new Instruction.Block(instructions, start);
  }

  private List<Instruction> parseAll(Cursor c, Target target, Target outer) {
    List<Instruction> out = new ArrayList<>();
    while (true) {
      Parsed p = parse(c, target, outer);
      if (p instanceof Parsed1 one) out.add(one.instruction());
      else if (p instanceof Eof) return out;
    }
  }

  /** The position of {@code token}, which must be {@code c.peek()}. */
  private Position pos(Value token, Cursor c) {
    Position p = map.positionOfItem(c.parent, c.index);
    return p != null ? p : map.at(token, c.position);
  }

  private Parsed error(Position where, String message) {
    errors.add(new ScriptError(where, message));
    return SKIP;
  }

  private Parsed parse(Cursor c, Target target, Target outer) {
    if (c.atEnd()) return EOF;
    if (depth >= maxDepth) {
      Position where = pos(c.peek(), c);
      c.index = c.tokens.size(); // give up on the rest of this block
      if (depthReported) return SKIP;
      depthReported = true;
      return error(where, "Script nested too deeply (more than " + maxDepth + " levels)");
    }
    depth++;
    try {
      return parseStep(c, target, outer);
    } finally {
      depth--;
    }
  }

  private Parsed parseStep(Cursor c, Target target, Target outer) {
    Value tok = c.peek();
    Position here = pos(tok, c);

    if (tok instanceof RecordValue || tok instanceof Dictionary) {
      c.shift();
      return new Parsed1(new Instruction.Assert(target.name(), target.at(here), Template.compile(tok, map, here), here));
    }

    if (tok instanceof Sequence seq) {
      c.shift();
      Cursor inner = new Cursor(seq, seq.items(), here);
      return new Parsed1(new Instruction.Block(parseAll(inner, target, outer), here));
    }

    if (tok instanceof Symbol sym) {
      switch (Symbolic.analyze(sym.name())) {
        case Symbolic.Binder b -> {
          c.shift();
          return parseReactive(c, b.name(), target, outer, here);
        }
        case Symbolic.Discard d -> {
          c.shift();
          String next = c.atEnd() ? "" : ": " + c.peek().strip();
          return error(here, "Invalid use of discard in target" + next);
        }
        case Symbolic.Reference r -> {
          c.shift();
          if (c.atEnd()) return error(here, "Missing instruction after retarget: " + sym.strip());
          return parse(c, new Target(r.name(), here), target);
        }
        case Symbolic.Bare b -> {
          switch (b.name()) {
            case "let" -> {
              c.shift();
              if (c.remaining() >= 2 && c.tokens.get(c.index + 1).equals(EQUALS)) {
                Value patternToken = c.shift();
                c.shift(); // =
                Expr expr = parseExpr(c, here);
                if (expr == null) return SKIP;
                CompiledPattern pattern = CompiledPattern.compile(patternToken, map, here);
                return new Parsed1(new Instruction.Let(pattern, expr, here));
              }
              return error(here, "Invalid let statement (expected let PATTERN = EXPRESSION)");
            }
            case "!" -> {
              c.shift();
              if (c.atEnd()) return error(here, "Missing payload after '!'");
              Value payload = c.shift();
              return new Parsed1(new Instruction.Message(target.name(), target.at(here), Template.compile(payload, map, here), here));
            }
            case "+=" -> {
              c.shift();
              if (c.atEnd()) return error(here, "Missing payload after '+='");
              Value payload = c.shift();
              return new Parsed1(new Instruction.Assert(target.name(), target.at(here), Template.compile(payload, map, here), here));
            }
            default -> {}
          }
        }
        case Symbolic.Literal l -> {
          if (l.name().equals("~")) {
            c.shift();
            return parseConditional(c, target, outer, here);
          }
        }
      }
    }

    c.shift();
    return error(here, "Invalid token: " + tok.strip() + " (expected an instruction)");
  }

  /** After {@code ?}, {@code ??}, {@code ?-} or another binder at instruction position. */
  private Parsed parseReactive(Cursor c, String binder, Target target, Target outer, Position here) {
    boolean during;
    switch (binder) {
      case "" -> during = true;
      case "?" -> during = false;
      case "-" -> {
        Parsed body = parse(c, target, outer);
        return switch (body) {
          case Parsed1 one -> new Parsed1(new Instruction.OnStop(one.instruction(), here));
          case Eof e -> error(here, "Missing instruction in on-stop"); // silently skipped before (B3)
          case Skip s -> SKIP;
        };
      }
      default -> {
        return error(here, "Invalid use of pattern binder in target: ?" + binder);
      }
    }
    if (c.atEnd()) return error(here, "Missing pattern and instruction in react");
    Value patternToken = c.shift();
    Parsed body = parse(c, target, outer);
    return switch (body) {
      case Eof e -> error(here, "Missing instruction in react with pattern " + patternToken.strip());
      case Skip s -> SKIP;
      case Parsed1 one -> {
        CompiledPattern pattern = CompiledPattern.compile(patternToken, map, here);
        yield new Parsed1(
            during
                ? new Instruction.During(target.name(), target.at(here), pattern, one.instruction(), here)
                : new Instruction.OnMessage(target.name(), target.at(here), pattern, one.instruction(), here));
      }
    };
  }

  /** After {@code =~}: the target names the variable to match; branches use the outer target. */
  private Parsed parseConditional(Cursor c, Target target, Target outer, Position here) {
    if (c.atEnd()) return error(here, "Missing pattern, true-instruction and false-continuation in match");
    Value patternToken = c.shift();
    Parsed onMatch = parse(c, outer, outer);
    return switch (onMatch) {
      case Eof e -> error(here, "Missing true-instruction in conditional with pattern " + patternToken.strip());
      case Skip s -> SKIP;
      case Parsed1 one -> {
        Position restStart = c.atEnd() ? here : pos(c.peek(), c);
        List<Instruction> rest = parseAll(c, outer, outer);
        CompiledPattern pattern = CompiledPattern.compile(patternToken, map, here);
        yield new Parsed1(
            new Instruction.Conditional(
                target.name(), target.at(here), pattern, one.instruction(), new Instruction.Block(rest, restStart), here));
      }
    };
  }

  /**
   * Parses the right-hand side of {@code let}.
   *
   * @param c the cursor, after {@code =}
   * @param letPosition where the {@code let} is, for errors
   * @return the expression, or null after reporting an error
   */
  private Expr parseExpr(Cursor c, Position letPosition) {
    if (c.atEnd()) {
      error(letPosition, "Missing expression in let");
      return null;
    }
    if (depth >= maxDepth) {
      parse(c, new Target("", null), new Target("", null)); // reports the depth error and skips the block
      return null;
    }
    depth++;
    try {
      Value tok = c.peek();
      Position here = pos(tok, c);
      if (tok instanceof Symbol s) {
        switch (s.name()) {
          case "dataspace" -> {
            c.shift();
            return new Expr.Dataspace(here);
          }
          case "timestamp" -> {
            c.shift();
            return new Expr.Timestamp(here);
          }
          case "facet" -> {
            c.shift();
            return new Expr.Facet(here);
          }
          case "scriptdir" -> {
            c.shift();
            return new Expr.ScriptDir(here);
          }
          case "stringify" -> {
            c.shift();
            if (c.atEnd()) {
              error(here, "Missing expression after stringify");
              return null;
            }
            Expr e = parseExpr(c, here);
            return e == null ? null : new Expr.Stringify(e, here);
          }
          case "join" -> {
            c.shift();
            if (c.atEnd()) {
              error(here, "Missing separator and pieces after join");
              return null;
            }
            Expr sep = parseExpr(c, here);
            if (sep == null) return null;
            if (c.atEnd()) {
              error(here, "Missing pieces after join separator");
              return null;
            }
            Expr pieces = parseExpr(c, here);
            return pieces == null ? null : new Expr.Join(sep, pieces, here);
          }
          default -> {}
        }
      }
      c.shift();
      return new Expr.TemplateExpr(Template.compile(tok, map, here), here);
    } finally {
      depth--;
    }
  }
}
