"""A window onto a guest list of any length (toolong's idea: render only what is visible).

The widget knows the list's length and holds a few pages of rows. It renders the lines on
screen, asks for a missing page with a `PageWanted` message, and forgets pages far from the
cursor, so memory stays flat whether the list holds ten guests or a million. Loading pages is
the screen's job (in a worker); the widget never touches the database.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from guestbook.domain.contact import format_phone
from guestbook.i18n import N_, _, date_text, language
from guestbook.i18n import number as number_text  # `number` names a page here
from guestbook.services.guests.listing import GuestRow, Page
from guestbook.tui.format import date_width

# (title, width): text columns, then right-aligned numbers; the name takes what is left.
# Titles are English, marked: shown through `_`. A column is widened where the language's
# title or dates need more room (column_widths).
COLUMNS = ((N_("Phone"), 18), (N_("Birthday"), 13), (N_("Last visit"), 12))
NUMBERS = ((N_("Visits"), 7), (N_("Owed"), 6))
DATE_COLUMNS = (1, 2)  # birthday and last visit: dates, written the language's way
MIN_NAME = 18  # below this, the other columns make room (fitted_widths)
# In turn, until the name has MIN_NAME cells: (column, its width then; 0 = hidden). The phone
# keeps room for "06 12 34 56 78"; the visit count, then the last visit, go.
NARROWER = ((0, 15), (3, 0), (2, 0))
MAX_PAGES = 8  # pages kept around the cursor: the memory of the widget, whatever the list


@cache
def column_widths(_language: str) -> tuple[int, ...]:
    """The widths of COLUMNS then NUMBERS in the current language (the language is the cache's
    key): wide enough for the title, and for the longest date ("28 sept. 2026")."""
    longest_date = date_width("day_month_year")
    widths = []
    for index, (title, width) in enumerate((*COLUMNS, *NUMBERS)):
        width = max(width, cell_len(_(title)) + 1)
        if index in DATE_COLUMNS:
            width = max(width, longest_date + 1)
        widths.append(width)
    return tuple(widths)


def row_cells(row: GuestRow, region: str) -> tuple[str, ...]:
    """The texts of one row's columns."""
    return _row_cells(row, region, language())


@lru_cache(maxsize=4096)
def _row_cells(row: GuestRow, region: str, _language: str) -> tuple[str, ...]:
    """row_cells, cached (phonenumbers is slow next to a repaint; the language is part of the
    key, so a switch never shows the other language's words)."""
    return (
        row.name,
        format_phone(row.phone, region) if row.phone else "",
        row.birthday.short() if row.birthday else "",
        date_text(row.last_visit_on, "day_month_year") if row.last_visit_on else _("never"),
        number_text(row.visit_count),
        number_text(row.rewards_owed) if row.rewards_owed else "",
    )


def fitted_widths(width: int) -> tuple[int, ...]:
    """The columns' widths for a table `width` cells wide (0: the column is not shown). When
    the name would get less than MIN_NAME cells, the phone column narrows, then the visit
    count goes, then the last visit (the rewards owed always stay, last)."""
    widths = list(column_widths(language()))
    for narrower in NARROWER:
        if width - sum(widths) - 1 >= MIN_NAME:
            break
        index, narrow = narrower
        widths[index] = min(widths[index], narrow)
    return tuple(widths)


def layout(width: int, cells: tuple[str, ...]) -> str:
    """The columns laid out in `width` cells: a name too long is cut with "…" and a space
    always parts it from the phone; a column without room goes (fitted_widths)."""
    widths = fitted_widths(width)
    name_width = max(width - sum(widths) - 1, 2)
    parts = [" " + _cut(cells[0], name_width - 1) + " "]
    for index, (column_width, text) in enumerate(zip(widths, cells[1:], strict=True)):
        if not column_width:
            continue
        if index < len(COLUMNS):
            parts.append(_cut(text, column_width - 1) + " ")
        else:
            parts.append(text.rjust(column_width - 1) + " ")
    return set_cell_size("".join(parts), width)


def _cut(text: str, width: int) -> str:
    """`text` in exactly `width` cells: padded, or cut with "…"."""
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


HEADER = (N_("Name"), *(title for title, _width in (*COLUMNS, *NUMBERS)))


def header() -> tuple[str, ...]:
    """The column titles in the current language."""
    return tuple(_(title) for title in HEADER)


class GuestTable(ScrollView, can_focus=True):
    """Rows 0…total-1 of a list; line 0 is the column header, kept on top while scrolling."""

    COMPONENT_CLASSES = {
        "guest-table--header",
        "guest-table--cursor",
        "guest-table--loading",
        "guest-table--owed",
    }
    DEFAULT_CSS = """
    GuestTable { height: 1fr; overflow-x: hidden; }
    GuestTable > .guest-table--header { text-style: bold; color: $text-accent; }
    GuestTable > .guest-table--cursor { background: $block-cursor-blurred-background; }
    GuestTable:focus > .guest-table--cursor {
        background: $block-cursor-background; color: $block-cursor-foreground;
        text-style: $block-cursor-text-style;
    }
    GuestTable > .guest-table--loading { color: $text-muted; }
    GuestTable > .guest-table--owed { color: $text-success; text-style: bold; }
    """
    BINDINGS = [
        Binding("up", "move(-1)", N_("Up"), show=False, id="guest_table.up"),
        Binding("down", "move(1)", N_("Down"), show=False, id="guest_table.down"),
        Binding("pageup", "page(-1)", N_("Page up"), show=False, id="guest_table.page_up"),
        Binding("pagedown", "page(1)", N_("Page down"), show=False, id="guest_table.page_down"),
        Binding("home", "jump(0)", N_("First"), show=False, id="guest_table.first"),
        Binding("end", "jump(-1)", N_("Last"), show=False, id="guest_table.last"),
        Binding("enter", "select", N_("Open card"), id="guest_table.open"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class PageWanted(Message):
        generation: int
        number: int
        neighbours: tuple[Page, ...]

    @dataclass
    class Moved(Message):
        position: int
        total: int

    @dataclass
    class Chosen(Message):
        row: GuestRow

    def __init__(self, phone_region: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.phone_region = phone_region
        self.total = 0
        self.page_size = 1
        self.generation = 0
        self.pages: OrderedDict[int, Page] = OrderedDict()
        self.wanted: int | None = None

    # --- content ----------------------------------------------------------------------

    def reset(self, total: int, page_size: int, pages: Iterable[Page] = (), cursor: int = 0) -> int:
        """Show another list (or the same one reloaded); returns the generation that pages
        for it must carry."""
        self.generation += 1
        self.total, self.page_size = total, max(page_size, 1)
        self.pages.clear()
        self.wanted = None
        for page in pages:
            self.pages[page.number] = page
        self.virtual_size = Size(self.size.width, total + 1)
        self.cursor = min(max(cursor, 0), max(total - 1, 0))
        self.refresh()
        return self.generation

    def store(self, generation: int, page: Page) -> None:
        if generation != self.generation:
            return  # a page of a list no longer shown
        self.pages[page.number] = page
        self.pages.move_to_end(page.number)
        if self.wanted == page.number:
            self.wanted = None
        self._forget_far_pages()
        self.refresh()
        self._want_missing()

    def row_at(self, position: int) -> GuestRow | None:
        page = self.pages.get(position // self.page_size)
        if page is None:
            return None
        index = position - page.start
        return page.rows[index] if 0 <= index < len(page.rows) else None

    @property
    def current(self) -> GuestRow | None:
        return self.row_at(self.cursor) if self.total else None

    def _visible(self) -> range:
        top = int(self.scroll_y)
        return range(top, min(top + max(self.size.height - 1, 1), self.total))

    def _want_missing(self) -> None:
        """Ask for the first page the screen (or the cursor) needs that is not here."""
        needed = [self.cursor // self.page_size]
        visible = self._visible()
        if visible:
            needed += range(visible.start // self.page_size, visible[-1] // self.page_size + 1)
        for number in needed:
            if number not in self.pages and 0 <= number * self.page_size < self.total:
                if self.wanted != number:
                    self.wanted = number
                    near = tuple(
                        p for n in (number - 1, number + 1) if (p := self.pages.get(n)) is not None
                    )
                    self.post_message(self.PageWanted(self.generation, number, near))
                return

    def _forget_far_pages(self) -> None:
        keep = {self.cursor // self.page_size, int(self.scroll_y) // self.page_size}
        while len(self.pages) > MAX_PAGES:
            oldest = next(number for number in self.pages if number not in keep)
            del self.pages[oldest]

    # --- rendering --------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            style = self.get_component_rich_style("guest-table--header")
            return Strip([Segment(layout(width, header()), style)], width)
        position = int(self.scroll_y) + y - 1
        base = self.rich_style
        if position >= self.total:
            return Strip.blank(width, base)
        row = self.row_at(position)
        if position == self.cursor:
            base = base + self.get_component_rich_style("guest-table--cursor")
        if row is None:
            self.call_later(self._want_missing)
            loading = base + self.get_component_rich_style("guest-table--loading")
            return Strip([Segment(layout(width, ("…", "", "", "", "", "")), loading)], width)
        text = layout(width, row_cells(row, self.phone_region))
        if not row.rewards_owed or position == self.cursor:  # the cursor's colours read
            return Strip([Segment(text, base)], width)
        owed_width = column_widths(language())[-1]
        owed: Style = base + self.get_component_rich_style("guest-table--owed")
        return Strip([Segment(text[:-owed_width], base), Segment(text[-owed_width:], owed)], width)

    # --- moving -------------------------------------------------------------------------

    def watch_cursor(self, cursor: int) -> None:
        rows_on_screen = max(self.size.height - 1, 1)
        if cursor < self.scroll_y:
            self.scroll_to(y=cursor, animate=False)
        elif cursor >= self.scroll_y + rows_on_screen:
            self.scroll_to(y=cursor - rows_on_screen + 1, animate=False)
        self.refresh()
        self._want_missing()
        self.post_message(self.Moved(cursor, self.total))

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        self._want_missing()

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, self.total + 1)

    def action_move(self, step: int) -> None:
        if self.total:
            self.cursor = min(max(self.cursor + step, 0), self.total - 1)

    def action_page(self, direction: int) -> None:
        self.action_move(direction * max(self.size.height - 2, 1))

    def action_jump(self, position: int) -> None:
        if self.total:
            self.cursor = position % self.total

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Chosen(row))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y == 0:
            return
        position = int(self.scroll_y) + offset.y - 1
        if position < self.total:
            self.cursor = position
            if event.chain > 1:
                self.action_select()
