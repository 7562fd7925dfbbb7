"""Export, then import into an empty database: the contract fields come back the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.services.export import export_guests
from guestbook.services.importing.importer import import_file
from guestbook.settings import Settings
from tests.builders import add_guest
from tests.exchange.helpers import EN_SAMPLE, FR_SAMPLE, contract

pytestmark = pytest.mark.both_backends


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_round_trip(services: Services, data_dir: Path, tmp_path: Path, fmt: str) -> None:
    import_file(services, data_dir / FR_SAMPLE)
    import_file(services, data_dir / EN_SAMPLE)
    add_guest(
        services,
        '-Eve; "quoted"',
        "O'Neil, Jr",
        phone="+33612000002",
        birthday=Birthday(29, 2),
        emails=("eve@example.fr", "eve.o@example.com"),
        call_consent=False,
        partner_name="@Adam",
    )
    exported = tmp_path / f"guests.{fmt}"
    export_guests(services, exported, fmt=fmt)
    expected = contract(services, tmp_path / "before.json")

    other = make_services(
        tmp_path / "other.db", FixedClock(dt.date(2026, 11, 22)), Settings(), staff="Test"
    )
    try:
        result = import_file(other, exported)
        assert (result.new, result.merged, result.rejected) == (len(expected), 0, 0)
        assert contract(other, tmp_path / "after.json") == expected
    finally:
        other.close()


def test_a_json_round_trip_never_links_a_name_only_partner(
    services: Services, tmp_path: Path
) -> None:
    """Issue 14: a JSON round trip linked 5 of 2,000 name-only partners to a guest who happened
    to bear that name (one of them someone else's partner). The export says which partners are
    guests; the import links those and leaves the names as names."""
    from tests.database import query

    marc = add_guest(services, "Marc", "Dupont", phone="+33611000001")
    add_guest(services, "Hélène", "Dupont", phone="+33611000002", partner_name="Marc")
    add_guest(services, "Léa", "Roux", phone="+33611000003", partner_id=marc)
    exported = tmp_path / "guests.json"
    export_guests(services, exported, fmt="json")

    other = make_services(
        tmp_path / "other.db", FixedClock(dt.date(2026, 11, 22)), Settings(), staff="Test"
    )
    try:
        assert import_file(other, exported).new == 3
        rows = query(
            other,
            "SELECT g.first_name, g.partner_name, p.first_name FROM guest g "
            "LEFT JOIN guest p ON p.id = g.partner_id ORDER BY g.first_name",
        )
        assert rows == [("Hélène", "Marc", None), ("Léa", "", "Marc"), ("Marc", "", "Léa")]
    finally:
        other.close()


@pytest.fixture(autouse=True)
def _folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
