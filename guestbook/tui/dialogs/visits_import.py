"""The import dialog's steps for visits from the till (issue 17, product.md "Visits from the
till"): the same preview, import with progress and undo of the last one as for guests, over
services.visits_import. ImportDialog (import_dialog.py) is built on it and says which steps run.

Which kind of file it is, guests or tickets, the owner says in the dialog; the dialog also
recognises a file of tickets by its headers (exchange.ticket_headers: a date, an amount and who
the guest was), chooses "visits" for it and says by which columns, unless the owner chose by
hand. Imported as guests, a till's export would make a guest of every ticket's customer; its
visits would be lost.
"""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

from rich.text import Text
from textual import work
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Select, Static

from guestbook.errors import UserError
from guestbook.exchange.csv_read import NotAGuestList
from guestbook.exchange.ticket_headers import GUEST_FIELDS, TICKET_FIELDS, read_ticket_table
from guestbook.i18n import _, date_text, ngettext, number, pgettext
from guestbook.progress import Cancelled
from guestbook.services.context import Services
from guestbook.services.visits_import.importer import import_visits
from guestbook.services.visits_import.result import VisitsImportInfo, VisitsImportResult
from guestbook.services.visits_import.undo import last_visits_import, undo_last_visits_import
from guestbook.services.visits_import_text import undone_lines
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.long_work import LongWorkDialog
from guestbook.tui.dialogs.visits_summary import (
    ticket_details,
    ticket_name,
    ticket_what,
    visits_summary,
)

PREVIEW_TICKETS = 500
SNIFF_BYTES = 65536  # a till's header row is in its first lines
SHOWN_COLUMNS = 5


def ticket_columns(path: Path) -> list[str] | None:
    """The headers by which `path` reads as a file of tickets (its date, amount, … and who the
    guest was), or None when it does not (or is not a regular file to read)."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # never open a pipe or a device
            return None
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
        if len(head) == SNIFF_BYTES:  # the last line may be cut, in the middle of a character
            head = head[: head.rfind(b"\n") + 1] or head
        table, columns = read_ticket_table(head)
    except (OSError, NotAGuestList, UnicodeError):
        return None
    found = columns.columns
    return [
        table.headers[found[name][0]].strip()
        for name in (*TICKET_FIELDS, *GUEST_FIELDS)
        if name in found
    ][:SHOWN_COLUMNS]


def guests_hint() -> str:
    return _(
        "CSV or TSV (UTF-8 or Windows-1252, French or English headers), a vCard file (.vcf) "
        "from a phone, Google Contacts, iCloud or Outlook, or a guestbook JSON export. Preview "
        "first: nothing is written until you import."
    )


def kind_choices() -> list[tuple[str, str]]:
    """What the file holds: guests, or the till's tickets (visits of known guests)."""
    return [
        (_("Guests (a guest list, contacts)"), "guests"),
        (_("Visits from the till (tickets)"), "visits"),
    ]


class TillImport(LongWorkDialog):
    """What the import dialog does with a file of tickets, and what both kinds share."""

    services: Services

    def __init__(self) -> None:
        super().__init__()
        self.previewed_tickets: Path | None = None  # the file the last preview of tickets read
        # What the dialog chose by the file's headers, and whether the owner chose otherwise
        # (then the headers no longer choose); the columns that made the file tickets.
        self.kind_found = "guests"
        self.kind_chosen = False
        self.found_columns: list[str] = []

    def kind(self) -> str:
        """'guests' or 'visits': what the owner imports."""
        return str(self.query_one("#kind", Select).value)

    @work(thread=True, exclusive=True, group="recognise", exit_on_error=False)
    def recognise(self, text: str) -> None:
        """Whether the file typed reads as the till's tickets (a file read: not on the UI
        thread, which a slow disk would freeze)."""
        columns = ticket_columns(Path(text.strip()).expanduser()) if text.strip() else None
        self.app.call_from_thread(self.recognised, text, columns or [])

    def recognised(self, text: str, columns: list[str]) -> None:
        if text != self.query_one("#path", Input).value:
            return  # the owner typed on: another file
        self.found_columns = columns
        if not self.kind_chosen:
            self.kind_found = "visits" if columns else "guests"
            self.query_one("#kind", Select).value = self.kind_found
        self.show_kind()

    def show_kind(self) -> None:
        """The title, the hint, the undo button and the note on the file for the kind
        chosen."""
        visits = self.kind() == "visits"
        self.query_one("#import-hint", Static).update(
            _(
                "A CSV of tickets from the till: date, party size, amount, and the guest by "
                "phone, email or name. Preview first: nothing is written until you import."
            )
            if visits
            else guests_hint()
        )
        self.query_one("#title", Label).update(
            _("Import visits from the till") if visits else _("Import guests from another system")
        )
        undo = self.query_one("#undo", Button)
        undo.label = _("Undo visits import (ctrl+u)") if visits else _("Undo last import (ctrl+u)")
        undo.refresh(layout=True)  # its width follows its new label
        columns = ", ".join(self.found_columns)
        note = ""
        if columns and visits:
            note = _(
                "Recognised as tickets from the till by its columns {columns}: its visits will "
                "be recorded for the guests they name."
            ).format(columns=columns)
        elif columns:
            note = _(
                "This file looks like tickets from the till (columns {columns}): to record its "
                "visits, choose “Visits from the till”."
            ).format(columns=columns)
        self.query_one("#recognised", Static).update(note)

    def _say(self, message: str) -> None:
        self.query_one("#summary-box").display = True
        self.query_one("#summary", Static).update(message)

    def finish(self) -> None:
        super().finish()
        self.query_one(ProgressBar).display = False  # its room goes to the results

    def failed(self, message: str) -> None:
        self.finish()
        self._say(message)

    # --- preview and import -----------------------------------------------------------------

    def preview_tickets(self, source: Path, rejects: Path) -> None:
        """A dry run: every ticket's fate, nothing written (the rejects file neither)."""
        self.start()
        self.run_tickets(source, rejects, dry_run=True)

    def import_tickets(self, source: Path, rejects: Path) -> None:
        if self.previewed_tickets != source:
            self._say(_("Preview first (ctrl+r): you will see what happens to every ticket."))
            return
        self.start()
        self.run_tickets(source, rejects, dry_run=False)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_tickets(self, source: Path, rejects: Path, *, dry_run: bool) -> None:
        try:
            result = import_visits(
                self.services,
                source,
                dry_run=dry_run,
                rejects_path=None if dry_run else rejects,
                progress=self.progress,
                cancel=self.cancelled,
            )
        except Cancelled:
            self.app.call_from_thread(self.failed, _("Stopped: nothing was written."))
            return
        except (UserError, OSError) as error:
            self.app.call_from_thread(self.failed, _("Cannot import: {error}").format(error=error))
            return
        self.app.call_from_thread(self.show_tickets, source, result, rejects)

    def show_tickets(self, source: Path, result: VisitsImportResult, rejects: Path) -> None:
        self.finish()
        self.query_one("#import").add_class("with-results")
        self.previewed_tickets = source if result.dry_run else None
        self._say(visits_summary(result, rejects))
        table = self.query_one("#outcomes", DataTable)
        table.display = True
        table.clear()
        # Rejected tickets first: they are the ones the owner has to act on.
        order = {"rejected": 0, "recorded": 1, "already": 2}
        shown = sorted(result.outcomes, key=lambda o: (order[o.fate], o.line))[:PREVIEW_TICKETS]
        for outcome in shown:
            table.add_row(
                str(outcome.line),
                Text(ticket_name(outcome)),
                Text(ticket_what(outcome), style="" if outcome.fate == "already" else "bold"),
                Text(ticket_details(outcome)),
                height=None,  # a long reason wraps: it is what the owner has to fix
            )
        if not result.dry_run:
            self.notify(
                visits_summary(result, rejects).split("\n")[0],
                title=pgettext("notification", "Import"),
            )

    # --- undo -------------------------------------------------------------------------------

    def undo_tickets(self) -> None:
        info = last_visits_import(self.services)
        if info is None:
            self._say(_("There is no visits import to undo."))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_tickets_undo()

        self.app.push_screen(
            Confirm(
                _("Undo the last visits import?"),
                visits_undo_details(info),
                yes=_("Undo the visits import"),
                no=_("Keep it"),
                dangerous=True,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_tickets_undo(self) -> None:
        try:
            undone = undo_last_visits_import(self.services)
        except UserError as error:
            self.app.call_from_thread(self.failed, _("Not undone: {error}").format(error=error))
            return
        lines = undone_lines(undone.file_name, undone.visits, undone.sponsor_rewards)
        self.previewed_tickets = None  # a preview said "already imported": no longer true
        self.app.call_from_thread(self.failed, "\n".join(lines))


def visits_undo_details(info: VisitsImportInfo) -> list[str]:
    """What undoing the last visits import does: the file, when (the restaurant's time), how
    many visits go."""
    at = dt.datetime.fromisoformat(info.at).replace(tzinfo=dt.UTC).astimezone()
    return [
        _("{file}, imported on {day} at {time}.").format(
            file=info.file_name, day=date_text(at.date()), time=at.strftime("%H:%M")
        ),
        ngettext(
            "{count} visit it recorded will be removed.",
            "{count} visits it recorded will be removed.",
            info.recorded,
        ).format(count=number(info.recorded)),
    ]
