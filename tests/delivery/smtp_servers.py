"""Real SMTP servers on loopback for the email tests (aiosmtpd): one that records what it
receives, and the ways a real server says no, drops the line or wants a login or TLS; and the
settings and emails the tests send them.

Each server is an aiosmtpd Controller on 127.0.0.1 and a free port, in its own thread; the
handlers' hooks answer with an SMTP status line (aiosmtpd's "handler hooks")."""

from __future__ import annotations

import asyncio
import dataclasses
import email
import socket
import ssl
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from guestbook.delivery.email import OutgoingEmail, SmtpSettings

HOST = "127.0.0.1"
USER, PASSWORD = "chef", "s3cret-Œuf"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    authenticated: bool

    @property
    def message(self) -> EmailMessage:
        parsed = email.message_from_bytes(self.data, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed


@dataclass
class Recorder:
    """Accepts everything and keeps it. `refuse_rcpt` maps an address to the line it answers
    RCPT with; `refuse_data` to the line it answers the message's end with; `refuse_mail` is
    the answer to every MAIL FROM; `drop_after` makes each connection take that many messages
    and drop on the next MAIL, `drop_for` drops whenever that address's message starts, and
    `hang_for` says nothing for a while when that address comes."""

    refuse_rcpt: dict[str, str] = field(default_factory=dict)
    refuse_data: dict[str, str] = field(default_factory=dict)
    refuse_mail: str = ""
    drop_after: int = 0
    drop_for: str = ""
    hang_for: str = ""
    closing_421: bool = False
    received: list[Received] = field(default_factory=list)
    connections: int = 0

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        if not getattr(session, "counted", False):
            session.counted = True
            session.messages = 0
            self.connections += 1
        return responses

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.drop_after and session.messages >= self.drop_after:
            return self._drop(server)
        if self.refuse_mail:
            return self.refuse_mail
        envelope.mail_from = address
        envelope.mail_options.extend(options)
        return "250 OK"

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address == self.drop_for:
            return self._drop(server)
        if address == self.hang_for:
            await asyncio.sleep(3)  # longer than the client waits
        if address in self.refuse_rcpt:
            return self.refuse_rcpt[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        refusal = next(
            (self.refuse_data[to] for to in envelope.rcpt_tos if to in self.refuse_data), ""
        )
        if refusal:
            return refusal
        session.messages += 1
        data = envelope.original_content or envelope.content
        self.received.append(
            Received(envelope.mail_from, list(envelope.rcpt_tos), data, session.authenticated)
        )
        return "250 OK: queued"

    def _drop(self, server: Any) -> str:
        if self.closing_421:
            return "421 4.7.0 Too many messages for this session, closing"
        server.transport.close()
        return "451 gone"


def authenticator(password: str) -> Callable[..., AuthResult]:
    """An aiosmtpd authenticator that lets USER in with `password`."""
    expected = LoginPassword(USER.encode(), password.encode())

    def check(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        # handled=False: aiosmtpd answers a refusal itself (535); True would leave it silent.
        return AuthResult(success=data == expected, handled=False)

    return check


@contextmanager
def smtp_server(handler: Recorder, **smtp_options: Any) -> Iterator[int]:
    """Run an SMTP server for `handler` on 127.0.0.1; yields its port."""
    port = free_port()
    controller = Controller(handler, hostname=HOST, port=port, **smtp_options)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung server)."""
    with socket.socket() as listener:
        listener.bind((HOST, 0))
        listener.listen(4)
        yield int(listener.getsockname()[1])


@dataclass(frozen=True)
class Certificate:
    cert: Path
    key: Path

    def server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        return context

    def client_context(self) -> ssl.SSLContext:
        return ssl.create_default_context(cafile=str(self.cert))


def make_certificate(folder: Path) -> Certificate:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    cert, key = folder / "server.crt", folder / "server.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=localhost", "-addext", f"subjectAltName=IP:{HOST},DNS:localhost",
         "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return Certificate(cert, key)


# --- what the tests send ----------------------------------------------------------------------

FROM = "bonjour@chez-nous.fr"
BODY = "Bonjour {name},\n\nL’œuf mayonnaise est à 5 € « comme avant ».\n\nÀ bientôt !"


def settings(port: int, **changes: Any) -> SmtpSettings:
    base = SmtpSettings(HOST, port, "none", from_address=FROM, from_name="Chez Nous", timeout=5.0)
    return dataclasses.replace(base, **changes)


def guests(count: int) -> list[OutgoingEmail]:
    return [
        OutgoingEmail(
            f"guest{n}@example.org",
            f"Œuf mayo n°{n}",
            BODY.format(name=f"Hélène {n}"),
            unsubscribe=(f"https://chez-nous.fr/stop?g={n}",),
            message_id_seed=f"m1.g{n}",
        )
        for n in range(count)
    ]
