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
  protected boolean childrenEqualWithAnnotations(Value other) {
    Object o = ((Embedded) other).payload;
    return !(payload instanceof Value v) || v.equalsWithAnnotations((Value) o);
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  protected int compareSameKind(Value other) {
    Object a = payload, b = ((Embedded) other).payload;
    if (a == b) return 0;
    boolean av = a instanceof Value, bv = b instanceof Value;
    if (av && bv) return ((Value) a).compareTo((Value) b);
    if (av != bv) return av ? -1 : 1;
    if (a.equals(b)) return 0;
    int c = a.getClass().getName().compareTo(b.getClass().getName());
    if (c != 0) return c;
    if (a instanceof Comparable ca) return ca.compareTo(b);
    return Integer.compare(System.identityHashCode(a), System.identityHashCode(b));
  }

  @Override
  protected boolean equalsSameKind(Value other) {
    return payload.equals(((Embedded) other).payload);
  }

  @Override
  protected int contentHash() {
    return payload.hashCode() * 31 + 19;
  }
}
