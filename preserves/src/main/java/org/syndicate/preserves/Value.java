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
 * {@code 1.0}; strings and symbols compare by code point. These three, and {@link
 * #equalsWithAnnotations}, are safe at any nesting depth: they recurse only a bounded number of
 * levels and finish deeper values on an explicit heap stack, so a value nested 100,000 levels deep
 * (built in code; the readers limit depth) answers instead of overflowing the thread's stack.
 * Compound values cache their hash (values are immutable).
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
   * annotations in the same order (each compared with this method too). Uses an explicit stack,
   * so any nesting depth is fine.
   *
   * @param other the value to compare with (may be null)
   * @return true when both the values and all their annotations are equal
   */
  public final boolean equalsWithAnnotations(Value other) {
    return other != null && Structure.equalWithAnnotations(this, other);
  }

  // ---- structural operations (see Structure) ----
  // `depth` counts the nesting levels the current operation has already recursed through; the
  // compound kinds hand over to Structure's explicit stack once it reaches
  // Structure.RECURSION_LIMIT. Atoms ignore it.

  /** Ordering within one kind; {@code other} has the same kind as this value. */
  abstract int compareSameKind(Value other, int depth);

  /** Equality within one kind, ignoring annotations; {@code other} has the same class. */
  abstract boolean equalsSameKind(Value other, int depth);

  /** Hash of the contents, ignoring annotations. */
  abstract int contentHash(int depth);

  /**
   * @return the number of children the structural operations visit in order: record label then
   *     fields; sequence items; set elements; dictionary key, value, key, value...; an embedded
   *     Value payload. 0 for atoms and embedded host objects.
   */
  int childCount() {
    return 0;
  }

  /** @return child {@code i} in the order of {@link #childCount()}. */
  Value child(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  /** @return true when {@link #contentHash(int)} answers without looking at children. */
  boolean hashKnown() {
    return true;
  }

  @Override
  public final int compareTo(Value other) {
    return Structure.compare(this, other, 0);
  }

  @Override
  public final boolean equals(Object o) {
    return o instanceof Value v && Structure.equal(this, v, 0);
  }

  @Override
  public final int hashCode() {
    return contentHash(0);
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
