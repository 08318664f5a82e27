package org.syndicate.relay;

import java.util.HashMap;
import java.util.Map;
import org.syndicate.actor.Ref;

/**
 * One of a connection's two OID tables (reference note syndicate-server.md §2.5): <i>exported</i>
 * (this side's objects the peer may address) or <i>imported</i> (proxies for the peer's objects).
 * Each entry is reference counted: one count per occurrence of the ref in a live assertion in
 * either direction, one per live assertion addressed to it, one per transient use during an event,
 * and one forever for a pinned initial entry. At zero the entry is removed.
 *
 * <p>Touched only inside turns of the connection's actor.
 */
final class Membrane {
  /** One table entry. */
  static final class Sym {
    final Membrane table;
    final long oid;
    final Ref ref;
    int count;

    Sym(Membrane table, long oid, Ref ref) {
      this.table = table;
      this.oid = oid;
      this.ref = ref;
    }

    @Override
    public String toString() {
      return "Sym[" + oid + " x" + count + "]";
    }
  }

  private final Map<Long, Sym> byOid = new HashMap<>();
  private final Map<Ref, Sym> byRef = new HashMap<>();

  /** @return the entry for {@code oid}, or null. */
  Sym byOid(long oid) {
    return byOid.get(oid);
  }

  /** @return the entry for {@code ref} (equal refs: same base identity and caveats), or null. */
  Sym byRef(Ref ref) {
    return byRef.get(ref);
  }

  /** Adds an entry with count 0 (the caller acquires it). */
  Sym insert(long oid, Ref ref) {
    Sym s = new Sym(this, oid, ref);
    byOid.put(oid, s);
    byRef.putIfAbsent(ref, s);
    return s;
  }

  static void acquire(Sym s) {
    s.count++;
  }

  /** Drops one count; removes the entry at zero. */
  void release(Sym s) {
    if (--s.count <= 0) {
      byOid.remove(s.oid, s);
      byRef.remove(s.ref, s);
    }
  }

  /** @return the number of entries. */
  int size() {
    return byOid.size();
  }

  void clear() {
    byOid.clear();
    byRef.clear();
  }
}
