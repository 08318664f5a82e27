package org.syndicate.server.gatekeeper;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.dataspace.Pattern;
import org.syndicate.dataspace.Patterns;
import org.syndicate.preserves.ByteString;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;
import org.syndicate.server.During;
import org.syndicate.server.transport.RelayStarter;
import org.syndicate.sturdy.Attenuation;
import org.syndicate.sturdy.SturdyRef;
import org.syndicate.sturdy.SturdyRefException;

/**
 * A gatekeeper entity over a bindspace (gatekeeper.prs {@code Resolve}; reference note
 * syndicate-server.md §4.3). It accepts only {@code <resolve STEP #:observer>} assertions (anything
 * else is ignored) and answers each with rpc.Result {@code <ok #:ref>} / {@code <error DETAIL>}
 * asserted at the observer, for as long as the resolve is asserted:
 *
 * <ul>
 *   <li>{@code <ref PARAMETERS>} (sturdy ref): {@code <error invalid>} when the detail is not
 *       sturdy-ref parameters; otherwise, at once, (a) a direct resolution {@code <resolve STEP
 *       #:o>} in the bindspace whose first answer of any shape is relayed verbatim (just-in-time
 *       binding, explicit rejection), and (b) a lookup of {@code <bind <ref {oid: OID, key: K}>
 *       TARGET _>}; whichever answers first cancels the other. A bind answers {@code <ok
 *       #:TARGET-attenuated-by-the-caveats>} or {@code <error sturdyref-failed-validation>}. A
 *       bind whose key is not bytes or whose target is not a ref answers {@code <error
 *       invalid-bind>} (fix of the reference's B5, which crashed the server).
 *   <li>{@code <noise SELECTOR>}: for each {@code <bind <noise {service: SELECTOR …}> TARGET _>},
 *       a {@link NoiseResponder} session answered as {@code <ok #:session>}, withdrawn with the
 *       bind. A bind that fails validation gives no answer (as the reference).
 *   <li>any other step type: direct resolution only. (Reference note §4.3 says {@code <error
 *       unsupported>}; syndicate-server 0.51.0-rc.4 instead answers nothing unless a third party
 *       answers the direct resolution, and we do as the binary does. Noise steps get direct
 *       resolution too.)
 * </ul>
 *
 * <p>Each resolve runs in its own facet, so retracting it retracts everything done for it. No
 * timeout (reference B23, by design).
 */
public final class Gatekeeper implements Entity {
  private static final Logger LOG = LoggerFactory.getLogger(Gatekeeper.class);

  private final Ref bindspace;
  private final RelayStarter relays;
  private final Map<Long, Facet> requests = new HashMap<>();

  private Gatekeeper(Ref bindspace, RelayStarter relays) {
    this.bindspace = bindspace;
    this.relays = relays;
  }

  /**
   * Creates a gatekeeper in the current facet.
   *
   * @param t the running turn
   * @param bindspace where binds are looked up and direct resolutions asserted
   * @param relays starts the relays inside Noise sessions
   * @return the gatekeeper's ref
   */
  public static Ref create(Turn t, Ref bindspace, RelayStarter relays) {
    return t.ref(new Gatekeeper(bindspace, relays));
  }

  @Override
  public void onAssert(Turn t, Value v, long handle) {
    if (!(v instanceof RecordValue r) || !r.label().equals(Symbol.of("resolve")) || r.arity() < 2) return;
    if (!(r.field(0) instanceof RecordValue step) || !(step.label() instanceof Symbol type) || step.arity() != 1) return;
    if (!(r.field(1) instanceof Embedded e) || !(e.payload() instanceof Ref observer)) return;
    Facet f =
        t.facet(
            ft -> {
              ft.preventInertCheck();
              try {
                switch (type.name()) {
                  case "ref" -> resolveSturdy(ft, step, observer);
                  case "noise" -> resolveNoise(ft, step, observer);
                  default -> startDirect(ft, step, observer, new boolean[1], new Facet[1]);
                }
              } catch (RuntimeException ex) {
                // never let one request stop the gatekeeper (the reference's B5 class of failure)
                LOG.warn("resolve {} failed", step, ex);
                ft.publish(observer, error(StringValue.of("internal error: " + ex.getMessage())));
              }
            });
    requests.put(handle, f);
  }

  @Override
  public void onRetract(Turn t, long handle) {
    Facet f = requests.remove(handle);
    if (f != null) t.stop(f);
  }

  /** The rpc.Result error {@code <error DETAIL>}. */
  static Value error(Value detail) {
    return RecordValue.of("error", detail);
  }

  /** The rpc.Result success {@code <ok #:ref>}. */
  static Value ok(Ref ref) {
    return RecordValue.of("ok", Embedded.of(ref));
  }

  private void resolveSturdy(Turn t, RecordValue step, Ref observer) {
    SturdyRef sr;
    boolean badCaveats = false;
    Value oid;
    try {
      sr = SturdyRef.parse(step);
      oid = sr.oid();
    } catch (SturdyRefException ex) {
      if (ex.reason() != SturdyRefException.Reason.BAD_CAVEATS_FIELD) {
        t.publish(observer, error(Symbol.of("invalid")));
        return;
      }
      // parses as Parameters with an invalid caveats field: fails validation when a bind is found
      sr = null;
      badCaveats = true;
      oid = ((Dictionary) step.field(0)).get("oid");
    }
    Facet outer = t.currentFacet();
    boolean[] answered = {false};
    Facet[] lookup = new Facet[1];
    Facet direct = startDirect(t, step, observer, answered, lookup);
    SturdyRef ref = sr;
    boolean invalidCaveats = badCaveats;
    Pattern bindPattern;
    try {
      bindPattern =
          Patterns.rec(
              "bind",
              Patterns.rec("ref", Patterns.dict(dict("oid", Patterns.lift(oid), "key", Patterns.bind()))),
              Patterns.bind(),
              Patterns.discard());
    } catch (IllegalArgumentException ex) {
      // an oid holding a set cannot be matched by any dataspace pattern, so no bind can answer;
      // direct resolution (a) still runs (the reference panics here)
      LOG.info("sturdy ref oid cannot be matched against binds: {}", ex.getMessage());
      return;
    }
    lookup[0] =
        t.facet(
            lt -> {
              lt.preventInertCheck();
              During.observe(
                  lt,
                  bindspace,
                  bindPattern,
                  (mt, captures) -> {
                    if (!answered[0]) {
                      answered[0] = true;
                      mt.stop(direct);
                    }
                    Value answer = sturdyAnswer(ref, invalidCaveats, captures.get(0), captures.get(1));
                    // answers outlive the bind (reference §4.3 (b)): assert from the resolve's facet
                    mt.inFacet(outer, ot -> ot.publish(observer, answer));
                  });
            });
  }

  /**
   * Direct resolution, step (a) of reference note §4.3, done for every step type (as
   * syndicate-server 0.51.0-rc.4 does: checked against it): asserts {@code <resolve STEP #:o>} in
   * the bindspace; the first value of any shape asserted to {@code o} is relayed verbatim to
   * {@code observer} (from the current facet, so it lasts until the resolve is retracted), and
   * the lookup facet {@code lookup[0]} (if any) and this one are stopped.
   *
   * @param t the running turn, in the resolve's facet
   * @param step the step
   * @param observer where answers go
   * @param answered shared flag: set by whichever of (a) and (b) answers first
   * @param lookup holder of the facet of step (b), stopped on a direct answer
   * @return the facet of the direct resolution
   */
  private Facet startDirect(Turn t, Value step, Ref observer, boolean[] answered, Facet[] lookup) {
    Facet outer = t.currentFacet();
    return t.facet(
        dt -> {
          dt.preventInertCheck();
          Facet me = dt.currentFacet();
          Ref o =
              dt.ref(
                  new Entity() {
                    @Override
                    public void onAssert(Turn at, Value answer, long h) {
                      if (answered[0]) return;
                      answered[0] = true;
                      at.inFacet(outer, ot -> ot.publish(observer, answer));
                      if (lookup[0] != null) at.stop(lookup[0]);
                      at.stop(me);
                    }
                  });
          dt.publish(bindspace, RecordValue.of("resolve", step, Embedded.of(o)));
        });
  }

  private static Value sturdyAnswer(SturdyRef ref, boolean invalidCaveats, Value key, Value target) {
    if (!(key instanceof ByteString k)) {
      LOG.warn("bind for a sturdy ref has a key that is not a byte string: {}", key);
      return error(Symbol.of("invalid-bind"));
    }
    if (!(target instanceof Embedded e) || !(e.payload() instanceof Ref targetRef)) {
      LOG.warn("bind for a sturdy ref has a target that is not a reference: {}", target);
      return error(Symbol.of("invalid-bind"));
    }
    if (invalidCaveats) return error(Symbol.of("sturdyref-failed-validation"));
    try {
      Attenuation a = ref.validate(k.toByteArray());
      return ok(a.isEmpty() ? targetRef : targetRef.attenuate(a));
    } catch (SturdyRefException ex) {
      return error(Symbol.of("sturdyref-failed-validation"));
    } catch (RuntimeException ex) {
      LOG.warn("sturdy ref validation failed unexpectedly", ex);
      return error(Symbol.of("sturdyref-failed-validation"));
    }
  }

  private void resolveNoise(Turn t, RecordValue step, Ref observer) {
    Value selector = step.field(0);
    boolean[] answered = {false};
    Facet[] lookup = new Facet[1];
    Facet direct = startDirect(t, step, observer, answered, lookup);
    Pattern p;
    try {
      p =
          Patterns.rec(
              "bind",
              Patterns.rec("noise", Patterns.bind(Patterns.dict(dict("service", Patterns.lift(selector))))),
              Patterns.bind(),
              Patterns.discard());
    } catch (IllegalArgumentException ex) {
      // a selector holding a set cannot be matched by any pattern: no bind can ever answer
      LOG.info("noise selector cannot be matched: {}", ex.getMessage());
      return;
    }
    lookup[0] =
        t.facet(
            lt -> {
              lt.preventInertCheck();
              During.observe(
                  lt,
                  bindspace,
                  p,
                  (mt, captures) -> {
                    NoiseSpec spec;
                    try {
                      spec = NoiseSpec.parse(captures.get(0));
                    } catch (IllegalArgumentException ex) {
                      LOG.warn("noise bind rejected: {}", ex.getMessage());
                      return;
                    }
                    if (!(captures.get(1) instanceof Embedded e) || !(e.payload() instanceof Ref target)) {
                      LOG.warn("noise bind target is not a reference: {}", captures.get(1));
                      return;
                    }
                    if (!answered[0]) {
                      answered[0] = true;
                      mt.stop(direct);
                    }
                    Ref session = NoiseResponder.create(mt, spec, target, relays);
                    mt.publish(observer, ok(session)); // withdrawn with the bind (reference §4.3)
                  });
            });
  }

  private static Map<Value, Pattern> dict(Object... kv) {
    Map<Value, Pattern> m = new TreeMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(Symbol.of((String) kv[i]), (Pattern) kv[i + 1]);
    return m;
  }

  /**
   * The bind handler of a bindspace (reference note §4.3 "{@code <bind …>} in the bindspace"):
   * observes every {@code <bind DESCRIPTION TARGET OBSERVER>} and, when OBSERVER is a ref, asserts
   * {@code <bound PATHSTEP>} (the minted root sturdy ref, or the Noise path step) or {@code <error
   * "message">} to it for as long as the bind is asserted. Malformed binds never fail the actor.
   *
   * @param t the running turn (the handler lives in its current facet)
   * @param bindspace the dataspace to watch
   */
  public static void handleBinds(Turn t, Ref bindspace) {
    During.observe(
        t,
        bindspace,
        Patterns.rec("bind", Patterns.bind(), Patterns.bind(), Patterns.bind()),
        (mt, c) -> {
          if (!(c.get(2) instanceof Embedded e) || !(e.payload() instanceof Ref observer)) return;
          Value answer = bound(c.get(0));
          if (answer != null) mt.publish(observer, answer);
        });
  }

  private static Value bound(Value description) {
    if (description.isRecord("ref", 1) && ((RecordValue) description).field(0) instanceof Dictionary d) {
      Value oid = d.get("oid");
      Value key = d.get("key");
      if (oid == null || !(key instanceof ByteString k)) {
        return error(StringValue.of("bind <ref …>: needs {oid: any, key: bytes}"));
      }
      try {
        return RecordValue.of("bound", SturdyRef.mint(oid, k.toByteArray()).toValue());
      } catch (RuntimeException ex) {
        return error(StringValue.of("bind <ref …>: " + ex.getMessage()));
      }
    }
    if (description.isRecord("noise", 1)) {
      try {
        return RecordValue.of("bound", NoiseSpec.parse(((RecordValue) description).field(0)).pathStep());
      } catch (IllegalArgumentException ex) {
        return error(StringValue.of(ex.getMessage()));
      }
    }
    return null; // another kind of description: some other handler's business
  }
}
