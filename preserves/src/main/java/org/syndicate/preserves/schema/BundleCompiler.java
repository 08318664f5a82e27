package org.syndicate.preserves.schema;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Position;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryReader;
import org.syndicate.preserves.text.TextReader;

/**
 * Compiles {@code .prs} files into a bundle {@code <bundle {[module path …]: <schema …> …}>}
 * (preserves.md §5.1): for a directory, every {@code .prs} file below it, whose module path is
 * its path relative to the directory without {@code .prs}, split on {@code /}
 * ({@code schemas/a/b.prs} → {@code [a b]}). Hidden files and directories (name starting with
 * {@code .}) are skipped. Files are read as UTF-8 (malformed input is an error) with the text
 * reader in document mode, annotations and positions kept, then compiled by
 * {@link SchemaCompiler}.
 *
 * <p>Errors: {@link org.syndicate.preserves.SyntaxError} (text syntax) and
 * {@link SchemaSyntaxError} (schema) both name {@code file:line:column}; I/O problems and
 * duplicate module paths are {@link PreservesException}s naming the file.
 */
public final class BundleCompiler {
  private BundleCompiler() {}

  /**
   * Compiles one {@code .prs} file.
   *
   * @param file the file
   * @param displayName the name errors use for it (usually the path as given)
   * @return the compiled {@code <schema …>} value
   */
  public static Value compileFile(Path file, String displayName) {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new PreservesException(displayName + ": not valid UTF-8");
    } catch (IOException e) {
      throw new PreservesException(displayName + ": cannot read: " + e.getMessage(), e);
    }
    return compileText(text, displayName);
  }

  /**
   * Compiles schema source text.
   *
   * @param text the whole {@code .prs} source
   * @param displayName the file name errors use (may be null)
   * @return the compiled {@code <schema …>} value
   */
  public static Value compileText(String text, String displayName) {
    IdentityHashMap<Value, Position> positions = new IdentityHashMap<>();
    TextReader reader = new TextReader(text, TextReader.Options.DEFAULT.withSourceName(displayName))
        .recordPositions(positions::put);
    List<Value> values = new ArrayList<>();
    Value v;
    while ((v = reader.next()) != null) values.add(v);
    return SchemaCompiler.compile(values, displayName, SourcePositions.of(positions));
  }

  /**
   * Compiles every {@code .prs} file below {@code dir}.
   *
   * @param dir the directory
   * @return module path → compiled schema, sorted by path
   */
  public static Map<List<String>, Value> compileDirectory(Path dir) {
    Map<List<String>, Value> out = new TreeMap<>(BundleCompiler::comparePaths);
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".prs"))
          .filter(p -> !hidden(dir.relativize(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new PreservesException(dir + ": cannot list: " + e.getMessage(), e);
    }
    for (Path f : files) {
      Path rel = dir.relativize(f);
      List<String> module = new ArrayList<>();
      for (int i = 0; i < rel.getNameCount(); i++) module.add(rel.getName(i).toString());
      String last = module.removeLast();
      module.add(last.substring(0, last.length() - ".prs".length()));
      out.put(List.copyOf(module), compileFile(f, f.toString()));
    }
    return out;
  }

  private static boolean hidden(Path rel) {
    for (Path p : rel) if (p.toString().startsWith(".")) return true;
    return false;
  }

  /**
   * Builds one bundle from several sources: directories of {@code .prs} files, or binary bundle
   * files (canonical or not) whose modules are taken as they are.
   *
   * @param sources the directories and bundle files
   * @return the {@code <bundle {…}>} value
   * @throws PreservesException when two sources define the same module path, or on any error
   */
  public static Value compileSources(List<Path> sources) {
    Map<List<String>, Value> modules = new TreeMap<>(BundleCompiler::comparePaths);
    for (Path src : sources) {
      Map<List<String>, Value> found;
      if (Files.isDirectory(src)) {
        found = compileDirectory(src);
      } else if (Files.isRegularFile(src)) {
        found = readBundleFile(src);
      } else {
        throw new PreservesException(src + ": no such directory or bundle file");
      }
      for (Map.Entry<List<String>, Value> e : found.entrySet()) {
        if (modules.put(e.getKey(), e.getValue()) != null) {
          throw new PreservesException(src + ": module " + String.join(".", e.getKey()) + " is defined twice");
        }
      }
    }
    return bundle(modules);
  }

  /** @return the modules of a binary bundle file. */
  static Map<List<String>, Value> readBundleFile(Path file) {
    Value v;
    try {
      v = BinaryReader.decode(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new PreservesException(file + ": cannot read: " + e.getMessage(), e);
    } catch (PreservesException e) {
      throw new PreservesException(file + ": " + e.getMessage(), e);
    }
    if (!(v.isRecord("bundle", 1) && ((RecordValue) v).field(0) instanceof Dictionary d)) {
      throw new PreservesException(file + ": not a schema bundle <bundle {…}>");
    }
    Map<List<String>, Value> out = new TreeMap<>(BundleCompiler::comparePaths);
    for (int i = 0; i < d.size(); i++) out.put(SchemaModel.modulePath(d.keys().get(i)), d.values().get(i).strip());
    return out;
  }

  /**
   * @param modules module path → compiled schema
   * @return {@code <bundle {[path …]: schema …}>}
   */
  public static Value bundle(Map<List<String>, Value> modules) {
    Dictionary.Builder b = Dictionary.builder();
    for (Map.Entry<List<String>, Value> e : modules.entrySet()) {
      List<Value> path = new ArrayList<>();
      for (String s : e.getKey()) path.add(Symbol.of(s));
      b.put(Sequence.of(path), e.getValue());
    }
    return RecordValue.of("bundle", b.build());
  }

  private static int comparePaths(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }
}
