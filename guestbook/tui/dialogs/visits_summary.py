"""The import dialog's words for visits from the till: what a preview or an import of tickets
did, why tickets were rejected (summarised by reason), and each ticket's row.

A rejected ticket never reads as recorded. The reasons are summarised by what the owner has to
do about them (a value to correct, a guest to find or to create, a ticket to tell apart): each
reason the visits import gives (services.visits_import: check, decide, match) is recognised by
its wording in the language shown, one pattern per wording below; a reason none of them
matches counts as "another reason", so a new wording is never lost, only less well sorted.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from guestbook.i18n import N_, _, date_text, money, ngettext, number
from guestbook.services.visits_import.result import TicketOutcome, VisitsImportResult
from guestbook.services.visits_import_text import rewards_due

# The reasons' wordings (the msgids of services.visits_import), by kind of problem.
_WORDINGS: dict[str, tuple[str, ...]] = {
    "date": (N_("no date"), N_("date {value}: {error}")),
    "amount": (N_("amount: {error}"),),
    "party": (N_("party size {value}: write how many sat at the table, such as 2"),),
    "contact": (N_("phone: {error}"), N_("email: {error}")),
    "nobody": (N_("no phone, email or name: nothing says who the guest was"),),
    "unknown": (
        N_("no guest is called {name}"),
        N_("no guest has the phone {phone} or the email {email}"),
        N_("no guest has the phone {phone}"),
        N_("no guest has the email {email}"),
    ),
    "several": (
        N_("matches two guests: {first} and {second}"),
        N_(
            "{count} guests share the ticket's phone or email ({guests}): add the guest's first "
            "name to the ticket to say which one"
        ),
        N_(
            "{count} guests are called {name}: add a phone or an email to the ticket to say "
            "which one"
        ),
    ),
    "other_name": (
        N_(
            "the ticket's phone or email belongs to {guests}, not to {name}: check the name "
            "on the ticket, or the guest's card"
        ),
    ),
    "twice": (
        N_(
            "ticket {ticket} of {date} is on line {line} too, with another amount or party "
            "size: check which one is right"
        ),
    ),
}


def _kind_counts(kind: str, count: int) -> str:
    """'2 with a date that cannot be read': tickets rejected for a kind of reason."""
    texts = {
        "date": ngettext(
            "{count} with a date that cannot be read",
            "{count} with a date that cannot be read",
            count,
        ),
        "amount": ngettext(
            "{count} with an amount that cannot be read",
            "{count} with an amount that cannot be read",
            count,
        ),
        "party": ngettext(
            "{count} with a party size that cannot be read",
            "{count} with a party size that cannot be read",
            count,
        ),
        "contact": ngettext(
            "{count} with an unusable phone or email",
            "{count} with an unusable phone or email",
            count,
        ),
        "nobody": ngettext(
            "{count} that does not say who the guest was",
            "{count} that do not say who the guest was",
            count,
        ),
        "unknown": ngettext(
            "{count} whose guest is not in guestbook",
            "{count} whose guests are not in guestbook",
            count,
        ),
        "several": ngettext(
            "{count} that could be more than one guest",
            "{count} that could be more than one guest",
            count,
        ),
        "other_name": ngettext(
            "{count} whose name is not that of the guest with its phone or email",
            "{count} whose names are not those of the guests with their phone or email",
            count,
        ),
        "twice": ngettext(
            "{count} numbered like another ticket of the file",
            "{count} numbered like other tickets of the file",
            count,
        ),
    }
    text = texts.get(kind) or ngettext(
        "{count} for another reason", "{count} for other reasons", count
    )
    return text.format(count=number(count))


@functools.cache
def _patterns(_language: str) -> list[tuple[str, re.Pattern[str]]]:
    """Each wording in the language shown as a pattern: its placeholders match anything."""
    patterns = []
    for kind, wordings in _WORDINGS.items():
        for wording in wordings:
            pieces = re.split(r"\{[^{}]*\}", _(wording))
            patterns.append((kind, re.compile(".*?".join(map(re.escape, pieces)), re.DOTALL)))
    return patterns


def reason_kind(reason: str) -> str:
    """The kind of problem a reason says ('other' for a wording not listed)."""
    from guestbook.i18n import language

    for kind, pattern in _patterns(language()):
        if pattern.match(reason):
            return kind
    return "other"


def rejected_by_reason(outcomes: Iterable[TicketOutcome]) -> str:
    """'2 whose guest is not in guestbook, 1 with an amount that cannot be read': the rejected
    tickets by kind of reason, the most frequent first (a ticket with two problems counts
    under each)."""
    kinds: Counter[str] = Counter()
    for outcome in outcomes:
        if outcome.fate == "rejected":
            kinds.update({reason_kind(reason) for reason in outcome.reasons} or {"other"})
    return ", ".join(_kind_counts(kind, count) for kind, count in kinds.most_common())


def _head(result: VisitsImportResult) -> str:
    """'Preview of tickets.csv: 4 tickets read, 2 matched to guests: 2 new visits, 0 already
    imported; 2 rejected (will not be recorded). …'"""
    matched = result.recorded + result.already
    if result.dry_run:
        rejected = ngettext(
            "{count} rejected (will not be recorded)",
            "{count} rejected (will not be recorded)",
            result.rejected,
        )
        head = _(
            "Preview of {file}: {tickets}, {matched}: {new}, {already}; {rejected}. Nothing is "
            "written until you import (ctrl+s)."
        )
    else:
        rejected = ngettext(
            "{count} rejected (not recorded)", "{count} rejected (not recorded)", result.rejected
        )
        head = _("Visits imported from {file}: {tickets}, {matched}: {new}, {already}; {rejected}.")
    counts = {
        "tickets": (
            ngettext("{count} ticket read", "{count} tickets read", result.tickets),
            result.tickets,
        ),
        "matched": (
            ngettext("{count} matched to a guest", "{count} matched to guests", matched),
            matched,
        ),
        "new": (
            ngettext("{count} new visit", "{count} new visits", result.recorded),
            result.recorded,
        ),
        "already": (
            ngettext("{count} already imported", "{count} already imported", result.already),
            result.already,
        ),
        "rejected": (rejected, result.rejected),
    }
    said = {key: text.format(count=number(count)) for key, (text, count) in counts.items()}
    return head.format(file=result.file_name, **said)


def visits_summary(result: VisitsImportResult, rejects: Path | None) -> str:
    """What the preview or the import of tickets did; `rejects`: where the preview's rejected
    tickets will go when imported."""
    lines = [_head(result)]
    if result.recorded:
        lines.append(
            ngettext(
                "{count} guest, {amount} in all.", "{count} guests, {amount} in all.", result.guests
            ).format(count=number(result.guests), amount=money(result.spend_cents))
        )
    if result.rejected:
        lines.append(_("Rejected: {reasons}.").format(reasons=rejected_by_reason(result.outcomes)))
        if result.rejects_file is not None:
            lines.append(
                _("Rejected tickets, with their reasons, are in {path}").format(
                    path=result.rejects_file
                )
            )
        elif result.dry_run and rejects is not None:
            lines.append(
                _("On import, rejected tickets go to {path}, with their reasons.").format(
                    path=rejects
                )
            )
    return "\n".join(lines + _notes(result))


def _notes(result: VisitsImportResult) -> list[str]:
    lines = [note] if (note := result.date_order.note()) else []
    if not result.has_party_size:
        lines.append(_("No party size column: each ticket is counted as a table of one."))
    if result.sponsor_rewards:
        lines.append(rewards_due(result.sponsor_rewards))
    if result.imported_before:
        lines.append(
            _("This file was already imported on {day}.").format(day=result.imported_before[:10])
        )
    return lines


def ticket_what(outcome: TicketOutcome) -> str:
    """A ticket's outcome, in the What happens column."""
    if outcome.fate == "recorded":
        return _("new visit")
    if outcome.fate == "already":
        return _("already imported")
    from guestbook.i18n import pgettext

    return pgettext("import row", "rejected")


def ticket_details(outcome: TicketOutcome) -> str:
    """Why a ticket is rejected; else its date, amount and party, and where it was seen."""
    if outcome.fate == "rejected":
        return " · ".join(outcome.reasons)
    assert outcome.visited_on is not None
    # Translators: how many sat at the table ("2 couverts"); the English says "party of 2".
    party = ngettext("party of {count}", "party of {count}", outcome.party_size).format(
        count=number(outcome.party_size)
    )
    facts = f"{date_text(outcome.visited_on)}, {money(outcome.amount_cents)}, {party}"
    if outcome.ticket:
        facts = _("ticket {ticket}, {facts}").format(ticket=outcome.ticket, facts=facts)
    if outcome.same_as_line:
        facts += " · " + _("the same ticket as line {line}").format(line=outcome.same_as_line)
    elif outcome.fate == "already":
        facts += " · " + _("recorded by an earlier import")
    return facts


def ticket_name(outcome: TicketOutcome) -> str:
    """The guest the ticket goes to ('Hélène Dupont (#12)'), else who it names as written."""
    return outcome.guest or outcome.who or _("(no name)")
