package org.syndicate.dataspace;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.Value;

/**
 * The dataspace's matching index, in the spirit of the reference's skeleton (reference note
 * §3.3; DESIGN.md "Dataspace index"). It holds a set of present assertions and a set of observer
 * registrations (pattern + observer), and reports to each observer the distinct capture tuples of
 * the present assertions its pattern matches: {@link Events#assertCaptures} when a tuple first
 * appears, {@link Events#retract} when its last source disappears; messages are matched without
 * being stored.
 *
 * <p><b>Structure.</b> Each pattern is analysed into
 *
 * <ol>
 *   <li>its <i>skeleton</i>: the tree of group types (record label, sequence, dictionary) it
 *       requires, with the keys leading to nested groups (binds are looked through);
 *   <li>its <i>constant positions</i> (paths of {@code lit}s) with their values, and the paths
 *       that must merely exist ({@code _});
 *   <li>its <i>capture paths</i> (paths of {@code bind}s, in capture order).
 * </ol>
 *
 * Lookup goes: bucket by the root class of the value (record label / sequence / dictionary; plus
 * one bucket for patterns whose root is not a group) → shapes (distinct skeletons) under that
 * class, each tested structurally → constant-position sets → a hash lookup of the value's
 * constants → endpoints by capture paths → observers. So the cost of an assertion, retraction or
 * message grows with the number of distinct pattern <i>shapes</i> for its root class and with the
 * observers it actually reaches, not with unrelated observers or assertions. Each shape and leaf
 * caches the assertions reaching it, so a new observer is back-filled from that cache (a new shape
 * scans only the assertions of its root class).
 *
 * <p>Values are compared with {@link Value#equals} (embedded refs by identity, never by encoded
 * bytes: preserves.md pitfall 5). Not thread-safe: the owning dataspace entity calls it from its
 * actor's turns only.
 *
 * @param <O> the observer type (a {@link org.syndicate.actor.Ref} in the dataspace)
 */
public final class SkeletonIndex<O> {

  /**
   * Where the index sends its output.
   *
   * @param <O> observer type
   */
  public interface Events<O> {
    /**
     * @param observer who to tell
     * @param captures a capture tuple that appeared
     * @return the handle under which it was asserted (given back to {@link #retract})
     */
    long assertCaptures(O observer, Sequence captures);

    /**
     * @param observer who to tell
     * @param handle as returned by {@link #assertCaptures}
     */
    void retract(O observer, long handle);

    /**
     * @param observer who to tell
     * @param captures the captures of a matching message
     */
    void message(O observer, Sequence captures);
  }

  // ------------------------------------------------------------------ analysis

  /** The class of a compound: record with a label (kind 0), sequence (1), dictionary (2). */
  record Cls(int kind, Value label) {
    static final Cls ARR = new Cls(1, null);
    static final Cls DICT = new Cls(2, null);

    static Cls of(GroupType t) {
      return switch (t) {
        case GroupType.Rec r -> new Cls(0, r.label());
        case GroupType.Arr a -> ARR;
        case GroupType.Dict d -> DICT;
      };
    }

    boolean has(Value v) {
      return switch (kind) {
        case 0 -> v instanceof RecordValue r && r.label().equals(label);
        case 1 -> v instanceof Sequence;
        default -> v instanceof Dictionary;
      };
    }
  }

  /** A skeleton: required class here, and skeletons of nested groups by key (sorted). */
  record Skel(Cls cls, List<SkelChild> children) {
    boolean matches(Value v) {
      if (!cls.has(v)) return false;
      for (SkelChild c : children) {
        Value x = Pattern.step(v, c.key);
        if (x == null || !c.sub.matches(x)) return false;
      }
      return true;
    }
  }

  record SkelChild(Value key, Skel sub) {}

  /** Constant-position set: where the literals are, and which paths must merely exist. */
  record ConstKey(List<List<Value>> constPaths, List<List<Value>> existPaths) {}

  /** The analysis of one pattern. */
  record Analysis(Skel skel, ConstKey constKey, List<Value> constVals, List<List<Value>> capturePaths) {}

  static Analysis analyse(Pattern p) {
    List<List<Value>> constPaths = new ArrayList<>();
    List<Value> constVals = new ArrayList<>();
    List<List<Value>> existPaths = new ArrayList<>();
    List<List<Value>> capturePaths = new ArrayList<>();
    walk(p, List.of(), constPaths, constVals, existPaths, capturePaths);
    Pattern core = unwrap(p);
    Skel skel = core instanceof Pattern.Group g ? skelOf(g) : null;
    return new Analysis(
        skel,
        new ConstKey(List.copyOf(constPaths), List.copyOf(existPaths)),
        List.copyOf(constVals),
        List.copyOf(capturePaths));
  }

  private static Pattern unwrap(Pattern p) {
    while (p instanceof Pattern.Bind b) p = b.pattern();
    return p;
  }

  private static Skel skelOf(Pattern.Group g) {
    List<SkelChild> children = new ArrayList<>();
    g.entries().forEach((k, sub) -> {
      if (unwrap(sub) instanceof Pattern.Group sg) children.add(new SkelChild(k, skelOf(sg)));
    });
    return new Skel(Cls.of(g.type()), List.copyOf(children));
  }

  private static void walk(
      Pattern p,
      List<Value> path,
      List<List<Value>> constPaths,
      List<Value> constVals,
      List<List<Value>> existPaths,
      List<List<Value>> capturePaths) {
    switch (p) {
      case Pattern.Discard d -> existPaths.add(path);
      case Pattern.Bind b -> {
        capturePaths.add(path);
        if (!(b.pattern() instanceof Pattern.Discard)) {
          walk(b.pattern(), path, constPaths, constVals, existPaths, capturePaths);
        }
      }
      case Pattern.Lit l -> {
        constPaths.add(path);
        constVals.add(l.value());
      }
      case Pattern.Group g ->
          g.entries().forEach((k, sub) -> {
            List<Value> child = new ArrayList<>(path.size() + 1);
            child.addAll(path);
            child.add(k);
            walk(sub, List.copyOf(child), constPaths, constVals, existPaths, capturePaths);
          });
    }
  }

  private static Value project(Value v, List<Value> path) {
    for (int i = 0, n = path.size(); i < n && v != null; i++) v = Pattern.step(v, path.get(i));
    return v;
  }

  /** @return the values at {@code paths}, or null if one is missing. */
  private static List<Value> projectAll(Value v, List<List<Value>> paths) {
    int n = paths.size();
    if (n == 0) return List.of();
    Value[] out = new Value[n];
    for (int i = 0; i < n; i++) {
      Value x = project(v, paths.get(i));
      if (x == null) return null;
      out[i] = x;
    }
    return Arrays.asList(out);
  }

  private static boolean allExist(Value v, List<List<Value>> paths) {
    for (int i = 0, n = paths.size(); i < n; i++) if (project(v, paths.get(i)) == null) return false;
    return true;
  }

  // ------------------------------------------------------------------ structure

  private final class Bucket {
    final Set<Value> assertions;
    final LinkedHashMap<Skel, ShapeNode> shapes = new LinkedHashMap<>();

    Bucket(Set<Value> assertions) {
      this.assertions = assertions;
    }
  }

  private final class ShapeNode {
    final Skel skel;
    /** Assertions matching the skeleton ({@code all} for the no-skeleton shape). */
    final Set<Value> cache;
    final LinkedHashMap<ConstKey, ConstNode> consts = new LinkedHashMap<>();

    ShapeNode(Skel skel, Set<Value> cache) {
      this.skel = skel;
      this.cache = cache;
    }
  }

  private final class ConstNode {
    final ConstKey key;
    final HashMap<List<Value>, Leaf> leaves = new HashMap<>();

    ConstNode(ConstKey key) {
      this.key = key;
    }
  }

  private final class Leaf {
    final HashSet<Value> cache = new HashSet<>();
    final LinkedHashMap<List<List<Value>>, Endpoint> endpoints = new LinkedHashMap<>();
  }

  private final class Endpoint {
    final List<List<Value>> capturePaths;
    final HashMap<Sequence, int[]> bag = new HashMap<>();
    final LinkedHashMap<Object, ObserverEntry> observers = new LinkedHashMap<>();

    Endpoint(List<List<Value>> capturePaths) {
      this.capturePaths = capturePaths;
    }
  }

  private final class ObserverEntry {
    final O observer;
    final HashMap<Sequence, Long> handles = new HashMap<>();

    ObserverEntry(O observer) {
      this.observer = observer;
    }
  }

  private record Registration(Analysis analysis) {}

  private final HashSet<Value> all = new HashSet<>();
  private final HashMap<Value, Bucket> recBuckets = new HashMap<>();
  private Bucket arrBucket;
  private Bucket dictBucket;
  private final Bucket wild = new Bucket(all);
  private final HashMap<Object, Registration> registrations = new HashMap<>();

  /** @return the number of assertions present. */
  public int size() {
    return all.size();
  }

  /** @return the number of observer registrations. */
  public int observerCount() {
    return registrations.size();
  }

  /**
   * @param v a value
   * @return whether {@code v} is present
   */
  public boolean contains(Value v) {
    return all.contains(v);
  }

  private Bucket bucketFor(Value v, boolean create) {
    switch (v) {
      case RecordValue r -> {
        Bucket b = recBuckets.get(r.label());
        if (b == null && create) recBuckets.put(r.label(), b = new Bucket(new HashSet<>()));
        return b;
      }
      case Sequence s -> {
        if (arrBucket == null && create) arrBucket = new Bucket(new HashSet<>());
        return arrBucket;
      }
      case Dictionary d -> {
        if (dictBucket == null && create) dictBucket = new Bucket(new HashSet<>());
        return dictBucket;
      }
      default -> {
        return null;
      }
    }
  }

  private Bucket bucketForCls(Cls c) {
    return switch (c.kind()) {
      case 0 -> recBuckets.computeIfAbsent(c.label(), k -> new Bucket(new HashSet<>()));
      case 1 -> arrBucket != null ? arrBucket : (arrBucket = new Bucket(new HashSet<>()));
      default -> dictBucket != null ? dictBucket : (dictBucket = new Bucket(new HashSet<>()));
    };
  }

  private void dropIfEmpty(Bucket b, Value label) {
    if (b != wild && label != null && b.assertions.isEmpty() && b.shapes.isEmpty()) recBuckets.remove(label);
  }

  private static Value labelOf(Value v) {
    return v instanceof RecordValue r ? r.label() : null;
  }

  // ------------------------------------------------------------------ assertions and messages

  /**
   * Adds an assertion (the caller's bag saw its count go 0→1). Adding a present value does
   * nothing.
   *
   * @param v the assertion
   * @param ev receives observer assertions for new capture tuples
   */
  public void insert(Value v, Events<O> ev) {
    if (!all.add(v)) return;
    Bucket b = bucketFor(v, true);
    if (b != null) {
      b.assertions.add(v);
      insertInto(b, v, ev);
    }
    insertInto(wild, v, ev);
  }

  private void insertInto(Bucket b, Value v, Events<O> ev) {
    if (b.shapes.isEmpty()) return;
    for (ShapeNode sn : b.shapes.values()) {
      if (sn.skel != null) {
        if (!sn.skel.matches(v)) continue;
        sn.cache.add(v);
      }
      for (ConstNode cn : sn.consts.values()) {
        List<Value> cv = projectAll(v, cn.key.constPaths());
        if (cv == null) continue;
        Leaf leaf = cn.leaves.get(cv);
        if (leaf == null || !allExist(v, cn.key.existPaths())) continue;
        leaf.cache.add(v);
        for (Endpoint ep : leaf.endpoints.values()) {
          Sequence caps = captures(v, ep.capturePaths);
          if (caps == null) continue;
          int[] c = ep.bag.computeIfAbsent(caps, k -> new int[1]);
          if (c[0]++ == 0) {
            for (ObserverEntry oe : ep.observers.values()) oe.handles.put(caps, ev.assertCaptures(oe.observer, caps));
          }
        }
      }
    }
  }

  /**
   * Removes an assertion (the caller's bag saw its count go 1→0). Removing an absent value does
   * nothing.
   *
   * @param v the assertion
   * @param ev receives retractions of capture tuples that lost their last source
   */
  public void remove(Value v, Events<O> ev) {
    if (!all.remove(v)) return;
    Bucket b = bucketFor(v, false);
    if (b != null) {
      removeFrom(b, v, ev);
      b.assertions.remove(v);
      dropIfEmpty(b, labelOf(v));
    }
    removeFrom(wild, v, ev);
  }

  private void removeFrom(Bucket b, Value v, Events<O> ev) {
    if (b.shapes.isEmpty()) return;
    for (ShapeNode sn : b.shapes.values()) {
      if (sn.skel != null && !sn.cache.remove(v)) continue;
      for (ConstNode cn : sn.consts.values()) {
        List<Value> cv = projectAll(v, cn.key.constPaths());
        if (cv == null) continue;
        Leaf leaf = cn.leaves.get(cv);
        if (leaf == null || !leaf.cache.remove(v)) continue;
        for (Endpoint ep : leaf.endpoints.values()) {
          Sequence caps = captures(v, ep.capturePaths);
          if (caps == null) continue;
          int[] c = ep.bag.get(caps);
          if (--c[0] == 0) {
            ep.bag.remove(caps);
            for (ObserverEntry oe : ep.observers.values()) {
              Long h = oe.handles.remove(caps);
              if (h != null) ev.retract(oe.observer, h);
            }
          }
        }
      }
    }
  }

  /**
   * Delivers a message: every observer whose pattern matches gets the captures once per matching
   * registration.
   *
   * @param v the message body
   * @param ev receives the messages
   */
  public void message(Value v, Events<O> ev) {
    Bucket b = bucketFor(v, false);
    if (b != null) messageInto(b, v, ev);
    messageInto(wild, v, ev);
  }

  private void messageInto(Bucket b, Value v, Events<O> ev) {
    if (b.shapes.isEmpty()) return;
    for (ShapeNode sn : b.shapes.values()) {
      if (sn.skel != null && !sn.skel.matches(v)) continue;
      for (ConstNode cn : sn.consts.values()) {
        List<Value> cv = projectAll(v, cn.key.constPaths());
        if (cv == null) continue;
        Leaf leaf = cn.leaves.get(cv);
        if (leaf == null || !allExist(v, cn.key.existPaths())) continue;
        for (Endpoint ep : leaf.endpoints.values()) {
          Sequence caps = captures(v, ep.capturePaths);
          if (caps == null) continue;
          for (ObserverEntry oe : ep.observers.values()) ev.message(oe.observer, caps);
        }
      }
    }
  }

  private static Sequence captures(Value v, List<List<Value>> paths) {
    List<Value> l = projectAll(v, paths);
    return l == null ? null : Sequence.of(l);
  }

  // ------------------------------------------------------------------ observers

  /**
   * Registers an observer and immediately asserts to it every distinct capture tuple of the
   * present assertions matching {@code pattern}.
   *
   * @param key identifies the registration (the dataspace uses the Observe assertion itself)
   * @param pattern what to match
   * @param observer who to tell
   * @param ev receives the initial assertions
   * @return false (and nothing happens) if {@code key} is already registered
   */
  public boolean addObserver(Object key, Pattern pattern, O observer, Events<O> ev) {
    if (registrations.containsKey(key)) return false;
    Analysis a = analyse(pattern);
    Bucket b = a.skel() == null ? wild : bucketForCls(a.skel().cls());
    ShapeNode sn = b.shapes.get(a.skel());
    if (sn == null) {
      if (a.skel() == null) {
        sn = new ShapeNode(null, all);
      } else {
        sn = new ShapeNode(a.skel(), new HashSet<>());
        for (Value v : b.assertions) if (a.skel().matches(v)) sn.cache.add(v);
      }
      b.shapes.put(a.skel(), sn);
    }
    ConstNode cn = sn.consts.computeIfAbsent(a.constKey(), ConstNode::new);
    Leaf leaf = cn.leaves.get(a.constVals());
    if (leaf == null) {
      leaf = new Leaf();
      for (Value v : sn.cache) {
        if (a.constVals().equals(projectAll(v, cn.key.constPaths())) && allExist(v, cn.key.existPaths())) {
          leaf.cache.add(v);
        }
      }
      cn.leaves.put(a.constVals(), leaf);
    }
    Endpoint ep = leaf.endpoints.get(a.capturePaths());
    if (ep == null) {
      ep = new Endpoint(a.capturePaths());
      for (Value v : leaf.cache) {
        Sequence caps = captures(v, ep.capturePaths);
        if (caps != null) ep.bag.computeIfAbsent(caps, k -> new int[1])[0]++;
      }
      leaf.endpoints.put(a.capturePaths(), ep);
    }
    ObserverEntry oe = new ObserverEntry(observer);
    ep.observers.put(key, oe);
    for (Sequence caps : ep.bag.keySet()) oe.handles.put(caps, ev.assertCaptures(observer, caps));
    registrations.put(key, new Registration(a));
    return true;
  }

  /**
   * Removes a registration and retracts everything asserted to its observer through it.
   *
   * @param key as given to {@link #addObserver}
   * @param ev receives the retractions
   * @return false if there was no such registration
   */
  public boolean removeObserver(Object key, Events<O> ev) {
    Registration reg = registrations.remove(key);
    if (reg == null) return false;
    Analysis a = reg.analysis();
    Bucket b = a.skel() == null ? wild : bucketForCls(a.skel().cls());
    ShapeNode sn = b.shapes.get(a.skel());
    ConstNode cn = sn.consts.get(a.constKey());
    Leaf leaf = cn.leaves.get(a.constVals());
    Endpoint ep = leaf.endpoints.get(a.capturePaths());
    ObserverEntry oe = ep.observers.remove(key);
    for (Long h : oe.handles.values()) ev.retract(oe.observer, h);
    if (ep.observers.isEmpty()) {
      leaf.endpoints.remove(a.capturePaths());
      if (leaf.endpoints.isEmpty()) {
        cn.leaves.remove(a.constVals());
        if (cn.leaves.isEmpty()) {
          sn.consts.remove(a.constKey());
          if (sn.consts.isEmpty()) {
            b.shapes.remove(a.skel());
            if (a.skel() != null && a.skel().cls().kind() == 0) dropIfEmpty(b, a.skel().cls().label());
          }
        }
      }
    }
    return true;
  }

  /** @return the number of distinct shapes (skeletons) currently indexed, for tests and stats. */
  public int shapeCount() {
    int n = wild.shapes.size();
    for (Bucket b : recBuckets.values()) n += b.shapes.size();
    if (arrBucket != null) n += arrBucket.shapes.size();
    if (dictBucket != null) n += dictBucket.shapes.size();
    return n;
  }

  @Override
  public String toString() {
    return "SkeletonIndex[" + all.size() + " assertions, " + registrations.size() + " observers, " + shapeCount() + " shapes]";
  }
}
