"""The last import can be undone; a failed or cancelled import leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.errors import UserError
from guestbook.progress import Cancelled
from guestbook.services.importing import store as import_store
from guestbook.services.importing.importer import import_file, last_import, undo_last_import
from tests.builders import add_guest, add_visit
from tests.database import execute
from tests.exchange.helpers import EN_SAMPLE, FR_SAMPLE, dump, query

pytestmark = pytest.mark.both_backends

ROWS = (
    "Prénom;Nom;Téléphone;E-mail;Date de naissance;Conjoint;Notes;Opt-in SMS\n"
    "Hélène;;06 12 34 56 78;helene@example.fr;12/03/1970;Marc;Fenêtre;oui\n"
    "Jean;Dupont;06 12 34 56 78;;;;;non\n"
    "Rose;Martin;07 81 22 33 44;;;;;\n"
)


def test_undo_restores_the_previous_state_exactly(
    services: Services, data_dir: Path, tmp_path: Path
) -> None:
    import_file(services, data_dir / EN_SAMPLE)
    add_guest(services, "Hélène", "", phone="+33612345678", birthday=Birthday(12, 3))
    add_guest(services, "Marc", "Dupont", phone="+33698765432")
    before = dump(services)
    path = tmp_path / "rows.csv"
    path.write_text(ROWS, encoding="utf-8")

    result = import_file(services, path)
    assert (result.new, result.merged, result.duplicates_flagged) == (2, 1, 1)
    assert dump(services) != before
    info = last_import(services)
    assert info is not None and (info.file_name, info.new, info.merged) == ("rows.csv", 2, 1)

    undone = undo_last_import(services)

    assert (undone.removed, undone.restored, undone.file_name) == (2, 1, "rows.csv")
    assert dump(services) == before
    # Then the import before it: back to the sample's guests gone as well.
    assert undo_last_import(services).file_name == EN_SAMPLE
    assert query(services, "SELECT first_name FROM guest ORDER BY id") == [("Hélène",), ("Marc",)]
    with pytest.raises(UserError, match="no import to undo"):
        undo_last_import(services)


def test_undo_of_a_reimport_that_changed_nothing(services: Services, data_dir: Path) -> None:
    import_file(services, data_dir / FR_SAMPLE)
    before = dump(services)
    import_file(services, data_dir / FR_SAMPLE)
    assert undo_last_import(services).removed == 0
    assert dump(services) == before


def test_undo_refuses_to_lose_later_visits(services: Services, data_dir: Path) -> None:
    result = import_file(services, data_dir / EN_SAMPLE)
    guest_id = result.outcomes[0].guest_id
    assert guest_id is not None
    add_visit(services, dt.date(2026, 11, 20), guest_id)
    before = dump(services)
    with pytest.raises(UserError, match="visits"):
        undo_last_import(services)
    assert dump(services) == before


def test_undo_refuses_to_lose_later_edits(services: Services, tmp_path: Path) -> None:
    guest_id = add_guest(services, "Marc", "Dupont", phone="+33698765432", call_consent=None)
    path = tmp_path / "rows.csv"
    path.write_text("Prénom;Nom;Tél;Opt-in SMS\nMarc;Dupont;06 98 76 54 32;oui\n", encoding="utf-8")
    import_file(services, path)
    # An edit made in the app after the import:
    later = import_store.stamp(services.clock.now() + dt.timedelta(minutes=5))
    execute(services, "UPDATE guest SET updated_at = ? WHERE id = ?", later, guest_id)
    with pytest.raises(UserError, match="changed since"):
        undo_last_import(services)


def big_file(tmp_path: Path, rows: int) -> Path:
    lines = ["Prénom;Nom;Mobile"]
    lines += [f"Guest{n};Number{n};+3361{n:07d}" for n in range(rows)]
    path = tmp_path / "big.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_cancel_midway_leaves_the_database_as_it_was(
    services: Services, data_dir: Path, tmp_path: Path
) -> None:
    import_file(services, data_dir / FR_SAMPLE)
    before = dump(services)
    seen: list[int] = []
    with pytest.raises(Cancelled):
        import_file(
            services,
            big_file(tmp_path, 5000),
            progress=lambda done, total: seen.append(done),
            cancel=lambda: len(seen) >= 2,  # after two chunks were written
        )
    assert seen == [2000, 4000]
    assert dump(services) == before
    assert query(services, "SELECT count(*) FROM import_batch") == [(1,)]


def test_an_error_midway_rolls_back(
    services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = dump(services)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(import_store, "insert_consent", fail)
    with pytest.raises(RuntimeError):
        import_file(services, big_file(tmp_path, 3000))
    assert dump(services) == before


def test_progress_counts_rows(services: Services, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    result = import_file(
        services, big_file(tmp_path, 4500), progress=lambda d, t: seen.append((d, t))
    )
    assert result.new == 4500
    assert seen == [(2000, 4500), (4000, 4500), (4500, 4500), (4500, 4500)]


def test_rejects_file_problems_write_nothing(
    services: Services, data_dir: Path, tmp_path: Path
) -> None:
    before = dump(services)
    with pytest.raises(UserError, match="cannot write the rejects file"):
        import_file(services, data_dir / FR_SAMPLE, rejects_path=tmp_path / "no" / "r.csv")
    copy = tmp_path / "in.csv"
    copy.write_bytes((data_dir / FR_SAMPLE).read_bytes())
    with pytest.raises(UserError, match="cannot be the file being imported"):
        import_file(services, copy, rejects_path=copy)
    assert dump(services) == before
    assert query(services, "SELECT count(*) FROM import_batch") == [(0,)]
