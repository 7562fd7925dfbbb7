"""The agenda's list: its groups, built from the day's agenda, and a list widget that moves
from group to group and keeps a group's heading in sight.

Groups, in order: Overdue, Today, Next days (the calls to make), Done today (the calls logged
today, with the date booked), Missed (the calls whose window passed in the last days, never
reached). Each lists at most GROUP_LIMIT calls (services.agenda.groups shares them among the
reasons, so a birthday is never hidden behind win-backs); `g` and `G` go from one group to the
next, `f` shows one reason at a time.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rich.text import Text
from textual.binding import Binding
from textual.visual import Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from guestbook.domain.calls import CallStatus, Reason
from guestbook.i18n import N_, _, language, ngettext, number
from guestbook.services.agenda.calls import Agenda, AgendaCall, DoneCall
from guestbook.services.agenda.groups import Group, pick_group
from guestbook.services.agenda.missed import MissedCalls
from guestbook.tui.screens.agenda_text import (
    call_prompt,
    done_prompt,
    missed_prompt,
    reason_count,
)

HEADINGS = {  # English, marked: shown through `_`
    CallStatus.OVERDUE: N_("Overdue"),
    CallStatus.TODAY: N_("Today"),
    CallStatus.UPCOMING: N_("Next days"),
}
DONE_HEADING = N_("Done today")
# A large restaurant group can have tens of thousands of calls due: nobody scrolls that far,
# and building them all would stall the screen, so each group lists the most urgent ones
# (with three groups, more than a kitchen phones in a day; logged calls make room for the
# next). Each listed call costs about a millisecond to lay out.
GROUP_LIMIT = 50
GROUP_PREFIX = "group:"
DONE_PREFIX = "done:"
MISSED_PREFIX = "missed:"


@dataclass
class Listing:
    """What the list shows: its options, and the call behind each option id."""

    options: list[Option] = field(default_factory=list)
    calls: dict[str, AgendaCall] = field(default_factory=dict)  # calls to make
    done: dict[str, DoneCall] = field(default_factory=dict)
    missed: dict[str, AgendaCall] = field(default_factory=dict)

    def heading(self, key: str, title: str) -> None:
        self.options.append(Option(Text(title, style="bold"), id=GROUP_PREFIX + key, disabled=True))

    def note(self, words: str) -> None:
        self.options.append(Option(Text(words, style="italic"), disabled=True))

    def why_not(self, option_id: str | None) -> str:
        """Why an outcome cannot be logged on this option."""
        if option_id in self.done:
            return _("Already logged today: u undoes the last outcome.")
        if option_id in self.missed:
            return _("This call's window has passed: it can no longer be logged.")
        return _("Pick a call first (arrow keys).")

    def guest_of(self, option_id: str) -> int | None:
        found = self.call_of(option_id)
        return found.guest_id if found is not None else None

    def call_of(self, option_id: str) -> AgendaCall | None:
        """The call behind an option: to make, done today or missed (None: a heading)."""
        for found in (self.calls.get(option_id), self.missed.get(option_id)):
            if found is not None:
                return found
        done = self.done.get(option_id)
        return done.call if done is not None else None


# A call's lines, kept from one load of the agenda to the next (after each outcome logged,
# most calls are the same): laid out once, not at every load. The language is in the key.
@functools.lru_cache(maxsize=4 * GROUP_LIMIT * 5)
def _prompt(kind: str, call: AgendaCall | DoneCall, region: str, _language: str) -> Visual:
    if isinstance(call, DoneCall):
        return done_prompt(call, region)
    return missed_prompt(call, region) if kind == "missed" else call_prompt(call, region)


def option_id(call: AgendaCall) -> str:
    """Unique per call: a sponsor thanked for two friends has two calls the same day, a guest
    who gave two low scores one day too (the response's number ends theirs), or was sent two
    messages (the delivery's)."""
    key = (
        f"{call.reason.value}:{call.guest_id}:{call.occasion_on.isoformat()}"
        f":{call.referral_id or 0}"
    )
    if call.feedback_id is not None:
        return f"{key}:{call.feedback_id}"
    return f"{key}:{call.delivery_id}" if call.delivery_id is not None else key


def build_listing(
    agenda: Agenda, region: str, reason: Reason | None, missed: MissedCalls | None
) -> Listing:
    listing = Listing()
    for status, heading in HEADINGS.items():
        group = pick_group(agenda, status, GROUP_LIMIT, reason)
        if not group.total:
            continue
        listing.heading(status.value, _group_title(_(heading), group, agenda.complete))
        for call in group.calls:
            listing.calls[option_id(call)] = call
            prompt = _prompt("call", call, region, language())
            listing.options.append(Option(prompt, id=option_id(call)))
        if group.hidden and agenda.complete:
            listing.note(_more_words(group, reason))
    if not listing.calls and reason is None:
        listing.note(_("Nobody to call today. Enjoy the service!"))
    elif not listing.calls:
        listing.note(_("No call of this kind to make today: f shows the others."))
    done = [entry for entry in agenda.done if reason in (None, entry.call.reason)]
    if done:
        listing.heading(
            "done",
            _("{heading} ({count})").format(heading=_(DONE_HEADING), count=number(len(done))),
        )
        for entry in done[:GROUP_LIMIT]:
            key = DONE_PREFIX + option_id(entry.call)
            listing.done[key] = entry
            listing.options.append(Option(_prompt("done", entry, region, language()), id=key))
    if missed is not None:
        _add_missed(listing, missed, region, reason)
    return listing


def _add_missed(listing: Listing, missed: MissedCalls, region: str, reason: Reason | None) -> None:
    calls = [call for call in missed.calls if reason in (None, call.reason)]
    total = missed.total if reason is None else missed.by_reason.get(reason, 0)
    if not total:
        return
    title = ngettext(
        "Missed in the last {days} day ({count}): the window passed, never reached",
        "Missed in the last {days} days ({count}): the windows passed, never reached",
        missed.days,
    ).format(days=missed.days, count=number(total))
    listing.heading("missed", title)
    for call in calls[:GROUP_LIMIT]:
        key = MISSED_PREFIX + option_id(call)
        listing.missed[key] = call
        listing.options.append(Option(_prompt("missed", call, region, language()), id=key))
    if total > min(len(calls), GROUP_LIMIT):
        more = total - min(len(calls), GROUP_LIMIT)
        words = ngettext("{count} earlier missed call.", "{count} earlier missed calls.", more)
        listing.note(words.format(count=number(more)))


def _group_title(heading: str, group: Group, complete: bool) -> str:
    if not complete:
        return heading  # the first calls only: counts are not known yet
    if group.hidden:
        return _("{heading} ({count}, {shown} shown)").format(
            heading=heading, count=number(group.total), shown=number(len(group.calls))
        )
    return _("{heading} ({count})").format(heading=heading, count=number(group.total))


def _more_words(group: Group, reason: Reason | None) -> str:
    hidden = ", ".join(reason_count(found, count) for found, count in group.hidden.items())
    if reason is None:
        return _(
            "Not listed: {calls}. They move up as these are logged; f shows one kind of "
            "call at a time."
        ).format(calls=hidden)
    return _(
        "Not listed: {calls}. They move up as these are logged (guestbook today --json "
        "lists them all)."
    ).format(calls=hidden)


class CallsList(OptionList):
    """The agenda's list: Home shows the first group's heading, `g` and `G` go to the next and
    the previous group, its heading at the top."""

    BINDINGS = [
        Binding("home", "first", N_("First call"), id="agenda.first", show=False),
        Binding("g", "group(1)", N_("Next group"), id="agenda.next_group", show=False),
        Binding("G", "group(-1)", N_("Previous group"), id="agenda.previous_group", show=False),
    ]

    def place_cursor(
        self, target: str | None, previous: str | None, index: int, scrolled: float
    ) -> None:
        """The cursor on `target` (the call undone) if listed, else on the same option as
        before, or on the row that took its place; the list where it was (back from a card,
        after a call is logged)."""
        if target is not None and self._highlight(target):
            self.scroll_to_highlight()
            return
        if previous is None or not self._highlight(previous):
            enabled = [
                i for i in range(self.option_count) if not self.get_option_at_index(i).disabled
            ]
            if enabled:
                self.highlighted = min(enabled, key=lambda i: (i < index, abs(i - index)))
        self.scroll_to_highlight()  # lays the lines out: the list knows its height
        self.scroll_to(y=scrolled, animate=False, immediate=True)
        self.scroll_to_highlight()  # only moves when the call is out of sight

    def _highlight(self, wanted: str) -> bool:
        try:
            self.highlighted = self.get_option_index(wanted)
        except Exception:  # not listed
            return False
        return True

    def action_first(self) -> None:
        super().action_first()
        self.scroll_home(animate=False, immediate=True)

    def headings(self) -> list[int]:
        return [
            index
            for index in range(self.option_count)
            if (self.get_option_at_index(index).id or "").startswith(GROUP_PREFIX)
        ]

    def action_group(self, step: int) -> None:
        """The first call of the next (step 1) or previous (-1) group, round the ends."""
        headings = [h for h in self.headings() if self._first_enabled_after(h) is not None]
        if not headings:
            return
        here = self.highlighted if self.highlighted is not None else -1
        current = max((i for i, h in enumerate(headings) if h < here), default=-1)
        if current < 0:
            target = headings[0] if step > 0 else headings[-1]
        elif step < 0 and here != self._first_enabled_after(headings[current]):
            target = headings[current]  # back to the start of this group first
        else:
            target = headings[(current + step) % len(headings)]
        self.show_group_at(target)

    def show_group(self, key: str) -> None:
        """Put the cursor on the first call of the group `key` (a CallStatus value, "done",
        "missed"), its heading at the top."""
        try:
            self.show_group_at(self.get_option_index(GROUP_PREFIX + key))
        except Exception:  # no such group today
            return

    def show_group_at(self, heading: int) -> None:
        first = self._first_enabled_after(heading)
        if first is None:
            return
        self.highlighted = first
        self.scroll_to(y=self._index_to_line[heading], animate=False, immediate=True)

    def _first_enabled_after(self, heading: int) -> int | None:
        for index in range(heading + 1, self.option_count):
            option = self.get_option_at_index(index)
            if (option.id or "").startswith(GROUP_PREFIX):
                return None
            if not option.disabled:
                return index
        return None
