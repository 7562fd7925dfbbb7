"""Calendar (.ics) exports read back by icalendar: a yearly event per birthday."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import icalendar
import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday, Feb29Rule
from guestbook.services.export import export_guests
from tests.builders import add_guest
from tests.exchange.export_helpers import with_samples

pytestmark = pytest.mark.both_backends


@pytest.fixture
def filled(services: Services, data_dir: Path) -> Services:
    return with_samples(services, data_dir)


def when(component: icalendar.Component, name: str) -> icalendar.prop.DT_TYPE:
    """The date, date-time or duration of a component's `name` property."""
    value = component[name]
    assert isinstance(value, icalendar.vDDDTypes), type(value)
    return value.dt


@pytest.mark.parametrize("feb29", ["feb28", "mar1"])
def test_ics_birthdays(filled: Services, tmp_path: Path, feb29: Feb29Rule) -> None:
    callable_id = add_guest(filled, "Chef", "Ami", phone="+33612999999", birthday=Birthday(1, 6))
    filled.settings = dataclasses.replace(filled.settings, feb29=feb29, lead_days=5)
    path = tmp_path / "out.ics"
    result = export_guests(filled, path, fmt="ics")

    assert result.guests == 11  # the 10 imported birthdays and the chef's friend
    raw = path.read_bytes()
    calendar = icalendar.Calendar.from_ical(raw)
    events: dict[str, list[icalendar.Component]] = {}
    for event in calendar.walk("VEVENT"):
        events.setdefault(str(event["summary"]), []).append(event)
    assert len(events) == 11
    zoe = sorted(events.pop("Birthday: Zoé Lefèvre"), key=lambda event: when(event, "dtstart"))
    assert all(len(same) == 1 for same in events.values())
    if feb29 == "feb28":  # the last day of February
        (one,) = zoe
        assert b"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n" in raw
        assert when(one, "dtstart") == dt.date(1988, 2, 29)
    else:  # 29 February in leap years, 1 March in the others, until she is 120
        leap, other = zoe
        assert b"RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;UNTIL=21080301\r\n" in raw
        assert b"RRULE:FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1;UNTIL=21080301\r\n" in raw
        assert (when(leap, "dtstart"), when(other, "dtstart")) == (
            dt.date(1988, 2, 29),
            dt.date(1989, 3, 1),
        )
        exdate = other["exdate"]
        assert isinstance(exdate, icalendar.prop.vDDDLists)
        skipped = [day.dt for day in exdate.dts]
        assert skipped == [dt.date(y, 3, 1) for y in range(1992, 2109, 4) if y != 2100]
        assert "exdate" not in leap
        assert str(leap["uid"]) != str(other["uid"])
    assert b"BYYEARDAY" not in raw  # calcurse ignores it (docs/calendar-and-contacts.md)
    assert not zoe[0].walk("VALARM")  # no consent to be called
    (helene,) = events["Birthday: Hélène Dupont"]
    assert when(helene, "dtstart") == dt.date(1970, 3, 12)
    assert "06 12 34 56 78" in str(helene["description"])
    assert "Partner: Marc Dupont" in str(helene["description"])
    assert when(events["Birthday: Marc Dupont"][0], "dtstart") == dt.date(2027, 11, 5)
    (friend,) = events["Birthday: Chef Ami"]
    (alarm,) = friend.walk("VALARM")
    assert when(alarm, "trigger") == dt.timedelta(days=-5)
    assert str(friend["uid"]).startswith(f"guest-{callable_id}-")
