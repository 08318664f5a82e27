package org.syndicate.preserves.schema;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.DoubleValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.schema.SchemaModel.And;
import org.syndicate.preserves.schema.SchemaModel.Any;
import org.syndicate.preserves.schema.SchemaModel.Atom;
import org.syndicate.preserves.schema.SchemaModel.Binding;
import org.syndicate.preserves.schema.SchemaModel.Bundle;
import org.syndicate.preserves.schema.SchemaModel.CompoundPattern;
import org.syndicate.preserves.schema.SchemaModel.Definition;
import org.syndicate.preserves.schema.SchemaModel.Dict;
import org.syndicate.preserves.schema.SchemaModel.DictOf;
import org.syndicate.preserves.schema.SchemaModel.Lit;
import org.syndicate.preserves.schema.SchemaModel.NamedPattern;
import org.syndicate.preserves.schema.SchemaModel.NamedSimplePattern;
import org.syndicate.preserves.schema.SchemaModel.Or;
import org.syndicate.preserves.schema.SchemaModel.Pattern;
import org.syndicate.preserves.schema.SchemaModel.Rec;
import org.syndicate.preserves.schema.SchemaModel.Ref;
import org.syndicate.preserves.schema.SchemaModel.Schema;
import org.syndicate.preserves.schema.SchemaModel.SeqOf;
import org.syndicate.preserves.schema.SchemaModel.SetOf;
import org.syndicate.preserves.schema.SchemaModel.SimplePattern;
import org.syndicate.preserves.schema.SchemaModel.Tuple;
import org.syndicate.preserves.schema.SchemaModel.TuplePrefix;

/**
 * Generates Java 25 source for every definition of a compiled schema bundle (preserves.md §5.4),
 * and is the main class the {@code protocol-schemas} build runs in {@code generate-sources}.
 *
 * <p><b>Command line:</b> {@code JavaGenerator --output DIR [--package BASE] [--embedded
 * Module.Name=java.type]… [--module-alias Spelling=module.path]… SOURCE…}, where each SOURCE
 * is a directory of {@code .prs} files
 * (compiled as by {@code bin/preserves-schemac}) or a binary bundle file. Errors are printed as
 * {@code file:line:column: message}; the exit status is then non-zero (or, when run inside Maven
 * by exec:java, a {@link PreservesException} is thrown).
 *
 * <p><b>Packages:</b> module path {@code [a b]} becomes package {@code BASE.a.b} with each segment
 * lower-cased ({@link JavaNames#packageSegment}): {@code [dataspacePatterns]} →
 * {@code org.syndicate.schemas.dataspacepatterns}. One file per definition, named by
 * {@link JavaNames#upperCamel}, plus a package-private {@code SchemaLiterals} holding the literal
 * values the module matches against.
 *
 * <p><b>Types</b> (the host-type model of preserves.md §5.4):
 *
 * <ul>
 *   <li>an {@code or} whose alternatives all capture nothing → a Java {@code enum} with one
 *       constant per variant (UpperCamelCase label, e.g. {@code RestartPolicy.OnError});
 *   <li>any other {@code or} → a {@code sealed interface} with one nested {@code record} per
 *       variant, e.g. {@code Packet.Turn(Turn value)}; a variant whose pattern is a simple
 *       pattern carries it as component {@code value}; a compound one carries its bindings;
 *   <li>an {@code and} or a compound pattern → a {@code record} whose components are all the
 *       bindings inside it, in order (anonymous non-literal simple patterns get {@code fieldN});
 *   <li>a simple pattern → a wrapper {@code record(T value)}, or an empty record for a literal.
 * </ul>
 *
 * Field types: {@code any} → {@link Value}; {@code bool} → {@code boolean}; {@code double} →
 * {@code double}; {@code int} → {@link java.math.BigInteger}; {@code string} and {@code symbol}
 * → {@link String}; {@code bytes} → {@link ByteString}; {@code [p ...]} → {@code List}; {@code
 * #{p}} → {@code Set}; {@code {k: v ...:...}} → {@code Map} (iteration in Preserves order);
 * references → the referenced generated type. Every type has {@code static T parse(Value)}
 * (throws {@link SchemaParseException} naming the path and what was expected), {@code static
 * Optional<T> tryParse(Value)} and {@code Value unparse()}.
 *
 * <p><b>Embedded values</b> are represented by their <em>payload</em> object: an embedded field
 * has the Java type mapped from the module's {@code embeddedType} by {@code --embedded} (default
 * {@code java.lang.Object}), {@code parse} takes {@link Embedded#payload()} (checking its class
 * when the type is not Object), and {@code unparse} wraps it with {@link Embedded#of}. This keeps
 * the generated types free of type parameters: the dataspace module decodes a packet whose
 * embedded payloads are its own entity references, parses {@code Turn}, {@code Observe}, {@code
 * Resolve}… and casts {@code observer()} to its reference type; the schemas module need not know
 * that type.
 *
 * <p><b>Matching</b> follows preserves.md §5.3 with the reference implementation's openness:
 * records may have more fields than the pattern names (extra fields are ignored, see
 * syndicate-server.md §6 "Extra fields in service names"), dictionaries may have extra keys,
 * tuples have exactly their length, and {@code or} is ordered choice. {@code unparse(parse(v))}
 * equals {@code v} for values without such extras.
 *
 * <p><b>References to modules outside the bundle:</b> a module path that does not name a module
 * of the bundle is looked up among the declared {@linkplain Options#moduleAliases() module
 * aliases} ({@code --module-alias TransportAddress=transportAddress}: the reference's {@code
 * internalServices} module says {@code TransportAddress.Tcp} for {@code transportAddress.Tcp}),
 * which resolve silently; then case-insensitively, with a warning (an undeclared spelling may be a
 * typo); failing that, the field is typed {@link Value} and matches anything, with a warning.
 */
public final class JavaGenerator {
  private static final String V = "org.syndicate.preserves.Value";
  private static final String RT = "org.syndicate.preserves.schema.SchemaRuntime";
  private static final String SPE = "org.syndicate.preserves.schema.SchemaParseException";
  private static final String P = "org.syndicate.preserves.";

  /**
   * Generator settings.
   *
   * @param basePackage the package the module packages go under, e.g. {@code org.syndicate.schemas}
   * @param embeddedTypes Java type for each dotted {@code embeddedType} name (others: Object)
   * @param moduleAliases accepted spellings of module paths that are not in the bundle, dotted
   *     (e.g. {@code TransportAddress}), each to the dotted path of the bundle module it means
   *     (e.g. {@code transportAddress}); a reference through an alias resolves without a warning
   */
  public record Options(String basePackage, Map<String, String> embeddedTypes, Map<String, String> moduleAliases) {
    /** Base package {@code org.syndicate.schemas}, every embedded type as Object, no aliases. */
    public static final Options DEFAULT = new Options("org.syndicate.schemas", Map.of());

    /** Copies the maps. */
    public Options {
      embeddedTypes = Map.copyOf(embeddedTypes);
      moduleAliases = Map.copyOf(moduleAliases);
    }

    /**
     * Settings without module aliases.
     *
     * @param basePackage see the record
     * @param embeddedTypes see the record
     */
    public Options(String basePackage, Map<String, String> embeddedTypes) {
      this(basePackage, embeddedTypes, Map.of());
    }
  }

  private final Bundle bundle;
  private final Options options;
  private final Set<String> warnings = new java.util.LinkedHashSet<>();

  private JavaGenerator(Bundle bundle, Options options) {
    this.bundle = bundle;
    this.options = options;
  }

  /**
   * Generates the sources for a bundle.
   *
   * @param bundle the compiled bundle
   * @param options settings
   * @param warnings receives warnings (unresolved modules); may be null
   * @return relative file path (e.g. {@code org/syndicate/schemas/protocol/Turn.java}) → source,
   *     sorted by path
   * @throws PreservesException when a definition cannot be represented (duplicate Java names)
   */
  public static Map<String, String> generate(Bundle bundle, Options options, List<String> warnings) {
    JavaGenerator g = new JavaGenerator(bundle, options);
    Map<String, String> out = new TreeMap<>();
    for (Map.Entry<List<String>, Schema> m : bundle.modules().entrySet()) {
      g.new ModuleEmitter(m.getKey(), m.getValue()).emit(out);
    }
    if (warnings != null) warnings.addAll(g.warnings);
    return out;
  }

  /** @return the Java package of a module path under {@code basePackage}. */
  public static String packageName(String basePackage, List<String> modulePath) {
    StringBuilder sb = new StringBuilder(basePackage);
    for (String s : modulePath) sb.append('.').append(JavaNames.packageSegment(s));
    return sb.toString();
  }

  // ---- command line ------------------------------------------------------------------------------

  /**
   * Command-line entry point (see the class comment).
   *
   * @throws PreservesException on bad arguments or schema errors (so that Maven's exec:java
   *     reports a failure without exiting the build JVM)
   */
  public static void main(String[] args) throws IOException {
    String output = null;
    String base = Options.DEFAULT.basePackage();
    Map<String, String> embedded = new LinkedHashMap<>();
    Map<String, String> aliases = new LinkedHashMap<>();
    List<Path> sources = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--output", "-o" -> output = need(args, ++i);
        case "--package" -> base = need(args, ++i);
        case "--embedded" -> {
          String m = need(args, ++i);
          int eq = m.indexOf('=');
          if (eq <= 0) throw new PreservesException("--embedded expects Module.Name=java.type, got " + m);
          embedded.put(m.substring(0, eq), m.substring(eq + 1));
        }
        case "--module-alias" -> {
          String m = need(args, ++i);
          int eq = m.indexOf('=');
          if (eq <= 0 || eq == m.length() - 1) throw new PreservesException("--module-alias expects Spelling=module.path, got " + m);
          aliases.put(m.substring(0, eq), m.substring(eq + 1));
        }
        default -> {
          if (args[i].startsWith("-")) throw new PreservesException("unknown option " + args[i]);
          sources.add(Path.of(args[i]));
        }
      }
    }
    if (output == null || sources.isEmpty()) {
      throw new PreservesException(
          "usage: JavaGenerator --output DIR [--package BASE] [--embedded Module.Name=java.type]... [--module-alias Spelling=module.path]... SOURCE...");
    }
    Bundle bundle = SchemaModel.Bundle.parse(BundleCompiler.compileSources(sources));
    List<String> warnings = new ArrayList<>();
    Map<String, String> files = generate(bundle, new Options(base, embedded, aliases), warnings);
    for (String w : warnings) System.err.println("warning: " + w);
    Path out = Path.of(output);
    for (Map.Entry<String, String> f : files.entrySet()) {
      Path p = out.resolve(f.getKey());
      Files.createDirectories(p.getParent());
      byte[] bytes = f.getValue().getBytes(StandardCharsets.UTF_8);
      // Leave unchanged files alone so that incremental compilation stays incremental.
      if (Files.exists(p) && java.util.Arrays.equals(Files.readAllBytes(p), bytes)) continue;
      Files.write(p, bytes);
    }
    // Remove files generated earlier for definitions or modules that no longer exist.
    Path baseDir = out.resolve(base.replace('.', '/'));
    if (Files.isDirectory(baseDir)) {
      try (var walk = Files.walk(baseDir)) {
        for (Path p : walk.filter(f -> f.toString().endsWith(".java")).toList()) {
          String rel = out.relativize(p).toString().replace(java.io.File.separatorChar, '/');
          if (!files.containsKey(rel)) Files.delete(p);
        }
      }
    }
    System.err.println("JavaGenerator: " + files.size() + " files for " + bundle.modules().size() + " modules in " + out);
  }

  private static String need(String[] args, int i) {
    if (i >= args.length) throw new PreservesException("missing value after " + args[i - 1]);
    return args[i];
  }

  // ---- per module ----------------------------------------------------------------------------------

  /** A Java field of a generated record. */
  private record Field(String name, String type, String boxed, String doc) {}

  private final class ModuleEmitter {
    final List<String> module;
    final Schema schema;
    final String pkg;
    final String embeddedJavaType;
    final Map<Value, String> literals = new LinkedHashMap<>();
    final String literalsClass;
    final Map<String, String> typeNames = new HashMap<>();

    ModuleEmitter(List<String> module, Schema schema) {
      this.module = module;
      this.schema = schema;
      this.pkg = packageName(options.basePackage(), module);
      String et = schema.embeddedType() == null ? null : schema.embeddedType().dotted();
      this.embeddedJavaType = et == null ? "java.lang.Object" : options.embeddedTypes().getOrDefault(et, "java.lang.Object");
      Set<String> seen = new HashSet<>();
      for (String def : schema.definitions().keySet()) {
        String jn = JavaNames.upperCamel(def);
        if (!seen.add(jn.toLowerCase(Locale.ROOT))) {
          throw new PreservesException("module " + module + ": two definitions map to the Java name " + jn);
        }
        typeNames.put(def, jn);
      }
      this.literalsClass = seen.contains("schemaliterals") ? "SchemaLiterals_" : "SchemaLiterals";
    }

    void emit(Map<String, String> out) {
      String dir = pkg.replace('.', '/') + "/";
      for (Map.Entry<String, Definition> d : schema.definitions().entrySet()) {
        String name = typeNames.get(d.getKey());
        StringBuilder sb = new StringBuilder();
        sb.append("// Generated by org.syndicate.preserves.schema.JavaGenerator from module ")
            .append(String.join(".", module)).append(". Do not edit.\n");
        sb.append("package ").append(pkg).append(";\n\n");
        emitDefinition(sb, d.getKey(), name, d.getValue());
        out.put(dir + name + ".java", sb.toString());
      }
      if (!literals.isEmpty()) {
        StringBuilder sb = new StringBuilder();
        sb.append("// Generated by org.syndicate.preserves.schema.JavaGenerator. Do not edit.\n");
        sb.append("package ").append(pkg).append(";\n\n");
        sb.append("/** The literal values module ").append(String.join(".", module)).append(" matches against. */\n");
        sb.append("final class ").append(literalsClass).append(" {\n  private ").append(literalsClass).append("() {}\n\n");
        for (Map.Entry<Value, String> l : literals.entrySet()) {
          sb.append("  /** ").append(javadoc(l.getKey().toString())).append(" */\n");
          sb.append("  static final ").append(V).append(' ').append(l.getValue()).append(" = ")
              .append(valueCode(l.getKey())).append(";\n");
        }
        sb.append("}\n");
        out.put(dir + literalsClass + ".java", sb.toString());
      }
    }

    String lit(Value v) {
      return pkg + "." + literalsClass + "." + literals.computeIfAbsent(v, k -> "L" + literals.size());
    }

    // ---- definitions ----

    void emitDefinition(StringBuilder sb, String defName, String name, Definition d) {
      String doc = "Schema definition {@code " + String.join(".", module) + "." + javadoc(defName) + "}.";
      switch (d) {
        case Or or -> emitOr(sb, defName, name, or, doc);
        case And and -> {
          PatternCode pc = new PatternCode(name);
          List<String> us = new ArrayList<>();
          for (NamedPattern piece : and.pieces()) us.add(pc.named(piece, "$v"));
          String unparse = RT + ".merge(" + String.join(", ", us) + ")";
          emitRecord(sb, "", name, null, pc, unparse, doc + "\n *\n * <p>Intersection: the value must match every piece.");
        }
        case Pattern p -> {
          PatternCode pc = new PatternCode(name);
          String unparse = pc.top(p, "$v");
          emitRecord(sb, "", name, null, pc, unparse, doc);
        }
      }
    }

    void emitOr(StringBuilder sb, String defName, String name, Or or, String doc) {
      List<String> variantNames = new ArrayList<>();
      Set<String> used = new HashSet<>();
      for (SchemaModel.Alternative a : or.alternatives()) {
        String vn = JavaNames.upperCamel(a.label());
        if (vn.equals(name)) vn = vn + "_";
        while (!used.add(vn)) vn = vn + "_";
        variantNames.add(vn);
      }
      List<PatternCode> codes = new ArrayList<>();
      List<String> unparses = new ArrayList<>();
      boolean allUnit = true;
      for (int i = 0; i < or.alternatives().size(); i++) {
        PatternCode pc = new PatternCode(variantNames.get(i));
        unparses.add(pc.top(or.alternatives().get(i).pattern(), "$v"));
        codes.add(pc);
        if (!pc.fields.isEmpty()) allUnit = false;
      }
      StringBuilder labels = new StringBuilder("java.util.List.of(");
      for (int i = 0; i < or.alternatives().size(); i++) {
        if (i > 0) labels.append(", ");
        labels.append(javaString(expectation(or.alternatives().get(i))));
      }
      labels.append(")");
      StringBuilder altDoc = new StringBuilder(doc).append("\n *\n * <p>Ordered choice; variants in order:\n * <ul>\n");
      for (int i = 0; i < variantNames.size(); i++) {
        altDoc.append(" *   <li>{@code ").append(variantNames.get(i)).append("} (\"")
            .append(javadoc(or.alternatives().get(i).label())).append("\"): {@code ")
            .append(javadoc(patternText(or.alternatives().get(i).pattern()))).append("}\n");
      }
      altDoc.append(" * </ul>");

      if (allUnit) {
        sb.append("/**\n * ").append(altDoc).append("\n */\n");
        sb.append("public enum ").append(name).append(" {\n");
        for (int i = 0; i < variantNames.size(); i++) {
          sb.append("  /** Variant \"").append(javadoc(or.alternatives().get(i).label())).append("\". */\n");
          sb.append("  ").append(variantNames.get(i)).append(i + 1 < variantNames.size() ? ",\n" : ";\n\n");
        }
        parseDoc(sb, name, "  ");
        sb.append("  public static ").append(name).append(" parse(").append(V).append(" $v) {\n");
        for (int i = 0; i < codes.size(); i++) {
          sb.append("    ").append(SPE).append(" $e").append(i).append(" = null;\n");
          String g = guard(module, or.alternatives().get(i).pattern(), i, 0);
          String ind = g == null ? "    " : "      ";
          if (g != null) sb.append("    if (").append(g).append(") {\n");
          sb.append(ind).append("try {\n").append(indent(codes.get(i).parse.toString(), ind + "  "));
          sb.append(ind).append("  return ").append(variantNames.get(i)).append(";\n");
          sb.append(ind).append("} catch (").append(SPE).append(" $e) {\n").append(ind).append("  $e").append(i).append(" = $e;\n")
              .append(ind).append("}\n");
          if (g != null) sb.append("    }\n");
        }
        sb.append("    throw ").append(RT).append(".noAlternative(").append(javaString(defName)).append(", $v, ")
            .append(labels).append(errorList(codes.size())).append(");\n  }\n\n");
        tryParse(sb, name, "  ");
        sb.append("  /** @return the Preserves value of this variant. */\n");
        sb.append("  public ").append(V).append(" unparse() {\n    return switch (this) {\n");
        for (int i = 0; i < variantNames.size(); i++) {
          sb.append("      case ").append(variantNames.get(i)).append(" -> ").append(unparses.get(i)).append(";\n");
        }
        sb.append("    };\n  }\n}\n");
        return;
      }

      sb.append("/**\n * ").append(altDoc).append("\n */\n");
      sb.append("public sealed interface ").append(name).append(" {\n");
      parseDoc(sb, name, "  ");
      sb.append("  public static ").append(name).append(" parse(").append(V).append(" $v) {\n");
      for (int i = 0; i < codes.size(); i++) {
        sb.append("    ").append(SPE).append(" $e").append(i).append(" = null;\n");
        String g = guard(module, or.alternatives().get(i).pattern(), i, 0);
        String ind = g == null ? "    " : "      ";
        if (g != null) sb.append("    if (").append(g).append(") {\n");
        sb.append(ind).append("try {\n").append(ind).append("  return ").append(variantNames.get(i)).append(".parse($v);\n");
        sb.append(ind).append("} catch (").append(SPE).append(" $e) {\n").append(ind).append("  $e").append(i).append(" = $e;\n")
            .append(ind).append("}\n");
        if (g != null) sb.append("    }\n");
      }
      sb.append("    throw ").append(RT).append(".noAlternative(").append(javaString(defName)).append(", $v, ")
          .append(labels).append(errorList(codes.size())).append(");\n  }\n\n");
      tryParse(sb, name, "  ");
      sb.append("  /** @return the Preserves value of this instance. */\n");
      sb.append("  ").append(V).append(" unparse();\n");
      for (int i = 0; i < codes.size(); i++) {
        StringBuilder vsb = new StringBuilder();
        String vdoc = "Variant \"" + javadoc(or.alternatives().get(i).label()) + "\" of {@link " + name + "}: {@code "
            + javadoc(patternText(or.alternatives().get(i).pattern())) + "}.";
        emitRecord(vsb, "", variantNames.get(i), name, codes.get(i), unparses.get(i), vdoc);
        sb.append("\n").append(indent(vsb.toString(), "  "));
      }
      sb.append("}\n");
    }

    void emitRecord(StringBuilder sb, String ignored, String name, String iface, PatternCode pc, String unparse, String doc) {
      sb.append("/**\n * ").append(doc).append("\n");
      if (!pc.fields.isEmpty()) {
        sb.append(" *\n");
        for (Field f : pc.fields) {
          sb.append(" * @param ").append(f.name()).append(' ').append(f.doc()).append("\n");
        }
      }
      sb.append(" */\n");
      sb.append("public record ").append(name).append("(");
      for (int i = 0; i < pc.fields.size(); i++) {
        Field f = pc.fields.get(i);
        if (i > 0) sb.append(", ");
        sb.append(f.type()).append(' ').append(f.name());
      }
      sb.append(")");
      if (iface != null) sb.append(" implements ").append(iface);
      sb.append(" {\n");
      boolean anyRef = pc.fields.stream().anyMatch(f -> !isPrimitive(f.type()));
      if (anyRef) {
        sb.append("  /** Checks that no component is null. */\n");
        sb.append("  public ").append(name).append(" {\n");
        for (Field f : pc.fields) {
          if (!isPrimitive(f.type())) {
            sb.append("    java.util.Objects.requireNonNull(").append(f.name()).append(", ").append(javaString(f.name())).append(");\n");
          }
        }
        sb.append("  }\n\n");
      }
      parseDoc(sb, name, "  ");
      sb.append("  public static ").append(name).append(" parse(").append(V).append(" $v) {\n");
      for (Field f : pc.fields) sb.append("    ").append(f.type()).append(' ').append(f.name()).append(";\n");
      sb.append(indent(pc.parse.toString(), "    "));
      sb.append("    return new ").append(name).append("(");
      for (int i = 0; i < pc.fields.size(); i++) {
        if (i > 0) sb.append(", ");
        sb.append(pc.fields.get(i).name());
      }
      sb.append(");\n  }\n\n");
      tryParse(sb, name, "  ");
      sb.append("  /** @return the Preserves value of this instance. */\n");
      if (iface != null) sb.append("  @Override\n");
      sb.append("  public ").append(V).append(" unparse() {\n    return ").append(unparse).append(";\n  }\n}\n");
    }

    void parseDoc(StringBuilder sb, String name, String ind) {
      sb.append(ind).append("/**\n").append(ind).append(" * Matches a value against this definition.\n")
          .append(ind).append(" *\n").append(ind).append(" * @param $v the value (annotations are ignored)\n")
          .append(ind).append(" * @return the typed value\n").append(ind)
          .append(" * @throws org.syndicate.preserves.schema.SchemaParseException naming the path into {@code $v} that did not match and what was expected\n")
          .append(ind).append(" */\n");
    }

    void tryParse(StringBuilder sb, String name, String ind) {
      sb.append(ind).append("/** @return the typed value, or empty when {@code v} does not match. */\n");
      sb.append(ind).append("public static java.util.Optional<").append(name).append("> tryParse(").append(V).append(" v) {\n");
      sb.append(ind).append("  try {\n").append(ind).append("    return java.util.Optional.of(parse(v));\n");
      sb.append(ind).append("  } catch (").append(SPE).append(" e) {\n").append(ind).append("    return java.util.Optional.empty();\n");
      sb.append(ind).append("  }\n").append(ind).append("}\n\n");
    }

    String errorList(int n) {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < n; i++) sb.append(", $e").append(i);
      return sb.toString();
    }

    /**
     * A cheap test that must hold for {@code $v} to match {@code p} (its kind, and a record's
     * literal label or a literal's value), looking through up to three references; null when
     * there is none. Lets ordered choice skip alternatives without building exceptions.
     */
    String guard(List<String> mod, Pattern p, int i, int hops) {
      return switch (p) {
        case Lit l -> "$v.equals(" + lit(l.value()) + ")";
        case Rec r when r.label() instanceof Lit l ->
            "$v instanceof " + P + "RecordValue $g" + i + " && $g" + i + ".label().equals(" + lit(l.value()) + ")"
                + switch (r.fields()) {
                  case Tuple t when !t.elements().isEmpty() -> " && $g" + i + ".arity() >= " + t.elements().size();
                  case TuplePrefix t when !t.fixed().isEmpty() -> " && $g" + i + ".arity() >= " + t.fixed().size();
                  default -> "";
                };
        case Rec r -> "$v instanceof " + P + "RecordValue";
        case Tuple t -> "$v instanceof " + P + "Sequence";
        case TuplePrefix t -> "$v instanceof " + P + "Sequence";
        case SeqOf t -> "$v instanceof " + P + "Sequence";
        case SetOf t -> "$v instanceof " + P + "SetValue";
        case Dict t -> {
          StringBuilder g = new StringBuilder("$v instanceof " + P + "Dictionary $g" + i);
          for (Value k : t.entries().keySet()) g.append(" && $g").append(i).append(".containsKey(").append(lit(k)).append(")");
          yield g.toString();
        }
        case DictOf t -> "$v instanceof " + P + "Dictionary";
        case SchemaModel.Embedded e -> "$v instanceof " + P + "Embedded";
        case Atom a -> "$v instanceof " + P + switch (a.kind()) {
          case Boolean -> "BooleanValue";
          case Double -> "DoubleValue";
          case SignedInteger -> "SignedInteger";
          case String -> "StringValue";
          case ByteString -> "ByteString";
          case Symbol -> "Symbol";
        };
        case Ref r -> {
          List<String> target = resolveModule(mod, r);
          if (target == null || hops >= 3) yield null;
          Definition d = bundle.modules().get(target).definitions().get(r.name());
          yield d instanceof Pattern tp ? guard(target, tp, i, hops + 1) : null;
        }
        case Any a -> null;
      };
    }

    /**
     * @return the bundle's module a reference names (exact, else a declared alias, else
     *     case-insensitive), or null
     */
    List<String> resolveModule(List<String> from, Ref r) {
      return resolveModule(from, r, false);
    }

    /** As {@link #resolveModule(List, Ref)}; {@code warn}: record why a resolution was not exact. */
    List<String> resolveModule(List<String> from, Ref r, boolean warn) {
      List<String> mod = r.module().isEmpty() ? from : r.module();
      if (bundle.modules().containsKey(mod)) return mod;
      String dotted = String.join(".", mod);
      String alias = options.moduleAliases().get(dotted);
      if (alias != null) {
        List<String> target = List.of(alias.split("\\.", -1));
        if (bundle.modules().containsKey(target)) return target;
        if (warn) {
          warnings.add("module " + String.join(".", module) + ": alias " + dotted + "=" + alias + " names a module not in the bundle");
        }
      }
      for (List<String> m : bundle.modules().keySet()) {
        if (String.join(".", m).equalsIgnoreCase(dotted)) {
          if (warn) {
            warnings.add("module " + String.join(".", module) + ": reference " + r.dotted() + " resolved case-insensitively to "
                + String.join(".", m) + "." + r.name());
          }
          return m;
        }
      }
      if (warn) {
        warnings.add("module " + String.join(".", module) + ": reference " + r.dotted()
            + " names a module not in the bundle; typed as Value");
      }
      return null;
    }

    // ---- references and types ----

    /** @return the fully qualified Java type of a reference, or null when unresolved. */
    String refType(Ref r) {
      List<String> mod = resolveModule(module, r, true);
      if (mod == null) return null;
      Schema target = bundle.modules().get(mod);
      if (!target.definitions().containsKey(r.name())) {
        throw new PreservesException("module " + String.join(".", module) + ": reference " + r.dotted()
            + " names no definition of module " + String.join(".", mod));
      }
      return packageName(options.basePackage(), mod) + "." + JavaNames.upperCamel(r.name());
    }

    String javaType(SimplePattern p, boolean boxed) {
      return switch (p) {
        case Any a -> V;
        case Atom a -> switch (a.kind()) {
          case Boolean -> boxed ? "java.lang.Boolean" : "boolean";
          case Double -> boxed ? "java.lang.Double" : "double";
          case SignedInteger -> "java.math.BigInteger";
          case String, Symbol -> "java.lang.String";
          case ByteString -> P + "ByteString";
        };
        case SchemaModel.Embedded e -> embeddedJavaType;
        case Lit l -> V;
        case SeqOf s -> "java.util.List<" + javaType(s.element(), true) + ">";
        case SetOf s -> "java.util.Set<" + javaType(s.element(), true) + ">";
        case DictOf d -> "java.util.Map<" + javaType(d.key(), true) + ", " + javaType(d.value(), true) + ">";
        case Ref r -> {
          String t = refType(r);
          yield t == null ? V : t;
        }
      };
    }

    /** @return a Java expression matching {@code expr} (a Value) against {@code p}. */
    String parseSimple(SimplePattern p, String expr, int depth) {
      String x = "$l" + depth;
      return switch (p) {
        case Any a -> expr;
        case Atom a -> RT + "." + switch (a.kind()) {
          case Boolean -> "bool";
          case Double -> "dbl";
          case SignedInteger -> "integer";
          case String -> "string";
          case ByteString -> "bytes";
          case Symbol -> "symbol";
        } + "(" + expr + ")";
        case SchemaModel.Embedded e -> embeddedJavaType.equals("java.lang.Object")
            ? RT + ".embedded(" + expr + ")"
            : RT + ".embedded(" + expr + ", " + embeddedJavaType + ".class)";
        case Lit l -> RT + ".literal(" + expr + ", " + lit(l.value()) + ")";
        case SeqOf s -> RT + ".seqOf(" + expr + ", " + x + " -> " + parseSimple(s.element(), x, depth + 1) + ")";
        case SetOf s -> RT + ".setOf(" + expr + ", " + x + " -> " + parseSimple(s.element(), x, depth + 1) + ")";
        case DictOf d -> RT + ".dictOf(" + expr + ", " + x + " -> " + parseSimple(d.key(), x, depth + 1) + ", "
            + x + " -> " + parseSimple(d.value(), x, depth + 1) + ")";
        case Ref r -> {
          String t = refType(r);
          yield t == null ? expr : t + ".parse(" + expr + ")";
        }
      };
    }

    /** @return a Java expression building the Value of {@code expr} (of the field type of {@code p}). */
    String unparseSimple(SimplePattern p, String expr, int depth) {
      String x = "$l" + depth;
      return switch (p) {
        case Any a -> expr;
        case Atom a -> switch (a.kind()) {
          case Boolean -> P + "BooleanValue.of(" + expr + ")";
          case Double -> P + "DoubleValue.of(" + expr + ")";
          case SignedInteger -> P + "SignedInteger.of(" + expr + ")";
          case String -> P + "StringValue.of(" + expr + ")";
          case ByteString -> expr;
          case Symbol -> P + "Symbol.of(" + expr + ")";
        };
        case SchemaModel.Embedded e -> P + "Embedded.of(" + expr + ")";
        case Lit l -> lit(l.value());
        case SeqOf s -> RT + ".seq(" + expr + ", " + x + " -> " + unparseSimple(s.element(), x, depth + 1) + ")";
        case SetOf s -> RT + ".set(" + expr + ", " + x + " -> " + unparseSimple(s.element(), x, depth + 1) + ")";
        case DictOf d -> RT + ".dict(" + expr + ", " + x + " -> " + unparseSimple(d.key(), x, depth + 1) + ", "
            + x + " -> " + unparseSimple(d.value(), x, depth + 1) + ")";
        case Ref r -> refType(r) == null ? expr : expr + ".unparse()";
      };
    }

    // ---- compound patterns ----

    /**
     * Generates the body of one parse method (statements over the Value {@code $v}, assigning the
     * fields) and the matching unparse expression, collecting the fields.
     */
    final class PatternCode {
      final String typeName;
      final List<Field> fields = new ArrayList<>();
      final Set<String> fieldNames = new HashSet<>();
      final StringBuilder parse = new StringBuilder();
      String ind = "";
      int tmp = 0;
      int anon = 0;

      PatternCode(String typeName) {
        this.typeName = typeName;
      }

      /** A definition's or variant's top-level pattern. */
      String top(Pattern p, String v) {
        if (p instanceof SimplePattern sp && !(sp instanceof Lit)) return bind("value", sp, v);
        return named(p, v);
      }

      void line(String s) {
        parse.append(ind).append(s).append('\n');
      }

      String fresh(String prefix) {
        return "$" + prefix + (tmp++);
      }

      String bind(String sourceName, SimplePattern sp, String v) {
        String name = JavaNames.lowerCamel(sourceName);
        if (!fieldNames.add(name)) {
          throw new PreservesException("module " + String.join(".", module) + ", " + typeName
              + ": binding name " + sourceName + " is used twice");
        }
        fields.add(new Field(name, javaType(sp, false), javaType(sp, true),
            "{@code " + javadoc(sourceName) + "}: {@code " + javadoc(patternText(sp)) + "}"));
        line(name + " = " + parseSimple(sp, v, 0) + ";");
        return unparseSimple(sp, name, 0);
      }

      String step(String step, Supplier<String> body) {
        line("try {");
        String saved = ind;
        ind = ind + "  ";
        String u = body.get();
        ind = saved;
        line("} catch (" + SPE + " $e) {");
        line("  throw $e." + step + ";");
        line("}");
        return u;
      }

      /** Statements matching {@code v} against {@code np}; returns the unparse expression. */
      String named(NamedPattern np, String v) {
        return switch (np) {
          case Binding b when b.pattern() instanceof Lit l -> {
            line(RT + ".literal(" + v + ", " + lit(l.value()) + ");");
            yield lit(l.value());
          }
          case Binding b -> bind(b.name(), b.pattern(), v);
          case Lit l -> {
            line(RT + ".literal(" + v + ", " + lit(l.value()) + ");");
            yield lit(l.value());
          }
          case SimplePattern sp -> bind("field" + (anon++), sp, v);
          case CompoundPattern cp -> compound(cp, v);
        };
      }

      String compound(CompoundPattern cp, String v) {
        return switch (cp) {
          case Rec rec -> {
            String r = fresh("r");
            String labelU;
            int minFields = switch (rec.fields()) {
              case Tuple t -> t.elements().size();
              case TuplePrefix t -> t.fixed().size();
              default -> -1;
            };
            if (rec.label() instanceof Lit l && minFields >= 0) {
              line(P + "RecordValue " + r + " = " + RT + ".record(" + v + ", " + lit(l.value()) + ", " + minFields + ");");
              labelU = lit(l.value());
            } else {
              line(P + "RecordValue " + r + " = " + RT + ".record(" + v + ");");
              labelU = step("at(\".label\")", () -> named(rec.label(), r + ".label()"));
              if (minFields > 0) line(RT + ".arityAtLeast(" + r + ", " + minFields + ");");
            }
            String fieldsU = switch (rec.fields()) {
              case Tuple t -> "java.util.List.<" + V + ">of(" + elements(t.elements(), r + ".field(%d)") + ")";
              case TuplePrefix t -> RT + ".concat(java.util.List.<" + V + ">of(" + elements(t.fixed(), r + ".field(%d)") + "), "
                  + tail(t.variable(), r + ".fields()", t.fixed().size()) + ")";
              default -> RT + ".items(" + named(rec.fields(), P + "Sequence.of(" + r + ".fields())") + ")";
            };
            yield P + "RecordValue.of(" + labelU + ", " + fieldsU + ")";
          }
          case Tuple t -> {
            String s = fresh("s");
            line(P + "Sequence " + s + " = " + RT + ".sequence(" + v + ", " + t.elements().size() + ");");
            yield P + "Sequence.of(java.util.List.<" + V + ">of(" + elements(t.elements(), s + ".get(%d)") + "))";
          }
          case TuplePrefix t -> {
            String s = fresh("s");
            line(P + "Sequence " + s + " = " + RT + ".sequenceAtLeast(" + v + ", " + t.fixed().size() + ");");
            String fixed = elements(t.fixed(), s + ".get(%d)");
            yield P + "Sequence.of(" + RT + ".concat(java.util.List.<" + V + ">of(" + fixed + "), "
                + tail(t.variable(), s + ".items()", t.fixed().size()) + "))";
          }
          case Dict d -> {
            String dv = fresh("d");
            line(P + "Dictionary " + dv + " = " + RT + ".dictionary(" + v + ");");
            List<String> kvs = new ArrayList<>();
            for (Map.Entry<Value, NamedSimplePattern> e : d.entries().entrySet()) {
              String k = lit(e.getKey());
              String x = fresh("x");
              line(V + " " + x + " = " + RT + ".entry(" + dv + ", " + k + ");");
              String u = step("atKey(" + k + ")", () -> named(e.getValue(), x));
              kvs.add(k);
              kvs.add(u);
            }
            yield kvs.isEmpty() ? P + "Dictionary.empty()" : P + "Dictionary.of(" + String.join(", ", kvs) + ")";
          }
        };
      }

      String elements(List<NamedPattern> ps, String accessFormat) {
        List<String> us = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
          int idx = i;
          us.add(step("atIndex(" + i + ")", () -> named(ps.get(idx), String.format(accessFormat, idx))));
        }
        return String.join(", ", us);
      }

      /** The tail of a tuplePrefix: items[from…]; returns an expression of type List&lt;Value&gt;. */
      String tail(NamedSimplePattern variable, String items, int from) {
        String name = null;
        SimplePattern sp;
        if (variable instanceof Binding b) {
          name = b.name();
          sp = b.pattern();
        } else {
          sp = (SimplePattern) variable;
        }
        if (sp instanceof SeqOf s) {
          if (name == null) name = "field" + (anon++);
          String jn = JavaNames.lowerCamel(name);
          if (!fieldNames.add(jn)) {
            throw new PreservesException("module " + String.join(".", module) + ", " + typeName
                + ": binding name " + name + " is used twice");
          }
          fields.add(new Field(jn, javaType(s, false), javaType(s, true),
              "{@code " + javadoc(name) + "}: the remaining elements, each {@code " + javadoc(patternText(s.element())) + "}"));
          line(jn + " = " + RT + ".tail(" + items + ", " + from + ", $l0 -> " + parseSimple(s.element(), "$l0", 1) + ");");
          return RT + ".list(" + jn + ", $l0 -> " + unparseSimple(s.element(), "$l0", 1) + ")";
        }
        return RT + ".items(" + named(variable, RT + ".rest(" + items + ", " + from + ")") + ")";
      }
    }
  }

  // ---- text helpers ------------------------------------------------------------------------------

  static boolean isPrimitive(String type) {
    return type.equals("boolean") || type.equals("double");
  }

  static String indent(String text, String ind) {
    StringBuilder sb = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (!line.isEmpty()) sb.append(ind).append(line);
      sb.append('\n');
    }
    // split(-1) yields a trailing empty string after the final newline
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  /**
   * What an alternative wants, for "no alternative matched" messages: a literal's text, {@code
   * <label …>} for a record with a literal label, a reference's name, an atom kind, else the label.
   */
  static String expectation(SchemaModel.Alternative a) {
    return switch (a.pattern()) {
      case Lit l -> l.value().toString();
      case Rec r when r.label() instanceof Lit l -> "<" + l.value() + " …>";
      case Ref r -> r.dotted();
      case Atom at -> at.kind().name();
      default -> a.label();
    };
  }

  /** The compiled text of a pattern, for documentation comments. */
  static String patternText(Object p) {
    return switch (p) {
      case Any a -> "any";
      case Atom a -> a.kind().name();
      case SchemaModel.Embedded e -> "#:" + patternText(e.iface());
      case Lit l -> "=" + l.value();
      case SeqOf s -> "[" + patternText(s.element()) + " ...]";
      case SetOf s -> "#{" + patternText(s.element()) + "}";
      case DictOf d -> "{" + patternText(d.key()) + ": " + patternText(d.value()) + " ...:...}";
      case Ref r -> r.dotted();
      case Binding b -> "@" + b.name() + " " + patternText(b.pattern());
      case Rec r -> "<" + patternText(r.label()) + " " + patternText(r.fields()) + ">";
      case Tuple t -> {
        List<String> ps = new ArrayList<>();
        for (NamedPattern np : t.elements()) ps.add(patternText(np));
        yield "[" + String.join(" ", ps) + "]";
      }
      case TuplePrefix t -> {
        List<String> ps = new ArrayList<>();
        for (NamedPattern np : t.fixed()) ps.add(patternText(np));
        ps.add(patternText(t.variable()) + " ...");
        yield "[" + String.join(" ", ps) + "]";
      }
      case Dict d -> {
        List<String> ps = new ArrayList<>();
        for (Map.Entry<Value, NamedSimplePattern> e : d.entries().entrySet()) {
          ps.add(e.getKey() + ": " + patternText(e.getValue()));
        }
        yield "{" + String.join(" ", ps) + "}";
      }
      default -> String.valueOf(p);
    };
  }

  /** Escapes text for a Javadoc comment (HTML, at-signs, comment ends, backslashes). */
  static String javadoc(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '@' -> sb.append("&#64;");
        case '\\' -> sb.append("&#92;");
        case '{' -> sb.append("&#123;");
        case '}' -> sb.append("&#125;");
        case '*' -> sb.append("&#42;");
        case '\n', '\r' -> sb.append(' ');
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }

  /** A Java string literal for {@code s}. */
  static String javaString(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') sb.append('\\').append(c);
      else if (c < 0x20 || c > 0x7e) sb.append(String.format("\\u%04x", (int) c));
      else sb.append(c);
    }
    return sb.append('"').toString();
  }

  /** A Java expression constructing the (annotation-free) value {@code v}. */
  static String valueCode(Value v) {
    return switch (v) {
      case BooleanValue b -> P + "BooleanValue.of(" + b.value() + ")";
      case DoubleValue d -> P + "DoubleValue.ofBits(0x" + Long.toHexString(d.bits()) + "L)";
      case SignedInteger i -> i.fitsLong()
          ? P + "SignedInteger.of(" + i.longValue() + "L)"
          : P + "SignedInteger.of(new java.math.BigInteger(\"" + i.bigValue() + "\"))";
      case StringValue s -> P + "StringValue.of(" + javaString(s.value()) + ")";
      case ByteString b -> P + "ByteString.fromHex(\"" + b.toHex() + "\")";
      case Symbol s -> P + "Symbol.of(" + javaString(s.name()) + ")";
      case RecordValue r -> {
        List<String> fs = new ArrayList<>();
        for (Value f : r.fields()) fs.add(valueCode(f));
        yield P + "RecordValue.of(" + valueCode(r.label()) + ", java.util.List.<" + V + ">of(" + String.join(", ", fs) + "))";
      }
      case Sequence s -> {
        List<String> fs = new ArrayList<>();
        for (Value f : s.items()) fs.add(valueCode(f));
        yield P + "Sequence.of(java.util.List.<" + V + ">of(" + String.join(", ", fs) + "))";
      }
      case SetValue s -> {
        List<String> fs = new ArrayList<>();
        for (Value f : s.elements()) fs.add(valueCode(f));
        yield P + "SetValue.of(java.util.List.<" + V + ">of(" + String.join(", ", fs) + "))";
      }
      case Dictionary d -> {
        if (d.size() == 0) yield P + "Dictionary.empty()";
        List<String> fs = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
          fs.add(valueCode(d.keys().get(i)));
          fs.add(valueCode(d.values().get(i)));
        }
        yield P + "Dictionary.of(new " + V + "[] {" + String.join(", ", fs) + "})";
      }
      case Embedded e -> throw new PreservesException("a schema literal cannot contain an embedded value: " + e);
    };
  }
}
