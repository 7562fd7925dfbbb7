"""`p` on the agenda: the calls it lists (overdue and today's, in the view shown) on a sheet
saved in the documents folder and sent to the printer when there is one
(services.agenda.sheet). The agenda lists at most GROUP_LIMIT calls a group, and so does the
sheet: the calls left off are counted on the sheet and in the message, with where to find them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from guestbook.domain.calls import CallStatus, Reason
from guestbook.i18n import _, ngettext, number
from guestbook.services.agenda.calls import Agenda, AgendaCall
from guestbook.services.agenda.groups import pick_group
from guestbook.services.agenda.sheet import SheetGroup, call_sheet, save_sheet, send_to_printer
from guestbook.tui.screens.agenda_view import GROUP_LIMIT, HEADINGS

if TYPE_CHECKING:
    from guestbook.tui.screens.agenda import AgendaScreen

PRINTED = (CallStatus.OVERDUE, CallStatus.TODAY)  # today's calls: the next days' wait


@dataclass(frozen=True)
class SheetCalls:
    groups: list[SheetGroup]
    left_off: int  # calls of these groups that are not on the sheet


def sheet_groups(agenda: Agenda, reason: Reason | None) -> SheetCalls:
    """The groups the screen lists for today, as the sheet heads them."""
    groups: list[SheetGroup] = []
    left_off = 0
    for status in PRINTED:
        group = pick_group(agenda, status, GROUP_LIMIT, reason)
        calls: list[AgendaCall] = group.calls
        left_off += group.total - len(calls)
        if group.hidden:
            heading = _("{heading} ({count}, {shown} shown)").format(
                heading=_(HEADINGS[status]), count=number(group.total), shown=number(len(calls))
            )
        else:
            heading = _("{heading} ({count})").format(
                heading=_(HEADINGS[status]), count=number(group.total)
            )
        groups.append((heading, calls))
    return SheetCalls(groups, left_off)


def also_left_off(said: str, left_off: int) -> str:
    """The message about the sheet, then how many calls are not on it and where they are."""
    if not left_off:
        return said
    return ngettext(
        "{said} {count} more call is not on the sheet: `guestbook today` lists every call and"
        " `guestbook today --print` prints them all.",
        "{said} {count} more calls are not on the sheet: `guestbook today` lists every call and"
        " `guestbook today --print` prints them all.",
        left_off,
    ).format(said=said, count=number(left_off))


def print_calls(screen: AgendaScreen, agenda: Agenda, reason: Reason | None) -> None:
    """Write the sheet and print it, in a worker; the user is told where it went."""
    services = screen.services
    sheet = sheet_groups(agenda, reason)

    def work() -> None:
        settings = services.settings
        text = call_sheet(
            settings.restaurant_name,
            agenda.date,
            sheet.groups,
            settings.phone_region,
            left_off=sheet.left_off,
        )
        path = save_sheet(text, agenda.date)
        calls = sum(len(calls) for _heading, calls in sheet.groups)
        written = ngettext(
            "{count} call written to {path}", "{count} calls written to {path}", calls
        ).format(count=number(calls), path=path)
        try:
            printed = send_to_printer(path)
        except Exception as error:
            said = _("{written}, but not printed: {error}").format(written=written, error=error)
            said = also_left_off(said, sheet.left_off)
            screen.app.call_from_thread(screen.notify, said, severity="warning", timeout=10)
            return
        if printed:
            said = _("{written} and sent to the printer.").format(written=written)
        else:
            said = _("{written} (no printer command here: print that file).").format(
                written=written
            )
        said = also_left_off(said, sheet.left_off)
        screen.app.call_from_thread(screen.notify, said, timeout=10)

    screen.run_worker(work, thread=True, group="agenda-print", exit_on_error=False)
