#!/usr/bin/env python3
"""A real SMTP server on loopback for VROOM's tests, built on aiosmtpd.

    python3 tests/support/smtp_sink.py --dir DIR [--host 127.0.0.1] [--port 0]
        [--tls-cert CERT --tls-key KEY [--implicit-tls]] [--auth USER:PASSWORD] [--reject-rcpt ADDR ...]

Once it listens it prints one line, `listening on HOST:PORT`, on stdout. Every accepted message lands in DIR
as <seq>.json ({"mail_from", "rcpt_tos", "tls", "auth_user"}) and <seq>.eml (the raw bytes of DATA, as
received, dot-unstuffed). Both are written to a temporary name and renamed, the .json first: a reader that
lists *.eml never sees half a message. Numbering goes on after the highest <seq> already in DIR, so a sink
restarted on the same DIR keeps what came before.

With a certificate and key, STARTTLS is offered and AUTH is only possible after it; with --implicit-tls the
whole connection is TLS (SMTPS) instead. With --auth, AUTH PLAIN / LOGIN with exactly these credentials is
required before MAIL, and anything else is refused with 535. Without --auth, AUTH is not offered at all.
--reject-rcpt makes RCPT TO for that address fail with 550. SIGTERM or SIGINT stop it cleanly.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

SEQ_WIDTH = 6


def parse_args(argv):
    p = argparse.ArgumentParser(description="SMTP sink for tests: stores every message it accepts in --dir")
    p.add_argument("--dir", required=True, help="where messages are stored")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: a free port, printed on stdout")
    p.add_argument("--tls-cert", help="PEM certificate chain: offers STARTTLS (or SMTPS with --implicit-tls)")
    p.add_argument("--tls-key", help="PEM private key for --tls-cert")
    p.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (SMTPS)")
    p.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH PLAIN/LOGIN with these credentials")
    p.add_argument("--reject-rcpt", metavar="ADDR", action="append", default=[],
                   help="answer 550 to RCPT TO for this address (repeatable)")
    args = p.parse_args(argv)
    if bool(args.tls_cert) != bool(args.tls_key):
        p.error("--tls-cert and --tls-key go together")
    if args.implicit_tls and not args.tls_cert:
        p.error("--implicit-tls needs --tls-cert and --tls-key")
    if args.auth is not None and ":" not in args.auth:
        p.error("--auth takes USER:PASSWORD")
    return args


class Store:
    """Numbered messages in a directory, each made visible by one final rename."""

    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        taken = [int(m.group(1)) for name in os.listdir(directory)
                 if (m := re.fullmatch(r"(\d+)\.(?:eml|json)", name))]
        self.next_seq = max(taken, default=0) + 1

    def _write(self, name, data):
        final = os.path.join(self.dir, name)
        tmp = final + ".tmp"
        with open(tmp, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, final)

    def save(self, meta, raw):
        seq = str(self.next_seq).zfill(SEQ_WIDTH)
        self.next_seq += 1
        self._write(seq + ".json", json.dumps(meta, ensure_ascii=False).encode("utf-8"))
        self._write(seq + ".eml", raw)
        return seq


class SinkHandler:
    def __init__(self, store, implicit_tls, auth_enabled, reject_rcpt):
        self.store = store
        self.implicit_tls = implicit_tls
        self.auth_enabled = auth_enabled
        self.reject_rcpt = {a.lower() for a in reject_rcpt}

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        if not self.auth_enabled:
            responses = [r for r in responses if not r[4:].upper().startswith("AUTH")]
        return responses

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject_rcpt:
            return "550 5.1.1 <%s>: recipient rejected by the test sink" % address
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        auth_user = None
        if session.authenticated and isinstance(session.auth_data, LoginPassword):
            auth_user = session.auth_data.login.decode("utf-8", "replace")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "tls": bool(self.implicit_tls or session.ssl is not None),
            "auth_user": auth_user,
        }
        raw = envelope.original_content
        if raw is None:
            raw = envelope.content if isinstance(envelope.content, bytes) else envelope.content.encode("utf-8")
        seq = self.store.save(meta, raw)
        return "250 2.0.0 OK: stored as %s" % seq


def make_authenticator(expected):
    if expected is None:
        def refuse(server, session, envelope, mechanism, auth_data):
            return AuthResult(success=False, handled=False)
        return refuse
    user, password = expected.split(":", 1)
    want = LoginPassword(user.encode("utf-8"), password.encode("utf-8"))

    def check(server, session, envelope, mechanism, auth_data):
        ok = mechanism in ("PLAIN", "LOGIN") and auth_data == want
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)
    return check


async def serve(args):
    tls_context = None
    if args.tls_cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    store = Store(args.dir)
    handler = SinkHandler(store, args.implicit_tls, args.auth is not None, args.reject_rcpt)
    authenticator = make_authenticator(args.auth)

    def protocol():
        return SMTP(
            handler,
            hostname="vroom-test-sink",  # never socket.getfqdn(): it may wait on DNS
            ident="VROOM test SMTP sink",
            decode_data=False,
            enable_SMTPUTF8=True,
            # STARTTLS is offered when there is a certificate, unless the connection is TLS already.
            tls_context=None if args.implicit_tls else tls_context,
            require_starttls=False,
            # aiosmtpd only counts its own STARTTLS as TLS, so with SMTPS the check must be off.
            auth_require_tls=tls_context is not None and not args.implicit_tls,
            auth_required=args.auth is not None,
            authenticator=authenticator,
            timeout=60,
        )

    loop = asyncio.get_running_loop()
    server = await loop.create_server(
        protocol, host=args.host, port=args.port, reuse_address=True,
        ssl=tls_context if args.implicit_tls else None,
    )
    host, port = server.sockets[0].getsockname()[:2]
    print("listening on %s:%d" % (host, port), flush=True)

    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    server.close()  # open sessions are cancelled when the loop ends


def main(argv):
    args = parse_args(argv)
    # aiosmtpd warns on every AUTH that a deprecated attribute is set; keep its errors only.
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    try:
        asyncio.run(serve(args))
    except OSError as e:
        print("smtp_sink: %s" % e, file=sys.stderr, flush=True)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
