"""Each ticket's fate: checked (check.py), matched to a guest (match.py), then recorded,
already imported, or rejected with its reasons. Reads only: a dry run and a real import take
exactly the same decisions, and only the real one writes them (importer.py).

Already imported:
- a numbered ticket whose date and number an earlier import recorded, or a line above in the
  same file holds (the same amount and party size; else it is rejected, for the owner to look);
- a ticket without a number, when earlier imports recorded at least as many visits of the same
  guest, date, amount and party size as this file holds up to this ticket (so a guest who came
  twice the same day for the same amount has two visits, and a second import adds none).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Connection

from guestbook.i18n import _
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services
from guestbook.services.visits_import.check import ValidTicket, check_ticket
from guestbook.services.visits_import.match import GuestFinder, Known
from guestbook.services.visits_import.result import Fate, TicketOutcome
from guestbook.services.visits_import.tickets import TicketFile, TicketRow, TicketValues
from guestbook.storage.sqlite import visits_import as sql
from guestbook.storage.sqlite.visits_import import VisitFacts

CHUNK = 5000  # tickets checked between two progress reports and cancel checks

_Slot = TicketOutcome | tuple[ValidTicket, Known]


class Decider:
    def __init__(self, connection: Connection, source: TicketFile, services: Services) -> None:
        self.connection = connection
        self.source = source
        self.today = services.clock.today()
        self.region = services.settings.phone_region
        self.checked: list[ValidTicket | list[str]] = []

    def check(self, progress: Progress | None, cancel: CancelCheck | None) -> None:
        """Every ticket's values checked, in chunks between which a cancel is seen."""
        rows, source = self.source.rows, self.source
        order, total = source.date_order.order, len(rows)
        for start in range(0, total, CHUNK):
            check_cancel(cancel)
            self.checked += [
                check_ticket(
                    row,
                    today=self.today,
                    region=self.region,
                    order=order,
                    has_party_size=source.has_party_size,
                )
                for row in rows[start : start + CHUNK]
            ]
            report(progress, min(start + CHUNK, total), total)

    def decide(self) -> tuple[list[TicketOutcome], list[tuple[ValidTicket, int]]]:
        """Each ticket's outcome, in the file's order, and the (ticket, guest id) to record."""
        valid = [ticket for ticket in self.checked if isinstance(ticket, ValidTicket)]
        keys = sorted({ticket.key for ticket in valid if ticket.key})
        known = sql.known_ticket_keys(self.connection, keys)
        finder = GuestFinder(self.connection)
        finder.prefetch([ticket for ticket in valid if ticket.key not in known])
        first_of_key: dict[str, ValidTicket] = {}
        slots = [
            self._first_pass(row, checked, known, first_of_key, finder)
            for row, checked in zip(self.source.rows, self.checked, strict=True)
        ]
        return self._second_pass(slots)

    def _first_pass(
        self,
        row: TicketRow,
        checked: ValidTicket | list[str],
        known: set[str],
        first_of_key: dict[str, ValidTicket],
        finder: GuestFinder,
    ) -> _Slot:
        if not isinstance(checked, ValidTicket):
            return TicketOutcome(
                row.line,
                "rejected",
                row.values.ticket,
                who=_who(row.values),
                reasons=tuple(checked),
            )
        key = checked.key
        if key is not None and key in known:
            return _outcome(checked, "already")
        earlier = first_of_key.get(key) if key is not None else None
        if earlier is not None:
            if (earlier.amount_cents, earlier.party_size) == (
                checked.amount_cents,
                checked.party_size,
            ):
                return _outcome(checked, "already", same_as_line=earlier.line)
            reason = _(
                "ticket {ticket} of {date} is on line {line} too, with another amount or party "
                "size: check which one is right"
            ).format(ticket=checked.ticket, date=checked.visited_on.isoformat(), line=earlier.line)
            return _outcome(checked, "rejected", reasons=(reason,))
        found = finder.find(checked)
        if isinstance(found, str):
            return _outcome(checked, "rejected", reasons=(found,))
        if key is not None:
            first_of_key[key] = checked
        return checked, found

    def _second_pass(
        self, slots: Sequence[_Slot]
    ) -> tuple[list[TicketOutcome], list[tuple[ValidTicket, int]]]:
        """The matched tickets without a number, counted against the visits imported before."""
        guests = sorted({s[1].id for s in slots if isinstance(s, tuple) and s[0].key is None})
        before = sql.imported_visits(self.connection, guests)
        seen: Counter[VisitFacts] = Counter()
        outcomes: list[TicketOutcome] = []
        recorded: list[tuple[ValidTicket, int]] = []
        for slot in slots:
            if isinstance(slot, TicketOutcome):
                outcomes.append(slot)
                continue
            ticket, guest = slot
            fate: Fate = "recorded"
            if ticket.key is None:
                facts = (
                    guest.id,
                    ticket.visited_on.isoformat(),
                    ticket.amount_cents,
                    ticket.party_size,
                )
                seen[facts] += 1
                if seen[facts] <= before.get(facts, 0):
                    fate = "already"
            if fate == "recorded":
                recorded.append((ticket, guest.id))
            outcomes.append(_outcome(ticket, fate, guest))
        return outcomes, recorded


def _outcome(
    ticket: ValidTicket,
    fate: Fate,
    guest: Known | None = None,
    *,
    reasons: tuple[str, ...] = (),
    same_as_line: int = 0,
) -> TicketOutcome:
    return TicketOutcome(
        ticket.line,
        fate,
        ticket.ticket,
        guest_id=guest.id if guest else None,
        guest=guest.label if guest else "",
        who=ticket.name or ", ".join((*ticket.phones, *ticket.emails)),
        visited_on=ticket.visited_on,
        party_size=ticket.party_size,
        amount_cents=ticket.amount_cents,
        reasons=reasons,
        same_as_line=same_as_line,
    )


def _who(values: TicketValues) -> str:
    """Who a ticket names, as written: the name, else its phones and emails."""
    name = " ".join(part for part in (values.first_name, values.last_name) if part)
    return name or ", ".join((*values.phones, *values.emails))
