package org.syndicate.preserves;

import java.util.List;

/**
 * A Preserves Embedded value: a domain-specific payload (in Syndicate, an entity reference). The
 * payload is any Java object:
 *
 * <ul>
 *   <li>a {@link Value} ("IOValue" form, used by text files and the test suite: {@code #:0});
 *   <li>or a host object, which must implement {@code equals}/{@code hashCode} and should
 *       implement {@link Comparable} over its own class consistently with {@code equals}.
 * </ul>
 *
 * <p>Order among embedded values: Value payloads first (in value order), then host payloads by
 * class name, then by their {@code compareTo}; payloads that are not Comparable fall back to
 * {@link System#identityHashCode}, which is consistent with identity equality only up to hash
 * collisions. Encoders and decoders map payloads to and from values with an {@link
 * EmbeddedCodec}.
 */
public final class Embedded extends Value {
  private final Object payload;
  private int hash; // cached for Value payloads (immutable); 0 = not yet computed

  private Embedded(Object payload, List<Value> annotations) {
    super(annotations);
    this.payload = java.util.Objects.requireNonNull(payload, "payload");
  }

  /** @return the embedded value carrying {@code payload}. */
  public static Embedded of(Object payload) {
    return new Embedded(payload, List.of());
  }

  /** @return the payload. */
  public Object payload() {
    return payload;
  }

  /** @return the payload if it is a Value, else null. */
  public Value valuePayload() {
    return payload instanceof Value v ? v : null;
  }

  @Override
  public Kind kind() {
    return Kind.EMBEDDED;
  }

  @Override
  protected Value copyWithAnnotations(List<Value> newAnnotations) {
    return new Embedded(payload, newAnnotations);
  }

  @Override
  public Value strip() {
    Object p = payload instanceof Value v ? v.strip() : payload;
    if (p == payload && !hasAnnotations()) return this;
    return new Embedded(p, List.of());
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  int compareSameKind(Value other, int depth) {
    Object a = payload, b = ((Embedded) other).payload;
    if (a == b) return 0;
    boolean av = a instanceof Value, bv = b instanceof Value;
    if (av && bv) return Structure.compare((Value) a, (Value) b, depth + 1);
    if (av != bv) return av ? -1 : 1;
    if (a.equals(b)) return 0;
    int c = a.getClass().getName().compareTo(b.getClass().getName());
    if (c != 0) return c;
    if (a instanceof Comparable ca) return ca.compareTo(b);
    return Integer.compare(System.identityHashCode(a), System.identityHashCode(b));
  }

  @Override
  boolean equalsSameKind(Value other, int depth) {
    Object b = ((Embedded) other).payload;
    if (payload instanceof Value va && b instanceof Value vb) return Structure.equal(va, vb, depth + 1);
    return payload.equals(b);
  }

  @Override
  int contentHash(int depth) {
    if (!(payload instanceof Value v)) return payload.hashCode() * 31 + 19;
    int h = hash;
    if (h == 0) {
      if (depth >= Structure.RECURSION_LIMIT) return Structure.hashIteratively(this);
      h = v.contentHash(depth + 1) * 31 + 19;
      if (h == 0) h = 1;
      hash = h;
    }
    return h;
  }

  @Override
  boolean hashKnown() {
    return hash != 0 || !(payload instanceof Value);
  }

  @Override
  int childCount() {
    return payload instanceof Value ? 1 : 0;
  }

  @Override
  Value child(int i) {
    if (i != 0 || !(payload instanceof Value v)) throw new IndexOutOfBoundsException(i);
    return v;
  }
}
