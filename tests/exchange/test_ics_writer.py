"""The iCalendar export is written as text (exchange.export_ics): read back whole by the
icalendar package, each event must hold what the per-event icalendar code wrote before issue
14 (kept below as the reference), property for property, parameter for parameter; the 29
February of the mar1 rule, by design two events now, is held to the days it must fall on.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import icalendar
import pytest
from dateutil.rrule import rrulestr  # type: ignore[import-untyped, unused-ignore]
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Alarm, Event
from icalendar.prop import vRecur, vText

from guestbook.bootstrap import make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.domain.birthdays import MAX_AGE, Birthday, Feb29Rule, next_occurrence, observed_date
from guestbook.domain.channels import CHANNELS
from guestbook.domain.contact import format_phone
from guestbook.domain.records import ExportFilters, GuestRecord
from guestbook.domain.text import display_name
from guestbook.exchange.export_ics import dial_text, schedules, write_ics
from guestbook.i18n import _, set_language
from guestbook.services.export import export_guests
from guestbook.settings import Settings
from guestbook.storage.sqlite.export import guest_records
from tests.builders import add_guest

DAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 9, 30, 15, 123456, tzinfo=dt.UTC)
# What calcurse 4.7 and 4.8 read of a rule (src/ical.c): anything else it ignores, as it ignored
# BYYEARDAY=60 and showed a mar1 birthday in leap years only.
CALCURSE_PARTS = {"FREQ", "INTERVAL", "UNTIL", "COUNT", "BYMONTH", "BYMONTHDAY", "BYDAY"}


# --- the reference: the per-event icalendar code of before, its 29 February aside ------------


class _Recur(vRecur):
    canonical_order = tuple(  # type: ignore[assignment]
        dict.fromkeys(("FREQ", "BYMONTH", "BYMONTHDAY", "BYYEARDAY", *vRecur.canonical_order))
    )


def reference_rules(
    birthday: Birthday, today: dt.date, rule: Feb29Rule
) -> list[tuple[str, dt.date, dict[str, Any], list[dt.date]]]:
    """(UID part, DTSTART, RRULE, EXDATEs) of each event of a birthday."""
    if (birthday.month, birthday.day) != (2, 29) or rule == "feb28":
        start = (
            next_occurrence(birthday, today, rule)
            if birthday.year is None
            else dt.date(birthday.year, birthday.month, birthday.day)
        )
        if (birthday.month, birthday.day) != (2, 29):
            return [("birthday", start, {"freq": "yearly"}, [])]
        return [("birthday", start, {"freq": "yearly", "bymonth": 2, "bymonthday": -1}, [])]
    # mar1: 29 February in leap years, 1 March in others, until the guest's 120th year.
    first = birthday.year or today.year
    last = first + MAX_AGE
    days = [dt.date(year, 2, 29) for year in range(first, last + 1) if calendar.isleap(year)]
    days += [dt.date(year, 3, 1) for year in range(first, last + 1) if not calendar.isleap(year)]
    kept = sorted(day for day in days if birthday.year is not None or day >= today)
    leap = next(day for day in kept if day.month == 2)
    other = next(day for day in kept if day.month == 3)
    until = dt.date(last, 3, 1)
    return [
        ("birthday", leap, {"freq": "yearly", "bymonth": 2, "bymonthday": 29, "until": until}, []),
        (
            "birthday-mar1",
            other,
            {"freq": "yearly", "bymonth": 3, "bymonthday": 1, "until": until},
            [dt.date(y, 3, 1) for y in range(other.year, last + 1) if calendar.isleap(y)],
        ),
    ]


def reference_events(
    record: GuestRecord, *, today: dt.date, now: dt.datetime, settings: Settings
) -> list[Event]:
    assert record.birthday is not None
    name = display_name(record.first_name, record.last_name)
    described = [
        _("Phone: {phone}").format(phone=format_phone(phone, settings.phone_region))
        for phone in record.phones
    ]
    if record.partner:
        described.append(_("Partner: {name}").format(name=record.partner))
    if record.birthday.year is not None:
        described.append(_("Born {year}").format(year=record.birthday.year))
    events = []
    for uid, start, rule, exdates in reference_rules(record.birthday, today, settings.feb29):
        item = Event()
        item.add("uid", f"guest-{record.id}-{uid}@guestbook")
        item.add("dtstamp", now)
        item.add("dtstart", start)
        item.add("dtend", start + dt.timedelta(days=1))
        item.add("rrule", _Recur(rule))
        if exdates:
            item.add("exdate", exdates)
        item.add("summary", _("Birthday: {name}").format(name=name))
        item.add("transp", "TRANSPARENT")
        if described:
            item.add("description", "\n".join(described))
        if record.phones and record.consent.get("call") is True:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("trigger", dt.timedelta(days=-settings.lead_days))
            phone = format_phone(record.phones[0], settings.phone_region)
            alarm.add(
                "description", _("Birthday call: {name}, {phone}").format(name=name, phone=phone)
            )
            item.add_component(alarm)
        events.append(item)
    return events


def reference_calendar(
    records: list[GuestRecord], *, today: dt.date, now: dt.datetime, settings: Settings
) -> bytes:
    """The calendar as write_ics wrote it: its head by hand, each event by icalendar."""
    title = _("{restaurant}: birthdays").format(restaurant=settings.restaurant_name)
    written = [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//guestbook//birthdays//EN\r\n"
        f"CALSCALE:GREGORIAN\r\nX-WR-CALNAME:{vText(title).to_ical().decode()}\r\n"
    ]
    for record in records:
        if record.birthday is not None:
            for event in reference_events(record, today=today, now=now, settings=settings):
                written.append(event.to_ical().decode())
    written.append("END:VCALENDAR\r\n")
    return "".join(written).encode()


# --- comparing two calendars as icalendar reads them ------------------------------------------


def properties(component: icalendar.Component) -> tuple[Any, ...]:
    """Every property: name, parameters, and value as icalendar writes it, in an order of their
    own."""
    found = []
    for name, value in component.items():
        for one in value if isinstance(value, list) else [value]:
            found.append((name, tuple(sorted(one.params.items())), one.to_ical()))
    return tuple(sorted(found))


def contents(component: icalendar.Component) -> tuple[Any, ...]:
    """The component's properties, and its subcomponents' (an event's alarm)."""
    inner = sorted(contents(sub) for sub in component.subcomponents)
    return (component.name, properties(component), tuple(inner))


def by_uid(raw: bytes) -> tuple[tuple[Any, ...], dict[str, tuple[Any, ...]]]:
    """The calendar's own properties, and each event's contents by UID."""
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(event["uid"]): contents(event) for event in calendar.walk("VEVENT")}
    assert len(events) == len(calendar.walk("VEVENT"))  # every UID once
    return properties(calendar), events


def assert_well_formed(raw: bytes) -> None:
    """CRLF line ends, lines of at most 75 octets, none cut inside a UTF-8 character."""
    assert raw.endswith(b"END:VCALENDAR\r\n")
    lines = raw.split(b"\r\n")[:-1]
    assert all(b"\n" not in line and b"\r" not in line for line in lines)
    for line in lines:
        assert len(line) <= 75, line
        line.decode("utf-8")


def records_of(path: Path) -> list[GuestRecord]:
    """The guests with a birthday, as the export reads them."""
    services = make_services(path, FixedClock(DAY), Settings(), staff="Test")
    try:
        return services.read(
            lambda connection: [
                record
                for batch in guest_records(connection, ExportFilters(has_birthday=True))
                for record in batch
            ]
        )
    finally:
        services.close()


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("ics") / "guestbook.db"
    services = make_services(path, FixedClock(DAY), Settings(), staff="Test")
    generate_demo(services.engine, today=DAY, settings=services.settings, guests=400, seed=5)
    long_name = "Marie-Éléonore-Françoise-Géraldine-Hélène-Bénédicte"  # folds mid-accent
    add_guest(services, long_name, "de La Rochefoucauld-Montmorency", birthday=Birthday(29, 2))
    add_guest(services, "Ève; la, \\ première", "O'Neil", birthday=Birthday(29, 2, 1988))
    add_guest(services, "Ann", "Arbor", birthday=Birthday(4, 7), phone="+12015550123")
    add_guest(services, "Numéro", "Vert", birthday=Birthday(1, 3), phone="+33800123456")
    add_guest(
        services, "Zoé", "Lefèvre", birthday=Birthday(28, 2, 1990), partner_name="Jean, dit ;\\"
    )
    services.close()
    yield path


@pytest.mark.parametrize(
    ("feb29", "lead_days", "language"),
    [("feb28", 7, "en"), ("mar1", 0, "en"), ("mar1", 5, "fr"), ("feb28", 60, "fr")],
)
def test_every_event_of_a_demo_is_the_one_icalendar_wrote(
    demo_path: Path, tmp_path: Path, feb29: Feb29Rule, lead_days: int, language: str
) -> None:
    set_language(language)
    chosen = dataclasses.replace(
        Settings(), feb29=feb29, lead_days=lead_days, restaurant_name="Chez Nous, à Lyon; ici"
    )
    services = make_services(demo_path, FixedClock(DAY), chosen, staff="Test")
    try:
        result = export_guests(services, tmp_path / "birthdays.ics", fmt="ics")
    finally:
        services.close()
    raw = (tmp_path / "birthdays.ics").read_bytes()
    assert_well_formed(raw)
    records = records_of(demo_path)
    assert result.guests == len(records) > 250
    expected = reference_calendar(records, today=DAY, now=stamp_of(raw), settings=chosen)
    ours_head, ours = by_uid(raw)
    their_head, theirs = by_uid(expected)
    assert ours_head == their_head
    assert ours.keys() == theirs.keys()
    for uid, event in theirs.items():
        assert ours[uid] == event, uid
    feb29s = sum(1 for r in records if r.birthday and (r.birthday.month, r.birthday.day) == (2, 29))
    assert len(ours) == len(records) + (feb29s if feb29 == "mar1" else 0)
    assert feb29s >= 2


def stamp_of(raw: bytes) -> dt.datetime:
    """The export's DTSTAMP: when it was written (the clock's real time of day)."""
    start = raw.index(b"\r\nDTSTAMP:") + len(b"\r\nDTSTAMP:")
    text = raw[start : raw.index(b"\r\n", start)].decode()
    return dt.datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)


def test_every_rule_is_one_calcurse_reads(demo_path: Path, tmp_path: Path) -> None:
    for rule in ("feb28", "mar1"):
        chosen = dataclasses.replace(Settings(), feb29=rule)
        services = make_services(demo_path, FixedClock(DAY), chosen, staff="Test")
        try:
            export_guests(services, tmp_path / f"{rule}.ics", fmt="ics")
        finally:
            services.close()
        lines = (tmp_path / f"{rule}.ics").read_text(encoding="utf-8").split("\n")
        rules = [line.removeprefix("RRULE:").strip() for line in lines if line[:6] == "RRULE:"]
        assert len(rules) > 250
        for found in rules:
            parts = {part.split("=")[0] for part in found.split(";")}
            assert parts <= CALCURSE_PARTS, found


# --- records of any text ------------------------------------------------------------------------

_TEXT = st.text(
    st.one_of(
        st.characters(exclude_categories=("Cs", "Cc")),
        st.sampled_from(["\n", ";", ",", "\\", ":", '"', "é", "€", "𝄞"]),
    ),
    max_size=90,
).filter(lambda text: "\\N" not in text)  # icalendar reads '\N' in a text as a line break
_PHONES = ["+33612345678", "+33142000029", "+33800123456", "+12015550123", "+447911123456"]


@st.composite
def records(draw: st.DrawFn) -> GuestRecord:
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(2000, month)[1]))
    year = draw(st.one_of(st.none(), st.integers(1906, 2026)))
    if (month, day) == (2, 29) and year is not None and not calendar.isleap(year):
        year = 1988
    return GuestRecord(
        id=draw(st.integers(1, 10**9)),
        first_name=draw(_TEXT),
        last_name=draw(_TEXT),
        phones=tuple(draw(st.lists(st.sampled_from(_PHONES), max_size=3))),
        emails=(),
        birthday=Birthday(day, month, year),
        partner=draw(st.one_of(st.none(), _TEXT)),
        address="",
        postcode="",
        notes="",
        preferences="",
        consent={channel: draw(st.sampled_from([None, True, False])) for channel in CHANNELS},
        last_visit_on=None,
        visit_count=0,
    )


@settings(max_examples=150, deadline=None)
@given(
    st.lists(records(), min_size=1, max_size=4, unique_by=lambda record: record.id),
    st.sampled_from(["feb28", "mar1"]),
    st.dates(dt.date(2020, 1, 1), dt.date(2100, 12, 31)),
)
def test_any_guest_is_written_as_icalendar_wrote_it(
    guests: list[GuestRecord], feb29: Feb29Rule, today: dt.date
) -> None:
    chosen = dataclasses.replace(Settings(), feb29=feb29, restaurant_name="Chez Nous")
    handle = io.StringIO(newline="")
    write_ics([guests], handle, settings=chosen, today=today, now=NOW, on_batch=lambda _n: None)
    raw = handle.getvalue().encode("utf-8")
    assert_well_formed(raw)
    assert by_uid(raw) == by_uid(reference_calendar(guests, today=today, now=NOW, settings=chosen))


# --- the days of 29 February ------------------------------------------------------------------


_FROM, _UNTIL = dt.datetime(1800, 1, 1), dt.datetime(2300, 1, 1)  # noqa: DTZ001 (all-day)


def days_of(birthday: Birthday, today: dt.date, rule: Feb29Rule) -> list[dt.date]:
    """Every day the events of `birthday` give, expanded by dateutil (RRULE and EXDATE)."""
    chosen = dataclasses.replace(Settings(), feb29=rule)
    days: list[dt.date] = []
    for schedule in schedules(birthday, today, chosen):
        lines = [f"DTSTART;VALUE=DATE:{schedule.start:%Y%m%d}", f"RRULE:{schedule.rule}"]
        lines += [f"EXDATE;VALUE=DATE:{day:%Y%m%d}" for day in schedule.exceptions]
        expanded = rrulestr("\n".join(lines), forceset=True)
        days += [moment.date() for moment in expanded.between(_FROM, _UNTIL, inc=True)]
    return sorted(days)


@pytest.mark.parametrize("year", [1988, 1904, None])
@pytest.mark.parametrize(
    "today", [dt.date(2026, 11, 22), dt.date(2028, 2, 29), dt.date(2028, 3, 1), dt.date(2099, 3, 2)]
)
def test_mar1_gives_29_february_in_leap_years_and_1_march_in_the_others(
    year: int | None, today: dt.date
) -> None:
    birthday = Birthday(29, 2, year)
    days = days_of(birthday, today, "mar1")
    first = year if year is not None else today.year
    last = first + MAX_AGE
    expected = [observed_date(birthday, y, "mar1") for y in range(first, last + 1)]
    if year is None:  # from the next time it is celebrated
        expected = [day for day in expected if day >= today]
    assert days == expected
    assert dt.date(2100, 3, 1) in days or not first <= 2100 <= last  # 2100 is no leap year


def test_feb28_gives_the_last_day_of_february() -> None:
    days = [day for day in days_of(Birthday(29, 2, 1988), DAY, "feb28") if day.year < 2110]
    expected = [observed_date(Birthday(29, 2, 1988), y, "feb28") for y in range(1988, 2110)]
    assert days == expected


# --- phone numbers ------------------------------------------------------------------------------


@given(st.text("0123456789", min_size=7, max_size=11), st.sampled_from(["FR", "fr", "BE", "GB"]))
def test_a_french_number_is_written_as_phonenumbers_writes_it(digits: str, region: str) -> None:
    for e164 in ("+33" + digits, "+32" + digits, "+44" + digits):
        assert dial_text(e164, region) == format_phone(e164, region)


def test_numbers_of_every_kind_as_phonenumbers_writes_them() -> None:
    numbers = ["+33612345678", "+33142000029", "+33800123456", "+33912345678", "+33712345678"]
    numbers += ["+12015550123", "+447911123456", "+590690001234", "+262692123456", "+33612"]
    for e164 in numbers:
        for region in ("FR", "GB"):
            assert dial_text(e164, region) == format_phone(e164, region)
    assert dial_text("+33612345678", "FR") == "06 12 34 56 78"
