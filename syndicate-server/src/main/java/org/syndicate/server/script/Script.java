package org.syndicate.server.script;

import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.EndOfInputException;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SyntaxError;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.text.TextReader;

/**
 * Entry point of the config-script language (reference note syndicate-server.md §5): reads and
 * compiles a config file into a {@link CompiledScript}.
 *
 * <p>{@link #load(Path, String)} does what the reference's config watcher does with a file's
 * text: it appends {@code "\n[]"} (so a trailing comment has something to attach to; as a side
 * effect every file ends with an empty block), reads every Preserves text value with annotations
 * kept and without an embedded decoder ({@code #:} is a read error, §5.1), and parses the values as
 * instructions with {@code config} as the initial target.
 *
 * <p>Errors: the only exception thrown for bad input is {@link ScriptParseException}: kind {@code
 * SYNTAX} when the text is not Preserves (one error, the reader's position and message), kind
 * {@code GRAMMAR} with every script error otherwise, each naming file:line:column.
 */
public final class Script {
  private Script() {}

  /** The variable that is the initial target of a file's instructions. */
  public static final String DEFAULT_TARGET = "config";

  /**
   * Compiler limits.
   *
   * @param maxDepth maximum nesting, both of values in the file (the text reader's limit) and of
   *     instructions (blocks and chains of prefix instructions); default 512
   */
  public record Options(int maxDepth) {
    /** Depth 512. */
    public static final Options DEFAULT = new Options(512);

    /** Validates the limit. */
    public Options {
      if (maxDepth < 1) throw new IllegalArgumentException("maxDepth must be at least 1: " + maxDepth);
    }
  }

  /** The config file reader's embedded decoder: there is none, so {@code #:} fails to read. */
  private static final EmbeddedCodec NO_EMBEDDED =
      new EmbeddedCodec() {
        @Override
        public Value encode(Object payload) {
          throw new PreservesException("config files cannot contain embedded values");
        }

        @Override
        public Object decode(Value wire) {
          throw new PreservesException("config files cannot contain embedded values (#:)");
        }
      };

  /**
   * Reads and compiles a config file with default limits.
   *
   * @param path the file (used in positions and for {@code scriptdir}); may be null
   * @param text its contents
   * @return the compiled script
   * @throws ScriptParseException if the text is not Preserves or not a valid script
   */
  public static CompiledScript load(Path path, String text) {
    return load(path, text, Options.DEFAULT);
  }

  /**
   * Reads and compiles a config file.
   *
   * @param path the file (used in positions and for {@code scriptdir}); may be null
   * @param text its contents
   * @param options limits
   * @return the compiled script
   * @throws ScriptParseException if the text is not Preserves or not a valid script
   */
  public static CompiledScript load(Path path, String text, Options options) {
    String source = path == null ? "<script>" : path.toString();
    String full = text + "\n[]";
    TextReader.Options readerOptions =
        TextReader.Options.DEFAULT
            .withEmbeddedCodec(NO_EMBEDDED)
            .withMaxDepth(options.maxDepth())
            .withSourceName(source);
    IdentityHashMap<Value, Position> positions = new IdentityHashMap<>();
    List<Map.Entry<Value, Position>> reports = new ArrayList<>();
    List<Value> tokens = new ArrayList<>();
    try {
      TextReader reader =
          new TextReader(full, readerOptions)
              .recordPositions(
                  (v, p) -> {
                    positions.put(v, p);
                    reports.add(new AbstractMap.SimpleImmutableEntry<>(v, p));
                  });
      for (Value v = reader.next(); v != null; v = reader.next()) tokens.add(v);
    } catch (SyntaxError e) {
      throw syntax(e.position(), e.detail());
    } catch (EndOfInputException e) {
      throw syntax(e.position(), "premature end of input: a value is not complete");
    } catch (PreservesException e) {
      throw syntax(Position.ofText(source, 0, 1, 1), e.getMessage());
    }
    return compile(path, tokens, placeMap(tokens, reports, positions), options);
  }

  /**
   * Positions by place for the top level and for items of blocks (sequences) and records, found
   * by walking the tokens in the order the reader reported them (post-order, items left to right;
   * extra reports, e.g. values inside annotations, are skipped by identity). This tells apart
   * occurrences of shared objects such as {@code #t} or {@code []}.
   */
  private static SourceMap placeMap(
      List<Value> tokens, List<Map.Entry<Value, Position>> reports, IdentityHashMap<Value, Position> positions) {
    IdentityHashMap<Value, Position[]> items = new IdentityHashMap<>();
    int[] next = {0};
    List<Position> top = new ArrayList<>();
    for (Value t : tokens) top.add(walk(t, reports, next, items));
    return SourceMap.of(positions, top, items);
  }

  private static Position walk(
      Value v, List<Map.Entry<Value, Position>> reports, int[] next, IdentityHashMap<Value, Position[]> items) {
    if (v instanceof Sequence s && !s.items().isEmpty()) {
      Position[] ps = new Position[s.size()];
      for (int i = 0; i < ps.length; i++) ps[i] = walk(s.get(i), reports, next, items);
      items.put(s, ps);
    } else if (v instanceof RecordValue r) {
      walk(r.label(), reports, next, items);
      for (Value f : r.fields()) walk(f, reports, next, items);
    }
    for (int j = next[0]; j < reports.size(); j++) {
      if (reports.get(j).getKey() == v) {
        next[0] = j + 1;
        return reports.get(j).getValue();
      }
    }
    return null;
  }

  private static ScriptParseException syntax(Position p, String detail) {
    return new ScriptParseException(ScriptParseException.Kind.SYNTAX, List.of(new ScriptError(p, detail)));
  }

  /**
   * Compiles the values of a file (already read; no {@code []} is appended here).
   *
   * @param path the file, or null
   * @param tokens its values, in order, annotations kept
   * @param map where each value came from
   * @param options limits
   * @return the compiled script
   * @throws ScriptParseException of kind GRAMMAR listing every error
   */
  public static CompiledScript compile(Path path, List<Value> tokens, SourceMap map, Options options) {
    String source = path == null ? "<script>" : path.toString();
    Position unknown = new Position(source, -1, -1, -1);
    for (Value token : tokens) {
      if (depthExceeds(token, options.maxDepth())) {
        throw new ScriptParseException(
            ScriptParseException.Kind.GRAMMAR,
            List.of(new ScriptError(map.at(token, unknown),
                "Value nested too deeply (more than " + options.maxDepth() + " levels)")));
      }
    }
    ScriptParser parser = new ScriptParser(map, unknown, options.maxDepth());
    return new CompiledScript(path, parser.parseTop(tokens, DEFAULT_TARGET));
  }

  /** Iteratively checks the nesting of compounds (the compiler's recursion is bounded by it). */
  private static boolean depthExceeds(Value root, int max) {
    java.util.ArrayDeque<Value> stack = new java.util.ArrayDeque<>();
    java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
    stack.push(root);
    depths.push(1);
    while (!stack.isEmpty()) {
      Value v = stack.pop();
      int d = depths.pop();
      if (d > max) return true;
      List<Value> children =
          switch (v) {
            case org.syndicate.preserves.RecordValue r -> {
              List<Value> c = new ArrayList<>(r.fields());
              c.add(r.label());
              yield c;
            }
            case org.syndicate.preserves.Sequence q -> q.items();
            case org.syndicate.preserves.SetValue q -> q.elements();
            case org.syndicate.preserves.Dictionary q -> {
              List<Value> c = new ArrayList<>(q.keys());
              c.addAll(q.values());
              yield c;
            }
            default -> List.of();
          };
      for (Value c : children) {
        stack.push(c);
        depths.push(d + 1);
      }
    }
    return false;
  }
}
