#!/usr/bin/env python3
"""Minimal Syndicate client built on the PyPI package syndicate-py, for interop tests.

Connects to a server, resolves a sturdy ref at the gatekeeper (object 0 of the connection), then
on the dataspace it gets back: asserts <interop-presence NAME>, observes <interop-presence $who>
until it sees its own presence (and, with --expect-peer, another client's), sends the message
<interop-says NAME "hello"> while observing <interop-says $who $what> until it hears itself,
and finally does a sync round trip on the dataspace.

Run with the interpreter of the venv made by scripts/python-venv.sh:

    $(scripts/python-venv.sh test) test/src/test/python/syndicate_interop_client.py \
        --address '<tcp "127.0.0.1" 9001>' \
        --cap '<ref {oid: "syndicate" sig: #x"69ca300c1dbfa08fba692102dd82311a"}>'

Output (stdout), one line per step, for the calling test to check:
    STEP connected
    STEP resolved dialect=ok            (or dialect=accepted for a pre-June-2025 server)
    STEP observed-self NAME
    STEP observed-peer PEER             (only with --expect-peer)
    STEP message-received NAME hello
    STEP synced
    INTEROP-OK
or "INTEROP-FAIL <reason>" with exit status 1 (also on --timeout). Logging goes to stderr.

Gatekeeper dialects: syndicate-py 0.19.3 ships the pre-June-2025 gatekeeper schema, whose
helper (syndicate.gatekeeper.resolve / relay.connect(..., cap)) only understands
<accepted #:ref> / <rejected DETAIL>. syndicate-server 0.51 answers <ok #:ref> / <error DETAIL>
(rpc.Result), which that helper rejects with an exception that crashes the actor. So this client
asserts the (unchanged) <resolve STEP #:observer> record itself and accepts both answer forms.
"""
import argparse
import logging
import os
import sys

from preserves import Embedded, Record, Symbol, parse, stringify
from syndicate import relay, turn, actor
from syndicate import patterns as P
from syndicate.during import During
from syndicate.dataspace import during, on_message

SYM = Symbol
DEMO_CAP = '<ref {oid: "syndicate" sig: #x"69ca300c1dbfa08fba692102dd82311a"}>'


def fix_relay_sync():
    """Works around a syndicate-py 0.19.3 bug: RelayEntity.on_sync wraps the peer reference in
    Embedded before handing it to protocol.Sync, whose encoder embeds it again, so the packet on
    the wire is [[OID <S #:#:[0 N]>]] instead of [[OID <S #:[0 N]>]]. syndicate-server 0.51
    cannot decode that (it answers <error "Message(\"protocol.Packet\")" #f> and closes the
    connection). This filter on the relay's outgoing events removes the extra layer."""
    from syndicate.schema import protocol
    send_event = relay.TunnelRelay._send

    def send_event_with_single_embedding(self, remote_oid, turn_event):
        if turn_event.VARIANT.name == 'Sync' and isinstance(turn_event.value.peer, Embedded):
            turn_event = protocol.Event.Sync(protocol.Sync(turn_event.value.peer.embeddedValue))
        send_event(self, remote_oid, turn_event)
    relay.TunnelRelay._send = send_event_with_single_embedding


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--address', default='<tcp "127.0.0.1" 9001>',
                    help='transport address in Preserves text syntax: <tcp "HOST" PORT> or <unix "PATH">')
    ap.add_argument('--cap', default=DEMO_CAP, help='sturdy ref to resolve, Preserves text syntax')
    ap.add_argument('--name', default='py-%d' % os.getpid(), help="this client's name in the assertions")
    ap.add_argument('--expect-peer', default=None, help='also wait for <interop-presence PEER>')
    ap.add_argument('--linger', type=float, default=0.0,
                    help='seconds to keep the presence asserted after success (lets a peer see it)')
    ap.add_argument('--timeout', type=float, default=20.0, help='give up after this many seconds')
    ap.add_argument('--no-sync-fix', action='store_true',
                    help="keep syndicate-py's own (broken) sync encoding, to reproduce the bug")
    args = ap.parse_args(argv)
    if not args.no_sync_fix:
        fix_relay_sync()

    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    cap = parse(args.cap)
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

    def use_dataspace(ds):
        seen = {'self': False, 'peer': args.expect_peer is None, 'sent': False, 'msg': False}

        def maybe_send():
            if seen['self'] and seen['peer'] and not seen['sent']:
                seen['sent'] = True
                turn.send(ds, Record(SYM('interop-says'), [name, 'hello']))

        turn.publish(ds, Record(SYM('interop-presence'), [name]))

        @during(ds, P.rec('interop-presence', P.CAPTURE))
        def presence(who):
            if who == name and not seen['self']:
                seen['self'] = True
                step('observed-self', who)
            elif who == args.expect_peer and not seen['peer']:
                seen['peer'] = True
                step('observed-peer', who)
            maybe_send()

        @on_message(ds, P.rec('interop-says', P.CAPTURE, P.CAPTURE))
        def says(who, what):
            if who == name and what == 'hello' and not seen['msg']:
                seen['msg'] = True
                step('message-received', who, what)

                def synced():
                    step('synced')
                    if args.linger > 0:
                        turn.after(args.linger)(lambda: finish(True))
                    else:
                        finish(True)
                turn.sync(ds, synced)

    def boot():
        root = turn.active_facet()

        @turn.after(args.timeout)
        def on_timeout():
            finish(False, 'timeout after %gs' % args.timeout)

        async def on_disconnected(_relay, did_connect):
            if state['result'] is None:
                turn.external(root, lambda: finish(False, 'disconnected' if did_connect else 'could not connect'))
            return False  # never reconnect

        @During().add_handler
        def on_gatekeeper(gk):
            # The relay asserts the gatekeeper (the peer's object 0) to us once connected.
            step('connected')

            @During().add_handler
            def on_answer(answer):
                label = answer.key.name if isinstance(answer, Record) else None
                if label in ('ok', 'accepted') and len(answer.fields) == 1 \
                        and isinstance(answer.fields[0], Embedded):
                    step('resolved', 'dialect=' + label)
                    use_dataspace(answer.fields[0].embeddedValue)
                else:
                    finish(False, 'resolve answered ' + stringify(answer))

            # <resolve STEP #:observer>: the same record in both gatekeeper dialects.
            turn.publish(gk.embeddedValue, Record(SYM('resolve'), [cap, Embedded(turn.ref(on_answer))]))

        relay.TunnelRelay.from_str(args.address,
                                   gatekeeper_peer=turn.ref(on_gatekeeper),
                                   on_disconnected=on_disconnected,
                                   connection_timeout=args.timeout)

    # Runs the actor system in this thread until the client's actor stops.
    actor.run_system(name='interop-client', configure_logging=False)(boot)
    if state['result'] is None:
        print('INTEROP-FAIL actor crashed (see stderr)', flush=True)
    return 0 if state['result'] else 1


if __name__ == '__main__':
    sys.exit(main())
