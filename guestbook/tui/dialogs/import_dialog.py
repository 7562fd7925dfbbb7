"""Import guests from another system's file, or visits from the till: preview first, then
import; undo the last one. (The visits' steps are visits_import.TillImport's, which also
recognises a file of tickets by its headers.)

The preview is a dry run: it says, before anything is written, how many rows are new, which
guest each merged row goes into (an existing guest, or the guest a row above in the same file
makes), and why each rejected row is refused. The rejected rows go to a file the owner
chooses: beside the source by default, or in the home folder when the source's folder cannot
be written to (a read-only USB stick, a shared folder).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Select, Static

from guestbook.domain.dates import DateOrder
from guestbook.errors import UserError
from guestbook.exchange.date_order import DateOrderChoice
from guestbook.i18n import N_, _, date_text, ngettext, number, pgettext
from guestbook.progress import Cancelled
from guestbook.services.context import Services
from guestbook.services.importing.importer import ImportResult, import_file
from guestbook.services.importing.undo import ImportInfo, last_import, undo_last_import
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.import_summary import row_details, summary, what_happens
from guestbook.tui.dialogs.visits_import import TillImport, guests_hint, kind_choices

__all__ = ["ImportDialog", "default_rejects_path", "rejects_path_for", "summary", "what_happens"]

PREVIEW_ROWS = 500
# Column widths that fit the dialog (96 columns): a longer name or reason wraps onto more lines
# rather than being cut at the dialog's edge.
NAME_WIDTH, WHAT_WIDTH, DETAILS_WIDTH = 20, 12, 42


def rejects_path_for(source: Path) -> Path:
    if source.name in ("", ".", ".."):  # a folder ('/', '.'): no file's name to take
        return source / "rejects.csv"
    return source.with_name(f"{source.stem}-rejects{source.suffix or '.csv'}")


def default_rejects_path(source: Path, home: Path | None = None) -> Path:
    """Beside the source when its folder can be written to, else in the home folder."""
    beside = rejects_path_for(source)
    if os.access(beside.parent, os.W_OK | os.X_OK):
        return beside
    return (home or Path.home()) / beside.name


class ImportDialog(TillImport):
    # The note on the file's kind gives its room to the results, as the hint does (app.tcss).
    DEFAULT_CSS = """
    ImportDialog #recognised { height: auto; color: $text-muted; }
    ImportDialog #import.with-results #recognised { display: none; }
    """
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="import.cancel"),
        Binding("ctrl+r", "preview", N_("Preview"), id="import.preview", priority=True),
        Binding("ctrl+s", "import", N_("Import"), id="import.run", priority=True),
        Binding("ctrl+u", "undo", N_("Undo last import"), id="import.undo", priority=True),
        Binding(
            "ctrl+o", "switch_dates", N_("Switch date order"), id="import.dates", priority=True
        ),
    ]

    def __init__(self, services: Services, path: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial_path = path
        # The file and the date order the last preview used: the import takes both.
        self.previewed: tuple[Path, DateOrder | None] | None = None
        self.rejects_chosen = False  # the owner typed where the rejects go: keep it
        self.date_order: DateOrder | None = None  # None: the order the file's dates show
        self.found_order: DateOrderChoice | None = None  # what the last preview read

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="import"):
            yield Label(_("Import guests from another system"), classes="dialog-title", id="title")
            yield Static(guests_hint(), classes="hint", id="import-hint")
            with Grid(classes="form-grid", id="import-paths"):
                yield Label(_("File"))
                yield Input(
                    self.initial_path,
                    placeholder=_("/path/to/guests.csv"),
                    id="path",
                    compact=True,
                )
                yield Label(_("The file holds"))
                yield Select(
                    kind_choices(), value="guests", allow_blank=False, id="kind", compact=True
                )
                yield Label(_("Rejected rows to"))
                yield Input(
                    placeholder=_("a file beside the source (or in your home folder)"),
                    id="rejects",
                    compact=True,
                )
            yield Static("", id="recognised")
            yield ProgressBar(id="progress", show_eta=False)
            with VerticalScroll(id="summary-box"):
                yield Static("", id="summary")
            # Beside what the preview says of the dates, not among the buttons: shown only for a
            # file whose dates depend on it.
            yield Button("", id="dates", compact=True)
            table: DataTable[str | Text] = DataTable(id="outcomes", cursor_type="row")
            table.add_column(_("Line"), width=5)
            table.add_column(_("Name"), width=NAME_WIDTH)
            table.add_column(_("What happens"), width=WHAT_WIDTH)
            table.add_column(_("Details"), width=DETAILS_WIDTH)
            yield table
            with Horizontal(classes="buttons"):
                yield Button(_("Preview (ctrl+r)"), id="preview")
                yield Button(_("Import (ctrl+s)"), variant="primary", id="run")
                yield Button(_("Undo last import (ctrl+u)"), id="undo")
                yield Button(_("Close (esc)"), id="close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#outcomes").display = False
        self.query_one("#summary-box").display = False
        self.query_one("#dates").display = False
        self.query_one("#path", Input).focus()
        self._suggest_rejects(self.initial_path)
        self.recognise(self.initial_path)

    @on(Input.Changed, "#path")
    def path_changed(self, event: Input.Changed) -> None:
        self._suggest_rejects(event.value)
        self.date_order = None  # another file: its own dates decide again
        self.found_order = None
        self.query_one("#dates").display = False
        self.recognise(event.value)

    @on(Select.Changed, "#kind")
    def kind_changed(self, event: Select.Changed) -> None:
        self.kind_chosen = self.kind_chosen or event.value != self.kind_found
        self.previewed, self.previewed_tickets = None, None  # a preview of the other kind
        for shown in ("#outcomes", "#dates", "#summary-box"):
            self.query_one(shown).display = False
        self.query_one("#import").remove_class("with-results")
        self.show_kind()

    @on(Input.Changed, "#rejects")
    def rejects_changed(self, event: Input.Changed) -> None:
        if event.value != self._suggested:
            self.rejects_chosen = bool(event.value.strip())

    _suggested = ""

    def _suggest_rejects(self, text: str) -> None:
        if self.rejects_chosen:
            return
        source = Path(text.strip()).expanduser()
        # Suggested once the path names a file: while it is typed it passes through folders
        # ('/', '/tmp/'), which have no name to take.
        is_file = text.strip() and not text.strip().endswith(("/", ".")) and not source.is_dir()
        suggested = str(default_rejects_path(source)) if is_file else ""
        self._suggested = suggested
        self.query_one("#rejects", Input).value = suggested

    def source(self) -> Path | None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self._say(_("Type the path of the file to import."))
            return None
        return Path(text).expanduser()

    def rejects(self, source: Path) -> Path:
        text = self.query_one("#rejects", Input).value.strip()
        return Path(text).expanduser() if text else default_rejects_path(source)

    def action_preview(self) -> None:
        source = self.source()
        if source is not None and not self.busy and self.kind() == "visits":
            self.preview_tickets(source, self.rejects(source))
        elif source is not None and not self.busy:
            self.start()
            self.run_import(source, None, dry_run=True, date_order=self.date_order)

    def action_switch_dates(self) -> None:
        """Preview again with the file's all-digit dates read in the other order."""
        if self.found_order is None or not self.found_order.numeric or self.busy:
            return
        current = self.found_order.order
        self.date_order = "month_first" if current == "day_first" else "day_first"
        self.action_preview()

    def action_import(self) -> None:
        source = self.source()
        if source is None or self.busy:
            return
        if self.kind() == "visits":
            self.import_tickets(source, self.rejects(source))
            return
        if self.previewed != (source, self.date_order):
            self._say(_("Preview first (ctrl+r): you will see what happens to every row."))
            return
        self.start()
        self.run_import(source, self.rejects(source), dry_run=False, date_order=self.date_order)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(
        self, source: Path, rejects: Path | None, *, dry_run: bool, date_order: DateOrder | None
    ) -> None:
        try:
            result = import_file(
                self.services,
                source,
                dry_run=dry_run,
                rejects_path=rejects,
                progress=self.progress,
                cancel=self.cancelled,
                date_order=date_order,
            )
        except Cancelled:
            self.app.call_from_thread(self.failed, _("Stopped: nothing was written."))
            return
        except (UserError, OSError) as error:
            self.app.call_from_thread(self.failed, _("Cannot import: {error}").format(error=error))
            return
        self.app.call_from_thread(self.show_result, source, result)

    def show_result(self, source: Path, result: ImportResult) -> None:
        self.finish()
        self.query_one("#import").add_class("with-results")
        self.previewed = (source, self.date_order) if result.dry_run else None
        self._show_date_order(result.date_order if result.dry_run else None)
        self._say(summary(result))
        table = self.query_one("#outcomes", DataTable)
        table.display = True
        table.clear()
        # Rejected rows first: they are the ones the owner has to act on.
        order = {"rejected": 0, "merged": 1, "new": 2}
        for outcome in sorted(result.outcomes, key=lambda o: (order[o.action], o.line))[
            :PREVIEW_ROWS
        ]:
            table.add_row(
                str(outcome.line),
                Text(outcome.name),
                Text(
                    what_happens(outcome.action), style="bold" if outcome.action != "merged" else ""
                ),
                Text(row_details(outcome)),
                height=None,  # a long reason wraps: it is what the owner has to fix
            )
        if not result.dry_run:
            self.notify(summary(result).split("\n")[0], title=pgettext("notification", "Import"))

    def _show_date_order(self, found: DateOrderChoice | None) -> None:
        """The button that reads the dates the other way, when the file has dates it changes."""
        self.found_order = found
        button = self.query_one("#dates", Button)
        button.display = found is not None and found.numeric > 0
        if found is not None:
            button.label = (
                _("Read dates month first (ctrl+o)")
                if found.order == "day_first"
                else _("Read dates day first (ctrl+o)")
            )

    def action_undo(self) -> None:
        if self.kind() == "visits":
            self.undo_tickets()
            return
        info = last_import(self.services)
        if info is None:
            self._say(_("There is no import to undo."))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_undo()

        self.app.push_screen(
            Confirm(
                _("Undo the last import?"),
                undo_details(info),
                yes=_("Undo the import"),
                no=_("Keep it"),
                dangerous=True,
            ),
            answered,
        )

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_undo(self) -> None:
        try:
            undone = undo_last_import(self.services)
        except UserError as error:
            self.app.call_from_thread(self.failed, _("Not undone: {error}").format(error=error))
            return
        removed = ngettext(
            "{count} guest removed", "{count} guests removed", undone.removed
        ).format(count=number(undone.removed))
        restored = ngettext(
            "{count} guest given their previous details back",
            "{count} guests given their previous details back",
            undone.restored,
        ).format(count=number(undone.restored))
        message = _("Import of {file} undone: {removed}, {restored}.").format(
            file=undone.file_name, removed=removed, restored=restored
        )
        self.app.call_from_thread(self.failed, message)

    @on(Button.Pressed)
    def button(self, event: Button.Pressed) -> None:
        actions = {"preview": self.action_preview, "run": self.action_import,
                   "dates": self.action_switch_dates, "undo": self.action_undo,
                   "close": self.action_cancel}  # fmt: skip
        actions[event.button.id or "close"]()


def undo_details(info: ImportInfo) -> list[str]:
    """What undoing the last import does, in the numbers the undo then reports (a count of
    none is not said)."""
    # Stored in UTC; said in the restaurant's own time, as every date it sees.
    at = dt.datetime.fromisoformat(info.at).replace(tzinfo=dt.UTC).astimezone()
    details = [
        _("{file}, imported on {day} at {time}.").format(
            file=info.file_name, day=date_text(at.date()), time=at.strftime("%H:%M")
        ),
        ngettext(
            "{count} guest it created will be removed.",
            "{count} guests it created will be removed.",
            info.removes,
        ).format(count=number(info.removes)),
    ]
    if info.restores:
        details.append(
            ngettext(
                "{count} guest it changed gets their previous details back.",
                "{count} guests it changed get their previous details back.",
                info.restores,
            ).format(count=number(info.restores))
        )
    return details
