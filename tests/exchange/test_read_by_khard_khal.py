"""Exports read back by the programs people use them with (issue 14): the vCard by khard, the
iCalendar by khal, each run as its own process with a configuration of its own in a temporary
folder, and held to what they print.

The expected values come from the database's tables and from phonenumbers, not from the
exporters: a card khard cannot read, or reads with another name, number type or birthday, and
an event khal shows on another day (29 February under either feb29 rule, in a leap year and in
another) fails the test. docs/calendar-and-contacts.md gives the same checks by hand, and the
one with calcurse, which is not a Python package and so not run here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import phonenumbers
import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.demo.generate import generate_demo
from guestbook.domain.birthdays import Birthday, Feb29Rule, observed_date
from guestbook.domain.text import display_name
from guestbook.exchange.export_vcard import card_uid
from guestbook.services.export import export_guests
from guestbook.settings import Settings
from tests.builders import add_guest
from tests.database import query

pytestmark = pytest.mark.both_backends

DAY = dt.date(2026, 11, 22)
DEMO_GUESTS = 150


class Guest(NamedTuple):
    id: int
    name: str
    birthday: Birthday | None
    phones: tuple[str, ...]


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    """A small demo and the guests that put the exports to the test: 29 February with and
    without a year, a landline, a US number (mobile or not: nobody knows), a UK mobile, and
    names with every character vCard and iCalendar escape."""
    path = tmp_path_factory.mktemp("apps") / "guestbook.db"
    services = make_services(path, FixedClock(DAY), Settings(), staff="Test")
    generate_demo(services.engine, today=DAY, settings=services.settings, guests=DEMO_GUESTS)
    add_guest(services, "Zoé", "Bissextile", birthday=Birthday(29, 2, 1988), phone="+33612000029")
    add_guest(services, "Sans", "Année", birthday=Birthday(29, 2), phone="+33142000029")
    add_guest(services, "Ann", "Arbor", birthday=Birthday(4, 7), phone="+12015550123")
    add_guest(services, "Olivia", "Londres", birthday=Birthday(1, 3, 1990), phone="+447911123456")
    add_guest(services, "Ève; la, \\ première", "O'Neil", birthday=Birthday(31, 12), phone=False)
    yield services
    services.close()


def guests(services: Services) -> list[Guest]:
    """Every guest an export holds, straight from the tables."""
    phones: dict[int, list[str]] = {}
    for guest_id, e164 in query(services, "SELECT guest_id, e164 FROM phone ORDER BY position, id"):
        phones.setdefault(guest_id, []).append(e164)
    rows = query(
        services,
        "SELECT id, first_name, last_name, birth_day, birth_month, birth_year FROM guest "
        "WHERE erased_at IS NULL",
    )
    return [
        Guest(
            guest_id,
            display_name(first, last),
            Birthday(day, month, year) if day and month else None,
            tuple(phones.get(guest_id, ())),
        )
        for guest_id, first, last, day, month, year in rows
    ]


def run(*command: str, home: Path) -> str:
    """A program of this Python's environment, with a home of its own; its output."""
    done = subprocess.run(
        [sys.executable, "-m", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "error" not in done.stderr.lower(), done.stderr
    return done.stdout


def parsable(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines() if line.strip()]


# --- khard ----------------------------------------------------------------------------------

KHARD_CONFIG = """\
[addressbooks]
[[guests]]
path = {book}

[general]
debug = no
default_action = list
editor = /bin/false
merge_editor = /bin/false

[contact table]
display = formatted_name
group_by_addressbook = no
reverse = no
show_nicknames = no
show_uids = yes
sort = last_name
localize_dates = no
preferred_phone_number_type = pref, cell, home
preferred_email_address_type = pref, work, home

[vcard]
preferred_version = 4.0
search_in_source_files = no
skip_unparsable = no
"""


@pytest.fixture(scope="module")
def khard(demo: Services, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """khard over an address book holding the export, a card a file as a vdir holds them
    (what vdirsyncer's singlefile storage makes of a .vcf): cut at END:VCARD, numbered,
    nothing read from the cards."""
    folder = tmp_path_factory.mktemp("khard")
    export = folder / "guests.vcf"
    export_guests(demo, export, fmt="vcf")
    book = folder / "book"
    book.mkdir()
    cards = export.read_bytes().split(b"END:VCARD\r\n")
    assert cards[-1] == b""
    for number, card in enumerate(cards[:-1]):
        (book / f"{number:06d}.vcf").write_bytes(card + b"END:VCARD\r\n")
    config = folder / "khard.conf"
    config.write_text(KHARD_CONFIG.format(book=book), encoding="utf-8")

    def khard(*arguments: str) -> list[list[str]]:
        return parsable(run("khard", "-c", str(config), *arguments, home=folder))

    return khard


def test_khard_lists_every_guest_once_under_its_own_uid(demo: Services, khard: Any) -> None:
    listed = khard("list", "--parsable")
    expected = guests(demo)
    assert len(expected) > DEMO_GUESTS
    assert sorted((uid, name) for uid, name, _book in listed) == sorted(
        (card_uid(guest.id), guest.name) for guest in expected
    )
    assert "Ève; la, \\ première O'Neil" in {name for _uid, name, _book in listed}


def test_khard_reads_every_number_and_which_are_mobiles(demo: Services, khard: Any) -> None:
    def kind(e164: str) -> str:
        number = phonenumbers.parse(e164, None)
        mobile = phonenumbers.number_type(number) == phonenumbers.PhoneNumberType.MOBILE
        return "cell" if mobile else "voice"  # khard's word for a number of no TYPE

    shown = Counter((number, name, kind) for number, name, kind in khard("phone", "--parsable"))
    expected = Counter(
        (phone, guest.name, kind(phone)) for guest in guests(demo) for phone in guest.phones
    )
    assert shown == expected
    assert shown[("+33612000029", "Zoé Bissextile", "cell")] == 1
    assert shown[("+33142000029", "Sans Année", "voice")] == 1  # a Paris landline
    assert shown[("+12015550123", "Ann Arbor", "voice")] == 1  # fixed line or mobile
    assert shown[("+447911123456", "Olivia Londres", "cell")] == 1


def test_khard_reads_every_birthday(demo: Services, khard: Any) -> None:
    shown = Counter((date, name) for date, name in khard("birthdays", "--parsable"))
    expected: Counter[tuple[str, str]] = Counter()
    for guest in guests(demo):
        if guest.birthday is not None:
            # khard gives a birthday without its year the year 1900 (its DEFAULT_YEAR)...
            year, month, day = guest.birthday.year or 1900, guest.birthday.month, guest.birthday.day
            expected[(f"{year}.{month:02d}.{day:02d}", guest.name)] += 1
    # ...which has no 29 February: khard 0.22 drops BDAY:--0229 (RFC 6350's own form, which
    # test_export_vcard reads back with vobject). Whether it shows it or not, nothing else.
    expected.pop(("1900.02.29", "Sans Année"))
    shown.pop(("1900.02.29", "Sans Année"), None)
    assert shown == expected
    assert shown[("1988.02.29", "Zoé Bissextile")] == 1


# --- khal -----------------------------------------------------------------------------------

KHAL_CONFIG = """\
[calendars]
[[birthdays]]
path = {calendar}
type = calendar

[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
local_timezone = Europe/Paris
default_timezone = Europe/Paris

[default]
default_calendar = birthdays

[sqlite]
path = {cache}
"""


@pytest.fixture(scope="module", params=["feb28", "mar1"])
def khal(
    request: pytest.FixtureRequest, demo: Services, tmp_path_factory: pytest.TempPathFactory
) -> Any:
    """khal over a calendar the export was imported into (`khal import --batch`), under one
    feb29 rule; khal(start, end) lists (date, title) of every event day in between."""
    feb29: Feb29Rule = request.param
    folder = tmp_path_factory.mktemp(f"khal-{feb29}")
    saved = demo.settings
    demo.settings = dataclasses.replace(saved, feb29=feb29)
    try:
        export_guests(demo, folder / "birthdays.ics", fmt="ics")
    finally:
        demo.settings = saved
    calendar = folder / "calendar"
    calendar.mkdir()
    config = folder / "khal.conf"
    config.write_text(
        KHAL_CONFIG.format(calendar=calendar, cache=folder / "khal.db"), encoding="utf-8"
    )
    run("khal", "-c", str(config), "import", "--batch", str(folder / "birthdays.ics"), home=folder)

    def khal(start: dt.date, end: dt.date) -> list[tuple[str, str]]:
        output = run(
            "khal", "-c", str(config), "list", "--format", "{start-date}\t{title}",
            "--day-format", "", start.isoformat(), end.isoformat(), home=folder,
        )  # fmt: skip
        return [(date, title) for date, title in parsable(output)]

    khal.feb29 = feb29  # type: ignore[attr-defined]
    return khal


def expected_days(demo: Services, years: range, feb29: Feb29Rule) -> Counter[tuple[str, str]]:
    """Every birthday's day in `years` by the rule (domain.birthdays, the app's own agenda
    rule), from its birth year on."""
    days: Counter[tuple[str, str]] = Counter()
    for guest in guests(demo):
        birthday = guest.birthday
        if birthday is None:
            continue
        for year in years:
            if birthday.year is None or year >= birthday.year:
                day = observed_date(birthday, year, feb29)
                days[(day.isoformat(), f"Birthday: {guest.name}")] += 1
    return days


def test_khal_shows_every_birthday_on_its_day_in_a_leap_year_and_another(
    demo: Services, khal: Any
) -> None:
    listed = Counter(khal(dt.date(2027, 1, 1), dt.date(2028, 12, 31)))
    assert listed == expected_days(demo, range(2027, 2029), khal.feb29)


def test_khal_puts_29_february_where_the_rule_says(khal: Any) -> None:
    def days(name: str, year: int) -> list[str]:
        around = khal(dt.date(year, 2, 27), dt.date(year, 3, 2))
        return [date for date, title in around if title == f"Birthday: {name}"]

    for name in ("Zoé Bissextile", "Sans Année"):
        assert days(name, 2028) == ["2028-02-29"]  # a leap year: its own day
        assert days(name, 2027) == ["2027-02-28" if khal.feb29 == "feb28" else "2027-03-01"]
        assert days(name, 2036) == ["2036-02-29"]
        if khal.feb29 == "mar1":
            # khal expands a rule with no end up to 2037 only; mar1's two events end (with the
            # guest's 120th year) and are expanded whole. 2100 is no leap year (a century not
            # divisible by 400): its 1 March is no exception; 2104 is one.
            assert days(name, 2100) == ["2100-03-01"]
            assert days(name, 2104) == ["2104-02-29"]
    assert days("Olivia Londres", 2027) == ["2027-03-01"]  # 1 March's own birthday stays
    assert days("Zoé Bissextile", 1987) == []  # not before the guest was born
