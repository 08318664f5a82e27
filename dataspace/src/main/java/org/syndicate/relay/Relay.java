package org.syndicate.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.syndicate.actor.Account;
import org.syndicate.actor.Actor;
import org.syndicate.actor.Entity;
import org.syndicate.actor.Facet;
import org.syndicate.actor.Ref;
import org.syndicate.actor.Turn;
import org.syndicate.preserves.BooleanValue;
import org.syndicate.preserves.Dictionary;
import org.syndicate.preserves.Embedded;
import org.syndicate.preserves.EmbeddedCodec;
import org.syndicate.preserves.PreservesException;
import org.syndicate.preserves.RecordValue;
import org.syndicate.preserves.Sequence;
import org.syndicate.preserves.SetValue;
import org.syndicate.preserves.SignedInteger;
import org.syndicate.preserves.StringValue;
import org.syndicate.preserves.Value;
import org.syndicate.preserves.binary.BinaryWriter;
import org.syndicate.preserves.binary.EncodingBuffer;
import org.syndicate.preserves.text.TextWriter;
import org.syndicate.relay.Membrane.Sym;

/**
 * The wire-protocol relay: one connection between this process's actors and a peer speaking the
 * Syndicate protocol over a byte stream (reference note syndicate-server.md §2; DESIGN.md "The one
 * picture"). Transport-agnostic: a transport feeds bytes in ({@link #receive}, {@link
 * #receiveFrame}, {@link #endOfInput}, {@link #inputFailed}) and gets whole packets out through
 * its {@link RelayTransport}.
 *
 * <p><b>Input</b> (§2.3). Packets are cut and decoded on the calling (transport) thread by a
 * {@link PacketReader}; each packet then runs as one turn of the connection's facet, so its events
 * are delivered atomically, in order. Events to OIDs that are not exported are dropped without
 * leaking counts (bug B13 fixed). A duplicate live handle ("Assertion with duplicate handle"), a
 * message carrying a reference nothing else holds ("Cannot receive transient reference", B14
 * copied), more live assertions than {@link RelayOptions#maxHandles()}, a malformed packet, an
 * invalid wire ref or caveat, or an {@code <error …>} from the peer ends the connection: that
 * packet's events are rolled back, an {@code <error message detail>} packet is sent (best effort;
 * the peer's own error is echoed) and the facet stops, retracting everything the peer asserted.
 * Nothing else in the process is disturbed.
 *
 * <p><b>Output</b> (§2.4). Events that local actors address to the peer's objects (through proxy
 * refs) are collected per turn of the connection's actor and sent as <b>one Turn packet per
 * turn</b>, in the syntax of the peer's last packet (binary at first, or text when {@link
 * RelayOptions#textOutput()}), text packets one per line. Outbound {@code Sync} is forwarded (bug
 * B1 fixed): the peer is asked to answer a one-shot object of ours that then answers the local
 * peer.
 *
 * <p><b>Membranes</b> (§2.5). Local refs go out as {@code [0 oid]} (allocated sequentially, never
 * reused); proxies for the peer's objects go back as {@code [1 oid]}; a proxy attenuated locally is
 * re-exported as a new {@code [0 oid]} (attenuation is never delegated). A {@code [1 oid
 * caveats…]} from the peer is our export attenuated by those caveats (equal caveat lists give equal refs);
 * sending it back to the same peer exports that attenuated ref as a new object, so attenuation
 * survives the round trip (the reference's bug fixed by its commit 0b72b40). A {@code [1 oid]}
 * naming an object that is not exported becomes an inert ref, without touching the exported table
 * (B13). Counting is as {@link Membrane} says; OID 0 of each side is pinned for the life of the
 * connection.
 *
 * <p><b>Flow control</b> (§2.9). Each connection has an {@link Account} ({@link #account()}):
 * every decoded packet runs as a turn on its behalf, so the packet itself and every event it causes
 * anywhere in the process (the dataspace's fan-out to observers, their onward sends) borrow one unit
 * from it until processed. While the debt is above {@link RelayOptions#credit()}, decoded packets are
 * held back in the relay (not given to any actor) and the transport is asked to stop reading
 * ({@link RelayTransport#setReadPaused}); once the debt is back to the credit or below, the held
 * packets go on, in order, and reading resumes when none is left. So the events a connection has
 * queued in the process stay near the credit however fast the peer writes, and TCP pushes back on
 * it. End of input and input errors queue behind the held packets.
 */
public final class Relay {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);
  private static final Sym UNKNOWN_YOURS = new Sym(null, -1, null);
  /** Ignores everything but answers syncs, like the reference's inert entity. */
  private static final Entity INERT = new Entity() {};

  /** Writes an error's detail: wire refs (an echoed peer error) as they came, anything else as text. */
  private static final EmbeddedCodec ERROR_DETAIL_CODEC =
      new EmbeddedCodec() {
        @Override
        public Value encode(Object payload) {
          return payload instanceof WireRef w ? w.wire() : TextWriter.DEBUG_CODEC.encode(payload);
        }

        @Override
        public Object decode(Value wire) {
          return wire;
        }
      };

  private final RelayOptions options;
  private final RelayTransport transport;
  private final PacketReader reader;
  private final CompletableFuture<Ref> peerInitialRef = new CompletableFuture<>();
  private final CompletableFuture<Throwable> closed = new CompletableFuture<>();
  private final Account account;
  /** Decoded input held back while the account is over the credit. Guarded by inputLock. */
  private final ArrayDeque<Consumer<Turn>> backlog = new ArrayDeque<>();
  /** What the transport was last told. Guarded by inputLock. */
  private boolean readPaused;
  private final java.util.concurrent.ConcurrentLinkedQueue<CompletableFuture<Stats>> pendingStats =
      new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final Object inputLock = new Object();
  private volatile boolean inputClosed;
  private volatile Facet facet;

  // ---- state touched only in turns of the connection's actor
  private final Membrane exported = new Membrane();
  private final Membrane imported = new Membrane();
  private long nextExportOid;
  private final Map<SignedInteger, Inbound> inbound = new HashMap<>();
  private final Map<Long, Outbound> outbound = new HashMap<>();
  private boolean outputText;
  private final EncodingBuffer binaryOut = new EncodingBuffer(256);
  private final StringBuilder textOut = new StringBuilder();
  private int pendingEvents;
  private final List<Sym> collecting = new ArrayList<>();
  private Throwable failure;
  private boolean stopped;
  private boolean tooSlow;
  private long packetsIn, packetsOut;

  private record Inbound(long localHandle, List<Sym> syms, Sym target) {}

  private record Outbound(List<Sym> syms, Sym target) {}

  /** Maps local refs to wire refs while an outgoing event is encoded, counting what it uses. */
  private final EmbeddedCodec exportCodec =
      new EmbeddedCodec() {
        @Override
        public Value encode(Object payload) {
          if (!(payload instanceof Ref r)) {
            throw new PreservesException("cannot send an embedded value that is not a reference: " + payload);
          }
          return exportRef(r);
        }

        @Override
        public Object decode(Value wire) {
          throw new UnsupportedOperationException();
        }
      };

  private final BinaryWriter binaryWriter = new BinaryWriter(BinaryWriter.Mode.CANONICAL, exportCodec);
  private final TextWriter.Options textOptions = new TextWriter.Options(false, 0, exportCodec);

  private Relay(RelayOptions options, RelayTransport transport) {
    this.options = options;
    this.transport = transport;
    this.reader = new PacketReader(options.maxPacketBytes(), options.maxDepth());
    this.outputText = options.textOutput();
    this.account = new Account(options.name());
    account.setLimit(options.credit(), this::pump);
  }

  // ------------------------------------------------------------------ starting

  /**
   * Starts a relay in a new actor of its own (the usual case: one actor per connection). A failure
   * ends that actor with {@link org.syndicate.actor.ExitReason.Failed}.
   *
   * @param options limits and initial syntax
   * @param initialExport the local ref the peer sees as OID 0 (a gatekeeper, {@code $config}), or
   *     null to export nothing at 0
   * @param transport the byte-stream side
   * @return the relay, ready for {@link #receive}
   */
  public static Relay spawn(RelayOptions options, Ref initialExport, RelayTransport transport) {
    Relay r = new Relay(options, transport);
    Actor a = Actor.boot(options.schedulerOrShared(), options.name(), t -> r.boot(t, initialExport));
    r.facet = a.rootFacet();
    return r;
  }

  /**
   * Starts a relay in a new child facet of the current facet ({@code t}'s actor runs it). A
   * failure stops that facet only.
   *
   * @param t the current turn
   * @param options limits and initial syntax ({@link RelayOptions#scheduler()} is not used)
   * @param initialExport the local ref exported at OID 0, or null
   * @param transport the byte-stream side
   * @return the relay; {@link #peerInitialRef()} is already complete when it was requested
   */
  public static Relay start(Turn t, RelayOptions options, Ref initialExport, RelayTransport transport) {
    Relay r = new Relay(options, transport);
    t.facet(
        ft -> {
          r.facet = ft.currentFacet();
          ft.preventInertCheck();
          r.boot(ft, initialExport);
        });
    return r;
  }

  private void boot(Turn t, Ref initialExport) {
    if (facet == null) facet = t.currentFacet();
    if (initialExport != null) {
      Sym s = exported.insert(0, initialExport);
      Membrane.acquire(s);
      nextExportOid = 1;
    }
    if (options.importPeerInitialRef()) {
      Proxy p = new Proxy(0);
      Ref proxy = p.self = t.refUntracked(p);
      Sym s = imported.insert(0, proxy);
      Membrane.acquire(s);
      peerInitialRef.complete(proxy);
    } else {
      peerInitialRef.completeExceptionally(new IllegalStateException("the peer's OID 0 is not imported"));
    }
    t.onStop(this::onStop);
  }

  // ------------------------------------------------------------------ accessors

  /** @return the proxy for the peer's OID 0 (fails when {@link RelayOptions#importPeerInitialRef()} is false). */
  public CompletableFuture<Ref> peerInitialRef() {
    return peerInitialRef;
  }

  /**
   * @return completes once the relay has stopped and its transport was told to close: with null
   *     after a normal end, else with the error that ended it
   */
  public CompletableFuture<Throwable> closed() {
    return closed;
  }

  /** @return the facet running the relay (the actor's root facet after {@link #spawn}). */
  public Facet facet() {
    return facet;
  }

  /** @return the options. */
  public RelayOptions options() {
    return options;
  }

  /**
   * @return the connection's flow-control account (§2.9): its debt is the number of events caused
   *     by this connection's input and not yet processed (thread-safe to read)
   */
  public Account account() {
    return account;
  }

  /** @return decoded packets held back because the account is over the credit (for tests, monitoring). */
  public int heldBackPackets() {
    synchronized (inputLock) {
      return backlog.size();
    }
  }

  /**
   * Sizes of the connection's tables, for tests and monitoring.
   *
   * @param exported entries in the exported table
   * @param imported entries in the imported table
   * @param inboundHandles live assertions from the peer
   * @param outboundHandles live assertions to the peer
   * @param bufferedBytes input bytes waiting for the rest of a packet
   * @param packetsIn packets received
   * @param packetsOut packets sent
   */
  public record Stats(
      int exported, int imported, int inboundHandles, int outboundHandles, int bufferedBytes, long packetsIn,
      long packetsOut) {}

  /**
   * @return the table sizes, read in a turn of the connection (or at once when it has stopped,
   *     when all of them are 0)
   */
  public CompletableFuture<Stats> stats() {
    CompletableFuture<Stats> f = new CompletableFuture<>();
    if (closed.isDone()) {
      f.complete(snapshot());
      return f;
    }
    pendingStats.add(f);
    if (!facet.execute(t -> {
      pendingStats.remove(f);
      f.complete(snapshot());
    })) {
      pendingStats.remove(f);
      f.complete(snapshot());
    }
    if (closed.isDone()) answerPendingStats(); // the turn may have been dropped by the stop
    return f;
  }

  private void answerPendingStats() {
    CompletableFuture<Stats> f;
    while ((f = pendingStats.poll()) != null) f.complete(snapshot());
  }

  private Stats snapshot() {
    int buffered;
    synchronized (inputLock) {
      buffered = reader.buffered();
    }
    return new Stats(exported.size(), imported.size(), inbound.size(), outbound.size(), buffered, packetsIn, packetsOut);
  }

  // ------------------------------------------------------------------ input (transport thread)

  /**
   * Bytes from the peer. Complete packets are queued for the connection's actor; an incomplete one
   * waits for more bytes. Call from one thread at a time.
   *
   * @param data the bytes (copied)
   * @param off where they start
   * @param len how many
   */
  public void receive(byte[] data, int off, int len) {
    synchronized (inputLock) {
      if (inputClosed) return;
      try {
        reader.feed(data, off, len, this::enqueue);
      } catch (RelayException e) {
        inputError(e);
      }
      pumpLocked();
    }
  }

  /** As {@link #receive(byte[], int, int)} for all of {@code data}. */
  public void receive(byte[] data) {
    receive(data, 0, data.length);
  }

  /** As {@link #receive(byte[], int, int)} for the remaining bytes of {@code buf} (consumed). */
  public void receive(ByteBuffer buf) {
    byte[] b = new byte[buf.remaining()];
    buf.get(b);
    receive(b, 0, b.length);
  }

  /**
   * One frame of a packet-oriented transport (a WebSocket binary message, a decrypted Noise
   * datagram): it must hold whole packets, all of which are handled (§2.6, bug B6 fixed).
   *
   * @param data the frame
   * @param off where it starts
   * @param len its length
   */
  public void receiveFrame(byte[] data, int off, int len) {
    synchronized (inputLock) {
      if (inputClosed) return;
      try {
        reader.feedFrame(data, off, len, this::enqueue);
      } catch (RelayException e) {
        inputError(e);
      }
      pumpLocked();
    }
  }

  /** The peer closed its side: end the connection normally, after the packets already queued (§2.6). */
  public void endOfInput() {
    synchronized (inputLock) {
      if (inputClosed) return;
      inputClosed = true;
      reader.clear();
      submit(t -> t.stop(facet));
    }
  }

  /**
   * Reading failed: end the connection with {@code cause}, after the packets already queued.
   *
   * @param cause the I/O error
   */
  public void inputFailed(Throwable cause) {
    synchronized (inputLock) {
      if (inputClosed) return;
      inputClosed = true;
      reader.clear();
      submit(t -> {
        throw recordFailure(new RelayException("I/O error: " + cause, cause));
      });
    }
  }

  /**
   * Ends the connection normally from this side (retracting everything the peer asserted). Input
   * still held back by flow control is dropped.
   */
  public void close() {
    synchronized (inputLock) {
      inputClosed = true;
      reader.clear();
    }
    facet.execute(t -> t.stop(facet));
  }

  private void inputError(RelayException e) {
    inputClosed = true;
    boolean text = reader.currentPacketText();
    reader.clear();
    submit(t -> {
      outputText = text; // the <error …> answers in the syntax of the packet that failed (§2.6)
      throw recordFailure(e);
    });
  }

  /** A decoded packet, from {@link PacketReader} (inputLock held). */
  private void enqueue(PacketReader.Decoded d) {
    submit(t -> handlePacket(t, d));
  }

  /**
   * Runs {@code body} as a turn of the connection on behalf of its account, or holds it back
   * behind earlier held input while the account is over the credit. Call with inputLock held.
   */
  private void submit(Consumer<Turn> body) {
    if (backlog.isEmpty() && !account.isOverLimit()) facet.execute(account, body);
    else backlog.add(body);
  }

  /**
   * The account crossed the credit (called on whichever thread borrowed or repaid). A thread that
   * already holds inputLock (the transport feeding input, or a pump in progress) pumps itself when
   * it is done, so it returns at once.
   */
  private void pump() {
    if (Thread.holdsLock(inputLock)) return;
    synchronized (inputLock) {
      pumpLocked();
    }
  }

  /**
   * Releases held input while the account allows, then tells the transport to pause while any is
   * left and to resume when none is. Reads the debt afresh, so the last of concurrent crossings
   * always leaves the right state. Call with inputLock held.
   */
  private void pumpLocked() {
    while (!backlog.isEmpty() && !account.isOverLimit()) facet.execute(account, backlog.poll());
    boolean pause = !backlog.isEmpty();
    if (pause != readPaused) {
      readPaused = pause;
      transport.setReadPaused(pause);
    }
  }

  // ------------------------------------------------------------------ inbound (actor)

  private RuntimeException recordFailure(RuntimeException e) {
    if (failure == null) failure = e;
    return e;
  }

  private record Translated(WirePacket.TurnEvent event, Value value, Ref peer, List<Sym> syms) {}

  private void handlePacket(Turn t, PacketReader.Decoded d) {
    if (stopped) return;
    packetsIn++;
    outputText = d.text();
    try {
      switch (d.packet()) {
        case WirePacket.Turn turn -> handleTurn(t, turn);
        case WirePacket.Error e -> {
          LOG.info("{}: peer sent error {} {}", options.name(), e.message(), e.detail());
          throw new PeerErrorException(e.message(), e.detail());
        }
        case WirePacket.Extension x -> LOG.info("{}: ignoring extension packet with label {}", options.name(), x.label());
        case WirePacket.Nop n -> {}
      }
    } catch (RuntimeException e) {
      throw recordFailure(e);
    }
  }

  private void handleTurn(Turn t, WirePacket.Turn turn) {
    // Phase 1: translate every event's refs, so all refs of the packet are counted before any
    // event runs (as the reference does by decoding the whole packet first).
    List<Translated> events = new ArrayList<>(turn.events().size());
    for (WirePacket.TurnEvent ev : turn.events()) {
      List<Sym> syms = new ArrayList<>(0);
      Value v = null;
      Ref peer = null;
      switch (ev.event()) {
        case WirePacket.Assert a -> v = importValue(t, a.assertion(), syms);
        case WirePacket.Message m -> v = importValue(t, m.body(), syms);
        case WirePacket.Sync s -> peer = importRef(t, (WireRef) s.peer().payload(), syms);
        case WirePacket.Retract r -> {}
      }
      events.add(new Translated(ev, v, peer, syms));
    }
    // Phase 2: run them in order.
    for (Translated tr : events) {
      SignedInteger oid = tr.event().oid();
      Sym target = oid.fitsLong() ? exported.byOid(oid.longValue()) : null;
      if (target == null) {
        LOG.debug("{}: dropping event to unknown OID {}", options.name(), oid);
        releaseAll(tr.syms());
        continue;
      }
      switch (tr.event().event()) {
        case WirePacket.Assert a -> {
          Value rewritten = target.ref.rewrite(tr.value());
          if (rewritten == null) {
            releaseAll(tr.syms());
            continue;
          }
          if (inbound.containsKey(a.handle())) throw new RelayException("Assertion with duplicate handle");
          if (inbound.size() >= options.maxHandles()) {
            throw new RelayException("Too many assertions: the limit is " + options.maxHandles());
          }
          long local = t.publish(target.ref.unattenuated(), rewritten);
          Membrane.acquire(target);
          inbound.put(a.handle(), new Inbound(local, tr.syms(), target));
        }
        case WirePacket.Retract r -> {
          Inbound in = inbound.remove(r.handle());
          if (in != null) {
            t.retract(in.localHandle());
            releaseAll(in.syms());
            exported.release(in.target());
          }
        }
        case WirePacket.Message m -> {
          for (Sym s : tr.syms()) {
            if (s == UNKNOWN_YOURS || s.count == 1) throw new RelayException("Cannot receive transient reference");
          }
          t.message(target.ref, tr.value());
          releaseAll(tr.syms());
        }
        case WirePacket.Sync s -> {
          t.sync(target.ref, tr.peer());
          releaseAll(tr.syms());
        }
      }
    }
  }

  private void releaseAll(List<Sym> syms) {
    for (Sym s : syms) release(s);
  }

  /** Drops one count of {@code s} in the table it belongs to. */
  private static void release(Sym s) {
    if (s != UNKNOWN_YOURS) s.table.release(s);
  }

  /** Rebuilds {@code v} with every {@link WireRef} replaced by the ref it denotes. */
  private Value importValue(Turn t, Value v, List<Sym> syms) {
    return switch (v) {
      case Embedded e -> {
        if (e.payload() instanceof WireRef w) yield importRef(t, w, syms).embedded();
        yield e;
      }
      case RecordValue r -> {
        Value label = importValue(t, r.label(), syms);
        List<Value> fields = importAll(t, r.fields(), syms);
        yield label == r.label() && fields == r.fields() ? r : RecordValue.of(label, fields);
      }
      case Sequence s -> {
        List<Value> items = importAll(t, s.items(), syms);
        yield items == s.items() ? s : Sequence.of(items);
      }
      case SetValue s -> {
        List<Value> items = importAll(t, s.elements(), syms);
        yield items == s.elements() ? s : SetValue.of(items);
      }
      case Dictionary d -> {
        List<Value> keys = importAll(t, d.keys(), syms);
        List<Value> values = importAll(t, d.values(), syms);
        if (keys == d.keys() && values == d.values()) yield d;
        Dictionary.Builder b = Dictionary.builder();
        for (int i = 0; i < keys.size(); i++) b.put(keys.get(i), values.get(i));
        yield b.build();
      }
      default -> v;
    };
  }

  private List<Value> importAll(Turn t, List<Value> items, List<Sym> syms) {
    List<Value> out = null;
    for (int i = 0; i < items.size(); i++) {
      Value x = items.get(i);
      Value y = importValue(t, x, syms);
      if (y != x && out == null) {
        out = new ArrayList<>(items);
      }
      if (out != null) out.set(i, y);
    }
    return out == null ? items : out;
  }

  private Ref importRef(Turn t, WireRef w, List<Sym> syms) {
    if (w.isMine()) {
      Sym s = imported.byOid(w.oid());
      if (s == null) {
        Proxy p = new Proxy(w.oid());
        p.self = t.refUntracked(p);
        s = imported.insert(w.oid(), p.self);
      }
      Membrane.acquire(s);
      syms.add(s);
      return s.ref;
    }
    Sym s = exported.byOid(w.oid());
    if (s == null) {
      syms.add(UNKNOWN_YOURS);
      // a fresh inert object per mention, kept nowhere (B13: the exported table is not touched)
      Ref inert = t.refUntracked(INERT);
      return w.caveats().isEmpty() ? inert : inert.attenuate(w.attenuation());
    }
    Membrane.acquire(s);
    syms.add(s);
    // Refs with the same base and caveats are equal, so the same caveat list always gives the
    // same object (§2.5) without a per-entry cache a peer could grow without bound.
    return w.caveats().isEmpty() ? s.ref : s.ref.attenuate(w.attenuation());
  }

  // ------------------------------------------------------------------ outbound (actor)

  /** Encoding side of the membrane: a local ref as it goes to the peer (see the class comment). */
  private Value exportRef(Ref r) {
    Sym s;
    Value wire;
    if (r.entity() instanceof Proxy p && p.relay() == this && !r.isAttenuated()) {
      s = imported.byOid(p.oid);
      if (s == null) s = imported.insert(p.oid, r);
      wire = Sequence.of(SignedInteger.of(1), SignedInteger.of(p.oid));
    } else {
      s = exported.byRef(r);
      if (s == null) s = exported.insert(nextExportOid++, r);
      wire = Sequence.of(SignedInteger.of(0), SignedInteger.of(s.oid));
    }
    Membrane.acquire(s);
    collecting.add(s);
    return wire;
  }

  /** Pins the imported entry for {@code oid} (an outbound assertion's target), re-adding it if it went. */
  private Sym pinImported(long oid, Ref proxy) {
    Sym s = imported.byOid(oid);
    if (s == null) s = imported.insert(oid, proxy.unattenuated());
    Membrane.acquire(s);
    return s;
  }

  /**
   * Appends one event to the packet being built for this turn.
   *
   * @return the syms the event's refs acquired
   * @throws RuntimeException from encoding (nothing appended, nothing acquired)
   */
  private List<Sym> appendEvent(Turn t, long oid, Value event) {
    collecting.clear();
    Value item = Sequence.of(SignedInteger.of(oid), event);
    try {
      if (outputText) {
        int mark = textOut.length();
        try {
          textOut.append(pendingEvents == 0 ? "[" : " ");
          TextWriter.write(textOut, item, textOptions);
        } catch (RuntimeException e) {
          textOut.setLength(mark);
          throw e;
        }
      } else {
        if (pendingEvents == 0) binaryOut.write(0xB5);
        try {
          binaryWriter.write(item, binaryOut);
        } catch (RuntimeException e) {
          if (pendingEvents == 0) binaryOut.clear();
          throw e;
        }
      }
    } catch (RuntimeException e) {
      for (Sym s : collecting) release(s);
      collecting.clear();
      throw e;
    }
    pendingEvents++;
    List<Sym> syms = collecting.isEmpty() ? List.of() : List.copyOf(collecting);
    collecting.clear();
    t.afterCommit(this::flush);
    return syms;
  }

  /** Sends the events collected in this turn as one packet. */
  private void flush() {
    if (pendingEvents == 0) return;
    byte[] packet;
    if (outputText && textOut.length() > 0) {
      textOut.append("]\n");
      packet = textOut.toString().getBytes(StandardCharsets.UTF_8);
      textOut.setLength(0);
    } else {
      binaryOut.write(0x84);
      packet = binaryOut.toByteArray();
      binaryOut.clear();
    }
    pendingEvents = 0;
    if (tooSlow) return; // the connection is being ended: what the peer does not read is dropped
    packetsOut++;
    transport.send(packet);
    long unsent = transport.unsentBytes();
    if (unsent > options.maxUnsentBytes() && !tooSlow && !stopped) {
      tooSlow = true;
      facet.execute(t -> {
        throw recordFailure(new RelayException(
            "Peer too slow: " + unsent + " bytes unsent, over the limit of " + options.maxUnsentBytes()));
      });
    }
  }

  /** The local stand-in for one of the peer's objects: forwards events to it. */
  private final class Proxy implements Entity {
    final long oid;
    Ref self;

    Proxy(long oid) {
      this.oid = oid;
    }

    Relay relay() {
      return Relay.this;
    }

    @Override
    public void onAssert(Turn t, Value assertion, long handle) {
      if (stopped) return;
      List<Sym> syms;
      try {
        syms = appendEvent(t, oid, RecordValue.of(WirePacket.A, assertion, SignedInteger.of(handle)));
      } catch (PreservesException e) {
        LOG.warn("{}: dropping assertion to peer object {}: {}", options.name(), oid, e.getMessage());
        return;
      }
      outbound.put(handle, new Outbound(syms, pinImported(oid, self)));
    }

    @Override
    public void onRetract(Turn t, long handle) {
      if (stopped) return;
      Outbound o = outbound.remove(handle);
      if (o == null) return;
      appendEvent(t, oid, RecordValue.of(WirePacket.R, SignedInteger.of(handle)));
      for (Sym s : o.syms()) release(s);
      release(o.target());
    }

    @Override
    public void onMessage(Turn t, Value body) {
      if (stopped) return;
      List<Sym> syms;
      try {
        syms = appendEvent(t, oid, RecordValue.of(WirePacket.M, body));
      } catch (PreservesException e) {
        LOG.warn("{}: dropping message to peer object {}: {}", options.name(), oid, e.getMessage());
        return;
      }
      try {
        for (Sym s : syms) {
          if (s.count == 1) throw recordFailure(new RelayException("Sent transient reference"));
        }
      } finally {
        for (Sym s : syms) release(s);
      }
    }

    @Override
    public void onSync(Turn t, Ref peer) {
      if (stopped) return;
      SyncReply k = new SyncReply(peer);
      Ref kRef = t.refUntracked(k);
      List<Sym> syms = appendEvent(t, oid, RecordValue.of(WirePacket.S, kRef.embedded()));
      k.sym = syms.get(0);
    }
  }

  /** Our one-shot object the peer answers a forwarded sync at; it answers the local peer. */
  private final class SyncReply implements Entity {
    final Ref peer;
    Sym sym;

    SyncReply(Ref peer) {
      this.peer = peer;
    }

    @Override
    public void onMessage(Turn t, Value body) {
      if (sym == null) return;
      Sym s = sym;
      sym = null;
      if (!stopped) release(s);
      t.message(peer, BooleanValue.TRUE);
    }
  }

  // ------------------------------------------------------------------ stopping

  private void onStop(Turn t) {
    stopped = true;
    Throwable why = failure;
    t.afterCommit(
        () -> {
          flush();
          if (why != null) {
            try {
              transport.send(encodeError(why));
            } catch (RuntimeException e) {
              LOG.debug("{}: could not send the error packet", options.name(), e);
            }
          }
          inbound.clear();
          outbound.clear();
          exported.clear();
          imported.clear();
          synchronized (inputLock) {
            inputClosed = true;
            reader.clear();
            backlog.clear();
          }
          try {
            transport.close(why);
          } finally {
            closed.complete(why);
            answerPendingStats();
          }
        });
  }

  private byte[] encodeError(Throwable why) {
    String message;
    Value detail = BooleanValue.FALSE;
    switch (why) {
      case RelayException r -> {
        message = r.getMessage();
        detail = r.detail();
      }
      case PeerErrorException p -> {
        message = p.getMessage();
        detail = p.detail();
      }
      default -> message = why.getMessage() != null ? why.getMessage() : why.toString();
    }
    Value v = RecordValue.of(WirePacket.ERROR, StringValue.of(message), detail);
    return PacketWriter.encode(v, outputText, ERROR_DETAIL_CODEC);
  }
}
