package org.syndicate.preserves;

import java.util.Arrays;
import java.util.List;

/**
 * Depth-safe equality, order and hashing of {@link Value}s (preserves.md §4), shared by every
 * kind.
 *
 * <p>The common case is a shallow value (a Turn packet is five levels deep), and plain recursion
 * is fastest there: no allocation, and the JIT inlines it. So the compound kinds recurse,
 * counting levels, and once an operation is {@link #RECURSION_LIMIT} levels down it finishes the
 * subtree below with an explicit stack on the heap ({@code *Iteratively} methods, which never
 * recurse). The thread's stack therefore holds at most about {@code 3 * RECURSION_LIMIT} frames
 * of these methods whatever the depth of the value; values built in code (the readers refuse deep
 * input) can be nested millions of levels deep.
 *
 * <p>The iterative walks visit the children of a value in the order of {@link Value#child(int)}:
 * record label then fields; sequence items; set elements (held sorted); dictionary key, value,
 * key, value... (held sorted by key); an embedded Value payload. Lexicographic comparison of those
 * child lists, then of their lengths, is exactly the per-kind order of §4, so both paths agree.
 *
 * <p>Hashes of compound values are cached in the value (all values are immutable); a pair whose
 * cached hashes differ is unequal without a walk.
 */
final class Structure {
  /** Nesting levels one operation recurses through before switching to an explicit stack. */
  static final int RECURSION_LIMIT = 64;

  private Structure() {}

  // ---------------------------------------------------------------- order

  /**
   * @param depth nesting levels already recursed through by this comparison
   * @return the Preserves total order of {@code a} and {@code b} (negative, zero, positive)
   */
  static int compare(Value a, Value b, int depth) {
    if (a == b) return 0;
    Kind ka = a.kind(), kb = b.kind();
    if (ka != kb) return ka.compareTo(kb);
    return depth < RECURSION_LIMIT ? a.compareSameKind(b, depth) : compareIteratively(a, b);
  }

  /** Lexicographic order of two lists of values {@code depth} levels down, then by length. */
  static int compareLists(List<Value> a, List<Value> b, int depth) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i), depth + 1);
      if (c != 0) return c;
    }
    return Integer.compare(a.size(), b.size());
  }

  /** True when a same-kind pair must be walked child by child (both have children). */
  private static boolean walk(Value x, Value y) {
    return x.childCount() > 0 && y.childCount() > 0;
  }

  /** {@link #compare} of two values of the same kind, on an explicit stack. */
  private static int compareIteratively(Value a, Value b) {
    if (!walk(a, b)) return a.compareSameKind(b, 0); // no children on one side: no recursion
    Value[] xs = new Value[32], ys = new Value[32];
    int[] next = new int[32];
    int top = 0;
    xs[0] = a;
    ys[0] = b;
    while (top >= 0) {
      Value x = xs[top], y = ys[top];
      int nx = x.childCount(), ny = y.childCount(), i = next[top];
      if (i < Math.min(nx, ny)) {
        next[top] = i + 1;
        Value p = x.child(i), q = y.child(i);
        if (p == q) continue;
        Kind kp = p.kind(), kq = q.kind();
        if (kp != kq) return kp.compareTo(kq);
        if (walk(p, q)) {
          if (++top == xs.length) {
            xs = Arrays.copyOf(xs, top * 2);
            ys = Arrays.copyOf(ys, top * 2);
            next = Arrays.copyOf(next, top * 2);
          }
          xs[top] = p;
          ys[top] = q;
          next[top] = 0;
        } else {
          int c = p.compareSameKind(q, 0);
          if (c != 0) return c;
        }
      } else {
        xs[top] = ys[top] = null;
        top--;
        if (nx != ny) return Integer.compare(nx, ny);
      }
    }
    return 0;
  }

  // ---------------------------------------------------------------- equality

  /**
   * @param depth nesting levels already recursed through by this comparison
   * @return true when {@code a} and {@code b} are the same Preserves value (annotations ignored)
   */
  static boolean equal(Value a, Value b, int depth) {
    if (a == b) return true;
    if (a.kind() != b.kind()) return false;
    return depth < RECURSION_LIMIT ? a.equalsSameKind(b, depth) : equalIteratively(a, b, false);
  }

  /** Pairwise equality of two lists of values {@code depth} levels down. */
  static boolean listsEqual(List<Value> a, List<Value> b, int depth) {
    int n = a.size();
    if (n != b.size()) return false;
    for (int i = 0; i < n; i++) {
      if (!equal(a.get(i), b.get(i), depth + 1)) return false;
    }
    return true;
  }

  /** {@link Value#equalsWithAnnotations}: one walk over both values, annotations included. */
  static boolean equalWithAnnotations(Value a, Value b) {
    return equalIteratively(a, b, true);
  }

  /**
   * Equality on an explicit stack of pairs still to check. With {@code annotations}, every pair
   * must also carry pairwise equal annotations (pushed as pairs of their own); identical objects
   * are equal either way.
   */
  private static boolean equalIteratively(Value a, Value b, boolean annotations) {
    Value[] xs = new Value[32], ys = new Value[32];
    int top = 0;
    xs[0] = a;
    ys[0] = b;
    while (top >= 0) {
      Value x = xs[top], y = ys[top];
      xs[top] = ys[top] = null;
      top--;
      if (x == y) continue;
      if (x.kind() != y.kind()) return false;
      int extra = 0;
      if (annotations) {
        List<Value> ax = x.annotations(), ay = y.annotations();
        if (ax.size() != ay.size()) return false;
        extra = ax.size();
      }
      int n = x.childCount();
      boolean walk = n > 0 && y.childCount() > 0;
      if (walk) {
        if (n != y.childCount() || x.hashCode() != y.hashCode()) return false;
      } else if (!x.equalsSameKind(y, 0)) { // atoms, or a compound without children: no recursion
        return false;
      }
      int need = top + 1 + extra + (walk ? n : 0);
      if (need > xs.length) {
        int size = Math.max(need, xs.length * 2);
        xs = Arrays.copyOf(xs, size);
        ys = Arrays.copyOf(ys, size);
      }
      for (int i = 0; i < extra; i++) {
        top++;
        xs[top] = x.annotations().get(i);
        ys[top] = y.annotations().get(i);
      }
      if (walk) {
        for (int i = n - 1; i >= 0; i--) { // reversed, so children are checked first to last
          top++;
          xs[top] = x.child(i);
          ys[top] = y.child(i);
        }
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- hashing

  /** The hash of a list of values {@code depth} levels down, by the {@link List#hashCode} formula. */
  static int hashList(List<Value> items, int depth) {
    int h = 1;
    for (int i = 0, n = items.size(); i < n; i++) h = 31 * h + items.get(i).contentHash(depth + 1);
    return h;
  }

  /**
   * Computes and caches the hash of {@code root} and of every compound below it whose hash is not
   * yet known, children before parents, on an explicit stack.
   *
   * @return {@code root}'s hash
   */
  static int hashIteratively(Value root) {
    Value[] vs = new Value[32];
    int[] next = new int[32];
    int top = 0;
    vs[0] = root;
    while (top >= 0) {
      Value v = vs[top];
      int n = v.childCount(), i = next[top];
      while (i < n && v.child(i).hashKnown()) i++;
      if (i < n) {
        next[top] = i + 1;
        if (++top == vs.length) {
          vs = Arrays.copyOf(vs, top * 2);
          next = Arrays.copyOf(next, top * 2);
        }
        vs[top] = v.child(i);
        next[top] = 0;
      } else {
        v.contentHash(0); // every child's hash is known: looks one level down only
        vs[top] = null;
        top--;
      }
    }
    return root.contentHash(0);
  }
}
