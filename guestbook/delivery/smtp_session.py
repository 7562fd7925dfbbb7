"""One SMTP connection for a batch of emails (delivery/email.py sends through it): opened with
the security and login the settings ask for, reopened when the server drops it, and every way
opening it can fail turned into an SmtpError that says what to check.

smtplib's own exceptions are OSErrors, like the socket's and ssl's: the order of the checks
below goes from the most precise to the most general.
"""

from __future__ import annotations

import base64
import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from typing import Literal

from guestbook.delivery.errors import (
    SmtpError,
    SmtpLoginRefused,
    SmtpSenderRefused,
    SmtpTimeout,
    SmtpTlsFailed,
    SmtpUnreachable,
)
from guestbook.i18n import _

Security = Literal["starttls", "ssl", "none"]
SECURITIES: tuple[Security, ...] = ("starttls", "ssl", "none")
CLOSING = 421  # RFC 5321 §3.8: the server is closing the connection


@dataclass(frozen=True)
class SmtpSettings:
    """The `[smtp]` settings, read by the caller; the password comes from the environment
    (GUESTBOOK_SMTP_PASSWORD), never from the settings file. `from_name` is the restaurant's
    name, shown before the address in From."""

    host: str
    port: int
    security: Security = "starttls"
    username: str = ""
    from_address: str = ""
    from_name: str = ""
    password: str = field(default="", repr=False)
    timeout: float = 30.0  # seconds for the connection and for each answer of the server


@dataclass
class BatchCount:
    """Emails of a batch reported so far."""

    sent: int = 0
    failed: int = 0


class Dropped(Exception):
    """The connection is gone mid-batch (closed, reset, timed out, or a 421 answer)."""

    def __init__(self, detail: str, *, timed_out: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.timed_out = timed_out


def timed_out(error: BaseException) -> bool:
    """Whether the server stopped answering: smtplib reports a read that timed out as a
    disconnection, the timeout as its context."""
    return isinstance(error, TimeoutError) or isinstance(error.__context__, TimeoutError)


def server_text(text: bytes | str) -> str:
    """A server's reply text on one line, whatever its bytes."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    return " ".join(text.split())


def _login_utf8(connection: smtplib.SMTP, username: str, password: str) -> None:
    """AUTH PLAIN with the credentials in UTF-8 (RFC 4616): smtplib's login() encodes them in
    ASCII and fails on a password such as "crème-brûlée"."""
    connection.ehlo_or_helo_if_needed()
    if not connection.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("SMTP AUTH extension not supported by server.")
    if "PLAIN" not in connection.esmtp_features["auth"].upper().split():
        raise smtplib.SMTPException(
            _("its login methods do not accept accented letters in the username or password")
        )
    token = base64.b64encode(f"\0{username}\0{password}".encode()).decode("ascii")
    code, answer = connection.docmd("AUTH", "PLAIN " + token)
    if code != 235:  # RFC 4954: authentication succeeded
        raise smtplib.SMTPAuthenticationError(code, answer)


class SmtpSession:
    """The batch's connection. `count` is the batch's tally, carried by the errors raised."""

    def __init__(self, settings: SmtpSettings, context: ssl.SSLContext, count: BatchCount):
        self.settings = settings
        self.context = context
        self.count = count
        self._connection: smtplib.SMTP | None = None

    @property
    def connection(self) -> smtplib.SMTP:
        if self._connection is None:
            raise RuntimeError("the SMTP session is not open")
        return self._connection

    def open(self) -> None:
        self._check_settings()
        connection = self._connect()
        try:
            connection.ehlo()
            if self.settings.security == "starttls":
                self._starttls(connection)
            if self.settings.username:
                self._login(connection)
        except OSError as error:  # smtplib's, the socket's and ssl's
            connection.close()
            raise self._network_error(error) from None
        except BaseException:
            connection.close()
            raise
        self._connection = connection

    def reopen(self) -> None:
        self.close()
        self.open()

    def close(self) -> None:
        connection, self._connection = self._connection, None
        if connection is None:
            return
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()

    def check_closing(self, code: int, text: bytes | str) -> None:
        """A 421 answer closes the connection whatever command it answered: treat it as a drop."""
        if code == CLOSING:
            raise Dropped(f"{code} {server_text(text)}")

    def _where(self) -> str:
        return f"{self.settings.host}:{self.settings.port}"

    def _check_settings(self) -> None:
        settings = self.settings
        address = settings.from_address
        if "@" not in address or not address.isascii() or any(c.isspace() for c in address):
            raise SmtpSenderRefused(
                _(
                    "The [smtp] from setting ({address}) is not an email address: set it to "
                    "the address your emails are sent from."
                ).format(address=address or "—"),
                sent=self.count.sent,
                failed=self.count.failed,
            )
        if settings.security not in SECURITIES:
            raise self._error(
                SmtpTlsFailed,
                _(
                    "The [smtp] security setting must be starttls, ssl or none (it is {value})."
                ).format(value=settings.security),
            )
        if settings.username and not settings.password:
            raise self._error(
                SmtpLoginRefused,
                _(
                    "The [smtp] username is set but the password is missing: put it in the "
                    "environment variable GUESTBOOK_SMTP_PASSWORD."
                ),
            )

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        try:
            if settings.security == "ssl":
                return smtplib.SMTP_SSL(
                    settings.host, settings.port, timeout=settings.timeout, context=self.context
                )
            return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
        except OSError as error:
            raise self._network_error(error) from None

    def _starttls(self, connection: smtplib.SMTP) -> None:
        try:
            connection.starttls(context=self.context)
        except smtplib.SMTPNotSupportedError:
            raise self._error(
                SmtpTlsFailed,
                _(
                    "The mail server {where} does not offer STARTTLS. Check the [smtp] security "
                    "and port settings (starttls is usually on port 587, ssl on port 465)."
                ).format(where=self._where()),
            ) from None
        connection.ehlo()

    def _login(self, connection: smtplib.SMTP) -> None:
        settings = self.settings
        try:
            if (settings.username + settings.password).isascii():
                connection.login(settings.username, settings.password)
            else:
                _login_utf8(connection, settings.username, settings.password)
        except smtplib.SMTPAuthenticationError as error:
            raise self._error(
                SmtpLoginRefused,
                _(
                    "The mail server refused the login {username}: {code} {text}. Check the "
                    "[smtp] username setting and the password in GUESTBOOK_SMTP_PASSWORD."
                ).format(
                    username=settings.username,
                    code=error.smtp_code,
                    text=server_text(error.smtp_error),
                ),
            ) from None
        except smtplib.SMTPNotSupportedError:
            raise self._error(
                SmtpLoginRefused,
                _(
                    "The mail server {where} offers no login on this connection. Most servers "
                    "only offer it over an encrypted one: set the [smtp] security to starttls "
                    "or ssl."
                ).format(where=self._where()),
            ) from None
        except smtplib.SMTPException as error:  # no login method in common, an odd answer
            if isinstance(error, smtplib.SMTPServerDisconnected):
                raise
            raise self._error(
                SmtpLoginRefused,
                _("The mail server {where} refused the login: {error}").format(
                    where=self._where(), error=server_text(str(error))
                ),
            ) from None

    def _network_error(self, error: OSError) -> SmtpError:
        where, host = self._where(), self.settings.host
        if isinstance(error, ssl.SSLError):
            reason = getattr(error, "verify_message", None) or error.reason or str(error)
            message = _(
                "The secure connection to the mail server {where} failed ({reason}). Check the "
                "[smtp] security setting: starttls is usually on port 587, ssl on port 465."
            )
            return self._error(SmtpTlsFailed, message.format(where=where, reason=reason))
        if timed_out(error):
            message = _(
                "The mail server {where} did not answer within {seconds} seconds. Check the "
                "[smtp] host and port settings, or try again later."
            )
            seconds = f"{self.settings.timeout:g}"
            return self._error(SmtpTimeout, message.format(where=where, seconds=seconds))
        if isinstance(error, socket.gaierror):
            message = _("The mail server {host} is unknown. Check the [smtp] host setting.")
            return self._error(SmtpUnreachable, message.format(host=host))
        detail = server_text(getattr(error, "smtp_error", b"")) or error.strerror or str(error)
        message = _(
            "Cannot reach the mail server {where} ({error}). Check the [smtp] host and port "
            "settings and the internet connection."
        )
        return self._error(SmtpUnreachable, message.format(where=where, error=detail))

    def _error(self, kind: type[SmtpError], message: str) -> SmtpError:
        return kind(message, sent=self.count.sent, failed=self.count.failed)
