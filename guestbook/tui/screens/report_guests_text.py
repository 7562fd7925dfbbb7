"""The words of a list of the guests behind a figure (tui.screens.report_guests): its title,
how long it is, and what puts each guest in it.

Pure text: no Textual here, so that the words are tested without an app."""

from __future__ import annotations

import datetime as dt

from guestbook.i18n import _, date_text, money, ngettext, number
from guestbook.services.report_text import percent
from guestbook.services.reports.guests import (
    Behind,
    Fact,
    FirstVisit,
    GuestsBehind,
    Invitation,
    Spend,
)


def list_title(behind: Behind, start: dt.date, end: dt.date, site: str = "") -> str:
    """The list's title: the figure, its period, and its site in a group ('' for the whole
    group's, or a restaurant's own)."""
    titles = {
        Behind.INVITED: _("Guests invited by their birthday call"),
        Behind.RETURNED: _("Invited guests who came back within 30 days of their birthday"),
        Behind.NOT_RETURNED: _("Invited guests who did not come back within 30 days"),
        Behind.TOP_SPENDERS: _("The top {percent} of guests by their spend").format(
            percent=percent(0.2)
        ),
        Behind.REFERRED: _("Referred guests who came for the first time"),
    }
    shown = _("{title}, {start} – {end}").format(
        title=titles[behind],
        start=date_text(start, "day_month_year"),
        end=date_text(end, "day_month_year"),
    )
    return _("{title} · {site}").format(title=shown, site=site) if site else shown


def list_status(listed: GuestsBehind) -> str:
    if not listed.total:
        return _("Nobody for this period. Escape: back to the report.")
    said = ngettext("{count} guest", "{count} guests", listed.total).format(
        count=number(listed.total)
    )
    if listed.capped:
        said = _("{guests}, the first {shown} listed").format(
            guests=said, shown=number(len(listed.rows))
        )
    return _("{guests}. Enter opens the card, Escape goes back to the report.").format(guests=said)


def fact_text(fact: Fact) -> str:
    """What puts a guest in the list, in a few words."""
    if isinstance(fact, Invitation):
        birthday = date_text(fact.birthday, "day_month_year")
        if not fact.visits:
            return _("birthday {day}, not back within 30 days").format(day=birthday)
        came = ngettext(
            "birthday {day}, came back once ({amount})",
            "birthday {day}, came back {count} times ({amount})",
            fact.visits,
        )
        return came.format(day=birthday, count=number(fact.visits), amount=money(fact.cents))
    if isinstance(fact, Spend):
        visits = ngettext("{count} visit", "{count} visits", fact.visits).format(
            count=number(fact.visits)
        )
        if fact.cents is None:
            return _("{visits}, spend not typed").format(visits=visits)
        return _("{amount} in {visits}").format(amount=money(fact.cents), visits=visits)
    return _first_visit_text(fact)


def _first_visit_text(fact: FirstVisit) -> str:
    spent = _("spend not typed") if fact.cents is None else money(fact.cents)
    return _("first visit on {day}, brought by {sponsor}; {spent} in the period").format(
        day=date_text(fact.on, "day_month_year"),
        sponsor=fact.sponsor if fact.sponsor is not None else _("(erased)"),
        spent=spent,
    )


def facts_text(name: str, facts: tuple[Fact, ...]) -> str:
    """'Alice Martin — birthday 5 Feb 2026, came back once (€45.00)'."""
    return _("{name} — {facts}").format(name=name, facts=" · ".join(map(fact_text, facts)))
