"""The Textual app: a header, a footer, and one screen per section (Textual modes)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.help import HelpScreen, describe_bindings
from guestbook.tui.sections import SECTIONS

if TYPE_CHECKING:
    from guestbook.bootstrap import Services

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


# The other sections are imported when first opened: the agenda paints without them.
def _guests() -> Screen[None]:
    from guestbook.tui.screens.guests import GuestsScreen

    return GuestsScreen()


def _checkout() -> Screen[None]:
    from guestbook.tui.screens.checkout import CheckoutScreen

    return CheckoutScreen()


def _calendar() -> Screen[None]:
    from guestbook.tui.screens.calendar import CalendarScreen

    return CalendarScreen()


def _referrals() -> Screen[None]:
    from guestbook.tui.screens.referrals import ReferralsScreen

    return ReferralsScreen()


def _section_bindings() -> list[BindingType]:
    # Not in the footer: the section bar under the header shows them. The digit works when
    # no text box has the focus (digits are typed into phone numbers); the function key,
    # a priority binding, works everywhere.
    bindings: list[BindingType] = []
    for s in SECTIONS:
        action = f"section('{s.mode}')"
        bindings.append(Binding(s.key, action, s.title, id=f"section.{s.mode}", show=False))
        bindings.append(
            Binding(
                s.function_key,
                action,
                s.title,
                id=f"section.{s.mode}.fkey",
                show=False,
                priority=True,
            )
        )
    return bindings


class GuestbookApp(App[None]):
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, Callable[[], Screen[None]]]] = {  # type: ignore[assignment]
        "agenda": AgendaScreen,
        "guests": _guests,
        "checkout": _checkout,
        "calendar": _calendar,
        "referrals": _referrals,
    }
    DEFAULT_MODE = "agenda"
    BINDINGS: ClassVar[list[BindingType]] = [
        *_section_bindings(),
        Binding("question_mark,f1", "help", "Help", id="help", key_display="?"),
        Binding("f7", "export", "Export", id="export", show=False, priority=True),
        Binding("f8", "import", "Import", id="import", show=False, priority=True),
        Binding("ctrl+t", "toggle_theme", "Light/dark", id="theme", show=False),
        Binding("ctrl+q", "quit", "Quit", id="quit", priority=True),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.title = services.settings.restaurant_name
        self.sub_title = services.clock.today().strftime("%A %-d %B %Y")
        self.theme = DARK_THEME

    def on_mount(self) -> None:
        # After the first paint, never before it: a copy of a large database takes seconds.
        self.call_after_refresh(self.daily_backup)

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False)
    def daily_backup(self) -> None:
        from guestbook.paths import backups_dir
        from guestbook.storage.backup import daily_backup

        db_path = self.services.db_path
        daily_backup(db_path, backups_dir(db_path), self.services.clock.today())

    async def action_section(self, mode: str) -> None:
        if mode != self.current_mode:
            await self.switch_mode(mode)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows = describe_bindings(self.screen)
        section = next((s.title for s in SECTIONS if s.mode == self.current_mode), "")
        self.push_screen(HelpScreen(rows, f"Keys — {section or self.title}"))

    def action_export(self) -> None:
        from guestbook.tui.dialogs.export_dialog import ExportDialog

        self.push_screen(ExportDialog(self.services))

    def action_import(self) -> None:
        from guestbook.tui.dialogs.import_dialog import ImportDialog

        self.push_screen(ImportDialog(self.services), lambda _: self.refresh_screen())

    def refresh_screen(self) -> None:
        """After an import the lists behind the dialog may have changed: reload them."""
        reload = getattr(self.screen, "on_screen_resume", None)
        if callable(reload):
            reload()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for section in SECTIONS:
            yield SystemCommand(
                f"Go to {section.title}",
                f"{section.help} (key {section.key} or {section.function_key.upper()})",
                lambda mode=section.mode: self.run_action(f"section('{mode}')"),
            )
        yield SystemCommand("Export guests", "To CSV, Excel, vCard, iCalendar or JSON (F7)",
                            self.action_export)  # fmt: skip
        yield SystemCommand("Import guests", "From another system's file, with a preview (F8)",
                            self.action_import)  # fmt: skip
        yield SystemCommand("Help", "Every key of this screen (? or F1)", self.action_help)
        yield SystemCommand(
            "Light or dark theme", "Switch themes (ctrl+t)", self.action_toggle_theme
        )
        yield from super().get_system_commands(screen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Worker errors end here: one notification, never a traceback over the screen."""
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            error = event.worker.error
            self.notify(
                f"{type(error).__name__}: {error}", title="Something went wrong", severity="error"
            )
            self.log.error(error)
