"""Exports in French: headers, consent cells and calendar texts in French, and a French CSV
imported back with every value intact. JSON stays the same in both languages.

The tests that look for French words need the French catalogue compiled with the exchange's
translations (and domain.channels' consent headers).
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import icalendar
import openpyxl
import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.domain.channels import REGISTRY
from guestbook.exchange.export_csv import HEADERS, XLSX_HEADERS, headers
from guestbook.exchange.headers import field_for
from guestbook.i18n import _, set_language
from guestbook.services.export import export_guests
from guestbook.services.importing.importer import import_file
from guestbook.settings import Settings
from tests.builders import add_guest
from tests.exchange.helpers import EN_SAMPLE, FR_SAMPLE, contract

pytestmark = pytest.mark.both_backends


@pytest.fixture
def filled(services: Services, data_dir: Path) -> Services:
    import_file(services, data_dir / FR_SAMPLE)
    import_file(services, data_dir / EN_SAMPLE)
    add_guest(
        services,
        '-Ève; "entre guillemets"',
        "O'Neil, Jr",
        phone="+33612000002",
        birthday=Birthday(29, 2),
        emails=("eve@example.fr", "eve.o@example.com"),
        call_consent=False,
        partner_name="@Adam",
    )
    add_guest(services, "Oui", "Non", phone="06 12 00 00 03", birthday=Birthday(1, 1, 1990))
    return services


@pytest.fixture
def other(tmp_path: Path) -> Iterator[Services]:
    """An empty database to import into."""
    built = make_services(
        tmp_path / "other.db", FixedClock(dt.date(2026, 11, 22)), Settings(), staff="Test"
    )
    yield built
    built.close()


CONSENT = HEADERS.index("Consent call")  # the first consent column of the CSV


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_every_french_header_names_the_field_its_english_one_does(french: None) -> None:
    assert headers()[:2] == ["Prénom", "Nom"]
    for english, translated in zip(HEADERS, headers(), strict=True):
        assert field_for(translated) == field_for(english), (english, translated)
    for english, translated in zip(XLSX_HEADERS, headers(XLSX_HEADERS), strict=True):
        assert field_for(translated) == field_for(english), (english, translated)
    for channel in REGISTRY:
        assert _(channel.export_header) != channel.export_header
        assert field_for(_(channel.export_header)) == f"consent_{channel.key}"


def test_a_french_csv_comes_back_whole(
    filled: Services, other: Services, tmp_path: Path, french: None
) -> None:
    """Exported in French, imported into an empty database: every contract value intact."""
    exported = tmp_path / "clients.csv"
    export_guests(filled, exported)
    rows = read_rows(exported)
    assert rows[0] == headers()
    assert rows[0][:3] == ["Prénom", "Nom", "Téléphones"]
    consent_cells = {cell for row in rows[1:] for cell in row[CONSENT : CONSENT + len(REGISTRY)]}
    assert consent_cells == {"", "oui", "non"}
    expected = contract(filled, tmp_path / "before.json")

    result = import_file(other, exported)
    assert (result.new, result.merged, result.rejected) == (len(expected), 0, 0)
    assert contract(other, tmp_path / "after.json") == expected
    assert result.ignored_columns == ()  # the last visit and the visits come back as history


def test_the_english_csv_is_unchanged(filled: Services, tmp_path: Path) -> None:
    exported = tmp_path / "guests.csv"
    export_guests(filled, exported)
    rows = read_rows(exported)
    assert rows[0] == list(HEADERS)
    assert rows[0][:3] == ["First name", "Last name", "Phones"]
    consent_cells = {cell for row in rows[1:] for cell in row[CONSENT : CONSENT + len(REGISTRY)]}
    assert consent_cells == {"", "yes", "no"}


def test_xlsx_in_french(filled: Services, tmp_path: Path, french: None) -> None:
    path = tmp_path / "clients.xlsx"
    export_guests(filled, path, fmt="xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.active
    assert sheet is not None
    assert sheet.title == "Clients"
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == headers(XLSX_HEADERS)
    assert rows[0][:5] == ("Prénom", "Nom", "Téléphones", "E-mails", "Anniversaire")
    consent = CONSENT - 2  # one Birthday column instead of the CSV's three
    assert {row[consent] for row in rows[1:]} <= {None, "", "oui", "non"}
    assert "non" in {row[consent] for row in rows[1:]}


def test_calendar_in_french(filled: Services, tmp_path: Path, french: None) -> None:
    path = tmp_path / "anniversaires.ics"
    export_guests(filled, path, fmt="ics")
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "Chez Nous : anniversaires"
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    helene = events["Anniversaire : Hélène Dupont"]
    assert "Conjoint : Marc Dupont" in str(helene["description"])
    assert "Naissance : 1970" in str(helene["description"])
    (alarm,) = events["Anniversaire : Oui Non"].walk("VALARM")
    assert str(alarm["description"]) == "Appel d’anniversaire : Oui Non, 06 12 00 00 03"


def test_json_is_the_same_in_both_languages(filled: Services, tmp_path: Path) -> None:
    english, french = tmp_path / "en.json", tmp_path / "fr.json"
    export_guests(filled, english, fmt="json")
    set_language("fr")
    export_guests(filled, french, fmt="json")
    assert french.read_bytes() == english.read_bytes()
