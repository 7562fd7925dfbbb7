"""Export the guest list to a file: format, who goes in it, where it goes; with progress."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from guestbook.domain.channels import REGISTRY
from guestbook.domain.dates import DateError, filter_date
from guestbook.domain.guest_form import postcode_prefix_problem
from guestbook.domain.records import ExportFilters
from guestbook.errors import UserError
from guestbook.exchange.formats import FORMATS, default_file_name
from guestbook.i18n import N_, _, ngettext, number
from guestbook.progress import Cancelled
from guestbook.services.context import Services
from guestbook.services.export import ExportExists, export_guests
from guestbook.tui.dialogs.long_work import LongWorkDialog

if TYPE_CHECKING:
    from guestbook.tui.app import GuestbookApp


def format_choices() -> list[tuple[str, str]]:
    """The formats' labels (marked in exchange.formats), in the current language."""
    return [(_(chosen.label), key) for key, chosen in FORMATS.items()]


def consent_choices() -> list[tuple[str, str]]:
    """Who goes in the file: everyone, or the guests who agreed to a channel."""
    return [(_("everyone"), ""), *((_(channel.audience), channel.key) for channel in REGISTRY)]


def format_hint(key: str) -> str:
    """Under the format: a CSV opened in a spreadsheet loses the '+' of phone numbers and the
    leading 0 of postcodes (read as numbers; docs/spreadsheets.md has the figures), an XLSX
    keeps them as text. Empty for the other formats."""
    if key != "csv":
        return ""
    return _(
        "For a spreadsheet (Excel, LibreOffice), XLSX keeps phone numbers and postcodes "
        "exactly as written; CSV is for other systems."
    )


def exported(count: int, noun: str, path: Path) -> str:
    """'Exported 12 guests to …' (or birthdays, for a calendar)."""
    if noun == "birthdays":
        text = ngettext(
            "Exported {count} birthday to {path}", "Exported {count} birthdays to {path}", count
        )
    else:
        text = ngettext(
            "Exported {count} guest to {path}", "Exported {count} guests to {path}", count
        )
    return text.format(count=number(count), path=path)


class ExportDialog(LongWorkDialog):
    DEFAULT_CSS = "#format-box { height: auto; } #format-hint { height: auto; }"
    BINDINGS = [
        Binding("escape", "cancel", N_("Cancel"), id="export.cancel"),
        Binding("ctrl+s", "export", N_("Export"), id="export.run"),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services

    def folder(self) -> Path:
        """Where the file goes unless the owner types another place: the folder of the last
        export of this session, else the documents folder."""
        from guestbook.paths import documents_folder

        last = cast("GuestbookApp", self.app).last_export_folder
        return last if last is not None and last.is_dir() else documents_folder()

    def compose(self) -> ComposeResult:
        today = self.services.clock.today()
        with Vertical(classes="dialog wide", id="export"):
            yield Label(_("Export the guest list"), classes="dialog-title")
            with Grid(classes="form-grid"):
                yield Label(_("Format"))
                with Vertical(id="format-box"):
                    yield Select(
                        format_choices(), value="csv", allow_blank=False, id="format", compact=True
                    )
                    yield Static(format_hint("csv"), id="format-hint", classes="hint")
                yield Label(_("Who"))
                yield Select(
                    consent_choices(), value="", allow_blank=False, id="consent", compact=True
                )
                yield Label(_("Postcode starts"))
                yield Input(placeholder=_("690 (empty: all)"), id="postcode", compact=True)
                yield Label(_("Visited since"))
                yield Input(placeholder=_("01/01/2026 (empty: any time)"), id="since", compact=True)
                yield Label("")
                yield Checkbox(_("only guests with a birthday"), id="has-birthday", compact=True)
                yield Label(_("Save to"))
                yield Input(
                    str(self.folder() / default_file_name("csv", today)), id="path", compact=True
                )
            yield Static(
                _("Allergies are never exported. Files are readable by you only."), classes="hint"
            )
            yield ProgressBar(id="progress", show_eta=False)
            yield Static("", id="result")
            with Horizontal(classes="buttons"):
                yield Button(_("Export (ctrl+s)"), variant="primary", id="run")
                yield Button(_("Close (esc)"), id="close")

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    @on(Select.Changed, "#format")
    def format_changed(self, event: Select.Changed) -> None:
        self.show_format_hint(str(event.value))
        path = self.query_one("#path", Input)
        current = Path(path.value)
        path.value = str(current.with_suffix(f".{event.value}"))

    def show_format_hint(self, key: str) -> None:
        """Not while an export runs; after one, in place of its progress bar."""
        hint = self.query_one("#format-hint", Static)
        text = format_hint(key)
        hint.update(text)
        hint.display = bool(text) and not self.busy
        if hint.display:
            self.query_one(ProgressBar).display = False

    def filters(self) -> ExportFilters:
        since_text = self.query_one("#since", Input).value.strip()
        since = None
        if since_text:
            try:
                since = filter_date(since_text, self.services.clock.today())
            except DateError as error:
                raise UserError(_("Visited since: {error}").format(error=error)) from None
        postcode = self.query_one("#postcode", Input).value.strip()
        if problem := postcode_prefix_problem(postcode, self.services.settings.phone_region):
            raise UserError(_("Postcode starts: {error}").format(error=problem))
        consent = self.query_one("#consent", Select).value
        return ExportFilters(
            consent=str(consent) or None,
            postcode=postcode or None,
            visited_since=since,
            has_birthday=self.query_one("#has-birthday", Checkbox).value,
        )

    def action_export(self) -> None:
        if self.busy:
            return
        try:
            filters = self.filters()
        except UserError as error:  # nothing started: no bar, no file, the reason instead
            self.query_one(ProgressBar).display = False
            self.query_one("#result", Static).update(str(error))
            return
        path = Path(self.query_one("#path", Input).value).expanduser()
        fmt = str(self.query_one("#format", Select).value)
        self.begin(path, fmt, filters, overwrite=False)

    def ask_to_replace(self, path: Path, fmt: str, filters: ExportFilters) -> None:
        """The file exists (the export service said so, writing nothing): replaced only when
        the owner says so; Enter keeps it."""
        from guestbook.tui.dialogs.confirm import ask_to_replace

        self.finish()
        self.query_one(ProgressBar).display = False
        self.query_one("#result", Static).update("")
        ask_to_replace(self, path, lambda: self.begin(path, fmt, filters, overwrite=True))

    def begin(self, path: Path, fmt: str, filters: ExportFilters, *, overwrite: bool) -> None:
        # The format is chosen: its hint gives its lines to the progress bar and the result,
        # which an 80×24 terminal has no room for beside it. Choosing a format shows it again.
        self.query_one("#format-hint", Static).display = False
        self.start()
        self.query_one("#result", Static).update(_("Exporting…"))
        self.run_export(path, fmt, filters, overwrite)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def run_export(self, path: Path, fmt: str, filters: ExportFilters, overwrite: bool) -> None:
        try:
            result = export_guests(
                self.services, path, fmt=fmt, filters=filters,
                progress=self.progress, cancel=self.cancelled, overwrite=overwrite,
            )  # fmt: skip
            cast("GuestbookApp", self.app).last_export_folder = result.path.parent
            message = exported(result.guests, FORMATS[fmt].noun, result.path)
        except ExportExists:
            self.app.call_from_thread(self.ask_to_replace, path, fmt, filters)
            return
        except Cancelled:
            message = _("Stopped: no file was written.")
        except (UserError, OSError) as error:
            message = _("Not exported: {error}").format(error=error)
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
