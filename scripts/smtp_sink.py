"""A real SMTP server for the outbox tests (aiosmtpd), listening on 127.0.0.1.

Every accepted message is written to --dir as NNN.eml (the bytes received, dot-stuffing undone) with NNN.json
beside it (envelope sender and recipients, whether the session was TLS and authenticated). The file `ready`
appears in --dir once the server accepts connections. Runs until stdin closes or the process is terminated.

Recipients starting with "reject" get 550 (a permanent refusal), with "tempfail" 451. --silent accepts
connections and never answers (for timeouts); --implicit-tls with --cert/--key speaks TLS from the first byte.
"""

import argparse
import json
import os
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("reject"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if address.lower().startswith("tempfail"):
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        name = os.path.join(self.folder, "%03d" % self.count)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode("utf-8")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
        }
        with open(name + ".json.tmp", "w") as f:
            json.dump(meta, f)
        with open(name + ".eml.tmp", "wb") as f:
            f.write(data)
        os.rename(name + ".json.tmp", name + ".json")
        os.rename(name + ".eml.tmp", name + ".eml")
        return "250 2.0.0 Ok: queued as %03d" % self.count


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--auth", help="user:password; AUTH becomes required")
    parser.add_argument("--cert", help="PEM certificate for STARTTLS (then required)")
    parser.add_argument("--key", help="PEM key for STARTTLS")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (port 465 style)")
    parser.add_argument("--silent", action="store_true", help="accept connections and never answer")
    args = parser.parse_args()

    if args.silent:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", args.port))
        listener.listen()
        held = []

        def accept():
            while True:
                held.append(listener.accept()[0])

        threading.Thread(target=accept, daemon=True).start()
        with open(os.path.join(args.dir, "ready"), "w") as f:
            f.write(str(args.port))
        sys.stdin.read()
        return

    options = {}
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login == user.encode() \
                and auth_data.password == password.encode()
            return AuthResult(success=ok, handled=False)

        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=not args.cert is None)
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.implicit_tls:
            options.update(ssl_context=context)
        else:
            options.update(tls_context=context, require_starttls=True)

    controller = Controller(Sink(args.dir), hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    with open(os.path.join(args.dir, "ready"), "w") as f:
        f.write(str(args.port))
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
