package org.syndicate.preserves.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How schema names become Java names in generated code (the conventions of the other Preserves
 * code generators, preserves.md §5.4): definitions and variants in UpperCamelCase, fields in
 * lowerCamelCase, packages in lower case. A name is split into words at every character that is
 * not an ASCII letter or digit ({@code tcp-local} → {@code TcpLocal}, {@code tcpLocal}); existing
 * capitals are kept ({@code dequeueInternal} → {@code DequeueInternal}). Java keywords, literals,
 * the accessor names {@code java.lang.Object} and generated records already use, and the package
 * roots {@code java}/{@code org} get a trailing {@code _} ({@code interface} → {@code interface_}).
 */
public final class JavaNames {
  private JavaNames() {}

  private static final Set<String> RESERVED =
      Set.of(
          "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const",
          "continue", "default", "do", "double", "else", "enum", "extends", "final", "finally",
          "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface",
          "long", "native", "new", "package", "private", "protected", "public", "return", "short",
          "static", "strictfp", "super", "switch", "synchronized", "this", "throw", "throws",
          "transient", "try", "void", "volatile", "while", "true", "false", "null", "_", "var",
          "yield", "record", "sealed", "permits", "non", "when", "module", "open", "exports",
          // methods every record has, and the ones generated records add
          "hashCode", "toString", "getClass", "notify", "notifyAll", "wait", "clone", "finalize",
          "unparse",
          // package roots used by fully qualified names in generated code
          "java", "org");

  /** @return the words of {@code name}: maximal runs of ASCII letters and digits. */
  static List<String> words(String name) {
    List<String> out = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        w.append(c);
      } else if (!w.isEmpty()) {
        out.add(w.toString());
        w.setLength(0);
      }
    }
    if (!w.isEmpty()) out.add(w.toString());
    return out;
  }

  /** @return {@code name} in UpperCamelCase, e.g. {@code tcp-local} → {@code TcpLocal}. */
  public static String upperCamel(String name) {
    StringBuilder sb = new StringBuilder();
    for (String w : words(name)) sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
    return safe(sb.toString());
  }

  /** @return {@code name} in lowerCamelCase, e.g. {@code service-name} → {@code serviceName}. */
  public static String lowerCamel(String name) {
    StringBuilder sb = new StringBuilder();
    for (String w : words(name)) {
      if (sb.isEmpty()) sb.append(Character.toLowerCase(w.charAt(0))).append(w, 1, w.length());
      else sb.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
    }
    return safe(sb.toString());
  }

  /** @return a package segment: the words of {@code name} joined and lower-cased. */
  public static String packageSegment(String name) {
    return safe(String.join("", words(name)).toLowerCase(Locale.ROOT));
  }

  private static String safe(String s) {
    if (s.isEmpty()) return "_empty";
    if (Character.isDigit(s.charAt(0))) s = "_" + s;
    return RESERVED.contains(s) ? s + "_" : s;
  }
}
