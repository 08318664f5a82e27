package org.syndicate.server.script;

import java.util.List;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * A parsed config-script instruction (reference note syndicate-server.md §5.3). Targets are
 * variable <em>names</em>, looked up when the instruction runs (so a {@code let} that rebinds the
 * target variable earlier in the same evaluation is seen), exactly as the reference does; the
 * retargeting syntax {@code $x INSTR} therefore leaves no node of its own: it sets the target of
 * the instructions inside it.
 *
 * <p>Every instruction carries the position of its first token, for run-time errors.
 */
public sealed interface Instruction {
  /**
   * Record/dictionary at instruction position, or {@code += V}: assert V at the target.
   * ({@code targetPosition}, here and below: where the target's {@code $x} was written, or the
   * instruction's own position for the initial target.)
   */
  record Assert(String target, Position targetPosition, Template template, Position position)
      implements Instruction {}

  /** {@code ! V}: send V as a message to the target. */
  record Message(String target, Position targetPosition, Template template, Position position)
      implements Instruction {}

  /** {@code ? PATTERN INSTR}: observe PATTERN at the target; run INSTR in a facet per match. */
  record During(
      String target, Position targetPosition, CompiledPattern pattern, Instruction body, Position position)
      implements Instruction {}

  /** {@code ?? PATTERN INSTR}: run INSTR for each matching message at the target. */
  record OnMessage(
      String target, Position targetPosition, CompiledPattern pattern, Instruction body, Position position)
      implements Instruction {}

  /** {@code ?- INSTR}: run INSTR when the current facet stops. */
  record OnStop(Instruction body, Position position) implements Instruction {}

  /** {@code [ ... ]} (and the whole file): instructions run in order; not a scope. */
  record Block(List<Instruction> instructions, Position position) implements Instruction {
    /** Copies the list. */
    public Block {
      instructions = List.copyOf(instructions);
    }
  }

  /** {@code let PATTERN = EXPR}: evaluate, match, bind in place; a mismatch is an error. */
  record Let(CompiledPattern pattern, Expr expr, Position position) implements Instruction {}

  /**
   * {@code $variable =~ PATTERN TRUE-INSTR FALSE-INSTRS...}: match the variable's value; the false
   * branch is the rest of the enclosing block.
   */
  record Conditional(
      String variable,
      Position variablePosition,
      CompiledPattern pattern,
      Instruction onMatch,
      Block onNoMatch,
      Position position)
      implements Instruction {}

  /** @return the position of the instruction's first token. */
  Position position();

  /**
   * An inspection form of the tree, without positions, used by tests and debugging. Shapes:
   * {@code <assert TARGET TEMPLATE>}, {@code <message TARGET TEMPLATE>}, {@code <during TARGET
   * PATTERN [BINDER ...] BODY>}, {@code <on-message TARGET PATTERN [BINDER ...] BODY>}, {@code
   * <on-stop BODY>}, {@code [INSTR ...]}, {@code <let PATTERN [BINDER ...] EXPR>}, {@code <cond VAR
   * PATTERN [BINDER ...] TRUE [FALSE ...]>}; targets and binders are strings, templates and
   * patterns in source form ({@link Template#describe()}, {@link PatternTemplate#describe()}),
   * expressions as {@link Expr#describe()}.
   *
   * @return the description
   */
  default Value describe() {
    return switch (this) {
      case Assert a -> RecordValue.of("assert", StringValue.of(a.target()), a.template().describe());
      case Message m -> RecordValue.of("message", StringValue.of(m.target()), m.template().describe());
      case During d ->
          RecordValue.of(
              "during", StringValue.of(d.target()), d.pattern().template().describe(), names(d.pattern()), d.body().describe());
      case OnMessage o ->
          RecordValue.of(
              "on-message", StringValue.of(o.target()), o.pattern().template().describe(), names(o.pattern()), o.body().describe());
      case OnStop o -> RecordValue.of("on-stop", o.body().describe());
      case Block b -> Sequence.of(b.instructions().stream().map(Instruction::describe).toList());
      case Let l -> RecordValue.of("let", l.pattern().template().describe(), names(l.pattern()), l.expr().describe());
      case Conditional c ->
          RecordValue.of(
              Symbol.of("cond"),
              StringValue.of(c.variable()),
              c.pattern().template().describe(),
              names(c.pattern()),
              c.onMatch().describe(),
              c.onNoMatch().describe());
    };
  }

  private static Value names(CompiledPattern p) {
    return Sequence.of(p.binders().stream().map(StringValue::of).toList());
  }
}
