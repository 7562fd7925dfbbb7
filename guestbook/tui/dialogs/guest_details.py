"""A read-only view of a guest: details, rewards and history (the full card comes later)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from guestbook.domain.contact import format_phone
from guestbook.services.guest_details import GuestDetails
from guestbook.tui.format import consent_mark, euros

OUTCOME_WORDS = {
    "reached": "reached",
    "booked": "booked",
    "voicemail": "voicemail",
    "no_answer": "no answer",
    "declined": "declined",
    "wrong_number": "wrong number",
}


def render_details(d: GuestDetails, region: str) -> Text:
    out = Text()
    out.append(f"{d.name}\n", style="bold")
    phones = ", ".join(
        format_phone(p.e164, region) + (" (wrong number)" if p.wrong else "") for p in d.phones
    )
    rows = [
        ("Phone", phones or "—"),
        ("Email", ", ".join(d.emails) or "—"),
        ("Birthday", _birthday_line(d)),
        ("Partner", d.partner_name or "—"),
        ("Postcode", d.postcode or "—"),
        ("Consent", "  ".join(f"{ch} {consent_mark(v)}" for ch, v in d.consent.items())),
        (
            "Visits",
            f"{d.visit_count}, last {d.last_visit_on:%d %b %Y}" if d.last_visit_on else "none yet",
        ),
        ("Spend", euros(d.spend_cents)),
    ]
    if d.sponsor:
        rows.append(("Referred by", d.sponsor))
    if d.referred:
        rows.append(("Brought", ", ".join(d.referred)))
    if d.preferences:
        rows.append(("Likes", d.preferences))
    if d.allergies:
        rows.append(("Allergies", ", ".join(d.allergies)))
    if d.notes:
        rows.append(("Notes", d.notes))
    for label, value in rows:
        out.append(f"{label:>12}  ", style="dim")
        out.append(f"{value}\n")
    out.append("\nRewards\n", style="bold underline")
    if not d.rewards:
        out.append("  none\n", style="dim")
    for reward in d.rewards:
        style = "bold green" if reward.state == "owed" else "dim"
        out.append(
            f"  {reward.state:<9} {reward.reason or reward.kind}  "
            f"({reward.valid_from:%d %b} – {reward.valid_to:%d %b %Y})\n",
            style=style,
        )
    out.append("\nCalls\n", style="bold underline")
    if not d.calls:
        out.append("  none\n", style="dim")
    for call in d.calls:
        note = f" — {call.note}" if call.note else ""
        staff = f" by {call.staff}" if call.staff else ""
        out.append(
            f"  {call.at.astimezone():%d %b %Y %H:%M}  {call.reason.replace('_', ' ')}: "
            f"{OUTCOME_WORDS.get(call.outcome, call.outcome)}{staff}{note}\n"
        )
    out.append("\nVisits\n", style="bold underline")
    if not d.visits:
        out.append("  none\n", style="dim")
    for visit in d.visits:
        occasion = f"  {visit.occasion}" if visit.occasion else ""
        out.append(
            f"  {visit.visited_on:%d %b %Y}  table of {visit.party_size}  "
            f"{euros(visit.spend_cents)}{occasion}\n"
        )
    return out


def _birthday_line(d: GuestDetails) -> str:
    if d.birthday is None:
        return "not known"
    line = d.birthday.short()
    if d.next_birthday is not None:
        line += f" — next {d.next_birthday:%a %d %b %Y}"
    if d.turning is not None:
        line += f", turning {d.turning}"
    return line


class GuestDetailsDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,q", "close", "Close", id="details.close")]

    def __init__(self, details: GuestDetails, region: str) -> None:
        super().__init__(classes="dialog-screen")
        self.details = details
        self.phone_region = region

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="details"):
            yield Static(render_details(self.details, self.phone_region))

    def action_close(self) -> None:
        self.dismiss(None)
