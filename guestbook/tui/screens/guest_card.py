"""One guest's card: who they are on the left, their history with the restaurant on the right.

Everything is read in one worker (services.guests.card.guest_card: the details, the history
and the edit form's values). From here the host edits (e), merges another entry into this one
(m), opens the partner's card (p), or records that the guest objects to any contact (o).
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Static

from guestbook.domain.birthdays import age_on
from guestbook.domain.calls import Outcome
from guestbook.domain.channels import BY_KEY
from guestbook.domain.contact import format_phone
from guestbook.errors import UserError
from guestbook.services.guests.card import Card, guest_card
from guestbook.services.guests.merge import MergePreview, merge_guests
from guestbook.services.guests.merge_plan import merge_preview
from guestbook.tui.format import euros
from guestbook.tui.screens.base import SectionScreen

REWARD_ORDER = {"owed": 0, "not_yet": 1, "redeemed": 2, "expired": 3}


def _grid(*, label_width: int = 12) -> Table:
    """Two columns, the second wrapping under itself: labels never lose their alignment."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="dim", width=label_width, no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def _section(title: str, grid: Table, empty: str = "none") -> Group:
    heading = Text(f"\n{title}", style="bold underline")
    if not grid.row_count:
        return Group(heading, Text(f"  {empty}", style="dim"))
    return Group(heading, grid)


def _consent_words(value: bool | None) -> str:
    return "yes" if value else "not asked" if value is None else "no"


def render_who(card: Card, region: str, today_age: int | None) -> Group:
    d, h = card.details, card.history
    phones = Text(" · ".join(format_phone(p.e164, region) for p in d.phones) or "—")
    if any(p.wrong for p in d.phones):
        phones.append("  (a number was flagged wrong)", style="bold")
    birthday = "not known"
    if d.birthday is not None:
        birthday = d.birthday.short()
        if d.next_birthday is not None:
            birthday += f" · next {d.next_birthday:%a %-d %b %Y}"
        if d.turning is not None:
            birthday += f", turning {d.turning}"
        if today_age is not None:
            birthday += f" (now {today_age})"
    partner: str | Text = d.partner_name or "—"
    if d.partner_id is not None:
        partner = Text(f"{d.partner_name}  ").append("p opens their card", style="dim")
    who = _grid()
    for label, value in (
        ("Phone", phones),
        ("Email", " · ".join(d.emails) or "—"),
        ("Birthday", birthday),
        ("Partner", partner),
        ("Address", d.address or "—"),
        ("Postcode", d.postcode or "—"),
        ("Likes", d.preferences or "—"),
        ("Allergies", Text(", ".join(d.allergies), style="bold") if d.allergies else "none known"),
        ("Notes", d.notes or "—"),
        (
            "Consent",
            "\n".join(f"{BY_KEY[ch].label}: {_consent_words(v)}" for ch, v in d.consent.items()),
        ),
    ):
        who.add_row(label, value)
    referrals = _grid()
    if h.sponsor is not None:
        referrals.add_row("referred by", f"{h.sponsor.name} ({h.sponsor.note})")
    for friend in h.referred:
        referrals.add_row("brought", f"{friend.name} ({friend.note})")
    parts: list[RenderableType] = [who, _section("Referrals", referrals)]
    if h.possible_duplicates:
        duplicates = _grid()
        for other in h.possible_duplicates:
            duplicates.add_row(f"#{other.guest_id}", f"{other.name} — {other.note}")
        parts.append(_section("Possible duplicates (m merges one into this card)", duplicates))
    return Group(*parts)


def render_history(card: Card) -> Group:
    d, h = card.details, card.history
    rewards = _grid()
    for reward in sorted(d.rewards, key=lambda r: REWARD_ORDER.get(r.state, 9)):
        rewards.add_row(
            Text(reward.state.replace("_", " "), style="bold" if reward.state == "owed" else ""),
            Text(
                f"{reward.reason or reward.kind}, {reward.valid_from:%-d %b} – "
                f"{reward.valid_to:%-d %b %Y}",
                style="bold" if reward.state == "owed" else "dim",
            ),
        )
    visits = _grid()
    for visit in d.visits:
        occasion = f" · {visit.occasion}" if visit.occasion else ""
        visits.add_row(
            f"{visit.visited_on:%-d %b %Y}",
            f"table of {visit.party_size} · {euros(visit.spend_cents)}{occasion}",
        )
    calls = _grid()
    for call in d.calls:
        staff = f" by {call.staff}" if call.staff else ""
        note = f" — {call.note}" if call.note else ""
        calls.add_row(
            f"{call.at.astimezone():%-d %b %Y}",
            f"{call.reason.replace('_', ' ')}: {Outcome(call.outcome).label}{staff}{note}",
        )
    consent = _grid()
    for change in h.consent:
        line = Text(f"{change.channel} {'granted' if change.granted else 'withdrawn'}")
        if change.staff:
            line.append(f" by {change.staff}")
        if change.source:
            line.append(f" ({change.source})")
        if change.wording:
            line.append(f"\n“{change.wording}”", style="dim")
        consent.add_row(f"{change.at.astimezone():%-d %b %Y}", line)
    visits_title = "Visits"
    if d.visit_count:
        count = f"{d.visit_count} visit{'s' if d.visit_count != 1 else ''}"
        visits_title += f" — {count}, {euros(d.spend_cents)} as their share"
        if d.yearly_value_cents is not None:
            visits_title += f" · a regular: about {euros(d.yearly_value_cents)} a year"
    return Group(
        _section("Rewards", rewards),
        _section(visits_title, visits, "none yet"),
        _section("Calls", calls),
        _section("Consent history", consent, "never asked"),
    )


class GuestCardScreen(SectionScreen):
    SECTION = "guests"
    BINDINGS = [
        Binding("e", "edit", "Edit", id="card.edit"),
        Binding("m", "merge", "Merge another entry in", id="card.merge"),
        Binding("p", "partner", "Partner's card", id="card.partner"),
        Binding("o", "object", "Objects to contact", id="card.object"),
        Binding("escape", "back", "Back", id="card.back"),
        Binding("ctrl+r", "reload", "Refresh", show=False, id="card.refresh"),
    ]

    @dataclass
    class Loaded(Message):
        card: Card

    @dataclass
    class Previewed(Message):
        preview: MergePreview

    @dataclass
    class Merged(Message):
        preview: MergePreview

    def __init__(self, guest_id: int) -> None:
        super().__init__()
        self.guest_id = guest_id
        self.card: Card | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("Loading…", id="card-title")
        with Horizontal(id="card-body"):
            with VerticalScroll(id="card-who"):
                yield Static(id="card-details")
            with VerticalScroll(id="card-history"):
                yield Static(id="card-events")

    def on_screen_resume(self) -> None:
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    @work(thread=True, exclusive=True, group="guest-card", exit_on_error=False)
    def reload(self) -> None:
        try:
            card = guest_card(self.services, self.guest_id)
        except UserError as error:  # merged into another card meanwhile
            self.app.call_from_thread(self.gone, str(error))
            return
        self.post_message(self.Loaded(card))

    def gone(self, reason: str) -> None:
        self.notify(reason, severity="warning")
        if self.is_current:
            self.dismiss()

    def on_guest_card_screen_loaded(self, message: Loaded) -> None:
        self.card = card = message.card
        d = card.details
        today = self.services.clock.today()
        title = Text(d.name, style="bold")
        title.append(f"   guest #{d.guest_id}", style="dim")
        if d.last_visit_on:
            visits = f"{d.visit_count} visit{'s' if d.visit_count != 1 else ''}"
            title.append(f" · {visits}, last {d.last_visit_on:%-d %b %Y}")
        if d.rewards_owed:
            owed = len(d.rewards_owed)
            title.append(f" · {owed} reward{'s' if owed != 1 else ''} owed", style="bold reverse")
        self.query_one("#card-title", Static).update(title)
        region = self.services.settings.phone_region
        age = age_on(d.birthday, today) if d.birthday else None
        self.query_one("#card-details", Static).update(render_who(card, region, age))
        self.query_one("#card-events", Static).update(render_history(card))
        self.sub_title = d.name

    # --- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss()

    def action_partner(self) -> None:
        if self.card is None or self.card.details.partner_id is None:
            self.notify("The partner is not a guest here (or none is known).")
            return
        self.app.push_screen(GuestCardScreen(self.card.details.partner_id))

    def action_edit(self) -> None:
        if self.card is None:
            return
        from guestbook.tui.dialogs.guest_form import FormOutcome, GuestFormDialog

        def done(outcome: FormOutcome | None) -> None:
            if outcome is None:
                return
            if outcome.action == "open" and outcome.guest_id != self.guest_id:
                self.app.push_screen(GuestCardScreen(outcome.guest_id))
            elif outcome.action == "merge" and outcome.other_id is not None:
                self.preview_merge(outcome.other_id)
            self.reload()

        self.app.push_screen(GuestFormDialog(self.guest_id, self.card.form), done)

    def action_object(self) -> None:
        """The guest objects to any contact: after a confirmation, every channel is withdrawn
        at once, with who recorded it (product.md: objection stops everything)."""
        if self.card is None:
            return
        from guestbook.tui.dialogs.confirm import Confirm

        name = self.card.details.name

        def answered(yes: bool | None) -> None:
            if yes:
                self.record_objection()

        self.app.push_screen(
            Confirm(
                f"{name} objects to any contact?",
                [
                    "Calls, text messages, emails and letters are all withdrawn now: no "
                    "birthday call, no news. Incident notices still reach them.",
                    "Their consent history keeps the objection, with your name.",
                ],
                yes="Withdraw everything",
                no="Keep as is",
                dangerous=True,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="guest-object", exit_on_error=False)
    def record_objection(self) -> None:
        from guestbook.services.guests.consent import object_to_contact

        object_to_contact(self.services, self.guest_id)
        self.app.call_from_thread(self.notify, "Every channel withdrawn: no more contact.")
        self.reload()

    def action_merge(self) -> None:
        if self.card is None:
            return
        from guestbook.tui.dialogs.pick_guest import PickGuest

        def picked(other: tuple[int, str] | None) -> None:
            if other is not None:
                self.preview_merge(other[0])

        name = self.card.details.name
        self.app.push_screen(
            PickGuest(
                f"Which entry is also {name}? It will be merged into this card.",
                exclude={self.guest_id},
                query=name,
            ),
            picked,
        )

    @work(thread=True, exclusive=True, group="guest-merge", exit_on_error=False)
    def preview_merge(self, other_id: int) -> None:
        preview = merge_preview(self.services, self.guest_id, other_id)
        self.post_message(self.Previewed(preview))

    def on_guest_card_screen_previewed(self, message: Previewed) -> None:
        from guestbook.tui.dialogs.confirm import Confirm

        preview = message.preview

        def answered(yes: bool | None) -> None:
            if yes:
                self.merge(preview.drop_id)

        self.app.push_screen(
            Confirm(
                f"Merge {preview.drop_name} into {preview.keep_name}?",
                preview.lines(),
                yes="Merge",
                no="Keep apart",
                dangerous=True,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="guest-merge", exit_on_error=False)
    def merge(self, other_id: int) -> None:
        done = merge_guests(self.services, self.guest_id, other_id)
        self.post_message(self.Merged(done))

    def on_guest_card_screen_merged(self, message: Merged) -> None:
        self.notify(f"{message.preview.drop_name} merged into {message.preview.keep_name}.")
        self.reload()
