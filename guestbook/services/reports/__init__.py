"""The owner's report (product.md, "Reports and feedback"): a period's birthday calls, loyalty,
revenue and feedback beside those of the period before, and today's guests at risk and consent
coverage. One read; storage.sqlite.report aggregates, this module names the periods and turns
counts into figures (services.reports.figures).

A site's report (issue 19) counts its visits, for revenue and loyalty, and its guests (those
whose home site it is, as its agenda lists them) for the birthday calls, today's figures and
feedback: storage.sqlite.site_terms says how. '' is the whole group's, or a restaurant's own.

A period is two dates, both included; the default is the twelve months ending today. The
period before has the same number of days and ends the day before it starts.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import Connection

from guestbook.domain.birthdays import born_on_days_observed
from guestbook.domain.calls import Outcome
from guestbook.errors import UserError
from guestbook.i18n import _, date_text
from guestbook.services.context import Services
from guestbook.services.reports.figures import (
    AtRisk,
    BirthdayCalls,
    ConsentCoverage,
    FeedbackFigures,
    Loyalty,
    PeriodFigures,
    Report,
    Revenue,
)
from guestbook.settings import Settings
from guestbook.storage.sqlite import report as sql
from guestbook.storage.sqlite import report_birthdays as birthdays_sql
from guestbook.storage.sqlite.report import Period

__all__ = [
    "Period",
    "Report",
    "chosen_period",
    "default_period",
    "period_before",
    "report",
    "report_on",
]


RETURN_DAYS = 30  # an invited guest came back: a visit from the call to 30 days after
INVITED = frozenset({Outcome.REACHED, Outcome.BOOKED})  # services.agenda.log issues a reward


def report(
    services: Services, start: dt.date | None = None, end: dt.date | None = None, site: str = ""
) -> Report:
    """The report of the period from `start` to `end` (both included): the twelve months
    ending `end`, or ending today, for what is not given; `site`'s, or the whole group's."""
    today, settings = services.clock.today(), services.settings
    period = chosen_period(start, end, today)
    return services.read(lambda connection: report_on(connection, period, today, settings, site))


def chosen_period(start: dt.date | None, end: dt.date | None, today: dt.date) -> Period:
    """The period the owner asked for: a missing end is today, a missing start twelve months
    before the end; it ends today at the latest (what is to come has no visit yet: "this
    month" is the month so far, compared with as many days before it). Raises UserError when
    the start comes after the end, or after today."""
    if start is not None and end is not None and start > end:
        raise UserError(
            _("the report starts on {start}, after its end ({end})").format(
                start=date_text(start), end=date_text(end)
            )
        )
    if start is not None and start > today:
        raise UserError(
            _("the report starts on {start}, after today: nothing has happened yet").format(
                start=date_text(start)
            )
        )
    last = min(end or today, today)
    return start or default_period(last)[0], last


def default_period(end: dt.date) -> Period:
    """The twelve months ending `end`: from the day after the same date a year earlier (the
    day after 28 February for a 29 February)."""
    year_before = end.year - 1
    day = min(end.day, 28) if end.month == 2 and end.day == 29 else end.day
    return dt.date(year_before, end.month, day) + dt.timedelta(days=1), end


def period_before(period: Period) -> Period:
    """The period as long as `period`, ending the day before it starts."""
    start, end = period
    days = end - start + dt.timedelta(days=1)
    return start - days, start - dt.timedelta(days=1)


def report_on(
    connection: Connection, period: Period, today: dt.date, settings: Settings, site: str = ""
) -> Report:
    """The report of `period` as of `today`, in one read on `connection`; `site`'s, or the
    whole group's when ''."""
    previous = period_before(period)
    activity = sql.guest_activity(connection, (period, previous, period_before(previous)), site)
    guests_0, repeat_0, guests_1, repeat_1, retained_0, retained_1, guests_2 = activity[:7]
    shares, tops = activity[7:9], activity[9:11]
    loyalties = (
        (guests_0, repeat_0, guests_1, retained_0),
        (guests_1, repeat_1, guests_2, retained_1),
    )
    calls = birthday_calls(connection, (period, previous), today, settings, site)
    figures = [
        _period_figures(connection, site, *arguments)
        for arguments in zip((period, previous), calls, loyalties, shares, tops, strict=True)
    ]
    now = sql.guests_today(connection, today, site)
    at_risk = AtRisk(now.late, now.late_value_cents, now.regulars, now.regulars_value_cents)
    consent = ConsentCoverage(now.guests, now.granted)
    return Report(today, figures[0], figures[1], at_risk, consent, site)


def _period_figures(
    connection: Connection,
    site: str,
    period: Period,
    calls: BirthdayCalls,
    loyalty: tuple[int, int, int, int],
    share: int,
    top: int,
) -> PeriodFigures:
    guests, repeat, previous_guests, retained = loyalty
    referred, referred_cents = sql.referred_who_came(connection, period, site)
    visits, with_spend, total = sql.visit_totals(connection, period, site)
    return PeriodFigures(
        period[0],
        period[1],
        calls,
        Loyalty(guests, repeat, previous_guests, retained, referred, referred_cents),
        Revenue(total, visits, with_spend, guests, share, top),
        feedback(connection, period, site),
    )


# --- birthday calls ----------------------------------------------------------------------------


def birthday_calls(
    connection: Connection,
    periods: Sequence[Period],
    today: dt.date,
    settings: Settings,
    site: str = "",
) -> list[BirthdayCalls]:
    """The birthday calls due in each period: the calls the agenda lists (a birthday
    `lead_days` after a day of the period, of a guest it may call today, recorded by the
    birthday), and every occasion with an attempt, whoever the guest is now; of `site`'s
    guests, as its agenda lists them, and their visits there, when given."""
    windows = [birthday_window(period, settings) for period in periods]
    listed = birthdays_sql.listed_birthdays(
        connection,
        [
            (month, day, on, recorded_by(on), k)
            for k, window in enumerate(windows)
            for month, day, on in observed_birthdays(window, settings)
        ],
        len(windows),
        today,
        site,
    )
    return [
        _calls(
            due,
            passed,
            birthdays_sql.attempted_birthdays(connection, window, RETURN_DAYS, site),
            today,
            settings,
        )
        for (due, passed), window in zip(listed, windows, strict=True)
    ]


def birthday_window(period: Period, settings: Settings) -> Period:
    """The birthdays whose calls fall due in `period`: `lead_days` later."""
    lead = dt.timedelta(days=settings.lead_days)
    return period[0] + lead, period[1] + lead


def _calls(
    listed: int,
    listed_passed: int,
    attempted: Sequence[birthdays_sql.AttemptedBirthday],
    today: dt.date,
    settings: Settings,
) -> BirthdayCalls:
    """The listed calls (and those of them whose birthday passed) with the tried occasions:
    each tried one is closed by its last word to the guest, or unreached once every attempt
    allowed was made; missed, as on the agenda (services.agenda.missed), when its birthday
    passed and no attempt spoke to the guest."""
    said = Counter(occasion.said for occasion in attempted)
    unlisted = tried_passed = unreached = missed_tried = returned = returned_cents = 0
    for occasion in attempted:
        birthday = occasion.birthday
        is_listed = _listed(occasion, birthday, settings)
        unlisted += not is_listed
        tried_passed += is_listed and birthday < today
        if occasion.said is None:
            unreached += occasion.attempts >= settings.max_attempts
            missed_tried += occasion.attempts < settings.max_attempts and birthday < today
        elif came_back(occasion):
            returned += 1
            returned_cents += int(occasion.came_cents)
    return BirthdayCalls(
        due=listed + unlisted,
        reached=said[Outcome.REACHED.value],
        booked=said[Outcome.BOOKED.value],
        declined=said[Outcome.DECLINED.value],
        unreached=unreached,
        missed=listed_passed - tried_passed + missed_tried,
        returned=returned,
        returned_spend_cents=returned_cents,
    )


def invited(occasion: birthdays_sql.AttemptedBirthday) -> bool:
    """The last word to the guest invited them: reached or booked."""
    return occasion.said is not None and Outcome(occasion.said) in INVITED


def came_back(occasion: birthdays_sql.AttemptedBirthday) -> bool:
    """Invited, and came from the day of the call to RETURN_DAYS after the birthday."""
    return invited(occasion) and bool(occasion.came)


def _listed(
    occasion: birthdays_sql.AttemptedBirthday, birthday: dt.date, settings: Settings
) -> bool:
    """Whether the agenda lists this occasion today, as listed_birthdays counts them: a guest
    it may call, whose birthday is observed on that day, recorded by the end of it."""
    return (
        bool(occasion.may_call)
        and (occasion.birth_month, occasion.birth_day)
        in born_on_days_observed(birthday, settings.feb29)
        and occasion.recorded_before(recorded_by(birthday))
    )


@functools.lru_cache(maxsize=4096)
def recorded_by(birthday: dt.date) -> dt.datetime:
    """A guest recorded before this moment (the end of the birthday, the restaurant's local
    day) was on the agenda for that birthday's call."""
    return _local_midnight(birthday + dt.timedelta(days=1))


def observed_birthdays(window: Period, settings: Settings) -> list[tuple[int, int, dt.date]]:
    """(month, day, date) of every stored birthday observed on each day of `window`: a
    birthday once for every year the window reaches, 29 February on its own day in leap years
    and on the `feb29` setting's day in others (domain.birthdays)."""
    first, last = window
    return [
        (month, day_of, day)
        for day in (dt.date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1))
        for month, day_of in born_on_days_observed(day, settings.feb29)
    ]


# --- feedback ----------------------------------------------------------------------------------


def feedback(connection: Connection, period: Period, site: str = "") -> FeedbackFigures:
    """The responses given on the period's days, the restaurant's local days; by `site`'s
    guests, when given."""
    since = _local_midnight(period[0])
    until = _local_midnight(period[1] + dt.timedelta(days=1))
    return FeedbackFigures(*sql.feedback_totals(connection, since, until, site))


def _local_midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time()).astimezone()
