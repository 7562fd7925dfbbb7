"""`guestbook today` as text, as a sheet to print (--print) and as JSON: nothing cut, the last
outcome said, plurals right, the guests left out named (finding "guestbook today cuts the
reason", and "left out guests are anonymous")."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli.agenda_text import NAME_WIDTH
from guestbook.cli.main import cli
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.services.agenda.log import CallToLog, log_outcome
from tests.builders import add_guest, add_visit
from tests.database import database

pytestmark = pytest.mark.both_backends

TODAY = "2026-11-22"
LONG_NAME = "Marie-Bérénice-Alexandrine de La Tour d'Auvergne-Lauraguais"


@pytest.fixture
def db(services: Services) -> str:
    """A regular late since 9 November (a win-back call whose reason is long), a birthday
    tried yesterday (voicemail), a guest with a very long name, two birthdays left out."""
    regular = add_guest(services, "Paul", "Habitué")
    for day in (dt.date(2026, 9, 26), dt.date(2026, 10, 3), dt.date(2026, 10, 10)):
        add_visit(services, day, regular)
    tried = add_guest(services, "Chloé", "Messagerie", birthday=Birthday(26, 11))
    yesterday = replace(services, clock=FixedClock(dt.date(2026, 11, 21)))
    log_outcome(
        yesterday,
        CallToLog(tried, Reason.BIRTHDAY, dt.date(2026, 11, 26), None),
        Outcome.VOICEMAIL,
    )
    add_guest(
        services,
        "Marie-Bérénice-Alexandrine",
        "de La Tour d'Auvergne-Lauraguais",
        birthday=Birthday(29, 11, 1946),
        partner_name="Jean-Charles-Édouard de Montmorency",
    )
    add_guest(services, "Sans", "Téléphone", birthday=Birthday(23, 11), phone=None)
    add_guest(services, "Pas", "Daccord", birthday=Birthday(24, 11), call_consent=False)
    return database(services)


def today(db: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", db, "--today", TODAY, "today", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_reason_and_the_name_wrap_instead_of_being_cut(db: str) -> None:
    text = today(db)
    lines = text.splitlines()
    assert "…" not in text
    assert max(len(line) for line in lines) <= 80
    flat = " ".join(" ".join(lines).split())
    assert "We miss you: last came 10 Oct, usually every 7 days" in flat
    first = next(i for i, line in enumerate(lines) if line.startswith("Marie-"))
    name = " ".join(line[:NAME_WIDTH].strip() for line in lines[first : first + 3])
    assert name.replace("- ", "-") == LONG_NAME  # wrapped in its column, never cut
    assert "invite Jean-Charles-Édouard de Montmorency" in flat


def test_the_attempts_say_the_last_outcome(db: str) -> None:
    text = today(db)
    chloe = text.index("Chloé Messagerie")
    assert "1 attempt (voicemail)" in text[chloe : chloe + 200]


def test_the_left_out_are_counted_in_words_and_named(db: str) -> None:
    text = today(db)
    assert "birthday(s)" not in text
    assert (
        "Birthdays left out: 1 without a phone number, 1 without consent to be called — ask "
        "at checkout." in " ".join(text.split())
    )
    assert "  Sans Téléphone, birthday Mon 23 Nov: no phone number" in text
    assert "  Pas Daccord, birthday Tue 24 Nov: no consent to be called" in text


def test_json_keeps_the_left_out_counts_and_adds_the_guests(db: str) -> None:
    data = json.loads(today(db, "--json"))
    assert data["left_out"] == {"no_phone": 1, "no_consent": 1}  # the contract, as it was
    guests = [{k: v for k, v in g.items() if k != "guest_id"} for g in data["left_out_guests"]]
    assert guests == [
        {"name": "Sans Téléphone", "birthday_on": "2026-11-23", "missing": "no_phone"},
        {"name": "Pas Daccord", "birthday_on": "2026-11-24", "missing": "no_consent"},
    ]
    assert all(isinstance(g["guest_id"], int) for g in data["left_out_guests"])


def test_the_sheet_fits_a_printer(db: str) -> None:
    sheet = today(db, "--print")
    pages = sheet.split("\f")
    assert len(pages) == 1
    lines = sheet.splitlines()
    assert lines[0].startswith("Chez Nous — calls for Sunday 22 November 2026")
    assert lines[0].endswith("page 1 of 1") and len(lines[0]) == 80
    assert max(len(line) for line in lines) <= 80 and len(lines) <= 60
    flat = " ".join(sheet.split())
    for words in (
        "We miss you: last came 10 Oct, usually every 7 days",
        "Chloé Messagerie",
        "1 attempt (voicemail)",
        "Birthday Sunday 29 Nov, turning 80",
        "invite Jean-Charles-Édouard de Montmorency",
    ):
        assert words in flat
    assert sheet.count("Outcome: ____") == 3  # one line to write on per call


def test_a_long_sheet_has_a_page_break_every_60_lines_and_each_page_its_header(
    services: Services,
) -> None:
    for index in range(40):
        add_guest(services, f"Invité{index:02d}", "Martin", birthday=Birthday(29, 11))
    sheet = today(database(services), "--print")
    pages = sheet.split("\f")
    assert len(pages) > 2
    for number, page in enumerate(pages, 1):
        lines = page.splitlines()
        assert len(lines) <= 60
        assert lines[0].startswith("Chez Nous — calls for Sunday 22 November 2026")
        assert lines[0].endswith(f"page {number} of {len(pages)}")
        assert not page.rstrip("\n").endswith("Outcome:")  # no call split over two pages
    assert sheet.count("Outcome: ____") == 40


def test_the_sheet_in_french(db: str) -> None:
    result = CliRunner().invoke(
        cli, ["--lang", "fr", "--db", db, "--today", TODAY, "today", "--print"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Chez Nous — appels du dimanche 22 novembre 2026")
    assert max(len(line) for line in lines) <= 80
    assert "Relance" in result.output and "Anniversaire" in result.output


def test_print_and_json_together_are_refused_in_one_line(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, "--today", TODAY, "today", "--print", "--json"])
    assert result.exit_code == 1
    assert "--json and --print cannot be used together" in str(result.exception)


def test_a_day_and_its_month_stay_on_one_line() -> None:
    """ "dernière visite le 17 / sept." read across two lines (a user walk)."""
    from guestbook.cli.agenda_text import _wrap

    reason = "Relance : dernière visite le 17 sept., d’habitude tous les 27 jours"
    lines = _wrap(reason, 35)
    assert lines == ["Relance : dernière visite le", "17 sept., d’habitude tous les", "27 jours"]
    assert "\u00a0" not in "".join(lines)  # glued for the wrap only
