"""The Textual app: a header, a footer, and one screen per section (Textual modes).

The command palette lists the app's commands and Textual's own (theme, quit, keys, screenshot),
all in the language shown; it finds each by its title in that language or in English
(GuestbookCommands), so a French speaker who knows the English names still finds them."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, ClassVar, NamedTuple, cast

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.types import IgnoreReturnCallbackType

from guestbook.errors import UserError
from guestbook.i18n import N_, _, date_text
from guestbook.tui.failures import ReportsWorkerFailures, WorkerFailed
from guestbook.tui.screens.agenda import AgendaScreen
from guestbook.tui.screens.help import HelpScreen, describe_bindings
from guestbook.tui.sections import SECTIONS, section_bindings
from guestbook.tui.themes import DARK, LIGHT, THEMES
from guestbook.tui.widgets.palette import TranslatedPalette

if TYPE_CHECKING:
    from pathlib import Path

    from guestbook.bootstrap import Services

logger = logging.getLogger(__name__)

DARK_THEME = DARK.name  # Textual's dark and light themes, made readable (tui/themes.py)
LIGHT_THEME = LIGHT.name
NOTICE_SECONDS = 10  # a failure stays on screen long enough to be read
ERROR_CHARS = 200  # an unexpected error's first line, cut: its details go to the log


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


def _reports() -> Screen[None]:
    from guestbook.tui.screens.reports import ReportsScreen

    return ReportsScreen()


def _messages() -> Screen[None]:
    from guestbook.tui.screens.messages import MessagesScreen

    return MessagesScreen()


# The palette's titles (English msgids: the palette matches them in English as well).
GO_TO = N_("Go to {section}")
EXPORT = N_("Export guests")
IMPORT = N_("Import guests")
PRINT_CALLS = N_("Print today's calls")
DUPLICATES = N_("Possible duplicates")
SETTINGS = N_("Settings")
AUDIT = N_("Audit")
HELP = N_("Help")
LIGHT_OR_DARK = N_("Light or dark theme")
# Textual's own commands (App.get_system_commands), re-made so that they speak the language.
THEME = N_("Theme")
QUIT = N_("Quit")
KEYS = N_("Keys")
MAXIMIZE = N_("Maximize")
MINIMIZE = N_("Minimize")
SCREENSHOT = N_("Screenshot")


class PaletteCommand(NamedTuple):
    english: str  # the title in English: the palette finds the command by it too
    command: SystemCommand  # title and help in the language shown


class GuestbookCommands(Provider):
    """The app's commands in the palette, found by their title in the language shown or in
    English: Textual's own provider matches the shown title only."""

    def _commands(self) -> list[PaletteCommand]:
        return list(cast("GuestbookApp", self.app).palette_commands(self.screen))

    async def discover(self) -> Hits:
        for _english, command in sorted(self._commands(), key=lambda entry: entry.command.title):
            if command.discover:
                yield DiscoveryHit(command.title, command.callback, help=command.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for english, command in self._commands():
            title = command.title
            if (score := matcher.match(title)) > 0:
                yield Hit(score, matcher.highlight(title), command.callback, title, command.help)
            elif english != title and (score := matcher.match(english)) > 0:
                yield Hit(score, title, command.callback, title, command.help)


def _palette_command(
    english: str, title: str, help: str, callback: IgnoreReturnCallbackType
) -> PaletteCommand:
    """A palette entry: its title and help in the language shown; in another language than
    English, the help ends with the English title (which the palette also matches)."""
    if title != english:
        help = f"{help} · {english}"
    return PaletteCommand(english, SystemCommand(title, help, callback))


class GuestbookApp(ReportsWorkerFailures, App[None]):
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {GuestbookCommands}
    MODES: ClassVar[dict[str, Callable[[], Screen[None]]]] = {  # type: ignore[assignment]
        "agenda": AgendaScreen,
        "guests": _guests,
        "checkout": _checkout,
        "calendar": _calendar,
        "referrals": _referrals,
        "reports": _reports,
        "messages": _messages,
    }
    DEFAULT_MODE = "agenda"
    # Screens narrower or lower than these get the classes -narrow or -short: app.tcss
    # tightens them so that 80×24 shows every screen whole.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        *section_bindings(),
        Binding("question_mark,f1", "help", N_("Help"), id="help", key_display="?"),
        Binding("f7", "export", N_("Export"), id="export", show=False, priority=True),
        Binding("f8", "import", N_("Import"), id="import", show=False, priority=True),
        Binding("f9", "settings", N_("Settings"), id="settings", show=False, priority=True),
        Binding("f12", "audit", N_("Audit"), id="audit", show=False, priority=True),
        Binding("ctrl+t", "toggle_theme", N_("Light/dark"), id="theme", show=False),
        Binding("ctrl+q", "quit", N_("Quit"), id="quit", priority=True),
    ]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        # Who is at the door (checkout asks once when empty): the chef's name, answered at
        # the agenda into services.staff, never stands as the witness of a guest's consent.
        self.door_staff = services.staff
        # The export dialog offers the folder of the last export of the session.
        self.last_export_folder: Path | None = None
        self.title = services.settings.header
        self.sub_title = date_text(services.clock.today(), "long")
        for theme in THEMES:
            self.register_theme(theme)
        self.theme = DARK_THEME

    async def action_quit(self) -> None:
        """ctrl+q (and the palette's Quit): while something typed is not saved (a table at
        checkout), ask first; No is the answer Enter gives."""
        from guestbook.tui.dialogs.confirm import Confirm

        question = self.unsaved_question()
        if question is None:
            self.exit()
        elif not (isinstance(self.screen, Confirm) and self.screen.question == question):
            self.push_screen(Confirm(question), lambda quit: self.exit() if quit else None)

    def unsaved_question(self) -> str | None:
        """What a screen (or a dialog over it), in any section, would lose on quitting."""
        for mode in self.MODES:
            try:
                stack = self.get_screen_stack(mode)
            except KeyError:  # a section never opened holds nothing
                continue
            for screen in reversed(stack):
                unsaved = getattr(screen, "unsaved_work", None)
                question = unsaved() if callable(unsaved) else None
                if isinstance(question, str):
                    return question
        return None

    def on_mount(self) -> None:
        # After the first paint, never before it: a copy of a large database takes seconds.
        self.call_after_refresh(self.daily_backup)

    @work(thread=True, exclusive=True, group="backup", exit_on_error=False)
    def daily_backup(self) -> None:
        from guestbook.paths import backups_dir
        from guestbook.storage.backup import daily_backup

        db_path = self.services.db_path
        if db_path is None:
            return  # a server's database: the server's own tools back it up
        daily_backup(db_path, backups_dir(db_path), self.services.clock.today())

    async def action_section(self, mode: str) -> None:
        if mode != self.current_mode:
            await self.switch_mode(mode)

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        rows = describe_bindings(self.screen)
        section = next((_(s.title) for s in SECTIONS if s.mode == self.current_mode), "")
        place = getattr(self.screen, "PLACE", "")  # a screen of no section (the settings)
        title = _("Keys — {place}").format(place=_(place) if place else section or self.title)
        self.push_screen(HelpScreen(rows, title))

    def action_export(self) -> None:
        from guestbook.tui.dialogs.export_dialog import ExportDialog

        self.push_screen(ExportDialog(self.services))

    def action_import(self) -> None:
        from guestbook.tui.dialogs.import_dialog import ImportDialog

        self.push_screen(ImportDialog(self.services), lambda _result: self.refresh_screen())

    def action_settings(self) -> None:
        from guestbook.tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def action_audit(self) -> None:
        """What was done with guests' data: exports, erasures, imports (RGPD)."""
        from guestbook.tui.screens.audit import AuditScreen

        if not isinstance(self.screen, AuditScreen):
            self.push_screen(AuditScreen())

    async def action_possible_duplicates(self) -> None:
        """Every pair flagged as possibly one person (the Guests screen's ctrl+g)."""
        from guestbook.tui.screens.duplicates import DuplicatesScreen

        await self.action_section("guests")
        if not isinstance(self.screen, DuplicatesScreen):
            self.push_screen(DuplicatesScreen())

    def refresh_screen(self) -> None:
        """After an import the lists behind the dialog may have changed: reload them."""
        reload = getattr(self.screen, "on_screen_resume", None)
        if callable(reload):
            reload()

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME

    def action_command_palette(self) -> None:
        """Textual's palette, its words in the language shown."""
        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            palette = TranslatedPalette(
                placeholder=_("Search for commands…"), id="--command-palette"
            )
            self.push_screen(palette)

    def search_themes(self) -> None:
        """Textual's theme picker, its placeholder in the language shown."""
        from textual.theme import ThemeProvider

        self.push_screen(
            TranslatedPalette(providers=[ThemeProvider], placeholder=_("Search for themes…"))
        )

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for entry in self.palette_commands(screen):
            yield entry.command

    def palette_commands(self, screen: Screen[object]) -> Iterator[PaletteCommand]:
        """The palette's commands, translated now: the app's, then Textual's own (theme, quit,
        keys, maximize, screenshot) in place of `super().get_system_commands`, whose titles
        and help are English literals."""
        yield from self._app_commands()
        if isinstance(screen, AgendaScreen):
            yield _palette_command(
                PRINT_CALLS,
                _(PRINT_CALLS),
                _("A sheet of today's calls, saved in your documents and printed (p)"),
                screen.action_print,
            )
        yield from self._textual_commands(screen)

    def _app_commands(self) -> Iterator[PaletteCommand]:
        for section in SECTIONS:
            if section.function_key is None:
                help = _("{help} (key {key})").format(help=_(section.help), key=section.key)
            else:
                help = _("{help} (key {key} or {function_key})").format(
                    help=_(section.help), key=section.key, function_key=section.function_key.upper()
                )
            yield _palette_command(
                GO_TO.format(section=section.title),
                _(GO_TO).format(section=_(section.title)),
                help,
                lambda mode=section.mode: self.run_action(f"section('{mode}')"),
            )
        commands: list[tuple[str, str, IgnoreReturnCallbackType]] = [  # title, help, callback
            (EXPORT, N_("To CSV, Excel, vCard, iCalendar or JSON (F7)"), self.action_export),
            (IMPORT, N_("From another system's file, with a preview (F8)"), self.action_import),
            (
                DUPLICATES,
                N_(
                    "Guests who may be entered twice: open, merge, or two people (ctrl+g on Guests)"
                ),
                self.action_possible_duplicates,
            ),
            (
                SETTINGS,
                N_("Restaurant name, lead days, phone region, wordings, rewards (F9)"),
                self.action_settings,
            ),
            (
                AUDIT,
                N_("Who exported, erased or imported guests, and when (F12)"),
                self.action_audit,
            ),
            (HELP, N_("Every key of this screen (? or F1)"), self.action_help),
            (LIGHT_OR_DARK, N_("Switch themes (ctrl+t)"), self.action_toggle_theme),
        ]
        for english, help, callback in commands:
            yield _palette_command(english, _(english), _(help), callback)

    def _textual_commands(self, screen: Screen[object]) -> Iterator[PaletteCommand]:
        """Textual's system commands, the same callbacks, in the language shown."""
        yield _palette_command(
            THEME, _(THEME), _("Change the current theme"), self.action_change_theme
        )
        yield _palette_command(
            QUIT, _(QUIT), _("Quit the application as soon as possible"), self.action_quit
        )
        # Textual's key panel would list the keys' English descriptions: the help screen
        # lists them translated.
        yield _palette_command(
            KEYS,
            _(KEYS),
            _("Show help for the focused widget and a summary of available keys"),
            self.action_help,
        )
        if screen.maximized is not None:
            yield _palette_command(
                MINIMIZE,
                _(MINIMIZE),
                _("Minimize the widget and restore to normal size"),
                screen.action_minimize,
            )
        elif screen.focused is not None and screen.focused.allow_maximize:
            yield _palette_command(
                MAXIMIZE, _(MAXIMIZE), _("Maximize the focused widget"), screen.action_maximize
            )
        yield _palette_command(
            SCREENSHOT,
            _(SCREENSHOT),
            _("Save an SVG 'screenshot' of the current screen"),
            lambda: self.set_timer(0.1, self.deliver_screenshot),
        )

    def on_worker_failed(self, message: WorkerFailed) -> None:
        """Every worker's failure ends here (guestbook.tui.failures), the app's own and every
        screen's and dialog's: one notification, never a traceback over the screen. A user
        error says what to do as it is; anything else in one line, its details in the log."""
        error = message.error
        if isinstance(error, UserError):
            self.notify(str(error), severity="error", timeout=NOTICE_SECONDS)
            return
        logger.error("worker %s failed", message.worker.name, exc_info=error)
        self.log.error(error)
        # The driver's own words when the database library wrapped them (SQLAlchemy's `orig`):
        # its message adds the statement, its values and notes.
        cause = getattr(error, "orig", None)
        shown = cause if isinstance(cause, BaseException) else error
        first_line = (str(shown).strip().splitlines() or [""])[0][:ERROR_CHARS]
        self.notify(
            _("{kind}: {error}").format(kind=type(shown).__name__, error=first_line),
            title=_("Something went wrong"),
            severity="error",
            timeout=NOTICE_SECONDS,
        )
