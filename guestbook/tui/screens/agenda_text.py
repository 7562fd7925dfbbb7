"""The agenda's words: a call's two lines, the day's summary, the groups, the views, the
birthdays left out."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.content import Content

from guestbook.domain.calls import Outcome, Reason
from guestbook.domain.contact import format_phone
from guestbook.domain.dates import DateError, booking_date, clean
from guestbook.i18n import N_, _, date_text, ngettext, number, quoted
from guestbook.services.agenda.calls import Agenda, AgendaCall, DoneCall
from guestbook.services.agenda.describe import attempts_text, describe_reason
from guestbook.services.agenda.missed import MissedCalls
from guestbook.tui.widgets.hanging import Hanging

KEY = "bold $footer-key-foreground"  # as the key bar draws a key
SHOWN_VIEW = "bold reverse"

# The views of the agenda, `f` going from one to the next: all calls, then one reason.
# (A feedback call is shown among all the calls: a handful, seen at a glance, not a view.)
VIEWS: tuple[Reason | None, ...] = (None, Reason.BIRTHDAY, Reason.REFERRAL_THANKS, Reason.WINBACK)
VIEW_NAMES = {  # English, marked: shown through `_`
    None: N_("all"),
    Reason.BIRTHDAY: N_("birthdays"),
    Reason.REFERRAL_THANKS: N_("thank-yous"),
    Reason.WINBACK: N_("win-backs"),
}


def reason_count(reason: Reason, count: int) -> str:
    """'3 birthdays', '1 thank-you', '2,858 win-backs', '2 feedback calls', '1 notice call'."""
    if reason is Reason.BIRTHDAY:
        words = ngettext("{count} birthday", "{count} birthdays", count)
    elif reason is Reason.REFERRAL_THANKS:
        words = ngettext("{count} thank-you", "{count} thank-yous", count)
    elif reason is Reason.FEEDBACK:
        words = ngettext("{count} feedback call", "{count} feedback calls", count)
    elif reason is Reason.NOTICE:
        words = ngettext("{count} notice call", "{count} notice calls", count)
    else:
        words = ngettext("{count} win-back", "{count} win-backs", count)
    return words.format(count=number(count))


# Where _first_line starts the reason: a reason too long wraps under it (Hanging).
REASON_COLUMN = 26 + 1 + 18


def _first_line(call: AgendaCall, region: str) -> Text:
    line = Text()
    line.append(f"{call.name:<26.26}", style="bold")
    line.append(f" {format_phone(call.phone, region):<18}")
    line.append(describe_reason(call), style="bold" if call.milestone else "")
    return line


def call_prompt(call: AgendaCall, region: str) -> Hanging:
    line = _first_line(call, region)
    details: list[str] = []
    if call.partner:
        details.append(_("invite {name}").format(name=call.partner))
    if call.last_visit_on:
        day = date_text(call.last_visit_on, "day_month_year")
        details.append(_("last visit {day}").format(day=day))
    if call.attempts:
        details.append(attempts_text(call.attempts, call.last_outcome))
    line.append("\n" + " " * 2)
    line.append(" · ".join(details) or _("first call"), style="dim")
    if call.rewards_owed:
        owed = ngettext("{count} reward owed", "{count} rewards owed", call.rewards_owed)
        line.append(f"  ◆ {owed.format(count=number(call.rewards_owed))}", style="bold green")
    return Hanging(line, at=REASON_COLUMN)


def done_prompt(done: DoneCall, region: str) -> Hanging:
    """A call logged today: its outcome (the date booked), when and by whom, its note."""
    line = _first_line(done.call, region)
    if done.outcome is Outcome.BOOKED and done.booked_for is not None:
        outcome = booked_words(done.booked_for, done.at.date())  # logged today
    else:
        outcome = done.outcome.label
    said = _("{outcome} at {time}").format(outcome=outcome, time=f"{done.at:%H:%M}")
    if done.staff:
        said = _("{event} by {staff}").format(event=said, staff=done.staff)
    if done.note:
        said = f"{said} — {done.note}"
    line.append("\n  ")
    line.append(said, style="bold" if done.outcome is Outcome.BOOKED else "dim")
    return Hanging(line, at=REASON_COLUMN)


def missed_prompt(call: AgendaCall, region: str) -> Hanging:
    """A call whose window passed: its last day, and what was tried."""
    line = _first_line(call, region)
    last_day = _("last day {day}").format(day=date_text(call.event_on, "weekday"))
    tried = _("never called")
    if call.attempts:
        tried = attempts_text(call.attempts, call.last_outcome)
    line.append(f"\n  {last_day} · {tried}", style="dim")
    return Hanging(line, at=REASON_COLUMN)


def summary(agenda: Agenda, upcoming_days: int, missed: MissedCalls | None = None) -> str:
    """'5 calls today, 2 overdue · 3 in the next 7 days · 4 done today · 11 missed since
    8 Nov' (the calls whose window ended since, never reached)."""
    parts = [
        ngettext(
            "{count} call today, {overdue} overdue",
            "{count} calls today, {overdue} overdue",
            agenda.due_today,
        ).format(count=number(agenda.due_today), overdue=number(agenda.overdue))
    ]
    if agenda.upcoming:
        coming = ngettext(
            "{count} in the next {days} day", "{count} in the next {days} days", upcoming_days
        )
        parts.append(coming.format(count=number(agenda.upcoming), days=upcoming_days))
    if agenda.done:
        done = ngettext("{count} done today", "{count} done today", len(agenda.done))
        parts.append(done.format(count=number(len(agenda.done))))
    if missed is not None and missed.total:
        since = date_text(agenda.date - dt.timedelta(days=missed.days), "day_month")
        words = ngettext("{count} missed since {day}", "{count} missed since {day}", missed.total)
        parts.append(words.format(count=number(missed.total), day=since))
    return " · ".join(parts)


def view_line(reason: Reason | None) -> Content:
    """The keys that move around the agenda, styled as the key bar's, the view shown picked
    out: 'f all · birthdays · thank-yous · win-backs  g/G next/previous group  l left out …'."""
    parts: list[str | tuple[str, str]] = [(" f", KEY), " "]
    for index, view in enumerate(VIEWS):
        if index:
            parts.append(" · ")
        name = _(VIEW_NAMES[view])
        parts.append((f" {name} ", SHOWN_VIEW) if view is reason else name)
    for key, words in (
        ("g/G", _("next/previous group")),
        ("l", _("left out")),
        ("p", _("print")),
    ):
        parts += ["  ", (key, KEY), f" {words}"]
    return Content.assemble(*parts)


def left_out(agenda: Agenda) -> str:
    """The birthdays no call was made for, and why ('' when none)."""
    if not (agenda.left_out_no_phone or agenda.left_out_no_consent):
        return ""
    return _(
        "Birthdays left out: {no_phone} without a phone number, {no_consent} without "
        "consent to be called — l lists who."
    ).format(
        no_phone=number(agenda.left_out_no_phone),
        no_consent=number(agenda.left_out_no_consent),
    )


def booking_day(booked_for: dt.date, today: dt.date) -> str:
    """'Mon 1 Nov', or 'Mon 1 Nov 2027' when the booking is not this year's: a date typed
    without its year is the next such day (domain.dates.booking_date), and '01/11' typed on
    22 November is next year's; the chef must see it before the guest is told."""
    return date_text(booked_for, "weekday" if booked_for.year == today.year else "weekday_year")


def booked_words(booked_for: dt.date, today: dt.date) -> str:
    """'booked for Mon 1 Nov' (services.agenda.describe.booked_text), the year shown when
    it is not this one: the confirmation of a booking and the agenda's line for it."""
    return _("booked for {day}").format(day=booking_day(booked_for, today))


def booking_examples(today: dt.date) -> tuple[str, str]:
    """Today's date as a booking is typed: ('06/12', '06/12/2026')."""
    return f"{today:%d/%m}", f"{today:%d/%m/%Y}"


def booking_problem(text: str, today: dt.date) -> str | None:
    """What is wrong with a typed booking date, in domain.dates' words ('31/02 does not
    exist: February has at most 29 days', '01/12/2026 is in the past'), or None. What is not
    a date at all gets today's date as the example, not a fixed one."""
    day, full = booking_examples(today)
    if not clean(text):
        return _("type the date of the booking, e.g. {day} or +3").format(day=day)
    try:
        booking_date(text, today)
    except DateError as error:
        unreadable = _("{text} is not a date: {examples}").format(
            text=quoted(text.strip()), examples=""
        )
        if str(error).startswith(unreadable):
            return _("{text} is not a date: try {day}, {date} or +3").format(
                text=quoted(text.strip()), day=day, date=full
            )
        return str(error)
    return None
