package org.syndicate.server.script;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Dataspace;
import org.syndicate.dataspace.Observe;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextWriter;

/**
 * Runs {@link Instruction}s in a facet of the actor runtime, against an {@link Env} (reference note
 * syndicate-server.md §5.2–§5.4, §5.7).
 *
 * <ul>
 *   <li>Targets are looked up when each instruction runs and must be embedded {@link Ref}s.
 *   <li>{@code let} and a matching conditional extend the environment in place; blocks are not
 *       scopes. {@code ?}, {@code ??} and {@code ?-} capture a {@link Env#snapshot()} when they
 *       run; each match extends its own copy.
 *   <li>{@code ?}: one child facet per distinct match (kept alive while the match lasts), stopped
 *       when the match is retracted. {@code ??}: one transient child facet per matching message,
 *       stopped at once if inert. {@code ?-}: runs in the parent's context when the facet stops.
 *   <li>A run-time error aborts the evaluation, is logged with the file path, and stops the facet
 *       the instruction was running in (the file's facet at top level, the match's facet inside a
 *       {@code ?} or {@code ??} body). Earlier assertions of that facet are retracted in the same
 *       turn; messages already sent stay sent. As in the reference, an error inside a {@code ?-}
 *       body is not caught: it escapes from the stop action into whatever turn is stopping the
 *       facet (for the config watcher: its actor fails and its supervisor restarts it).
 * </ul>
 */
final class ScriptInterpreter {
  private static final Logger LOG = LoggerFactory.getLogger(ScriptInterpreter.class);

  private ScriptInterpreter() {}

  /** Attenuates embedded {@link Ref}s with the installed caveat compiler. */
  static final Env.Attenuator REF_ATTENUATOR =
      (base, caveats) -> {
        if (!(base instanceof Embedded e) || !(e.payload() instanceof Ref ref)) {
          throw new IllegalArgumentException("not a capability: " + base);
        }
        try {
          return ref.attenuate(caveats).embedded();
        } catch (RuntimeException ex) {
          throw new IllegalArgumentException(ex.getMessage() == null ? ex.toString() : ex.getMessage(), ex);
        }
      };

  /**
   * The reference's {@code safe_eval}: runs {@code i}; on a run-time error logs it and stops the
   * current facet.
   *
   * @param t the running turn (its current facet is where {@code i} runs)
   * @param env the environment (extended in place)
   * @param i the instruction
   * @return null on success, else the error (already logged; the facet is stopping)
   */
  static ScriptRuntimeException safeEval(Turn t, Env env, Instruction i) {
    ScriptRuntimeException error;
    try {
      eval(t, env, i);
      return null;
    } catch (ScriptRuntimeException e) {
      LOG.error("{}: {}", env.path() == null ? "<script>" : env.path(), e.getMessage());
      error = e;
    } catch (RuntimeException e) {
      // Not expected; contained like a script error so that it cannot take the caller down.
      LOG.error("{}: internal error while running the script", env.path() == null ? "<script>" : env.path(), e);
      error = new ScriptRuntimeException(i.position(), "Internal error: " + e);
    }
    t.stop();
    return error;
  }

  /**
   * Runs one instruction.
   *
   * @throws ScriptRuntimeException on a run-time error
   */
  static void eval(Turn t, Env env, Instruction i) {
    switch (i) {
      case Instruction.Assert a -> {
        Ref target = lookupTarget(env, a.target(), a.targetPosition());
        t.publish(target, a.template().instantiate(env));
      }
      case Instruction.Message m -> {
        Ref target = lookupTarget(env, m.target(), m.targetPosition());
        t.message(target, m.template().instantiate(env));
      }
      case Instruction.During d -> {
        DataspacePattern pattern = d.pattern().instantiate(env);
        Ref observer = t.ref(new DuringObserver(env.snapshot(), d.pattern().binders(), d.body()));
        Ref target = lookupTarget(env, d.target(), d.targetPosition());
        t.publish(target, observe(pattern, observer));
      }
      case Instruction.OnMessage o -> {
        DataspacePattern pattern = o.pattern().instantiate(env);
        Ref observer = t.ref(new MessageObserver(env.snapshot(), o.pattern().binders(), o.body()));
        Ref target = lookupTarget(env, o.target(), o.targetPosition());
        t.publish(target, observe(pattern, observer));
      }
      case Instruction.OnStop s -> {
        Env snapshot = env.snapshot();
        t.onStop(t2 -> eval(t2, snapshot, s.body()));
      }
      case Instruction.Block b -> {
        for (Instruction x : b.instructions()) eval(t, env, x);
      }
      case Instruction.Let l -> {
        DataspacePattern pattern = l.pattern().instantiate(env);
        Value value = evalExpr(t, env, l.expr());
        List<Value> captures = pattern.match(value);
        if (captures == null) {
          throw new ScriptRuntimeException(
              l.position(), "Could not match pattern " + l.pattern().source() + " with value " + value);
        }
        env.extend(l.pattern().binders(), captures);
      }
      case Instruction.Conditional c -> {
        DataspacePattern pattern = c.pattern().instantiate(env);
        Value value = env.lookup(c.variable(), "value in conditional expression", c.variablePosition());
        List<Value> captures = pattern.match(value);
        if (captures == null) {
          eval(t, env, c.onNoMatch());
        } else {
          env.extend(c.pattern().binders(), captures);
          eval(t, env, c.onMatch());
        }
      }
    }
  }

  private static Value observe(DataspacePattern pattern, Ref observer) {
    return RecordValue.of(Observe.LABEL, pattern.toValue(), observer.embedded());
  }

  private static Ref lookupTarget(Env env, String name, Position where) {
    Value v = env.lookup(name, "target variable", where);
    if (v instanceof Embedded e && e.payload() instanceof Ref r) return r;
    throw new ScriptRuntimeException(where, "Target variable " + Env.quoted(name) + " is not a capability: " + v);
  }

  /** Evaluates a {@code let} right-hand side. */
  static Value evalExpr(Turn t, Env env, Expr e) {
    return switch (e) {
      case Expr.TemplateExpr x -> x.template().instantiate(env);
      case Expr.Dataspace d -> Dataspace.create(t).embedded();
      case Expr.Timestamp ts -> StringValue.of(rfc3339(Instant.now()));
      case Expr.Facet f -> t.ref(new FacetHandle()).embedded();
      case Expr.ScriptDir s -> StringValue.of(env.scriptDir());
      case Expr.Stringify s -> StringValue.of(text(evalExpr(t, env, s.expr()), s.position()));
      case Expr.Join j -> {
        Value sep = evalExpr(t, env, j.separator());
        Value pieces = evalExpr(t, env, j.pieces());
        List<Value> items = pieces instanceof Sequence seq ? seq.items() : List.of(pieces);
        StringBuilder sb = new StringBuilder();
        String sepText = piece(sep, j.position());
        for (int k = 0; k < items.size(); k++) {
          if (k > 0) sb.append(sepText);
          sb.append(piece(items.get(k), j.position()));
        }
        yield StringValue.of(sb.toString());
      }
    };
  }

  private static String piece(Value v, Position where) {
    return v instanceof StringValue s ? s.value() : text(v, where);
  }

  private static final TextWriter.Options PLAIN_TEXT =
      new TextWriter.Options(
          false,
          0,
          new EmbeddedCodec() {
            @Override
            public Value encode(Object payload) {
              throw new PreservesException("embedded values have no text form");
            }

            @Override
            public Object decode(Value wire) {
              throw new PreservesException("embedded values have no text form");
            }
          });

  /** The Preserves text of {@code v}; embedded values are an error (§5.4). */
  static String text(Value v, Position where) {
    try {
      return TextWriter.toText(v, PLAIN_TEXT);
    } catch (PreservesException e) {
      throw new ScriptRuntimeException(where, "Cannot convert a value containing an embedded capability to text: " + v);
    }
  }

  /** RFC 3339 in UTC the way the reference prints it: {@code 2025-01-31T12:00:00.123456789+00:00}. */
  static String rfc3339(Instant now) {
    int nanos = now.getNano();
    String pattern =
        nanos == 0
            ? "uuuu-MM-dd'T'HH:mm:ss"
            : nanos % 1_000_000 == 0
                ? "uuuu-MM-dd'T'HH:mm:ss.SSS"
                : nanos % 1000 == 0 ? "uuuu-MM-dd'T'HH:mm:ss.SSSSSS" : "uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS";
    return DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(now) + "+00:00";
  }

  /** The observer behind {@code ?}: a facet per distinct match. */
  private static final class DuringObserver implements Entity {
    private final Env env;
    private final List<String> binders;
    private final Instruction body;
    private final Map<Long, Facet> facets = new HashMap<>();

    DuringObserver(Env env, List<String> binders, Instruction body) {
      this.env = env;
      this.binders = binders;
      this.body = body;
    }

    @Override
    public void onAssert(Turn t, Value captures, long handle) {
      if (!(captures instanceof Sequence seq)) return;
      Facet f =
          t.facet(
              t2 -> {
                t2.preventInertCheck();
                Env e = env.snapshot();
                e.extend(binders, seq.items());
                safeEval(t2, e, body);
              });
      facets.put(handle, f);
    }

    @Override
    public void onRetract(Turn t, long handle) {
      Facet f = facets.remove(handle);
      if (f != null) t.stop(f);
    }
  }

  /** The observer behind {@code ??}: a transient facet per matching message. */
  private static final class MessageObserver implements Entity {
    private final Env env;
    private final List<String> binders;
    private final Instruction body;

    MessageObserver(Env env, List<String> binders, Instruction body) {
      this.env = env;
      this.binders = binders;
      this.body = body;
    }

    @Override
    public void onMessage(Turn t, Value captures) {
      if (!(captures instanceof Sequence seq)) return;
      t.facet(
          t2 -> {
            Env e = env.snapshot();
            e.extend(binders, seq.items());
            safeEval(t2, e, body);
          });
    }
  }

  /** The entity behind {@code let ?f = facet}: the message {@code stop} stops its facet. */
  private static final class FacetHandle implements Entity {
    @Override
    public void onMessage(Turn t, Value body) {
      if (body.isSymbol("stop")) {
        t.stop();
      } else {
        LOG.warn("Unrecognised message sent to a facet handle: {}", body);
      }
    }
  }
}
