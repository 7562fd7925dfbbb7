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


@pytest.fixture(autouse=True)
def _folders(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
