"""guestbook's own vCard export imported back (issue 14): what vCard can hold comes back the
same."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.services.export import export_guests
from guestbook.services.importing.importer import import_file
from guestbook.settings import Settings
from tests.exchange.helpers import EN_SAMPLE, FR_SAMPLE, contract

pytestmark = pytest.mark.both_backends

# Guests whose text vCard must escape or split: accents, commas and semicolons, a backslash, a
# line break, several phones and emails, birthdays without a year, a partner, no first name.
TRICKY_GUESTS = [
    {
        "first_name": "Hélène",
        "last_name": "Marchetti-Lefèvre",
        "phones": ["+33611987654", "+33478112233"],
        "emails": ["helene@example.fr", "h.marchetti@example.com"],
        "birthday": "1970-03-12",
        "address": "12 rue des Lilas, Bât. B; 2e étage",
        "postcode": "69001",
        "notes": "Table près de la fenêtre, côté jardin\nSa sœur : C:\\temp",
    },
    {"first_name": "François", "last_name": "Garçon", "phones": ["+33699887766"],
     "birthday": "--02-29", "partner": "Anaïs"},
    {"first_name": "", "last_name": "Œuvre", "phones": ["+14186566254"]},
    {"first_name": "Zoé", "last_name": "O'Neil; Jr", "emails": ["zoe@example.fr"],
     "birthday": "--12-31", "address": "8 rue Mercière", "postcode": "06000"},
]  # fmt: skip
# What vCard holds of a guest: no consent nor preferences.
FIELDS: tuple[str, ...] = (
    "first_name",
    "last_name",
    "phones",
    "emails",
    "birthday",
    "address",
    "postcode",
)
FIELDS += ("notes",)


def kept(found: list[dict[str, object]]) -> list[str]:
    """The guests' FIELDS, in an order that does not depend on the database's."""
    return sorted(json.dumps({key: guest[key] for key in FIELDS}) for guest in found)


def test_guestbooks_own_vcard_export_comes_back(
    services: Services, data_dir: Path, tmp_path: Path
) -> None:
    """Exported as vCard, imported into an empty database: names, phones, emails, birthdays,
    address and postcode, notes come back the same (vCard has no consent nor preferences; the
    partner is exported as RELATED, which the import says it leaves aside)."""
    import_file(services, data_dir / FR_SAMPLE)
    import_file(services, data_dir / EN_SAMPLE)
    tricky = tmp_path / "tricky.json"
    tricky.write_text(
        json.dumps({"guests": TRICKY_GUESTS}, ensure_ascii=False),
        encoding="utf-8",
    )
    assert import_file(services, tricky).new == 4
    exported = tmp_path / "guests.vcf"
    export_guests(services, exported, fmt="vcf")
    expected = kept(contract(services, tmp_path / "before.json"))
    other = make_services(
        tmp_path / "other.db", FixedClock(dt.date(2026, 11, 22)), Settings(), staff="Test"
    )
    try:
        result = import_file(other, exported)
        assert (result.rows, result.new, result.merged, result.rejected) == (
            len(expected), len(expected), 0, 0
        )  # fmt: skip
        assert result.ignored_columns == ("RELATED",)
        assert kept(contract(other, tmp_path / "after.json")) == expected
    finally:
        other.close()
