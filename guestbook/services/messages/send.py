"""Sending a message (shared/product.md, "Messages" → "Delivery", "Log"): resumable and
idempotent. Each send plans the message again (guests as they are now), writes the plan down
as delivery rows (storage.sqlite.message_deliveries says their life), then sends what is
waiting or failed, channel by channel, recording what became of each guest as it goes: a
send stopped midway (a cancel, a server gone) has written down everything it did.

Emails go through the restaurant's SMTP server in one connection; SMS through Brevo or into a
file for any gateway, relational ones held until the hours they may go at; letters into one
PDF; calls onto the agenda (reason `notice`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from guestbook.domain.purposes import BY_KEY
from guestbook.domain.sms_hours import next_allowed
from guestbook.progress import CancelCheck, Progress
from guestbook.services.context import Services
from guestbook.services.messages import get_message, recipients
from guestbook.services.messages.channels import CHANNEL_SENDERS, Batch
from guestbook.services.rights.audit import record_now
from guestbook.storage.sqlite import message_deliveries as rows
from guestbook.storage.sqlite.message_deliveries import Planned


@dataclass(frozen=True)
class SendResult:
    message_id: int
    sent: int = 0
    failed: int = 0
    queued: int = 0  # by this send: SMS held for the allowed hours, letters and calls handed over
    skipped: int = 0  # the message's guests left out of its plan
    waiting: int = 0  # the message's rows queued after this send, this send's and earlier ones
    letters: Path | None = None  # the PDF of the letters, when some went by post
    sms_file: Path | None = None  # the SMS file for a gateway, with provider = "file"
    next_sms_at: dt.datetime | None = None  # when held SMS may go
    problems: list[str] = field(default_factory=list)  # what stopped a channel, in words
    cancelled: bool = False

    def to_json(self) -> dict[str, int]:
        """product.md's `message send --json`."""
        return {
            "message_id": self.message_id,
            "sent": self.sent,
            "failed": self.failed,
            "queued": self.queued,
            "skipped": self.skipped,
        }


def send_message(
    services: Services,
    message_id: int,
    *,
    output_dir: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> SendResult:
    """Send what is not sent yet of the message. Letters and an SMS file are written to
    `output_dir` (the current folder by default)."""
    message = get_message(services, message_id)
    _write_plan(services, message_id, BY_KEY[message.purpose].legal_basis)
    now = services.clock.now()
    waiting = services.read(lambda connection: rows.pending(connection, message_id, now))
    batch = Batch(
        services=services,
        message=message,
        output_dir=output_dir or Path.cwd(),
        zone=ZoneInfo(services.settings.time_zone),
        total=len(waiting),
        progress=progress,
        cancel=cancel,
    )
    for channel, send in CHANNEL_SENDERS.items():
        if batch.cancelled:
            break
        mine = [row for row in waiting if row.channel == channel]
        if channel == "sms":
            mine = _hold_sms(batch, mine, now)
        if mine:
            send(batch, mine)
    counts = services.read(lambda connection: rows.status_counts(connection, message_id))
    result = SendResult(
        message_id,
        sent=batch.sent,
        failed=batch.failed,
        queued=batch.queued,
        skipped=counts.get("skipped", 0),
        waiting=counts.get("queued", 0),
        letters=batch.letters,
        sms_file=batch.sms_file,
        next_sms_at=batch.next_sms_at,
        problems=batch.problems,
        cancelled=batch.cancelled,
    )
    _audit(services, result)
    return result


def _write_plan(services: Services, message_id: int, legal_basis: str) -> None:
    reached = [
        Planned(r.guest_id, r.channel, r.address, "queued", "")
        for r in recipients(services, message_id)
    ]
    left_out = [
        Planned(r.guest_id, "", "", "skipped", r.channel)
        for r in recipients(services, message_id, left_out=True)
    ]
    now = services.clock.now()
    services.write(
        lambda session: rows.write_plan(
            session.connection(), message_id, [*reached, *left_out], legal_basis, now
        )
    )


def _hold_sms(batch: Batch, waiting: list[rows.Pending], now: dt.datetime) -> list[rows.Pending]:
    """The SMS that may go now; the others wait, queued, for the next allowed moment."""
    if not waiting:
        return waiting  # no SMS: nothing waits, and the result says none does
    allowed = next_allowed(now.astimezone(batch.zone), batch.message.purpose, zone=batch.zone)
    if allowed <= now:
        return waiting
    batch.hold(waiting, allowed)
    return []


def _audit(services: Services, result: SendResult) -> None:
    """A send that wrote to guests, or tried to, in the audit (by number, no address)."""
    written = result.sent + result.queued
    if written or result.failed:
        detail = (
            f"message {result.message_id}: {result.sent} sent, {result.queued} queued,"
            f" {result.failed} failed"
        )
        record_now(services, "message", guests=written, detail=detail)
