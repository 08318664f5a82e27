package org.syndicate.actor;

import org.syndicate.schemas.trace.TargetedTurnEvent;
import org.syndicate.schemas.trace.TurnCause;

/**
 * What a queued {@link Turn.Delivery} carries for the tracer (only when tracing is on): what
 * caused it and, for an event sent by another turn, the event as the trace describes it
 * (written as {@code <dequeue …>} by the receiving turn).
 *
 * @param cause the cause of the turn the delivery starts (when it is the first of its batch)
 * @param event the event, or null for a plain queued body
 */
record TraceTag(TurnCause cause, TargetedTurnEvent event) {}
