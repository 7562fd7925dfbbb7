"""The audit (RGPD): an import and its undo are recorded in their own transaction, with when,
who, what and how many guests; a dry run or a cancelled import is not; events are read newest
first, a page at a time, and as `guestbook audit --json` gives them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlmodel import Session

from guestbook.bootstrap import Services
from guestbook.progress import Cancelled
from guestbook.services.importing.importer import import_file, undo_last_import
from guestbook.services.rights.audit import (
    Action,
    AuditEvent,
    audit_events,
    count_audit_events,
    events_text,
    import_detail,
    record,
)
from tests.exchange.helpers import DATA, EN_SAMPLE, FR_SAMPLE

pytestmark = pytest.mark.both_backends

NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def add_events(services: Services, *events: tuple[dt.datetime, Action, int, str]) -> None:
    """Events recorded by Paul as the services record them, in one transaction."""

    def write(session: Session) -> None:
        connection = session.connection()
        for at, action, guests, detail in events:
            record(connection, action, at=at, staff="Paul", guests=guests, detail=detail)

    services.write(write)


def test_an_import_is_recorded_once_with_its_counts(services: Services, tmp_path: Path) -> None:
    result = import_file(services, DATA / FR_SAMPLE, rejects_path=tmp_path / "rejects.csv")
    assert (result.new, result.merged, result.rejected) == (8, 1, 2)

    [event] = audit_events(services)

    assert (event.action, event.who, event.guests) == ("import", "Test", 9)  # new + merged
    assert event.detail == f"{FR_SAMPLE}: 8 new, 1 merged, 2 rejected"
    # When the import was made: today, in the restaurant's time.
    assert event.at.tzinfo is not None and event.at.astimezone().date() == services.clock.today()


def test_the_detail_is_english_whatever_the_language(french: None) -> None:
    assert import_detail("clients.csv", 12, 3, 1) == "clients.csv: 12 new, 3 merged, 1 rejected"


class Checks:
    """An import's cancel check that counts its calls, and cancels at call `cancel_at`."""

    def __init__(self, cancel_at: int = 0) -> None:
        self.calls = 0
        self.cancel_at = cancel_at

    def __call__(self) -> bool:
        self.calls += 1
        return self.calls == self.cancel_at


def test_a_dry_run_or_a_cancelled_import_records_nothing(services: Services) -> None:
    checks = Checks()
    import_file(services, DATA / EN_SAMPLE, dry_run=True, cancel=checks)
    # Cancelled at its last check, once everything is written: the event goes with the rest.
    with pytest.raises(Cancelled):
        import_file(services, DATA / EN_SAMPLE, cancel=Checks(cancel_at=checks.calls))
    assert audit_events(services) == []
    assert count_audit_events(services) == 0


def test_an_undo_is_recorded_with_the_guests_it_gave_back(
    services: Services, tmp_path: Path
) -> None:
    import_file(services, DATA / EN_SAMPLE, rejects_path=tmp_path / "rejects.csv")
    undone = undo_last_import(services)

    newest, imported = audit_events(services)

    assert (newest.action, newest.who, newest.detail) == ("import_undo", "Test", EN_SAMPLE)
    assert newest.guests == undone.removed + undone.restored == 3
    assert imported.action == "import"
    assert newest.at >= imported.at


def test_events_come_newest_first_a_page_at_a_time(services: Services) -> None:
    hour = dt.timedelta(hours=1)
    add_events(
        services,
        (NOON - hour, "export", 300, "guests.csv"),
        (NOON, "erasure", 2, "#12, #505"),
        (NOON - 2 * hour, "access", 1, "#12"),
        (NOON, "import", 5, "same moment, recorded later"),
    )

    events = audit_events(services)

    assert [event.detail for event in events] == [
        "same moment, recorded later",  # the same moment: the later one first
        "#12, #505",
        "guests.csv",
        "#12",
    ]
    assert [event.at for event in events] == [NOON, NOON, NOON - hour, NOON - 2 * hour]
    assert [e.detail for e in audit_events(services, limit=2)] == [e.detail for e in events[:2]]
    assert audit_events(services, limit=2, offset=2) == events[2:]
    assert audit_events(services, limit=10, offset=4) == []
    assert count_audit_events(services) == 4
    with pytest.raises(ValueError, match="offset needs a limit"):
        audit_events(services, offset=1)


def test_to_json_is_the_cli_contract() -> None:
    event = AuditEvent(NOON, "Paul", "erasure", 2, "#12, #505")

    data = event.to_json()

    assert data == {
        "at": "2026-11-22T12:00:00+00:00",
        "who": "Paul",
        "action": "erasure",
        "guests": 2,
        "detail": "#12, #505",
    }
    assert dt.datetime.fromisoformat(data["at"]) == NOON  # ISO 8601, in UTC


def test_an_event_read_back_is_in_utc(services: Services) -> None:
    paris = dt.timezone(dt.timedelta(hours=1))
    add_events(services, (dt.datetime(2026, 11, 22, 13, 0, tzinfo=paris), "export", 3, "x.csv"))
    [event] = audit_events(services)
    assert event.at == NOON and event.at.utcoffset() == dt.timedelta(0)
    assert event.to_json()["at"] == "2026-11-22T12:00:00+00:00"


def test_how_many_are_shown() -> None:
    assert events_text(1, 1) == "1 event recorded, newest first."
    assert events_text(3, 3) == "3 events recorded, newest first."
    assert events_text(500, 1234) == "The newest 500 of 1,234 events recorded."


def test_an_export_is_recorded_with_its_file_and_filters(
    services: Services, tmp_path: Path
) -> None:
    from guestbook.domain.records import ExportFilters
    from guestbook.services.export import export_guests
    from tests.builders import add_guest

    add_guest(services, "Hélène", "Dupont")
    export_guests(services, tmp_path / "guests.csv", filters=ExportFilters(postcode="690"))
    export_guests(services, tmp_path / "all.vcf", fmt="vcf")
    (vcard, csv_file) = [e for e in audit_events(services) if e.action == "export"]
    assert (csv_file.guests, csv_file.detail) == (0, "guests.csv (csv; postcode=690)")
    assert (vcard.guests, vcard.detail, vcard.who) == (1, "all.vcf (vcf)", services.staff)
    assert all("Dupont" not in event.detail for event in audit_events(services))
