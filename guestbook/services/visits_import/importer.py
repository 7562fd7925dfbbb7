"""Importing visits from the till (`guestbook import-visits`, product.md "Visits from the till").

Every ticket of the file ends up recorded as a visit of the guest it names, already imported,
or rejected with all its reasons; rejected tickets go to a rejects file the owner can fix and
import again. A ticket is already imported when an earlier import recorded the same ticket:
the same date and number when the file numbers its tickets, else the same guest, date, amount
and party size (the second such ticket of a file is the same as the second one recorded), so
importing a file twice changes nothing. The whole import is one transaction: an error or a
cancel leaves the database as it was. A dry run takes exactly the same decisions and writes
nothing. What an import did is kept (visit_import, visit_import_ticket) for undo.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from guestbook.errors import UserError
from guestbook.exchange.guest_file import GuestFile, RowValues, SourceRow
from guestbook.exchange.rejects import write_rejects
from guestbook.i18n import _
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services
from guestbook.services.importing.importer import check_rejects_path, cycle_collector_paused
from guestbook.services.rights import audit
from guestbook.services.visits_import import store
from guestbook.services.visits_import.check import ValidTicket
from guestbook.services.visits_import.decide import Decider
from guestbook.services.visits_import.result import Fate, VisitsImportResult
from guestbook.services.visits_import.tickets import TicketFile, TicketRow, read_ticket_file
from guestbook.storage.sqlite import visits_import as sql
from guestbook.storage.sqlite.raw import stamp

if TYPE_CHECKING:
    from sqlmodel import Session


def import_visits(
    services: Services,
    path: Path,
    *,
    dry_run: bool = False,
    rejects_path: Path | None = None,
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> VisitsImportResult:
    """Import the tickets of `path`; UserError if it is not a file of tickets (nothing is
    written then). The rejects file goes to `rejects_path` when tickets are rejected (a dry
    run writes it too when asked, so the owner can fix them before importing)."""
    with cycle_collector_paused():
        source = read_ticket_file(path)
        check_rejects_path(rejects_path, path)
        try:
            if dry_run:
                return services.read(
                    lambda connection: _Run(services, connection, source, None).run(
                        rejects_path, progress, cancel
                    )
                )
            return services.write(
                lambda session: _Run(services, session.connection(), source, session).run(
                    rejects_path, progress, cancel
                )
            )
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            raise UserError(
                _(
                    "the database is busy with another change (an import or a save in the "
                    "app): nothing was imported, try again in a moment"
                )
            ) from None


class _Run:
    def __init__(
        self,
        services: Services,
        connection: Connection,
        source: TicketFile,
        session: Session | None,
    ) -> None:
        self.services = services
        self.connection = connection
        self.source = source
        self.session = session  # None for a dry run: nothing is written
        self.at = services.clock.now()

    def run(
        self, rejects_path: Path | None, progress: Progress | None, cancel: CancelCheck | None
    ) -> VisitsImportResult:
        source, connection = self.source, self.connection
        imported_before = sql.imported_before(connection, source.sha256)
        batch_id = None
        if self.session is not None:
            batch_id = sql.insert_batch(
                connection, source.name, source.sha256, stamp(self.at), self.services.staff
            )
        decider = Decider(connection, source, self.services)
        decider.check(progress, cancel)
        outcomes, recorded = decider.decide()
        check_cancel(cancel)
        counts = Counter(outcome.fate for outcome in outcomes)
        guests = sorted({guest_id for _ticket, guest_id in recorded})
        rejected = [
            (row, "; ".join(outcome.reasons))
            for row, outcome in zip(source.rows, outcomes, strict=True)
            if outcome.fate == "rejected"
        ]
        written_rejects = _write_rejects(rejects_path, source, rejected)
        settled: list[dict[str, object]] = []
        if batch_id is not None and self.session is not None:
            settled = self._write(batch_id, recorded, guests)
            numbers = (len(outcomes), counts["recorded"], counts["already"], counts["rejected"])
            sql.finish_batch(connection, batch_id, numbers, json.dumps(settled) if settled else "")
            self._audit(counts, len(guests))
        check_cancel(cancel)  # the last moment a cancel still leaves the database untouched
        report(progress, len(outcomes), len(outcomes))
        return VisitsImportResult(
            file_name=source.name,
            tickets=len(outcomes),
            recorded=counts["recorded"],
            already=counts["already"],
            rejected=counts["rejected"],
            dry_run=self.session is None,
            outcomes=tuple(outcomes),
            guests=len(guests),
            spend_cents=sum(ticket.amount_cents for ticket, _guest in recorded),
            rejects_file=written_rejects,
            batch_id=batch_id,
            imported_before=imported_before,
            sponsor_rewards=len(settled),
            lines=source.lines,
            encoding=source.encoding,
            delimiter=source.delimiter,
            ignored_columns=source.ignored_columns,
            has_party_size=source.has_party_size,
            date_order=source.date_order,
        )

    def _write(
        self, batch_id: int, recorded: list[tuple[ValidTicket, int]], guests: list[int]
    ) -> list[dict[str, object]]:
        """The visits, the summaries of their guests, the referrals they settle."""
        assert self.session is not None
        settings = self.services.settings
        store.write_visits(
            self.connection, batch_id, recorded, stamp(self.at), self.services.settings.site
        )
        store.refresh_summaries(self.connection, guests, settings)
        return store.settle_referrals(self.session, guests, now=self.at, settings=settings)

    def _audit(self, counts: Counter[Fate], guests: int) -> None:
        """The import in the audit, in the import's transaction: the guests it gave visits.
        English whatever the language, as every detail of the audit."""
        detail = (
            f"{self.source.name}: {counts['recorded']} recorded, {counts['already']} already "
            f"imported, {counts['rejected']} rejected"
        )
        audit.record(
            self.connection,
            "visits_import",
            at=self.at,
            staff=self.services.staff,
            guests=guests,
            detail=detail,
        )


def _write_rejects(
    rejects_path: Path | None, source: TicketFile, rejected: list[tuple[TicketRow, str]]
) -> Path | None:
    """The rejected tickets as they were, with their reasons in one more column, in the
    guest import's rejects format (exchange.rejects); their path, or None when none was
    written."""
    if not rejected or rejects_path is None:
        return None
    shell = GuestFile(
        source.name, source.sha256, "csv", [], delimiter=source.delimiter, headers=source.headers
    )
    rows = [(SourceRow(row.line, RowValues(), row.cells), reasons) for row, reasons in rejected]
    try:
        write_rejects(rejects_path, shell, rows)
    except (OSError, UserError) as error:  # then nothing is imported: no ticket is lost
        reason = error.strerror if isinstance(error, OSError) else None
        raise UserError(
            _("cannot write the rejects file {path}: {error}").format(
                path=rejects_path, error=reason or error
            )
        ) from None
    return rejects_path
