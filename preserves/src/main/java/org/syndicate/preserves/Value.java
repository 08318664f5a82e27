package org.syndicate.preserves;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.text.TextWriter;

/**
 * An immutable Preserves value (Preserves data model 0.996; reference note preserves.md §1).
 *
 * <p>The subclasses are exactly the eleven kinds of {@link Kind}: {@link BooleanValue}, {@link
 * DoubleValue}, {@link SignedInteger}, {@link StringValue}, {@link ByteString}, {@link Symbol},
 * {@link RecordValue}, {@link Sequence}, {@link SetValue}, {@link Dictionary} and {@link
 * Embedded}. (Kinds whose plain name would clash with {@code java.lang} or {@code java.util} carry
 * a {@code Value} suffix.) Switch over them with pattern matching.
 *
 * <p><b>Equality, hashing and order</b> follow the Preserves total order (preserves.md §4):
 * {@link #equals} holds exactly when {@link #compareTo} returns 0. Doubles compare by their raw
 * 64 bits (every NaN pattern is its own value; {@code -0.0 != 0.0}); {@code 1} never equals
 * {@code 1.0}; strings and symbols compare by code point.
 *
 * <p><b>Annotations</b> are an ordered list of values attached to any value. They never take part
 * in {@code equals}, {@code hashCode} or {@code compareTo}; {@link #equalsWithAnnotations} compares
 * them too (recursively). {@link #strip()} removes them everywhere.
 *
 * <p>{@link #toString()} gives the Preserves text syntax (annotations included).
 */
public abstract sealed class Value implements Comparable<Value>
    permits BooleanValue,
        DoubleValue,
        SignedInteger,
        StringValue,
        ByteString,
        Symbol,
        RecordValue,
        Sequence,
        SetValue,
        Dictionary,
        Embedded {

  private final List<Value> annotations;

  /** @param annotations the annotations of this value, in order (copied, may be null). */
  protected Value(List<Value> annotations) {
    this.annotations = annotations == null || annotations.isEmpty() ? List.of() : List.copyOf(annotations);
  }

  /** @return the kind of this value. */
  public abstract Kind kind();

  /** @return the annotations of this value, in order; empty when there are none. Immutable. */
  public final List<Value> annotations() {
    return annotations;
  }

  /** @return true when this value carries at least one annotation (not looking inside it). */
  public final boolean hasAnnotations() {
    return !annotations.isEmpty();
  }

  /**
   * @param newAnnotations the annotations the result carries instead of this value's own
   * @return a value equal to this one carrying exactly {@code newAnnotations}
   */
  public final Value withAnnotations(List<Value> newAnnotations) {
    if (newAnnotations.isEmpty() && annotations.isEmpty()) return this;
    return copyWithAnnotations(newAnnotations);
  }

  /**
   * @param annotation one more annotation, placed after the existing ones
   * @return a value equal to this one with the annotation appended
   */
  public final Value annotate(Value annotation) {
    List<Value> list = new ArrayList<>(annotations.size() + 1);
    list.addAll(annotations);
    list.add(annotation);
    return copyWithAnnotations(list);
  }

  /** Creates a copy of this value (same contents) with the given annotations. */
  protected abstract Value copyWithAnnotations(List<Value> newAnnotations);

  /**
   * @return this value with every annotation removed, recursively (including inside embedded
   *     payloads that are values). Returns {@code this} when there is nothing to remove.
   */
  public abstract Value strip();

  /**
   * Equality that also compares annotations: same value, and at every position the same
   * annotations in the same order (each compared with this method too).
   *
   * @param other the value to compare with (may be null)
   * @return true when both the values and all their annotations are equal
   */
  public final boolean equalsWithAnnotations(Value other) {
    if (other == null || !equals(other)) return false;
    if (annotations.size() != other.annotations.size()) return false;
    for (int i = 0; i < annotations.size(); i++) {
      if (!annotations.get(i).equalsWithAnnotations(other.annotations.get(i))) return false;
    }
    return childrenEqualWithAnnotations(other);
  }

  /** Called only when {@code equals(other)} holds: compares the annotations of children. */
  protected abstract boolean childrenEqualWithAnnotations(Value other);

  /** Ordering within one kind; {@code other} has the same kind as this value. */
  protected abstract int compareSameKind(Value other);

  /** Equality within one kind, ignoring annotations; {@code other} has the same class. */
  protected abstract boolean equalsSameKind(Value other);

  /** Hash of the contents, ignoring annotations. */
  protected abstract int contentHash();

  @Override
  public final int compareTo(Value other) {
    if (this == other) return 0;
    int k = kind().compareTo(other.kind());
    return k != 0 ? k : compareSameKind(other);
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) return true;
    if (!(o instanceof Value v) || v.kind() != kind()) return false;
    return equalsSameKind(v);
  }

  @Override
  public final int hashCode() {
    return contentHash();
  }

  /** @return the Preserves text syntax of this value, with annotations. */
  @Override
  public String toString() {
    return TextWriter.toText(this);
  }

  // ---- convenience tests used throughout the code base ----

  /** @return true when this is the symbol with the given name. */
  public final boolean isSymbol(String name) {
    return this instanceof Symbol s && s.name().equals(name);
  }

  /** @return true when this is a record whose label is the symbol {@code label}, of any arity. */
  public final boolean isRecord(String label) {
    return this instanceof RecordValue r && r.label().isSymbol(label);
  }

  /** @return true when this is a record labelled by the symbol {@code label} with {@code arity} fields. */
  public final boolean isRecord(String label, int arity) {
    return this instanceof RecordValue r && r.arity() == arity && r.label().isSymbol(label);
  }

  // ---- shared helpers for subclasses ----

  static int compareLists(List<Value> a, List<Value> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }

  static boolean listsEqualWithAnnotations(List<Value> a, List<Value> b) {
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).equalsWithAnnotations(b.get(i))) return false;
    }
    return true;
  }

  static List<Value> stripList(List<Value> items) {
    List<Value> out = null;
    for (int i = 0; i < items.size(); i++) {
      Value v = items.get(i);
      Value s = v.strip();
      if (s != v && out == null) {
        out = new ArrayList<>(items.size());
        out.addAll(items.subList(0, i));
      }
      if (out != null) out.add(s);
    }
    return out == null ? items : out;
  }

  /** Compares two strings by Unicode code point (not UTF-16 unit), as Preserves requires. */
  static int compareCodePoints(String a, String b) {
    int i = 0, j = 0, n = a.length(), m = b.length();
    while (i < n && j < m) {
      char ca = a.charAt(i), cb = b.charAt(j);
      if (ca == cb) {
        i++;
        j++;
        continue;
      }
      int pa = a.codePointAt(i), pb = b.codePointAt(j);
      if (pa != pb) return Integer.compare(pa, pb);
      i += Character.charCount(pa);
      j += Character.charCount(pb);
    }
    return Integer.compare(n - i, m - j);
  }

  /** Throws unless {@code s} is a sequence of Unicode scalar values (no lone surrogates). */
  static String checkScalarValues(String s, String what) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
          continue;
        }
        throw new PreservesException(what + " contains a lone high surrogate at index " + i);
      } else if (Character.isLowSurrogate(c)) {
        throw new PreservesException(what + " contains a lone low surrogate at index " + i);
      }
    }
    return s;
  }
}
