"""What a guest's card shows (guestbook.tui.screens.guest_card): who they are, and their
history with the restaurant, as Rich renderables in the language shown.

Stored values (a reward's state, a call's reason, a consent channel and source) are machine
values: shown through the word tables here, marked with N_ and translated where shown."""

from __future__ import annotations

import datetime as dt

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from guestbook.domain.calls import Outcome
from guestbook.domain.channels import BY_KEY
from guestbook.domain.consent_sources import source_text
from guestbook.domain.contact import format_phone
from guestbook.domain.feedback import FEEDBACK_CHANNEL_LABELS, scores_text
from guestbook.i18n import N_, _, date_text, money, ngettext, number
from guestbook.services.feedback import GuestFeedback
from guestbook.services.guests.card import Card
from guestbook.tui.format import date_width
from guestbook.tui.screens.agenda_text import booking_day

REWARD_ORDER = {"owed": 0, "not_yet": 1, "redeemed": 2, "expired": 3}

# Stored values shown as words (English, marked: shown through `_`); a value missing here is
# shown as it is stored.
REWARD_STATES = {
    "owed": N_("owed"),
    "not_yet": N_("not yet"),
    "redeemed": N_("redeemed"),
    "expired": N_("expired"),
}
REWARD_KINDS = {"birthday": N_("birthday"), "sponsor": N_("sponsor")}
CALL_REASONS = {
    "birthday": N_("birthday"),
    "referral_thanks": N_("referral thanks"),
    "winback": N_("winback"),
    "feedback": N_("feedback"),
}
CHANNELS = {"call": N_("call"), "sms": N_("sms"), "email": N_("email"), "post": N_("post")}


def _words(words: dict[str, str], value: str) -> str:
    """A stored value in words, in the language shown (as stored when it has no words here)."""
    return _(words[value]) if value in words else value.replace("_", " ")


def _grid(*, label_width: int = 12) -> Table:
    """Two columns, the second wrapping under itself: labels never lose their alignment."""
    label_width = max(label_width, date_width())  # the history's labels are dates
    grid = Table.grid(padding=(0, 2))
    grid.add_column(justify="right", style="dim", width=label_width, no_wrap=True)
    grid.add_column(ratio=1)
    return grid


def _section(title: str, grid: Table, empty: str | None = None) -> Group:
    """A titled part of the card, with `empty` ("none" by default) when it has no row."""
    heading = Text(f"\n{title}", style="bold underline")
    if not grid.row_count:
        nothing = _("none") if empty is None else empty
        return Group(heading, Text(f"  {nothing}", style="dim"))
    return Group(heading, grid)


def _consent_words(value: bool | None) -> str:
    return _("yes") if value else _("not asked") if value is None else _("no")


def _birthday_text(card: Card, today_age: int | None) -> str:
    d = card.details
    if d.birthday is None:
        return _("not known")
    birthday = d.birthday.short()
    if d.next_birthday is not None:
        day = date_text(d.next_birthday, "weekday_year")
        birthday = _("{birthday} · next {day}").format(birthday=birthday, day=day)
    if d.turning is not None:
        birthday = _("{birthday}, turning {age}").format(birthday=birthday, age=d.turning)
    if today_age is not None:
        birthday = _("{birthday} (now {age})").format(birthday=birthday, age=today_age)
    return birthday


def flag_reason(stored: str, region: str) -> str:
    """Why two guests were flagged as one, in the language shown, a phone as dialled ('same
    phone 06 07 36 41 15'). The reason is stored as written when flagged: in that day's
    language (an import's in English), its last word the phone in E.164 or the email the two
    share; a reason of another shape is shown as stored."""
    shared = stored.split()[-1] if stored.strip() else ""
    if shared.startswith("+") and shared[1:].isdigit():
        return _("same phone {number}").format(number=format_phone(shared, region))
    if "@" in shared:
        return _("same email {address}").format(address=shared)
    return stored


def render_who(card: Card, region: str, today_age: int | None) -> Group:
    d, h = card.details, card.history
    phones = Text(" · ".join(format_phone(p.e164, region) for p in d.phones) or "—")
    if any(p.wrong for p in d.phones):
        phones.append("  " + _("(a number was flagged wrong)"), style="bold")
    partner: str | Text = d.partner_name or "—"
    if d.partner_id is not None:
        partner = Text(f"{d.partner_name}  ").append(_("p opens their card"), style="dim")
    allergies: str | Text = _("none known")
    if d.allergies:
        allergies = Text(", ".join(d.allergies), style="bold")
    consent = "\n".join(
        _("{channel}: {answer}").format(
            channel=_(BY_KEY[channel].label), answer=_consent_words(value)
        )
        for channel, value in d.consent.items()
    )
    who = _grid()
    for label, value in (
        (_("Phone"), phones),
        (_("Email"), " · ".join(d.emails) or "—"),
        (_("Birthday"), _birthday_text(card, today_age)),
        (_("Partner"), partner),
        (_("Address"), d.address or "—"),
        (_("Postcode"), d.postcode or "—"),
        (_("Likes"), d.preferences or "—"),
        (_("Allergies"), allergies),
        (_("Notes"), d.notes or "—"),
        (_("Consent"), consent),
    ):
        who.add_row(label, value)
    referrals = _grid()
    if h.sponsor is not None:
        referrals.add_row(_("referred by"), f"{h.sponsor.name} ({h.sponsor.note})")
    for friend in h.referred:
        referrals.add_row(_("brought"), f"{friend.name} ({friend.note})")
    parts: list[RenderableType] = [who, _section(_("Referrals"), referrals)]
    if h.possible_duplicates:
        duplicates = _grid()
        for other in h.possible_duplicates:
            why = flag_reason(other.note, region)
            duplicates.add_row(f"#{other.guest_id}", f"{other.name} — {why}")
        title = _("Possible duplicates (m merges one into this card)")
        parts.append(_section(title, duplicates))
    return Group(*parts)


NO_FEEDBACK = GuestFeedback((), 0, 0)


def render_history(
    card: Card, feedback: GuestFeedback = NO_FEEDBACK, today: dt.date | None = None
) -> Group:
    """`today`: a booking not in its year is dated with the year (without: never)."""
    d = card.details
    visits_title = _("Visits")
    if d.visit_count and not d.spend_visits:
        visits_title = ngettext(
            "Visits — {count} visit, spend not recorded",
            "Visits — {count} visits, spend not recorded",
            d.visit_count,
        ).format(count=number(d.visit_count))
    elif d.visit_count:
        visits_title = ngettext(
            "Visits — {count} visit, {amount} as their share",
            "Visits — {count} visits, {amount} as their share",
            d.visit_count,
        ).format(count=number(d.visit_count), amount=money(d.spend_cents))
        if d.yearly_value_cents is not None:
            visits_title = _("{visits} · a regular: about {amount} a year").format(
                visits=visits_title, amount=money(d.yearly_value_cents)
            )
    if d.home_site:
        visits_title = _("{visits} · home site: {site}").format(
            visits=visits_title, site=d.home_site
        )
    return Group(
        _section(_("Rewards"), _rewards(card)),
        _section(_("Feedback"), _feedback(feedback), _("none given yet")),
        _section(visits_title, _visits(card), _("none yet")),
        _section(_("Calls"), _calls(card, today)),
        _section(_("Consent history"), _consent_history(card), _("never asked")),
    )


def _rewards(card: Card) -> Table:
    rewards = _grid()
    for reward in sorted(card.details.rewards, key=lambda r: REWARD_ORDER.get(r.state, 9)):
        style = "bold" if reward.state == "owed" else ""
        period = _("{reward}, {start} – {end}").format(
            reward=reward.reason or _words(REWARD_KINDS, reward.kind),
            start=date_text(reward.valid_from, "day_month"),
            end=date_text(reward.valid_to, "day_month_year"),
        )
        rewards.add_row(
            Text(_words(REWARD_STATES, reward.state), style=style),
            Text(period, style=style or "dim"),
        )
    return rewards


def _amount(cents: int | None) -> str:
    """An amount, or "—" when it is not known (a spend nobody typed is not 0.00 €)."""
    return "—" if cents is None else money(cents)


def _visits(card: Card) -> Table:
    visits = _grid()
    for visit in card.details.visits:
        occasion = f" · {visit.occasion}" if visit.occasion else ""
        table = ngettext(
            "table of {count} · {amount}", "table of {count} · {amount}", visit.party_size
        ).format(count=number(visit.party_size), amount=_amount(visit.spend_cents))
        if visit.party_size > 1 and visit.share_cents is not None:
            share = _("their share {amount}").format(amount=money(visit.share_cents))
            table = f"{table} · {share}"
        site = f"{visit.site} · " if visit.site else ""  # a group's: at which restaurant
        visits.add_row(date_text(visit.visited_on, "day_month_year"), f"{site}{table}{occasion}")
    return visits


def _calls(card: Card, today: dt.date | None) -> Table:
    calls = _grid()
    for call in card.details.calls:
        reason = _words(CALL_REASONS, call.reason)
        if call.booked_for is not None:
            day = (
                booking_day(call.booked_for, today)
                if today
                else date_text(call.booked_for, "weekday")
            )
            line = _("{reason}: booked for {day}").format(reason=reason, day=day)
        else:
            line = _("{reason}: {outcome}").format(
                reason=reason, outcome=Outcome(call.outcome).label
            )
        if call.staff:
            line = _("{event} by {staff}").format(event=line, staff=call.staff)
        if call.note:
            line = f"{line} — {call.note}"
        calls.add_row(date_text(call.at.astimezone().date(), "day_month_year"), line)
    return calls


def _feedback(feedback: GuestFeedback) -> Table:
    """The latest responses, newest first, a low one marked (and whether someone called the
    guest back about it yet), then how many older ones are not listed."""
    responses = _grid()
    for response in feedback.responses:
        shown = Text()
        if response.low:
            shown.append(" " + _("low score") + " ", style="bold reverse")
            shown.append(" ")
        words = scores_text(response.ces, response.satisfaction)
        channel = FEEDBACK_CHANNEL_LABELS.get(response.channel)
        words = f"{words} · {_(channel)}" if channel else words
        if response.staff:
            words = _("{event} by {staff}").format(event=words, staff=response.staff)
        shown.append(words, style="bold" if response.low else "")
        if response.low and response.called_back_at is None:
            shown.append(" · " + _("to call back"), style="bold")
        elif response.called_back_at is not None:
            day = date_text(response.called_back_at.astimezone().date(), "day_month")
            shown.append(" · " + _("called back {day}").format(day=day), style="dim")
        if response.comment:
            shown.append("\n" + _("“{comment}”").format(comment=response.comment), style="dim")
        responses.add_row(date_text(response.at.astimezone().date(), "day_month_year"), shown)
    if feedback.more:
        more = ngettext("{count} more response", "{count} more responses", feedback.more)
        responses.add_row("", Text(more.format(count=number(feedback.more)), style="dim"))
    return responses


def _consent_history(card: Card) -> Table:
    consent = _grid()
    for change in card.history.consent:
        channel = _words(CHANNELS, change.channel)
        if change.granted:
            event = _("{channel} granted").format(channel=channel)
        else:
            event = _("{channel} withdrawn").format(channel=channel)
        if change.staff:
            event = _("{event} by {staff}").format(event=event, staff=change.staff)
        if change.source:
            event = f"{event} ({source_text(change.source)})"
        shown = Text(event)
        if change.wording:
            shown.append("\n" + _("“{wording}”").format(wording=change.wording), style="dim")
        consent.add_row(date_text(change.at.astimezone().date(), "day_month_year"), shown)
    return consent
