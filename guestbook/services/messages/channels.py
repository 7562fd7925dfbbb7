"""Each channel's way out (services.messages.send): emails through SMTP, SMS through Brevo or a
file, letters into one PDF, calls onto the agenda. Each records, as it goes, what became of
every guest it was given, in batches of rows (one transaction per batch, not per guest).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guestbook.delivery import email as smtp
from guestbook.delivery.errors import DeliveryError, SmsRefused
from guestbook.delivery.letters_pdf import Letter, write_letters
from guestbook.delivery.sms_brevo import SmsSettings as BrevoSettings
from guestbook.delivery.sms_brevo import send_sms
from guestbook.delivery.sms_file import SmsLine, write_sms_file
from guestbook.domain.sms_text import count
from guestbook.i18n import _
from guestbook.progress import CancelCheck, Cancelled, Progress
from guestbook.services.context import Services
from guestbook.services.messages import texts
from guestbook.storage.message_tables import Message
from guestbook.storage.sqlite import message_deliveries as rows
from guestbook.storage.sqlite.message_deliveries import Outcome, Pending

FLUSH_EVERY = 200  # delivery rows written per transaction while sending


@dataclass
class Batch:
    """One send's state: what it was given, what it did so far."""

    services: Services
    message: Message
    output_dir: Path
    zone: dt.tzinfo
    total: int
    progress: Progress | None = None
    cancel: CancelCheck | None = None
    done: int = 0
    sent: int = 0
    failed: int = 0
    queued: int = 0
    letters: Path | None = None
    sms_file: Path | None = None
    next_sms_at: dt.datetime | None = None
    problems: list[str] = field(default_factory=list)
    cancelled: bool = False
    _buffer: list[Outcome] = field(default_factory=list)

    def write(self, outcomes: list[Outcome]) -> None:
        now = self.services.clock.now()
        self.services.write(lambda session: rows.record(session.connection(), outcomes, now))

    def note(self, outcome: Outcome) -> None:
        """One guest's outcome: counted, reported, written with the next batch of rows."""
        if outcome.status == "sent":
            self.sent += 1
        elif outcome.status == "failed":
            self.failed += 1
        else:
            self.queued += 1
        self._buffer.append(outcome)
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)
        if len(self._buffer) >= FLUSH_EVERY:
            self.flush()

    def hold(self, waiting: list[Pending], until: dt.datetime) -> None:
        """SMS that may not go yet: queued, with no attempt, until the moment they may; done
        for this send (its progress counts them, as it counts every guest it was given)."""
        self.next_sms_at = until
        self.write([Outcome(row.id, "queued", "", tried=False, due_at=until) for row in waiting])
        self.queued += len(waiting)
        self.done += len(waiting)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def flush(self) -> None:
        if self._buffer:
            self.write(self._buffer)
            self._buffer = []

    def stop_asked(self) -> bool:
        if not self.cancelled and self.cancel is not None and self.cancel():
            self.cancelled = True
        return self.cancelled

    def fail_all(self, waiting: list[Pending], reason: str) -> None:
        """The channel cannot go at all: every guest's row says why, to be tried next time."""
        self.problems.append(reason)
        for row in waiting:
            self.note(Outcome(row.id, "failed", reason, tried=True))
        self.flush()

    def file_name(self, what: str, suffix: str) -> Path:
        moment = self.services.clock.now().astimezone(self.zone).strftime("%Y%m%d-%H%M%S")
        return self.output_dir / f"{what}-{self.message.id}-{moment}{suffix}"


# --- email ---------------------------------------------------------------------------------------


def send_emails(batch: Batch, waiting: list[Pending]) -> None:
    settings = batch.services.settings
    if not settings.smtp.configured:
        batch.fail_all(
            waiting,
            _("emails are not set up: give [smtp] host and from in settings.toml"),
        )
        return
    rows_by_seed: dict[str, Pending] = {}
    reported: set[int] = set()

    def emails() -> Iterator[smtp.OutgoingEmail]:
        for row in waiting:
            if batch.stop_asked():
                return
            email = texts.email_for(batch.message, row, settings)
            rows_by_seed[email.message_id_seed] = row
            yield email

    def result(outcome: smtp.EmailResult) -> None:
        row = rows_by_seed[outcome.email.message_id_seed]
        reported.add(row.id)
        status = "sent" if outcome.sent else "failed"
        batch.note(Outcome(row.id, status, outcome.reason, tried=True))

    try:
        smtp.send_batch(_smtp_settings(batch.services), emails(), result)
    except DeliveryError as error:
        # What stopped the batch stops it for everyone not reported yet: failed, with why,
        # and tried again at the next send (unless the send was being cancelled).
        batch.flush()
        if not batch.cancelled:
            batch.fail_all([row for row in waiting if row.id not in reported], str(error))
    batch.flush()


def _smtp_settings(services: Services) -> smtp.SmtpSettings:
    from email.utils import parseaddr

    given = services.settings.smtp
    name, address = parseaddr(given.from_address)
    return smtp.SmtpSettings(
        host=given.host,
        port=given.port,
        security=given.security,  # type: ignore[arg-type]
        username=given.username,
        from_address=address,
        from_name=name or services.settings.restaurant_name,
        password=given.password(),
    )


# --- SMS -----------------------------------------------------------------------------------------


def _sms_texts(batch: Batch, waiting: list[Pending]) -> list[tuple[Pending, str]]:
    """Each guest's SMS; a guest whose SMS cannot be written fails with the reason."""
    ready = []
    for row in waiting:
        try:
            ready.append((row, texts.sms_for(batch.message, row, batch.services.settings)))
        except texts.NotSendable as error:
            batch.note(Outcome(row.id, "failed", str(error), tried=True))
    return ready


def send_sms_messages(batch: Batch, waiting: list[Pending]) -> None:
    ready = _sms_texts(batch, waiting)
    if batch.services.settings.sms.provider == "file":
        _sms_file(batch, ready)
    else:
        _brevo(batch, ready)
    batch.flush()


def _sms_file(batch: Batch, ready: list[tuple[Pending, str]]) -> None:
    if not ready:
        return
    path = batch.file_name("sms", ".csv")
    lines = [SmsLine(row.address, text, count(text).segments) for row, text in ready]
    write_sms_file(path, lines)
    batch.sms_file = path
    reason = _("in the SMS file {file}").format(file=path.name)
    for row, _text in ready:
        batch.note(Outcome(row.id, "queued", reason, tried=True))


def _brevo(batch: Batch, ready: list[tuple[Pending, str]]) -> None:
    given = batch.services.settings.sms
    settings = BrevoSettings(base_url=given.base_url, api_key=given.api_key(), sender=given.sender)
    marketing = texts.is_relational(batch.message)
    for n, (row, text) in enumerate(ready):
        if batch.stop_asked():
            return
        try:
            unicode = count(text).encoding == "ucs2"
            send_sms(settings, row.address, text, marketing, unicode=unicode, tag=_tag(batch))
        except SmsRefused as refused:
            if refused.stops_batch:
                batch.fail_all([r for r, _t in ready[n:]], refused.reason)
                return
            batch.note(Outcome(row.id, "failed", refused.reason, tried=True))
            continue
        batch.note(Outcome(row.id, "sent", "", tried=True))


def _tag(batch: Batch) -> str:
    return f"guestbook-message-{batch.message.id}"


# --- letters and calls ---------------------------------------------------------------------------


def send_letters(batch: Batch, waiting: list[Pending]) -> None:
    settings = batch.services.settings
    ready: list[tuple[Pending, Letter]] = []
    for row in waiting:
        try:
            ready.append((row, texts.letter_for(batch.message, row, settings)))
        except texts.NotSendable as error:
            batch.note(Outcome(row.id, "failed", str(error), tried=True))
    batch.flush()
    if not ready:
        return
    path = batch.file_name("letters", ".pdf")
    today = batch.services.clock.today()

    def progressed(done: int, _total: int) -> None:
        if batch.stop_asked():
            raise Cancelled(_("stopped before the end: no letter was written"))
        if batch.progress is not None:
            batch.progress(batch.done + done, batch.total)

    try:
        write_letters(
            path, texts.letterhead(settings, today), [letter for _row, letter in ready], progressed
        )
    except Cancelled:
        return
    batch.letters = path
    reason = _("in the letters {file}").format(file=path.name)
    for row, _letter in ready:
        batch.note(Outcome(row.id, "queued", reason, tried=True))
    batch.flush()


def send_calls(batch: Batch, waiting: list[Pending]) -> None:
    """The guests to phone go on the agenda, reason `notice`: the agenda lists every call
    delivery handed over and not yet ended (storage.sqlite.notice_calls), due from the moment
    it was handed over, kept in `due_at` (`at` moves with each outcome logged and undone)."""
    reason, now = _("on the agenda"), batch.services.clock.now()
    for row in waiting:
        batch.note(Outcome(row.id, "queued", reason, tried=True, due_at=now))
    batch.flush()


CHANNEL_SENDERS: dict[str, Callable[[Batch, list[Pending]], Any]] = {
    "email": send_emails,
    "sms": send_sms_messages,
    "post": send_letters,
    "call": send_calls,
}
