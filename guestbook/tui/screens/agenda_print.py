"""`p` on the agenda: the calls it lists (overdue and today's, in the view shown) on a sheet
saved in the documents folder and sent to the printer when there is one
(services.agenda.sheet)."""

from __future__ import annotations

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


def sheet_groups(agenda: Agenda, reason: Reason | None) -> list[SheetGroup]:
    """The groups the screen lists for today, as the sheet heads them."""
    groups: list[SheetGroup] = []
    for status in PRINTED:
        group = pick_group(agenda, status, GROUP_LIMIT, reason)
        calls: list[AgendaCall] = group.calls
        if group.hidden:
            heading = _("{heading} ({count}, {shown} shown)").format(
                heading=_(HEADINGS[status]), count=number(group.total), shown=number(len(calls))
            )
        else:
            heading = _("{heading} ({count})").format(
                heading=_(HEADINGS[status]), count=number(group.total)
            )
        groups.append((heading, calls))
    return groups


def print_calls(screen: AgendaScreen, agenda: Agenda, reason: Reason | None) -> None:
    """Write the sheet and print it, in a worker; the user is told where it went."""
    services = screen.services
    groups = sheet_groups(agenda, reason)

    def work() -> None:
        settings = services.settings
        text = call_sheet(settings.restaurant_name, agenda.date, groups, settings.phone_region)
        path = save_sheet(text, agenda.date)
        calls = sum(len(calls) for _heading, calls in groups)
        written = ngettext(
            "{count} call written to {path}", "{count} calls written to {path}", calls
        ).format(count=number(calls), path=path)
        try:
            printed = send_to_printer(path)
        except Exception as error:
            said = _("{written}, but not printed: {error}").format(written=written, error=error)
            screen.app.call_from_thread(screen.notify, said, severity="warning", timeout=10)
            return
        if printed:
            said = _("{written} and sent to the printer.").format(written=written)
        else:
            said = _("{written} (no printer command here: print that file).").format(
                written=written
            )
        screen.app.call_from_thread(screen.notify, said, timeout=10)

    screen.run_worker(work, thread=True, group="agenda-print", exit_on_error=False)
