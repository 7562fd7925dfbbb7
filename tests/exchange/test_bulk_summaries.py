"""The import writes the guest row's derived columns in bulk, for speed: what it writes must be
exactly what services.summaries (the one writer of those columns) writes from the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Connection

from guestbook.domain.channels import CHANNELS
from guestbook.domain.records import ExportFilters
from guestbook.services.context import Services
from guestbook.services.export import export_guests
from guestbook.services.importing.importer import import_file, undo_last_import
from guestbook.services.summaries.refresh import refresh_guest
from tests.builders import add_guest
from tests.database import query
from tests.exchange.helpers import DATA, EN_SAMPLE, FR_SAMPLE

pytestmark = pytest.mark.both_backends

# Every column the summaries keep from a guest's own rows, emptied for the writer to remake.
_FORGET = ", ".join(
    [
        "name_key = ''",
        "primary_phone = NULL",
        "primary_email = NULL",
        *(f"consent_{channel} = NULL" for channel in CHANNELS),
    ]
)
_GUESTS = "SELECT * FROM guest ORDER BY id"
_TOKENS = "SELECT token, guest_id FROM guest_token ORDER BY guest_id, token"


def _remade_by_the_writer(services: Services) -> tuple[list[tuple[object, ...]], ...]:
    """The guest rows and tokens as the writer makes them, from scratch (rolled back)."""

    def work(connection: Connection) -> tuple[list[tuple[object, ...]], ...]:
        connection.exec_driver_sql(f"UPDATE guest SET {_FORGET}")
        connection.exec_driver_sql("DELETE FROM guest_token")
        for (guest_id,) in connection.exec_driver_sql("SELECT id FROM guest").all():
            refresh_guest(connection, int(guest_id), services.settings)
        remade = tuple(
            [tuple(row) for row in connection.exec_driver_sql(sql)] for sql in (_GUESTS, _TOKENS)
        )
        connection.rollback()
        return remade

    return services.read(work)


def _as_written(services: Services) -> tuple[list[tuple[object, ...]], ...]:
    return query(services, _GUESTS), query(services, _TOKENS)


def test_imported_and_merged_guests_hold_what_the_writer_would_write(
    services: Services, tmp_path: Path
) -> None:
    # Existing guests the files merge into (a name filled in, a phone added, consent given).
    add_guest(services, "Hélène", "Dupont", phone="+33612345678", call_consent=None)
    add_guest(services, "", "Martin", phone="+33698765432")
    for sample in (FR_SAMPLE, EN_SAMPLE):
        import_file(services, DATA / sample)
    # A round trip through guestbook's own export merges every guest into themselves.
    exported = tmp_path / "all.json"
    export_guests(services, exported, fmt="json", filters=ExportFilters())
    changed = tmp_path / "changed.csv"
    changed.write_text(
        "Prénom;Nom;Téléphone;E-mail;Opt-in e-mail\n"
        "Hélène;Dupont;07 81 22 33 44;helene@example.fr;oui\n"
        "Jean;Martin;06 98 76 54 32;;non\n",
        encoding="utf-8",
    )
    import_file(services, exported)
    import_file(services, changed)
    written = _as_written(services)
    assert len(written[0]) > 10 and written[1]
    assert _remade_by_the_writer(services) == written


def test_undoing_an_import_leaves_what_the_writer_would_write(
    services: Services, tmp_path: Path
) -> None:
    add_guest(services, "", "Martin", phone="+33698765432")
    path = tmp_path / "in.csv"
    path.write_text(
        "Prénom;Nom;Téléphone;Opt-in SMS\nJean;Martin;06 98 76 54 32;oui\nZoé;Roux;;non\n",
        encoding="utf-8",
    )
    import_file(services, path)
    undo_last_import(services)
    assert query(services, "SELECT first_name, last_name, consent_sms FROM guest") == [
        ("", "Martin", None)
    ]
    assert _remade_by_the_writer(services) == _as_written(services)
