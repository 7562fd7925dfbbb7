"""The ids the imports write themselves, then the ids the rest of guestbook takes.

The imports number their rows in bulk (import_store.next_ids); a guest or a visit saved
afterwards by the guest form or at checkout takes the next number from the database. On
PostgreSQL that number comes from each table's sequence, which the import must have moved past
the ids it wrote, or the next guest saved would collide with an imported one.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from guestbook.services.importing.importer import import_file
from guestbook.services.importing.undo import undo_last_import
from guestbook.services.visits_import.importer import import_visits
from tests.builders import add_guest, add_visit
from tests.database import query, scalar
from tests.exchange.helpers import EN_SAMPLE, FR_SAMPLE

pytestmark = pytest.mark.both_backends


def test_a_guest_saved_after_an_import_takes_the_next_number(
    services: Services, data_dir: Path
) -> None:
    first = add_guest(services, "Avant", "Import")
    result = import_file(services, data_dir / FR_SAMPLE)
    imported = [guest for (guest,) in query(services, "SELECT id FROM guest WHERE id <> ?", first)]
    assert len(imported) == result.new > 0
    after = add_guest(services, "Après", "Import")
    assert after == max(imported) + 1
    # Phones, emails and consent events too: the form's own rows follow the import's.
    assert scalar(services, "SELECT count(*) FROM phone WHERE guest_id = ?", after) == 1
    assert scalar(services, "SELECT count(*) FROM consent_event WHERE guest_id = ?", after) == 1


def test_an_undone_import_never_gives_its_numbers_again(services: Services, data_dir: Path) -> None:
    import_file(services, data_dir / EN_SAMPLE)
    top = scalar(services, "SELECT max(id) FROM guest")
    undo_last_import(services)
    assert scalar(services, "SELECT count(*) FROM guest") == 0
    assert add_guest(services, "Nouveau", "Numéro") == top + 1
    # The next import starts after it as well.
    result = import_file(services, data_dir / EN_SAMPLE)
    assert scalar(services, "SELECT min(id) FROM guest WHERE id > ?", top + 1) == top + 2
    assert scalar(services, "SELECT count(*) FROM guest") == result.new + 1


def test_a_visit_recorded_after_a_visits_import_takes_the_next_number(
    services: Services, tmp_path: Path
) -> None:
    guest = add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    path = tmp_path / "till.csv"
    path.write_text(
        "Date;N° ticket;Couverts;Montant TTC;Téléphone\n"
        "20/11/2026;1;2;60;06 12 34 56 78\n21/11/2026;2;2;40;06 12 34 56 78\n",
        encoding="utf-8",
    )
    assert import_visits(services, path).recorded == 2
    (top,) = query(services, "SELECT max(id) FROM visit")[0]
    add_visit(services, dt.date(2026, 11, 22), guest)
    assert scalar(services, "SELECT max(id) FROM visit") == top + 1
    assert scalar(services, "SELECT visit_count FROM guest WHERE id = ?", guest) == 3
