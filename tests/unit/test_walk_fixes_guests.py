"""What a user walking the app found about guests, without the app (brief H2): a postcode
checked by one rule on the card's form and at the door, an export's postcode prefix checked
before any file is written (app and command line), a booking's year shown when it is not this
year's, and a shared phone written as dialled where a flagged pair says why."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.guest_form import GuestForm, postcode_prefix_problem, validate_form
from guestbook.domain.records import ExportFilters
from guestbook.domain.table_form import Table, TableGuest, validate_table
from guestbook.errors import FieldErrors, UserError
from guestbook.services.export import export_guests
from guestbook.services.guests.edit import add_to_guest
from guestbook.tui.screens.agenda_text import booked_words, booking_day
from guestbook.tui.screens.card_text import flag_reason
from tests.builders import add_guest
from tests.database import database, execute, query

TODAY = dt.date(2026, 11, 22)


def form_problem(postcode: str, region: str) -> str | None:
    """The guest form's message for this postcode, or None when it is accepted."""
    try:
        validate_form(GuestForm(first_name="Inès", postcode=postcode), today=TODAY, region=region)
    except FieldErrors as error:
        return error.errors.get("postcode")
    return None


def door_problem(postcode: str, region: str) -> str | None:
    """Checkout's message for the same postcode typed for a new guest at the table."""
    guest = TableGuest(GuestForm(first_name="Inès", postcode=postcode))
    try:
        validate_table(Table(party_size="1", new_guests=[guest]), today=TODAY, region=region)
    except FieldErrors as error:
        return error.errors.get("new.0.postcode")
    return None


@pytest.mark.parametrize(
    ("region", "postcode", "refused"),
    [
        ("FR", "ABCDE", True),
        ("FR", "6900", True),
        ("FR", "69 001", True),
        ("FR", "69001", False),
        ("FR", "B-1000", False),
        ("FR", "CH-1201", False),
        ("FR", "1000", True),
        ("FR", "", False),
        ("GB", "SW1A 1AA", False),
        ("GB", "SW1A#1AA", True),
    ],
)
def test_the_card_and_the_door_check_a_postcode_by_one_rule(
    region: str, postcode: str, refused: bool
) -> None:
    """The walk: ABCDE saved from the card with no message, refused at checkout."""
    problem = form_problem(postcode, region)
    assert (problem is not None) == refused
    assert door_problem(postcode, region) == problem


def test_the_french_rule_says_why_in_both_languages(french: None) -> None:
    assert form_problem("ABCDE", "FR") == (
        "un code postal français a 5 chiffres, p. ex. 69001 (un étranger, son pays d’abord : "
        "B-1000)"
    )


def test_an_old_postcode_does_not_stop_completing_a_guest(services: Services) -> None:
    """A guest imported with a postcode of another shape can still be completed (at checkout,
    or from a form that turned out to be them): their postcode is kept, not refused."""
    guest = add_guest(services, "Inès", "Postale")
    execute(services, "UPDATE guest SET postcode = 'B-1000' WHERE id = ?", guest)
    entered = validate_form(
        GuestForm(first_name="Inès", notes="aime la terrasse"), today=TODAY, region="FR"
    )
    services.write(
        lambda session: add_to_guest(
            session,
            guest,
            entered,
            today=TODAY,
            now=services.clock.now(),
            settings=services.settings,
            staff="Test",
        )
    )
    assert query(services, "SELECT postcode, notes FROM guest WHERE id = ?", guest) == [
        ("B-1000", "aime la terrasse")
    ]


@pytest.mark.parametrize(
    ("prefix", "region", "refused"),
    [
        ("ABC", "FR", True),
        ("69A", "FR", True),
        ("690001", "FR", True),
        ("690", "FR", False),
        ("6", "FR", False),
        ("SW1", "GB", False),
    ],
)
def test_a_postcode_prefix_is_digits_in_france(prefix: str, region: str, refused: bool) -> None:
    assert (postcode_prefix_problem(prefix, region) is not None) == refused


def test_an_export_by_an_impossible_prefix_writes_no_file(
    services: Services, tmp_path: Path
) -> None:
    """The walk: 'ABC' exported '0 guests' into an empty file."""
    add_guest(services, "Inès", "Postale")
    target = tmp_path / "guests.csv"
    with pytest.raises(UserError, match="“ABC” is not the start of a postcode"):
        export_guests(services, target, filters=ExportFilters(postcode="ABC"))
    assert not target.exists()
    assert query(services, "SELECT count(*) FROM audit_event") == [(0,)]  # nothing left


def test_the_command_line_refuses_the_prefix_in_one_line(
    services: Services, tmp_path: Path
) -> None:
    """`guestbook export --postcode ABC`, in French: one line on stderr, no file."""
    target = tmp_path / "guests.csv"
    command = ["--db", database(services), "export", "--postcode", "ABC", "--output", str(target)]
    result = subprocess.run(
        [sys.executable, "-m", "guestbook", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "GUESTBOOK_LANG": "fr"},
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "« ABC » n’est pas un début de code postal" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1
    assert not target.exists()


def test_a_booking_in_another_year_shows_its_year() -> None:
    """The walk: '01/11' typed on 22 Nov 2026 is 1 Nov 2027, shown as 'Mon 1 Nov'."""
    assert booked_words(dt.date(2027, 11, 1), TODAY) == "booked for Mon 1 Nov 2027"
    assert booked_words(dt.date(2026, 11, 29), TODAY) == "booked for Sun 29 Nov"
    assert booking_day(dt.date(2027, 1, 2), dt.date(2026, 12, 30)) == "Sat 2 Jan 2027"


def test_a_booking_in_another_year_shows_its_year_in_french(french: None) -> None:
    assert booked_words(dt.date(2027, 11, 1), TODAY) == "réservé pour le lun. 1 nov. 2027"
    assert booked_words(dt.date(2026, 11, 29), TODAY) == "réservé pour le dim. 29 nov."


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("same phone +33607364115", "same phone 06 07 36 41 15"),
        ("même téléphone +33607364115", "same phone 06 07 36 41 15"),  # flagged in French
        ("same phone +442079460000", "same phone +44 20 7946 0000"),
        ("same email anne@example.com", "same email anne@example.com"),
        ("looked alike", "looked alike"),
        ("", ""),
    ],
)
def test_a_flag_says_why_with_the_phone_as_dialled(stored: str, shown: str) -> None:
    assert flag_reason(stored, "FR") == shown


def test_a_flag_says_why_in_french(french: None) -> None:
    assert flag_reason("same phone +33607364115", "FR") == "même téléphone 06 07 36 41 15"
