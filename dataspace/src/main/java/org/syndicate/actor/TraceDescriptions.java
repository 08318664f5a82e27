package org.syndicate.actor;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.schemas.protocol.Handle;
import org.syndicate.schemas.trace.ActorActivation;
import org.syndicate.schemas.trace.ActorId;
import org.syndicate.schemas.trace.ExitStatus;
import org.syndicate.schemas.trace.FacetId;
import org.syndicate.schemas.trace.Name;
import org.syndicate.schemas.trace.Oid;
import org.syndicate.schemas.trace.Target;
import org.syndicate.schemas.trace.TurnCause;

/**
 * Builds the {@code trace.prs} descriptions of runtime objects (used only when tracing is on):
 * actors, facets and turns are identified by their process-unique numbers, an event's target by
 * {@code <entity ACTOR FACET OID>} with the ref's id as OID.
 */
final class TraceDescriptions {
  private TraceDescriptions() {}

  static ActorId actorId(Actor a) {
    return new ActorId(SignedInteger.of(a.id()));
  }

  static Target target(Ref r) {
    Facet f = r.facet();
    return new Target(actorId(f.actor()), new FacetId(SignedInteger.of(f.id())), new Oid(SignedInteger.of(r.id())));
  }

  static Handle handle(long h) {
    return new Handle(BigInteger.valueOf(h));
  }

  /** @return the ids of the facets from the root down to {@code f}. */
  static List<FacetId> path(Facet f) {
    ArrayList<FacetId> out = new ArrayList<>();
    for (Facet x = f; x != null; x = x.parent()) out.add(new FacetId(SignedInteger.of(x.id())));
    return out.reversed();
  }

  static Name name(String name) {
    return name == null ? new Name.Anonymous() : new Name.Named(StringValue.of(name));
  }

  static TurnCause external(String description) {
    return new TurnCause.External(StringValue.of(description));
  }

  static ActorActivation start(String name) {
    return new ActorActivation.Start(name(name));
  }

  /** {@code <stop ok>}, or {@code <stop <error MESSAGE #f>>} for a failure. */
  static ActorActivation stop(ExitReason reason) {
    ExitStatus status =
        switch (reason) {
          case ExitReason.Normal n -> new ExitStatus.Ok();
          case ExitReason.Failed f ->
              new ExitStatus.Error(new org.syndicate.schemas.protocol.Error(String.valueOf(f.cause()), BooleanValue.FALSE));
        };
    return new ActorActivation.Stop(status);
  }

  static Value turnIdValue(long id) {
    return SignedInteger.of(id);
  }
}
