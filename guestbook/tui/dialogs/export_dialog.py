"""Export the guest list to a file: format, who goes in it, where it goes; with progress."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from guestbook.domain.channels import REGISTRY
from guestbook.domain.dates import DateError, filter_date
from guestbook.domain.records import ExportFilters
from guestbook.errors import UserError
from guestbook.exchange.formats import FORMATS, default_file_name
from guestbook.progress import Cancelled
from guestbook.services.context import Services
from guestbook.services.export import export_guests
from guestbook.tui.dialogs.long_work import LongWorkDialog

FORMAT_CHOICES = [(chosen.label, key) for key, chosen in FORMATS.items()]
CONSENT = [("everyone", ""), *((channel.audience, channel.key) for channel in REGISTRY)]


class ExportDialog(LongWorkDialog):
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="export.cancel"),
        Binding("ctrl+s", "export", "Export", id="export.run"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def compose(self) -> ComposeResult:
        today = self.services.clock.today()
        with Vertical(classes="dialog wide", id="export"):
            yield Label("Export the guest list", classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label("Format")
                yield Select(
                    FORMAT_CHOICES, value="csv", allow_blank=False, id="format", compact=True
                )
                yield Label("Who")
                yield Select(CONSENT, value="", allow_blank=False, id="consent", compact=True)
                yield Label("Postcode starts")
                yield Input(placeholder="690 (empty: all)", id="postcode", compact=True)
                yield Label("Visited since")
                yield Input(placeholder="01/01/2026 (empty: any time)", id="since", compact=True)
                yield Label("")
                yield Checkbox("only guests with a birthday", id="has-birthday", compact=True)
                yield Label("Save to")
                yield Input(
                    str(Path.home() / default_file_name("csv", today)), id="path", compact=True
                )
            yield Static(
                "Allergies are never exported. Files are readable by you only.", classes="hint"
            )
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="result")
            with Horizontal(classes="buttons"):
                yield Button("Export (ctrl+s)", variant="primary", id="run")
                yield Button("Close (esc)", id="close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    @on(Select.Changed, "#format")
    def format_changed(self, event: Select.Changed) -> None:
        path = self.query_one("#path", Input)
        current = Path(path.value)
        path.value = str(current.with_suffix(f".{event.value}"))

    def filters(self) -> ExportFilters:
        since_text = self.query_one("#since", Input).value.strip()
        since = None
        if since_text:
            try:
                since = filter_date(since_text, self.services.clock.today())
            except DateError as error:
                raise UserError(f"Visited since: {error}") from None
        consent = self.query_one("#consent", Select).value
        return ExportFilters(
            consent=str(consent) or None,
            postcode=self.query_one("#postcode", Input).value.strip() or None,
            visited_since=since,
            has_birthday=self.query_one("#has-birthday", Checkbox).value,
        )

    def action_export(self) -> None:
        if self.busy:
            return
        try:
            filters = self.filters()
        except UserError as error:
            self.query_one("#result", Static).update(str(error))
            return
        path = Path(self.query_one("#path", Input).value).expanduser()
        fmt = str(self.query_one("#format", Select).value)
        self.start()
        self.query_one("#result", Static).update("Exporting…")
        self.run_export(path, fmt, filters)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, path: Path, fmt: str, filters: ExportFilters) -> None:
        try:
            result = export_guests(
                self.services, path, fmt=fmt, filters=filters,
                progress=self.progress, cancel=self.cancelled,
            )  # fmt: skip
            message = f"Exported {result.guests:,} {FORMATS[fmt].noun} to {result.path}"
        except Cancelled:
            message = "Stopped: no file was written."
        except (UserError, OSError) as error:
            message = f"Not exported: {error}"
        self.app.call_from_thread(self.done, message)

    def done(self, message: str) -> None:
        self.finish()
        self.query_one("#result", Static).update(message)

    @on(Button.Pressed, "#run")
    def run_pressed(self) -> None:
        self.action_export()

    @on(Button.Pressed, "#close")
    def close_pressed(self) -> None:
        self.action_cancel()
