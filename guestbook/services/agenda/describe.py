"""Words for an agenda call, shared by the terminal table, the printed sheet and the app."""

from __future__ import annotations

import datetime as dt

from guestbook.domain.birthdays import MILESTONE_MARK
from guestbook.domain.calls import Outcome, Reason
from guestbook.domain.feedback import scores_text
from guestbook.i18n import _, date_text, ngettext, number
from guestbook.services.agenda.calls import AgendaCall


def describe_reason(call: AgendaCall) -> str:
    """'Birthday Saturday 29 Nov, turning 50' / 'Thank them for bringing Léa' / 'We miss you: last
    came 12 Oct, usually every 21 days' / 'Feedback of 12 Nov: effort 2/7 — “the wait”' /
    'Notice: The dish of the 3rd — read out: “Hello Hugo, …”', in guestbook's language."""
    if call.reason is Reason.BIRTHDAY:
        # The weekday whole ("samedi 29 nov."): the chef says it on the phone.
        day = date_text(call.event_on, "full_weekday")
        if call.turning is None:
            return _("Birthday {day}").format(day=day)
        text = _("Birthday {day}, turning {age}").format(day=day, age=call.turning)
        return f"{text} {MILESTONE_MARK}" if call.milestone else text
    if call.reason is Reason.FEEDBACK:
        return feedback_words(call)
    if call.reason is Reason.NOTICE:
        return notice_words(call)
    if call.reason is Reason.REFERRAL_THANKS:
        if call.referred_name:
            return _("Thank them for bringing {name}").format(name=call.referred_name)
        return _("Thank them for bringing a friend")
    last = interval = ""
    if call.last_visit_on:
        last = date_text(call.last_visit_on, "day_month")
    if call.usual_interval_days:
        days = call.usual_interval_days
        interval = ngettext("usually every {count} day", "usually every {count} days", days)
        interval = interval.format(count=days)
    if last and interval:
        return _("We miss you: last came {day}, {interval}").format(day=last, interval=interval)
    if last:
        return _("We miss you: last came {day}").format(day=last)
    if interval:
        return _("We miss you: {interval}").format(interval=interval)
    return _("We miss you: ")


def attempts_text(attempts: int, last_outcome: Outcome | None) -> str:
    """'1 attempt (voicemail)', '3 attempts (no answer)'."""
    words = ngettext("{count} attempt ({outcome})", "{count} attempts ({outcome})", attempts)
    outcome = last_outcome.label if last_outcome else ""
    return words.format(count=number(attempts), outcome=outcome)


def booked_text(booked_for: dt.date) -> str:
    """'booked for Wed 9 Dec': the date a booked call's guest is coming (the agenda, the
    calendar, the guest's card)."""
    return _("booked for {day}").format(day=date_text(booked_for, "weekday"))


def feedback_words(call: AgendaCall) -> str:
    """What a feedback call is about, so the owner knows what to talk of: the day, the scores
    and the comment ('Feedback of 12 Nov: effort 2/7 · satisfaction 1/5 — “cold soup”')."""
    words = _("Feedback of {day}: {scores}").format(
        day=date_text(call.occasion_on, "day_month"),
        scores=scores_text(call.ces, call.satisfaction),
    )
    if call.comment:
        words = _("{feedback} — “{comment}”").format(feedback=words, comment=call.comment)
    return words


def notice_words(call: AgendaCall) -> str:
    """What a notice call is for, so the chef can read it out: the message's subject and its
    text for this guest, on one line ('Notice: The dish of the 3rd — read out: “Hello Hugo,
    the dish of the 3rd contained walnuts.”')."""
    words = _("Notice: {subject}").format(subject=call.subject or "")
    script = " ".join((call.script or "").split())
    if script:
        words = _("{notice} — read out: “{script}”").format(notice=words, script=script)
    return words
