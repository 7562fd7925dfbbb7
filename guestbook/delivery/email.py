"""Emails to guests, composed here and sent in batches through the restaurant's own SMTP server
over ONE connection (settings `[smtp]`, shared/product.md "Messages" → "Delivery").

Composition (the header lines written by delivery/email_headers.py, once per distinct value):
UTF-8 text in quoted-printable (7-bit clean: no server needs 8BITMIME for it), a
Date, a Message-ID derived from the caller's seed (the same guest and message give the same
Message-ID, so a resend after a dropped connection is recognisable as the same email), a From
with the restaurant's name, and for relational mail `List-Unsubscribe` (RFC 2369) with
`List-Unsubscribe-Post: List-Unsubscribe=One-Click` when an https target is given (RFC 8058;
mail providers also want the server to DKIM-sign those headers, which is the server's job).
The unsubscribe *line* at the end of the body is the caller's text, like the rest of the body.

Sending: `send_batch` reports each email, sent or failed with the server's reason, through a
callback as it goes, so the caller's delivery log is up to date even when the batch stops.
What stops the batch for everyone left (no connection, a timeout, a refused login, a failed
TLS handshake, a refused sender address) is raised as an SmtpError (delivery/errors.py). A
server that drops the connection mid-batch (many close a session after N messages) is
reconnected to once and the email in flight sent again; a second drop on that same email
stops the batch.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import smtplib
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

from guestbook.delivery.email_headers import (
    POLICY,
    folded,
    folded_from,
    plain,
    quoted_printable,
    unsubscribe,
)
from guestbook.delivery.errors import SmtpConnectionLost, SmtpSenderRefused, SmtpTimeout
from guestbook.delivery.smtp_session import (
    SECURITIES,
    BatchCount,
    Dropped,
    Security,
    SmtpSession,
    SmtpSettings,
    server_text,
    timed_out,
)
from guestbook.i18n import _

__all__ = [
    "SECURITIES",
    "BatchCount",
    "EmailResult",
    "OutgoingEmail",
    "ResultCallback",
    "Security",
    "SmtpSettings",
    "compose",
    "message_id",
    "send_batch",
]


@dataclass(frozen=True)
class OutgoingEmail:
    """One email to one guest. `unsubscribe` holds the List-Unsubscribe targets of relational
    mail (https:// or mailto: addresses, none for a service notice); `message_id_seed` is the
    caller's stable name for this email (e.g. "message-12.guest-345")."""

    to: str
    subject: str
    body: str
    unsubscribe: tuple[str, ...] = ()
    message_id_seed: str = ""


@dataclass(frozen=True)
class EmailResult:
    """What became of one email: sent, or failed with the server's reason (in the interface's
    language, for the delivery log) and its reply code when it gave one."""

    email: OutgoingEmail
    sent: bool
    reason: str = ""
    code: int | None = None


ResultCallback = Callable[[EmailResult], None]


def compose(
    email: OutgoingEmail,
    *,
    from_address: str,
    from_name: str = "",
    date: dt.datetime | None = None,
) -> EmailMessage:
    """The email as it is sent. Raises ValueError for a recipient that cannot be written in a
    header, and for an unsubscribe target that is not an https://, http:// or mailto: address
    (a caller's mistake, not a guest's)."""
    message = EmailMessage(policy=POLICY)
    message.set_raw("From", folded_from(from_name, from_address))
    message.set_raw("To", plain(email.to, "recipient"))
    message.set_raw("Subject", folded("Subject", " ".join(email.subject.split())))
    message.set_raw("Date", format_datetime(date or dt.datetime.now(dt.UTC)))
    message.set_raw("Message-ID", message_id(email.message_id_seed, from_address))
    if email.unsubscribe:
        message.set_raw("List-Unsubscribe", unsubscribe(email.unsubscribe))
        if any(target.startswith("https://") for target in email.unsubscribe):
            message.set_raw("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    message.set_raw("MIME-Version", "1.0")
    message.set_raw("Content-Type", 'text/plain; charset="utf-8"')
    message.set_raw("Content-Transfer-Encoding", "quoted-printable")
    message.set_payload(quoted_printable(email.body))
    return message


def message_id(seed: str, from_address: str) -> str:
    """`<hash@domain>`: the same seed and sender always give the same Message-ID; without a
    seed, a fresh one."""
    domain = from_address.rpartition("@")[2] or "guestbook.invalid"
    if not seed:
        return make_msgid(idstring="guestbook", domain=domain)
    digest = hashlib.sha256(f"{seed}\x00{from_address}".encode()).hexdigest()[:32]
    return f"<gb.{digest}@{domain}>"


def send_batch(
    settings: SmtpSettings,
    emails: Iterable[OutgoingEmail],
    on_result: ResultCallback,
    *,
    context: ssl.SSLContext | None = None,
) -> BatchCount:
    """Send `emails` over one connection, calling `on_result` after each one. Returns how many
    were sent and how many failed; raises an SmtpError for what stops the batch (its `sent` and
    `failed` count what was reported before). An exception raised by `on_result` (the user
    cancelled) stops the batch too, after that email. `context` verifies the server's
    certificate (the system's trusted authorities when None)."""
    count = BatchCount()
    session = SmtpSession(settings, context or ssl.create_default_context(), count)
    session.open()
    try:
        for email in emails:
            result = _send_with_one_reconnect(session, settings, email)
            if result.sent:
                count.sent += 1
            else:
                count.failed += 1
            on_result(result)
    finally:
        session.close()
    return count


def _send_with_one_reconnect(
    session: SmtpSession, settings: SmtpSettings, email: OutgoingEmail
) -> EmailResult:
    try:
        return _send_one(session, settings, email)
    except Dropped:
        session.reopen()
    try:
        return _send_one(session, settings, email)
    except Dropped as again:
        count = session.count
        if again.timed_out:
            raise SmtpTimeout(
                _(
                    "The mail server {host} stopped answering (more than {seconds} seconds), "
                    "even after reconnecting. The emails not sent stay queued: send again later."
                ).format(host=settings.host, seconds=f"{settings.timeout:g}"),
                sent=count.sent,
                failed=count.failed,
            ) from None
        raise SmtpConnectionLost(
            _(
                "The mail server {host} closed the connection again right after guestbook "
                "reconnected ({error}). The emails not sent stay queued: send again later."
            ).format(host=settings.host, error=again.detail),
            sent=count.sent,
            failed=count.failed,
        ) from None


def _send_one(session: SmtpSession, settings: SmtpSettings, email: OutgoingEmail) -> EmailResult:
    """Send one email; a refusal that concerns this email only is returned as a failure. Raises
    Dropped when the connection is gone (the caller reconnects), SmtpSenderRefused when no
    email could leave from this sender."""
    try:
        plain(email.to, "recipient")
    except ValueError:
        reason = _("this address cannot be used in an email: {address}")
        return EmailResult(email, False, reason.format(address=email.to.strip()[:100]))
    message = compose(email, from_address=settings.from_address, from_name=settings.from_name)
    options: list[str] = []
    if email.to.isascii():
        data = message.as_bytes()
    elif session.connection.has_extn("smtputf8"):
        options = ["SMTPUTF8", "BODY=8BITMIME"]
        data = message.as_bytes(policy=POLICY.clone(utf8=True))
    else:
        reason = _("the mail server does not accept an address with accented letters")
        return EmailResult(email, False, reason)
    try:
        session.connection.sendmail(settings.from_address, [email.to], data, options)
    except smtplib.SMTPRecipientsRefused as error:
        code, answer = next(iter(error.recipients.values()))
        return _refused(
            session, email, _("the server refused the address: {code} {text}"), code, answer
        )
    except smtplib.SMTPDataError as error:
        reason = _("the server refused the message: {code} {text}")
        return _refused(session, email, reason, error.smtp_code, error.smtp_error)
    except smtplib.SMTPSenderRefused as error:
        session.check_closing(error.smtp_code, error.smtp_error)
        raise _sender_refused(settings, error, session.count) from None
    except OSError as error:  # closed, reset, timed out: smtplib's errors are OSErrors too
        raise Dropped(str(error) or type(error).__name__, timed_out=timed_out(error)) from None
    return EmailResult(email, True)


def _refused(
    session: SmtpSession, email: OutgoingEmail, reason: str, code: int, answer: bytes | str
) -> EmailResult:
    session.check_closing(code, answer)
    return EmailResult(email, False, reason.format(code=code, text=server_text(answer)), code)


def _sender_refused(
    settings: SmtpSettings, error: smtplib.SMTPSenderRefused, count: BatchCount
) -> SmtpSenderRefused:
    return SmtpSenderRefused(
        _(
            "The mail server refuses to send from {address}: {code} {text}. Check the [smtp] "
            "from setting: it must be an address this server lets you send from."
        ).format(
            address=settings.from_address,
            code=error.smtp_code,
            text=server_text(error.smtp_error),
        ),
        sent=count.sent,
        failed=count.failed,
    )
