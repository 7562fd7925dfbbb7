"""The access bundle's page (guest.html): everything stored about a guest, for them to read.

In the language shown, dates and amounts written its way; self-contained (inline style, no
script, no image, nothing fetched: its Content-Security-Policy forbids it) so it opens the
same from a USB stick or an email. Every stored value is HTML-escaped where it is written
(`_e`), and so are the translated words around them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from guestbook.domain.calls import OUTCOMES, Outcome
from guestbook.domain.channels import BY_KEY
from guestbook.domain.consent_sources import source_text
from guestbook.domain.contact import format_phone
from guestbook.domain.text import display_name
from guestbook.i18n import N_, _, date_text, language, money, ngettext, number
from guestbook.services.rights.access_data import AccessData, moment
from guestbook.settings import Settings

NOTHING = "—"  # an empty value, or a spend nobody typed (unknown, not 0.00 €)

# Stored values shown as words (the card's words: English, marked, shown through `_`); a
# value missing here is shown as it is stored.
REWARD_STATES = {
    "owed": N_("owed"),
    "not_yet": N_("not yet"),
    "redeemed": N_("redeemed"),
    "expired": N_("expired"),
}
CALL_REASONS = {
    "birthday": N_("birthday"),
    "referral_thanks": N_("referral thanks"),
    "winback": N_("winback"),
}

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; color: #1a1a1a; background: #fff; line-height: 1.45; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem;
     border-bottom: 1px solid #999; } h3 { font-size: 1rem; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.5rem; }
dt { color: #555; } dd { margin: 0; white-space: pre-line; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #ccc; padding: .3rem .5rem; text-align: left;
         vertical-align: top; white-space: pre-line; }
th { background: #f0f0f0; } .note { color: #555; font-size: .9rem; }
"""
_POLICY = "default-src 'none'; style-src 'unsafe-inline'"


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _day(day: dt.date | None) -> str:
    return date_text(day, "day_month_year") if day is not None else NOTHING


def _when(moment: dt.datetime) -> str:
    """A stored timestamp at the restaurant's local time: '22 Nov 2026 19:05'."""
    local = moment.astimezone()
    return f"{date_text(local.date(), 'day_month_year')} {local:%H:%M}"


def _amount(cents: int | None) -> str:
    return NOTHING if cents is None else money(cents)


def _words(words: dict[str, str], value: str) -> str:
    return _(words[value]) if value in words else value.replace("_", " ")


def _section(title: str, *body: str) -> str:
    return f"<section>\n<h2>{_e(title)}</h2>\n{''.join(body)}</section>\n"


def _pairs(rows: Sequence[tuple[str, str]]) -> str:
    cells = "".join(
        f"<dt>{_e(label)}</dt><dd>{_e(value or NOTHING)}</dd>\n" for label, value in rows
    )
    return f"<dl>\n{cells}</dl>\n"


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    if not rows:
        return f"<p>{_e(_('none recorded'))}</p>\n"
    head = "".join(f"<th>{_e(header)}</th>" for header in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{_e(cell or NOTHING)}</td>" for cell in row) + "</tr>\n"
        for row in rows
    )
    return f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>\n"


def _paragraph(text: str, css: str = "") -> str:
    return f'<p class="{css}">{_e(text)}</p>\n' if css else f"<p>{_e(text)}</p>\n"


def page_html(data: AccessData, settings: Settings) -> str:
    """The whole page, as text."""
    title = _("Everything {restaurant} holds about you on {date}").format(
        restaurant=data.restaurant, date=date_text(data.today, "long")
    )
    files = _(
        "The same data is in this folder as guest.json (for a program), guest.csv (a "
        "spreadsheet row) and guest.vcf (a contact card)."
    )
    return "".join(
        [
            f'<!DOCTYPE html>\n<html lang="{_e(language())}">\n<head>\n<meta charset="utf-8">\n',
            f'<meta http-equiv="Content-Security-Policy" content="{_e(_POLICY)}">\n',
            f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n",
            f"<h1>{_e(title)}</h1>\n",
            _paragraph(files, "note"),
            _identity(data, settings.phone_region),
            _allergies(data),
            _consent(data),
            _visits(data),
            _calls(data),
            _rewards(data, settings),
            _referrals(data),
            _messages(data),
            _feedback(data),
            _paragraph(_("Written {when}.").format(when=_when(data.generated_at)), "note"),
            "</body>\n</html>\n",
        ]
    )


def _identity(data: AccessData, region: str) -> str:
    d = data.details
    phones = "\n".join(
        format_phone(phone.e164, region)
        + (" " + _("(marked as a wrong number)") if phone.wrong else "")
        for phone in d.phones
    )
    partner = d.partner_name or ""
    if partner and d.partner_id is not None:
        partner = _("{name} (also a guest here)").format(name=partner)
    return _section(
        _("Who you are"),
        _pairs(
            [
                (_("Name"), display_name(data.first_name, data.last_name)),
                (_("Guest number"), f"#{data.guest_id}"),
                (_("Phones"), phones),
                (_("Emails"), "\n".join(d.emails)),
                (_("Birthday"), d.birthday.short() if d.birthday else ""),
                (_("Partner"), partner),
                (_("Address"), d.address),
                (_("Postcode"), d.postcode),
                (_("Notes"), d.notes),
                (_("Preferences"), d.preferences),
                (_("Recorded on"), _day(data.created_at.astimezone().date())),
                (_("Last changed on"), _day(data.updated_at.astimezone().date())),
            ]
        ),
    )


def _allergies(data: AccessData) -> str:
    rows = [(allergen, note) for allergen, note in data.allergies]
    return _section(
        _("Allergies"),
        _paragraph(_("Health data: kept apart, never in any export."), "note"),
        _table([_("Allergen"), _("Note")], rows),
    )


def _consent(data: AccessData) -> str:
    now = [
        (
            _(BY_KEY[channel].label),
            _("yes") if value else _("not asked") if value is None else _("no"),
        )
        for channel, value in data.details.consent.items()
    ]
    history = [
        (
            _when(moment(change.at)),
            _(BY_KEY[change.channel].label) if change.channel in BY_KEY else change.channel,
            _("given") if change.granted else _("withdrawn"),
            change.wording,
            source_text(change.source),  # a file's name as stored
            change.staff,
        )
        for change in data.history.consent
    ]
    headers = [_("Date"), _("Channel"), _("Answer"), _("Wording"), _("Source"), _("Recorded by")]
    return _section(
        _("Consent"),
        _pairs(now),
        f"<h3>{_e(_('Consent history'))}</h3>\n",
        _table(headers, history),
    )


def _visits(data: AccessData) -> str:
    d = data.details
    summary = [
        (_("Visits"), number(d.visit_count)),
        (_("Your last visit"), _day(d.last_visit_on)),
        (_("Your share of the spend"), money(d.spend_cents) if d.spend_visits else NOTHING),
    ]
    rows = [
        (
            _day(visit.visited_on),
            number(visit.party_size),
            _amount(visit.spend_cents),
            _amount(visit.share_cents),
            visit.occasion,
            visit.note,
        )
        for visit in data.visits
    ]
    headers = [_("Date"), _("Guests at the table"), _("Table's spend"), _("Your share"),
               _("Occasion"), _("Note")]  # fmt: skip
    return _section(_("Visits and spend"), _pairs(summary), _table(headers, rows))


def _calls(data: AccessData) -> str:
    rows = [
        (
            _when(moment(call.at)),
            _words(CALL_REASONS, call.reason),
            Outcome(call.outcome).label if call.outcome in OUTCOMES else call.outcome,
            _day(call.booked_for) if call.booked_for else "",
            call.note,
            call.staff,
        )
        for call in data.details.calls
    ]
    headers = [_("Date"), _("Reason"), _("Outcome"), _("Booked for"), _("Note"), _("Called by")]
    return _section(_("Calls"), _table(headers, rows))


def _rewards(data: AccessData, settings: Settings) -> str:
    rows = [
        (
            reward.reason or settings.reward_label(reward.kind),
            f"{_day(reward.valid_from)} – {_day(reward.valid_to)}",
            _words(REWARD_STATES, reward.state),
        )
        for reward in data.rewards
    ]
    return _section(_("Rewards"), _table([_("Reward"), _("Valid"), _("State")], rows))


def _referrals(data: AccessData) -> str:
    referrals = data.referrals
    body: list[str] = []
    if referrals.referred_at is not None:
        day = _day(referrals.referred_at.astimezone().date())
        body.append(_paragraph(_("A guest brought you here (recorded on {day}).").format(day=day)))
    if referrals.brought:
        count = len(referrals.brought)
        brought = ngettext(
            "You brought {count} guest here:", "You brought {count} guests here:", count
        ).format(count=number(count))
        rows = [(first or NOTHING, _day(at.astimezone().date())) for first, at in referrals.brought]
        body += [_paragraph(brought), _table([_("First name"), _("Recorded on")], rows)]
    return _section(_("Referrals"), *(body or [_paragraph(_("none recorded"))]))


def _messages(data: AccessData) -> str:
    from guestbook.domain.channels import BY_KEY as CHANNELS
    from guestbook.domain.deliveries import DELIVERY_STATE_LABELS

    rows = [
        (
            _when(message.at),
            message.subject,
            _(CHANNELS[message.channel].label) if message.channel in CHANNELS else "",
            message.address,
            _(DELIVERY_STATE_LABELS.get(message.status, message.status)),
        )
        for message in data.messages
    ]
    headers = (_("When"), _("Subject"), _("Channel"), _("Address used"), _("State"))
    return _section(_("Messages received"), _table(headers, rows))


def _feedback(data: AccessData) -> str:
    from guestbook.domain.feedback import FEEDBACK_CHANNEL_LABELS

    rows = [
        (
            _when(response.at),
            "" if response.ces is None else f"{response.ces}/7",
            "" if response.satisfaction is None else f"{response.satisfaction}/5",
            response.comment,
            _(FEEDBACK_CHANNEL_LABELS.get(response.channel, response.channel)),
        )
        for response in data.feedback
    ]
    headers = (_("When"), _("Effort"), _("Satisfaction"), _("Comment"), _("Given"))
    return _section(_("Feedback"), _table(headers, rows))
