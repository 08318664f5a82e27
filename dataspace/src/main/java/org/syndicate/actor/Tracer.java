package org.syndicate.actor;

import org.syndicate.schemas.trace.ActorActivation;
import org.syndicate.schemas.trace.ActorId;

/**
 * Receives the causal trace of actors (reference note syndicate-server.md §8.5; schema {@code
 * trace.prs}): each actor's start (with its name), each of its turns ({@code <turn ID CAUSE
 * [ACTION ...]>}: what caused it, which events it dequeued and enqueued, which actors it spawned,
 * which facets it started and stopped, which linked tasks it started) and its stop (with the exit
 * status).
 *
 * <p>Tracing is off unless a tracer is given: an actor takes its tracer when it is created, from
 * the {@link Actor#boot(Scheduler, String, Tracer, java.util.function.Consumer)} argument, from the
 * actor that spawned it, or else from {@link #installDefault} (the server's {@code -t} option). With
 * no tracer the runtime builds no trace objects at all.
 *
 * <p>{@link #record} is called on the thread running the actor's turn (or the thread ending it),
 * from many threads at once; it must be thread-safe, must not block for long and must not throw.
 */
@FunctionalInterface
public interface Tracer {
  /**
   * Records one activation of an actor.
   *
   * @param actor the actor's id ({@link Actor#id()} as a SignedInteger)
   * @param activation {@code <start NAME>}, a turn description or {@code <stop STATUS>}
   */
  void record(ActorId actor, ActorActivation activation);

  /**
   * Sets the tracer given to actors created from now on by {@link Actor#boot(String,
   * java.util.function.Consumer)} (and so to everything they spawn). Actors that already exist
   * keep theirs.
   *
   * @param tracer the tracer, or null to turn tracing off for new actors
   */
  static void installDefault(Tracer tracer) {
    Actor.defaultTracer = tracer;
  }

  /** @return the tracer set by {@link #installDefault}, or null (the default: tracing off). */
  static Tracer installedDefault() {
    return Actor.defaultTracer;
  }
}
