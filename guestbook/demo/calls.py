"""Demo data: the birthday and "we miss you" calls and how they went, and the birthday
rewards they issue (with the visit that redeemed them). Every call, thank-yous included, is
made by call()."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from guestbook.demo.records import DAY, Attempt, Guest, Referral, Reward, Table
from guestbook.demo.visits import new_table

if TYPE_CHECKING:
    from guestbook.demo.story import Chunk

BIRTHDAY_HISTORY_DAYS = 60  # past birthdays that have calls and rewards
MORNING = (28_800, 10_800)  # (start, span) s
_MISSES = ("voicemail", "no_answer")
# How a past birthday's calls ended, by cumulative share; None: only missed calls.
_BIRTHDAY_ENDINGS = (
    (0.27, None),
    (0.35, "declined"),
    (0.78, "reached"),
    (0.99, "booked"),
    (1.0, "wrong_number"),
)


def call(
    chunk: Chunk,
    guest: Guest,
    reason: str,
    occasion_day: int,
    day: int,
    outcome: str,
    referral: Referral | None = None,
    booked_for: int | None = None,
) -> Attempt:
    start, span = MORNING  # the chef phones in the morning, before service
    stamp = day * DAY + start + int(chunk.rand() * span)
    note = chunk.pick(chunk.h.words.call_notes[outcome])
    attempt = Attempt(guest, reason, occasion_day, stamp, outcome, note, referral, booked_for)
    chunk.attempts.append(attempt)
    if outcome == "wrong_number":
        guest.wrong_phone_at = stamp
    return attempt


def birthday_calls(chunk: Chunk) -> None:
    today, lead, history = chunk.today, chunk.lead, chunk.h
    year = dt.date.fromordinal(today).year
    import_day = history.import_stamp // DAY
    for guest in chunk.guests:
        person = guest.person
        if person.birth_month is None or person.birth_day is None or not guest.may_call:
            continue
        known_since = import_day if guest.imported else guest.first_day
        for occurrence_year in (year - 1, year, year + 1):
            occurrence = history.observed(occurrence_year, person.birth_month, person.birth_day)
            if not today - BIRTHDAY_HISTORY_DAYS <= occurrence <= today + lead:
                continue
            if known_since >= occurrence - lead:
                continue  # the birthday was given after its call was due
            if occurrence < today:
                _past_birthday(chunk, guest, occurrence)
            else:
                _coming_birthday(chunk, guest, occurrence)


def _past_birthday(chunk: Chunk, guest: Guest, occurrence: int) -> None:
    rand = chunk.rand
    draw = rand()
    if draw < 0.12:
        return  # missed: never called
    final = next(outcome for limit, outcome in _BIRTHDAY_ENDINGS if draw < limit)
    misses = 1 + int(rand() * 3) if final is None else int(rand() * 3)
    misses = min(misses, chunk.h.settings.max_attempts - 1)
    outcomes = [_MISSES[int(rand() * 2)] for _ in range(misses)]
    if final is not None:
        outcomes.append(final)
    day = occurrence - chunk.lead + int(rand() * 3)  # on the due day or just after
    last_day = min(occurrence, chunk.today - 1)
    attempt = None
    for outcome in outcomes:
        if day > last_day:
            return  # ran out of days before reaching the guest
        booked_for = None
        if outcome == "booked":
            booked_for = max(day + 1, occurrence - 3 + int(rand() * 10))
        attempt = call(chunk, guest, "birthday", occurrence, day, outcome, None, booked_for)
        day += 1 + int(rand() * 2)
    if attempt is not None and attempt.outcome in ("reached", "booked"):
        _birthday_reward(chunk, guest, occurrence, attempt)


def _coming_birthday(chunk: Chunk, guest: Guest, occurrence: int) -> None:
    """Due already: untouched (today or overdue), a voicemail yesterday (an overdue retry),
    or reached in the last days (the reward is owed)."""
    rand = chunk.rand
    yesterday = chunk.today - 1
    due = occurrence - chunk.lead
    if due > yesterday:
        return
    draw = rand()
    if draw < 0.45:
        return
    if draw < 0.75:
        if due < yesterday and rand() < 0.3:
            call(chunk, guest, "birthday", occurrence, due, _MISSES[int(rand() * 2)])
        call(chunk, guest, "birthday", occurrence, yesterday, _MISSES[int(rand() * 2)])
        return
    first = max(due, chunk.today - 3)
    day = first + int(rand() * (yesterday - first + 1))
    if draw < 0.95:
        attempt = call(chunk, guest, "birthday", occurrence, day, "reached")
    else:
        attempt = call(chunk, guest, "birthday", occurrence, day, "booked", None, occurrence)
    _birthday_reward(chunk, guest, occurrence, attempt)


def _birthday_reward(chunk: Chunk, guest: Guest, occurrence: int, attempt: Attempt) -> None:
    valid_from, valid_to = chunk.h.validity("birthday", occurrence)
    reason = chunk.h.birthday_reason(occurrence)  # as services.agenda.log writes it
    reward = Reward(guest, "birthday", reason, valid_from, valid_to, attempt.stamp, attempt)
    chunk.rewards.append(reward)
    if guest.lapse is not None:
        return  # a lapsed regular who came back would not be lapsed
    if attempt.booked_for is not None:
        if attempt.booked_for < chunk.today:
            reward.visit = _birthday_table(chunk, guest, attempt.booked_for)
        return
    low = max(attempt.stamp // DAY + 1, valid_from)
    high = min(valid_to, chunk.today - 1)
    if high >= low and chunk.rand() < 0.6:
        reward.visit = _birthday_table(chunk, guest, low + int(chunk.rand() * (high - low + 1)))


def _birthday_table(chunk: Chunk, guest: Guest, day: int) -> Table:
    table = guest.tables.get(day)
    if table is not None:
        table.occasion = table.occasion or chunk.h.words.birthday_occasion
        return table
    members = [guest]
    partner = guest.partner
    # Only a partner already known by then: their first visit must not move.
    if (
        partner is not None
        and partner.lapse is None
        and 0 < partner.first_day < day
        and day not in partner.tables
    ):
        members.append(partner)
    return new_table(chunk, day, members, chunk.h.words.birthday_occasion, min_party=2)


def winback_calls(chunk: Chunk) -> None:
    rand, yesterday = chunk.rand, chunk.today - 1
    for unit in chunk.units:
        lapse = unit[0].lapse
        guest = next((member for member in unit if member.may_call), None)
        if lapse is None or guest is None:
            continue
        last, late_day, current = lapse
        if current:  # on the agenda now; some already got a voicemail yesterday
            if late_day <= yesterday and rand() < 0.3:
                call(chunk, guest, "winback", last, yesterday, _MISSES[int(rand() * 2)])
            continue
        if rand() >= 0.45:
            continue
        day = late_day + int(rand() * 10)
        draw = rand()
        if draw < 0.45:
            outcomes = ["reached"]
        elif draw < 0.6:
            outcomes = ["declined"]
        else:
            outcomes = [_MISSES[int(rand() * 2)], *(["reached"] if rand() < 0.5 else [])]
        for outcome in outcomes:
            call(chunk, guest, "winback", last, day, outcome)
            day += 1
