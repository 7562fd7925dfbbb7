"""Today's calls on paper: a plain-text sheet that fits 80 columns, a page every 60 lines.

Each call says whom to call, the number, why (in full: the interval of a win-back is often the
point of the call), the partner to invite, the rewards owed and what was tried, with a line to
write the outcome on. Pages end with a form feed, so a printer starts each on a new sheet,
and each starts with the restaurant, the date and its number. A call is never split across
two pages. `guestbook today --print` prints it; the app saves it and sends it to `lp`. The
app's sheet lists what its agenda lists, at most so many calls a group: it then says first how
many are not on it, and where they are, so nobody takes the sheet for the whole day's calls.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import textwrap
from collections.abc import Sequence
from pathlib import Path

from guestbook.domain.contact import format_phone
from guestbook.errors import UserError
from guestbook.i18n import _, date_text, ngettext, number
from guestbook.services.agenda.calls import AgendaCall
from guestbook.services.agenda.describe import attempts_text, describe_reason

WIDTH = 80
PAGE_LINES = 60
INDENT = "    "
FORM_FEED = "\f"

# (heading, calls): one group of the sheet, its heading already in words.
SheetGroup = tuple[str, Sequence[AgendaCall]]


def call_sheet(
    restaurant: str,
    day: dt.date,
    groups: Sequence[SheetGroup],
    region: str,
    *,
    width: int = WIDTH,
    page_lines: int = PAGE_LINES,
    left_off: int = 0,
) -> str:
    """The sheet: pages of at most `page_lines` lines of at most `width` columns, separated
    by form feeds. `left_off`: the calls of these groups not on it, said at its top."""
    blocks: list[list[str]] = (
        [["", *textwrap.wrap(left_off_note(left_off), width)]] if left_off else []
    )
    for heading, calls in groups:
        if not calls:
            continue
        heading_lines = ["", heading, "-" * min(width, len(heading))]
        for index, call in enumerate(calls):
            block = _call_block(call, region, width)
            # A heading is never left alone at the foot of a page: it goes with its first call.
            blocks.append(heading_lines + block if index == 0 else block)
    if not blocks:
        blocks.append(["", _("Nobody to call. Enjoy the service!")])
    title = _("{restaurant} — calls for {day}").format(
        restaurant=restaurant, day=date_text(day, "long")
    )
    pages = _paginate(blocks, page_lines - 3)  # room for the page's header
    printed = []
    for number_, page in enumerate(pages, 1):
        page_words = _("page {number} of {count}").format(number=number_, count=len(pages))
        header = _fit_right(title, page_words, width)
        printed.append("\n".join([*header, "=" * width, *page]))
    return ("\n" + FORM_FEED).join(printed) + "\n"


def left_off_note(count: int) -> str:
    """How many calls are not on the sheet, and where to find them."""
    return ngettext(
        "Not on this sheet: {count} more call. The agenda in the app brings it up as these are"
        " done; `guestbook today` lists every call and `guestbook today --print` prints them all.",
        "Not on this sheet: {count} more calls. The agenda in the app brings them up as these are"
        " done; `guestbook today` lists every call and `guestbook today --print` prints them all.",
        count,
    ).format(count=number(count))


def _fit_right(left: str, right: str, width: int) -> list[str]:
    """`left` with `right` at the end of the line, or below it when there is no room."""
    if len(left) + 2 + len(right) <= width:
        return [left + " " * (width - len(left) - len(right)) + right]
    lines = textwrap.wrap(left, width)
    return [*lines[:-1], lines[-1] + " " * max(2, width - len(lines[-1]) - len(right)) + right]


def _call_block(call: AgendaCall, region: str, width: int) -> list[str]:
    phone = format_phone(call.phone, region)
    name_room = width - len(phone) - 6
    name_lines = textwrap.wrap(call.name, name_room) or [""]
    lines = [f"[ ] {name_lines[0]:<{name_room}}  {phone}".rstrip()]
    lines += [INDENT + line for line in name_lines[1:]]
    lines += _wrapped(describe_reason(call), width)
    details = []
    if call.partner:
        details.append(_("invite {partner}").format(partner=call.partner))
    if call.rewards_owed:
        owed = ngettext("{count} reward owed", "{count} rewards owed", call.rewards_owed)
        details.append(owed.format(count=number(call.rewards_owed)))
    if call.attempts:
        details.append(attempts_text(call.attempts, call.last_outcome))
    if details:
        lines += _wrapped(" · ".join(details), width)
    outcome = _("Outcome:") + " "
    lines.append(INDENT + outcome + "_" * (width - len(INDENT) - len(outcome)))
    return ["", *lines]


def _wrapped(text: str, width: int) -> list[str]:
    return textwrap.wrap(
        text, width, initial_indent=INDENT, subsequent_indent=INDENT, break_on_hyphens=False
    )


def _paginate(blocks: list[list[str]], room: int) -> list[list[str]]:
    pages: list[list[str]] = [[]]
    for block in blocks:
        if pages[-1] and len(pages[-1]) + len(block) > room:
            pages.append([])
            block = block[1:] if block and block[0] == "" else block  # no blank at the top
        pages[-1].extend(block)
    return pages


# --- saving and printing ----------------------------------------------------------------------


def save_sheet(text: str, day: dt.date, folder: Path | None = None) -> Path:
    """The sheet written to a new file in `folder` (the documents folder by default), private
    to its owner like every file holding guests' data; an earlier sheet is never replaced."""
    from guestbook.exchange.atomic import private_text_file
    from guestbook.paths import documents_folder

    folder = folder or documents_folder()
    name = _("calls-{day}").format(day=day.isoformat())
    path = folder / f"{name}.txt"
    copy = 1
    while path.exists():
        copy += 1
        path = folder / f"{name}-{copy}.txt"
    with private_text_file(path) as handle:
        handle.write(text)
    return path


def send_to_printer(path: Path) -> bool:
    """Send `path` to the default printer with `lp`: False when there is no `lp` here;
    UserError with the printer's own words when it refuses."""
    lp = shutil.which("lp")
    if lp is None:
        return False
    try:
        # The path is absolute: never read as an option.
        done = subprocess.run(
            [lp, str(path)], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise UserError(
            _("the printer could not be reached: {error}").format(error=error)
        ) from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        raise UserError(
            _("the printer refused the sheet: {error}").format(
                error=said[0] if said else done.returncode
            )
        )
    return True
