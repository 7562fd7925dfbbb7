"""Import guests from another system's file: preview first, then import; undo the last one.

The preview is a dry run: it says, before anything is written, how many rows are new, which
existing guest each merged row goes into, and why each rejected row is refused.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Static

from guestbook.errors import UserError
from guestbook.i18n import N_, _, ngettext, number, pgettext
from guestbook.progress import Cancelled
from guestbook.services.context import Services
from guestbook.services.importing.importer import ImportResult, import_file
from guestbook.services.importing.undo import last_import, undo_last_import
from guestbook.tui.dialogs.confirm import Confirm
from guestbook.tui.dialogs.long_work import LongWorkDialog

PREVIEW_ROWS = 500


def rejects_path_for(source: Path) -> Path:
    return source.with_name(f"{source.stem}-rejects{source.suffix or '.csv'}")


def summary(result: ImportResult) -> str:
    rows = ngettext("{count} row", "{count} rows", result.rows)
    new = ngettext("{count} new", "{count} new", result.new)
    merged = ngettext(
        "{count} merged into existing guests", "{count} merged into existing guests", result.merged
    )
    rejected = ngettext("{count} rejected", "{count} rejected", result.rejected)
    counts = {
        "rows": rows.format(count=number(result.rows)),
        "new": new.format(count=number(result.new)),
        "merged": merged.format(count=number(result.merged)),
        "rejected": rejected.format(count=number(result.rejected)),
    }
    if result.dry_run:
        text = _(
            "{rows}: {new}, {merged}, {rejected} — they would be previewed, nothing written yet."
        ).format(**counts)
    else:
        text = _("{rows}: {new}, {merged}, {rejected} — they were imported.").format(**counts)
    if result.duplicates_flagged:
        flagged = ngettext(
            "{count} possible duplicate flagged.",
            "{count} possible duplicates flagged.",
            result.duplicates_flagged,
        )
        text += " " + flagged.format(count=number(result.duplicates_flagged))
    if result.odd_lines:
        text += "\n" + result.encoding_note()
    if result.rejects_file is not None and not result.dry_run:
        text += "\n" + _("Rejected rows, with their reasons, are in {path}").format(
            path=result.rejects_file
        )
    if result.imported_before:
        text += "\n" + _("This file was already imported on {day}.").format(
            day=result.imported_before[:10]
        )
    return text


def what_happens(action: str) -> str:
    """A row's outcome (stored as new, merged or rejected), in the current language."""
    if action == "new":
        return pgettext("import row", "new")
    if action == "merged":
        return pgettext("import row", "merged")
    if action == "rejected":
        return pgettext("import row", "rejected")
    return action


class ImportDialog(LongWorkDialog):
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="import.cancel"),
        Binding("ctrl+r", "preview", N_("Preview"), id="import.preview", priority=True),
        Binding("ctrl+s", "import", N_("Import"), id="import.run", priority=True),
        Binding("ctrl+u", "undo", N_("Undo last import"), id="import.undo", priority=True),
    ]

    def __init__(self, services: Services, path: str = "") -> None:
        super().__init__()
        self.services = services
        self.initial_path = path
        self.previewed: Path | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="import"):
            yield Label(_("Import guests from another system"), classes="dialog-title")
            yield Static(
                _(
                    "CSV or TSV (UTF-8 or Windows-1252, French or English headers) or a "
                    "guestbook JSON export. Preview first: nothing is written until you import."
                ),
                classes="hint",
            )
            yield Input(self.initial_path, placeholder=_("/path/to/guests.csv"), id="path")
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="summary")
            table: DataTable[str | Text] = DataTable(id="outcomes", cursor_type="row")
            table.add_columns(_("Line"), _("Name"), _("What happens"), _("Details"))
            yield table
            with Horizontal(classes="buttons"):
                yield Button(_("Preview (ctrl+r)"), id="preview")
                yield Button(_("Import (ctrl+s)"), variant="primary", id="run")
                yield Button(_("Undo last import (ctrl+u)"), id="undo")
                yield Button(_("Close (esc)"), id="close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        self.query_one("#outcomes").display = False
        self.query_one("#path", Input).focus()

    def source(self) -> Path | None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.query_one("#summary", Static).update(_("Type the path of the file to import."))
            return None
        return Path(text).expanduser()

    def action_preview(self) -> None:
        source = self.source()
        if source is not None and not self.busy:
            self.start()
            self.run_import(source, dry_run=True)

    def action_import(self) -> None:
        source = self.source()
        if source is None or self.busy:
            return
        if self.previewed != source:
            self.query_one("#summary", Static).update(
                _("Preview first (ctrl+r): you will see what happens to every row.")
            )
            return
        self.start()
        self.run_import(source, dry_run=False)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def run_import(self, source: Path, *, dry_run: bool) -> None:
        try:
            result = import_file(
                self.services,
                source,
                dry_run=dry_run,
                rejects_path=None if dry_run else rejects_path_for(source),
                progress=self.progress,
                cancel=self.cancelled,
            )
        except Cancelled:
            self.app.call_from_thread(self.failed, _("Stopped: nothing was written."))
            return
        except (UserError, OSError) as error:
            self.app.call_from_thread(self.failed, _("Cannot import: {error}").format(error=error))
            return
        self.app.call_from_thread(self.show_result, source, result)

    def failed(self, message: str) -> None:
        self.finish()
        self.query_one("#summary", Static).update(message)

    def show_result(self, source: Path, result: ImportResult) -> None:
        self.finish()
        self.previewed = source if result.dry_run else None
        self.query_one("#summary", Static).update(summary(result))
        table = self.query_one("#outcomes", DataTable)
        table.display = True
        table.clear()
        # Rejected rows first: they are the ones the owner has to act on.
        order = {"rejected": 0, "merged": 1, "new": 2}
        for outcome in sorted(result.outcomes, key=lambda o: (order[o.action], o.line))[
            :PREVIEW_ROWS
        ]:
            details = "; ".join(outcome.reasons) or outcome.merged_into
            table.add_row(
                str(outcome.line),
                outcome.name,
                Text(
                    what_happens(outcome.action), style="bold" if outcome.action != "merged" else ""
                ),
                details,
            )
        if not result.dry_run:
            self.notify(summary(result).split("\n")[0], title=pgettext("notification", "Import"))

    def action_undo(self) -> None:
        info = last_import(self.services)
        if info is None:
            self.query_one("#summary", Static).update(_("There is no import to undo."))
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_undo()

        self.app.push_screen(
            Confirm(
                _("Undo the import of {file} ({at} UTC)?").format(
                    file=info.file_name, at=info.at[:16]
                ),
                [
                    ngettext(
                        "{count} guest it created will be removed.",
                        "{count} guests it created will be removed.",
                        info.new,
                    ).format(count=number(info.new)),
                    ngettext(
                        "{count} guest it merged into gets their previous details back.",
                        "{count} guests it merged into get their previous details back.",
                        info.merged,
                    ).format(count=number(info.merged)),
                ],
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
        restored = ngettext("{count} restored", "{count} restored", undone.restored).format(
            count=number(undone.restored)
        )
        message = _("Import of {file} undone: {removed}, {restored}.").format(
            file=undone.file_name, removed=removed, restored=restored
        )
        self.app.call_from_thread(self.failed, message)

    @on(Button.Pressed)
    def button(self, event: Button.Pressed) -> None:
        actions = {"preview": self.action_preview, "run": self.action_import,
                   "undo": self.action_undo, "close": self.action_cancel}  # fmt: skip
        actions[event.button.id or "close"]()
