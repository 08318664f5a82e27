package org.syndicate.relay;

import java.util.ArrayList;
import java.util.List;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Symbol;
import org.syndicate.preserves.Value;

/**
 * One packet of the Syndicate protocol, {@code protocol.prs Packet = Turn / Error / Extension /
 * Nop} (reference note syndicate-server.md §2.2), parsed by hand from a decoded {@link Value}. The
 * alternatives are tried in that order: a record that is not a well-formed {@code <error string
 * any>} is an {@link Extension}. Embedded values are left as they were decoded ({@link WireRef}
 * payloads on input).
 *
 * <p>This is the only place that knows the packet shapes, so it can be swapped for the types
 * generated from {@code protocol.prs}. Like those (and the reference's Rust parsers, reference note
 * §12 B22), records may carry extra trailing fields, which are ignored; sequences ({@code Turn},
 * {@code TurnEvent}) must have exactly their length. {@code GeneratedProtocolAgreementTest} checks
 * that both accept the same values.
 */
public sealed interface WirePacket {
  /** {@code Turn = [TurnEvent ...]}: events the receiver applies atomically, in order. */
  record Turn(List<TurnEvent> events) implements WirePacket {
    /** Copies the list. */
    public Turn {
      events = List.copyOf(events);
    }
  }

  /** {@code Error = <error @message string @detail any>}. */
  record Error(String message, Value detail) implements WirePacket {}

  /** {@code Extension = <<rec> @label any @fields [any ...]>}: ignored by receivers. */
  record Extension(Value label, List<Value> fields) implements WirePacket {}

  /** {@code Nop = #f}: padding, ignored. */
  record Nop() implements WirePacket {
    /** The one instance. */
    public static final Nop INSTANCE = new Nop();
  }

  /**
   * {@code TurnEvent = [@oid Oid @event Event]}.
   *
   * @param oid the receiver's object number (arbitrary precision on the wire)
   * @param event what happens to it
   */
  record TurnEvent(SignedInteger oid, Event event) {}

  /** {@code Event = Assert / Retract / Message / Sync}. */
  sealed interface Event {}

  /** {@code <A @assertion any @handle int>}. */
  record Assert(Value assertion, SignedInteger handle) implements Event {}

  /** {@code <R @handle int>}. */
  record Retract(SignedInteger handle) implements Event {}

  /** {@code <M @body any>}. */
  record Message(Value body) implements Event {}

  /** {@code <S @peer #:#t>}; {@code peer} is the embedded value. */
  record Sync(Embedded peer) implements Event {}

  /** Label symbols. */
  Symbol A = Symbol.of("A");
  /** Label symbols. */
  Symbol R = Symbol.of("R");
  /** Label symbols. */
  Symbol M = Symbol.of("M");
  /** Label symbols. */
  Symbol S = Symbol.of("S");
  /** Label symbols. */
  Symbol ERROR = Symbol.of("error");

  /**
   * Parses a packet.
   *
   * @param v a decoded value (annotations are ignored)
   * @return the packet
   * @throws RelayException "Invalid packet: …" when {@code v} is no Packet (e.g. {@code [1 2]}, a
   *     sequence that is not a valid Turn; §10 row 16), naming the first offending event
   */
  static WirePacket parse(Value v) {
    return switch (v) {
      case Sequence s -> parseTurn(s);
      case RecordValue r -> {
        if (r.label().equals(ERROR) && r.arity() >= 2 && r.field(0) instanceof StringValue m) {
          yield new Error(m.value(), r.field(1));
        }
        yield new Extension(r.label(), r.fields());
      }
      case BooleanValue b when !b.value() -> Nop.INSTANCE;
      default -> throw new RelayException("Invalid packet: expected a Turn, Error, Extension or Nop, got a " + v.kind());
    };
  }

  private static Turn parseTurn(Sequence s) {
    List<TurnEvent> events = new ArrayList<>(s.size());
    for (int i = 0; i < s.size(); i++) {
      Value item = s.get(i);
      if (!(item instanceof Sequence te) || te.size() != 2 || !(te.get(0) instanceof SignedInteger oid)) {
        throw new RelayException("Invalid packet: Turn event " + i + " is not [oid event]");
      }
      Event e = parseEvent(te.get(1));
      if (e == null) throw new RelayException("Invalid packet: Turn event " + i + " has no valid A/R/M/S event");
      events.add(new TurnEvent(oid, e));
    }
    return new Turn(events);
  }

  private static Event parseEvent(Value v) {
    if (!(v instanceof RecordValue r) || !(r.label() instanceof Symbol label)) return null;
    return switch (label.name()) {
      case "A" -> r.arity() >= 2 && r.field(1) instanceof SignedInteger h ? new Assert(r.field(0), h) : null;
      case "R" -> r.arity() >= 1 && r.field(0) instanceof SignedInteger h ? new Retract(h) : null;
      case "M" -> r.arity() >= 1 ? new Message(r.field(0)) : null;
      case "S" -> r.arity() >= 1 && r.field(0) instanceof Embedded p ? new Sync(p) : null;
      default -> null;
    };
  }

  /**
   * The value of this packet (embedded payloads as they are).
   *
   * @return {@code [[oid event] …]}, {@code <error m d>}, the extension record, or {@code #f}
   */
  default Value toValue() {
    return switch (this) {
      case Turn t -> {
        List<Value> items = new ArrayList<>(t.events().size());
        for (TurnEvent e : t.events()) items.add(eventValue(e.oid(), e.event()));
        yield Sequence.of(items);
      }
      case Error e -> RecordValue.of(ERROR, StringValue.of(e.message()), e.detail());
      case Extension x -> RecordValue.of(x.label(), x.fields());
      case Nop n -> BooleanValue.FALSE;
    };
  }

  /**
   * @param oid the target object number
   * @param e the event
   * @return {@code [oid event]}
   */
  static Value eventValue(SignedInteger oid, Event e) {
    Value ev =
        switch (e) {
          case Assert a -> RecordValue.of(A, a.assertion(), a.handle());
          case Retract r -> RecordValue.of(R, r.handle());
          case Message m -> RecordValue.of(M, m.body());
          case Sync s -> RecordValue.of(S, s.peer());
        };
    return Sequence.of(oid, ev);
  }
}
