#!/usr/bin/env python3
"""Noise initiator for interop tests: syndicate-py for the relays, noiseprotocol for the crypto.

syndicate-py 0.19.3 has no Noise support of its own, so this script plays the initiator side of
the Syndicate Noise tunnel (noise.prs; reference note section 4.6) with the independent PyPI
package noiseprotocol:

 1. connect (TCP or unix) and take the gatekeeper at object 0 of the connection;
 2. assert <resolve <noise SERVICE> #:A> there; the gatekeeper answers <ok #:B> (0.51 dialect)
    or <accepted #:B> (older servers), B being the responder session;
 3. assert <initiator #:C> at B, where C is our side of the session;
 4. run the handshake (Noise_NK_25519_ChaChaPoly_BLAKE2s by default; prologue = binary encoding
    of SERVICE; the responder's static public key is --key) with byte-string messages C <-> B;
 5. run a second Syndicate relay inside the tunnel: each outbound packet is encrypted (split
    into 65519-byte pieces, each encrypted, sent as [bytes ...] when more than one) and sent to
    B; each message arriving at C is decrypted and decoded; object 0 inside the tunnel is the
    bound target (normally a dataspace);
 6. on that target: assert <interop-presence NAME>, observe it, send and receive
    <interop-says NAME "hello">, sync.

Output lines as in syndicate_interop_client.py, plus "STEP handshake-complete":
    STEP connected / STEP resolved dialect=ok / STEP handshake-complete / STEP tunnel-connected
    STEP observed-self NAME / STEP message-received NAME hello / STEP synced / INTEROP-OK
or "INTEROP-FAIL <reason>" and exit status 1.

    $(scripts/python-venv.sh test) test/src/test/python/syndicate_noise_client.py \
        --address '<tcp "127.0.0.1" 9001>' --service '"noise-demo"' --key HEX_PUBLIC_KEY
"""
import argparse
import logging
import os
import sys

from noise.connection import NoiseConnection, Keypair
from preserves import Embedded, Record, Symbol, parse, stringify, encode, Decoder
from syndicate import relay, turn, actor
from syndicate import patterns as P
from syndicate.during import During
from syndicate.dataspace import during, on_message
from syndicate.schema import sturdy

from syndicate_interop_client import fix_relay_sync

SYM = Symbol
MAX_NOISE_PAYLOAD = 65535 - 16  # Noise message limit minus the ChaChaPoly tag


class NoiseTunnelRelay(relay.TunnelRelay):
    """A TunnelRelay whose bytes travel encrypted as messages to the responder session."""

    def __init__(self, responder, noise, **kwargs):
        self.responder = responder
        self.noise = noise
        self.stop_future = None
        self.decoder = Decoder(decode_embedded=sturdy.WireRef.decode)
        super().__init__(SYM('noise-tunnel'), **kwargs)

    def _send_bytes(self, bs):
        # Runs inside a turn (the relay flushes its pending events in one).
        pieces = [bs[i:i + MAX_NOISE_PAYLOAD] for i in range(0, len(bs), MAX_NOISE_PAYLOAD)] or [b'']
        sealed = [bytes(self.noise.encrypt(p)) for p in pieces]  # noiseprotocol returns bytearray
        turn.send(self.responder, sealed[0] if len(sealed) == 1 else sealed)

    def receive(self, packet):
        if isinstance(packet, bytes):
            data = self.noise.decrypt(packet)
        else:  # fragmented: each piece was encrypted separately
            data = b''.join(self.noise.decrypt(p) for p in packet)
        self.decoder.extend(data)
        while True:
            v = self.decoder.try_next()
            if v is None:
                break
            if v is False:
                continue  # Nop padding
            self.facet.actor._system.queue_task(lambda v=v: self._on_event(v))

    def _disconnect(self):
        if self.stop_future is not None and not self.stop_future.done():
            self.stop_future.get_loop().call_soon_threadsafe(
                lambda: self.stop_future.done() or self.stop_future.set_result(True))

    async def main(self, system, on_connected=None):
        self.stop_future = system.loop.create_future()
        self._on_connected()
        await self.stop_future
        return True


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--address', default='<tcp "127.0.0.1" 9001>')
    ap.add_argument('--service', required=True, help='service selector, Preserves text syntax')
    ap.add_argument('--key', required=True, help='responder static public key, hex')
    ap.add_argument('--protocol', default='Noise_NK_25519_ChaChaPoly_BLAKE2s')
    ap.add_argument('--name', default='py-noise-%d' % os.getpid())
    ap.add_argument('--timeout', type=float, default=20.0)
    args = ap.parse_args(argv)
    fix_relay_sync()  # see syndicate_interop_client.py

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    service = parse(args.service)
    name = args.name
    state = {'result': None}

    def step(*words):
        print('STEP', *words, flush=True)

    def finish(ok, reason=''):
        if state['result'] is not None:
            return
        state['result'] = ok
        print('INTEROP-OK' if ok else 'INTEROP-FAIL ' + reason, flush=True)
        turn.stop_actor()

    noise = NoiseConnection.from_name(args.protocol.encode('ascii'))
    noise.set_as_initiator()
    noise.set_keypair_from_public_bytes(Keypair.REMOTE_STATIC, bytes.fromhex(args.key))
    noise.set_prologue(encode(service))
    noise.start_handshake()

    def start_session(responder):
        session = {'tunnel': None}

        class Initiator(actor.Entity):
            def on_message(self, packet):
                try:
                    if session['tunnel'] is None:
                        if not isinstance(packet, bytes):
                            raise ValueError('handshake packet must be complete: %r' % (packet,))
                        noise.read_message(packet)
                        if noise.handshake_finished:
                            step('handshake-complete')
                            open_tunnel()
                    else:
                        session['tunnel'].receive(packet)
                except Exception as e:
                    finish(False, 'noise: %r' % (e,))

        turn.publish(responder, Record(SYM('initiator'), [Embedded(turn.ref(Initiator()))]))
        turn.send(responder, bytes(noise.write_message()))  # NK message 1 (-> e, es); bytes, not bytearray

        def open_tunnel():
            @During().add_handler
            def on_target(target):
                step('tunnel-connected')
                use_dataspace(target.embeddedValue)
            session['tunnel'] = NoiseTunnelRelay(responder, noise,
                                                 gatekeeper_peer=turn.ref(on_target),
                                                 on_disconnected=lambda *_: _false())

    async def _false():
        return False

    def use_dataspace(ds):
        seen = {'self': False, 'msg': False}
        turn.publish(ds, Record(SYM('interop-presence'), [name]))

        @during(ds, P.rec('interop-presence', P.CAPTURE))
        def presence(who):
            if who == name and not seen['self']:
                seen['self'] = True
                step('observed-self', who)
                turn.send(ds, Record(SYM('interop-says'), [name, 'hello']))

        @on_message(ds, P.rec('interop-says', P.CAPTURE, P.CAPTURE))
        def says(who, what):
            if who == name and what == 'hello' and not seen['msg']:
                seen['msg'] = True
                step('message-received', who, what)
                turn.sync(ds, lambda: (step('synced'), finish(True)))

    def boot():
        root = turn.active_facet()

        @turn.after(args.timeout)
        def on_timeout():
            finish(False, 'timeout after %gs' % args.timeout)

        async def on_disconnected(_relay, did_connect):
            if state['result'] is None:
                turn.external(root, lambda: finish(False, 'disconnected' if did_connect else 'could not connect'))
            return False

        @During().add_handler
        def on_gatekeeper(gk):
            step('connected')
            gk = gk.embeddedValue

            @During().add_handler
            def on_answer(answer):
                label = answer.key.name if isinstance(answer, Record) else None
                if label in ('ok', 'accepted') and len(answer.fields) == 1 \
                        and isinstance(answer.fields[0], Embedded):
                    step('resolved', 'dialect=' + label)
                    start_session(answer.fields[0].embeddedValue)
                else:
                    finish(False, 'resolve answered ' + stringify(answer))
            turn.publish(gk, Record(SYM('resolve'), [Record(SYM('noise'), [service]), Embedded(turn.ref(on_answer))]))

        relay.TunnelRelay.from_str(args.address, gatekeeper_peer=turn.ref(on_gatekeeper),
                                   on_disconnected=on_disconnected, connection_timeout=args.timeout)

    # Runs the actor system in this thread until the client's actor stops.
    actor.run_system(name='noise-client', configure_logging=False)(boot)
    if state['result'] is None:
        print('INTEROP-FAIL actor crashed (see stderr)', flush=True)
    return 0 if state['result'] else 1


if __name__ == '__main__':
    sys.exit(main())
