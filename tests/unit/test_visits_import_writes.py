"""Visits from the till (issue 17): what an import writes (visits, summaries, referrals, the
audit), that importing a file twice changes nothing, that a dry run or a cancel writes nothing,
and that undo puts the database back as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import Connection

from guestbook.bootstrap import Services
from guestbook.errors import UserError
from guestbook.progress import Cancelled
from guestbook.services.rights.audit import audit_events
from guestbook.services.summaries.visits import refresh_visits
from guestbook.services.visits.referrals import record_referral
from guestbook.services.visits_import.importer import import_visits
from guestbook.services.visits_import.undo import last_visits_import, undo_last_visits_import
from guestbook.storage.sqlite.raw import as_date
from tests.builders import add_guest, add_visit
from tests.database import dump, execute, query

pytestmark = pytest.mark.both_backends

D = dt.date
HEAD = "Date;N° ticket;Couverts;Montant TTC;Téléphone;Email;Client\n"
_SUMMARY = (
    "SELECT id, visit_count, last_visit_on, visit_interval_days, late_from, spend_cents,"
    " spend_visits"
)


def data(services: Services) -> dict[str, list[tuple[object, ...]]]:
    """Every row of guest data: the import log aside (it records every import, as
    import_batch does, and is left out of dumps the same way)."""
    rows = dump(services)
    rows.pop("visit_import")
    return rows


def tickets(tmp_path: Path, text: str, name: str = "till.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_guests(services: Services) -> tuple[int, int]:
    helene = add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    marc = add_guest(services, "Marc", "Martin", phone=None, emails=("marc@example.fr",))
    add_visit(services, dt.date(2026, 9, 1), helene, marc, party_size=2, spend_cents=10_001)
    return helene, marc


TILL = (
    HEAD + "22/11/2026 20:15;101;2;84,50 €;06 12 34 56 78;;\n"
    "01/10/2026;102;3;100,00;;marc@example.fr;\n"
    "15/10/2026;103;1;42.50;;;Marc Martin\n"
    "20/11/2026;104;2;abc;;;Hélène Dupont\n"
)


def test_visits_and_summaries(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    helene, marc = two_guests
    result = import_visits(services, tickets(tmp_path, TILL))
    assert (result.recorded, result.already, result.rejected, result.tickets) == (3, 0, 1, 4)
    assert (result.guests, result.spend_cents) == (2, 8450 + 10_000 + 4250)
    visits = query(
        services,
        "SELECT v.visited_on, v.party_size, v.spend_cents, vg.guest_id, t.ticket_key, t.line "
        "FROM visit_import_ticket t JOIN visit v ON v.id = t.visit_id "
        "JOIN visit_guest vg ON vg.visit_id = v.id ORDER BY t.line",
    )
    assert [(as_date(row[0]), *row[1:]) for row in visits] == [
        (D(2026, 11, 22), 2, 8450, helene, "2026-11-22 101", 2),
        (D(2026, 10, 1), 3, 10_000, marc, "2026-10-01 102", 3),
        (D(2026, 10, 15), 1, 4250, marc, "2026-10-15 103", 4),
    ]
    # "Spend per guest": a table's spend split among everyone who sat at it, the odd cents to
    # the first seats (Hélène's at September's table; Marc's at his table of three).
    summaries = query(services, f"{_SUMMARY} FROM guest ORDER BY id")
    assert [(row[0], row[1], as_date(row[2])) for row in summaries] == [
        (helene, 2, D(2026, 11, 22)),
        (marc, 3, D(2026, 10, 15)),
    ]
    assert [row[5] for row in summaries] == [5001 + 4225, 5000 + 3334 + 4250]
    assert [row[6] for row in summaries] == [2, 3]  # every table's spend is known
    assert summaries == _as_the_one_writer_writes(services)


def _as_the_one_writer_writes(services: Services) -> list[tuple[object, ...]]:
    """The summary columns as services.summaries.visits writes them, one guest at a time
    (rolled back)."""

    def work(connection: Connection) -> list[tuple[object, ...]]:
        for (guest_id,) in connection.exec_driver_sql("SELECT id FROM guest").all():
            refresh_visits(connection, int(guest_id), services.settings)
        rows = [tuple(row) for row in connection.exec_driver_sql(f"{_SUMMARY} FROM guest")]
        connection.rollback()
        return sorted(rows)

    return services.read(work)


def test_a_dry_run_writes_nothing(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    before = dump(services)
    result = import_visits(services, tickets(tmp_path, TILL), dry_run=True)
    assert (result.dry_run, result.recorded, result.batch_id) == (True, 3, None)
    assert dump(services) == before
    assert not list(tmp_path.glob("*rejects*"))
    assert last_visits_import(services) is None


def test_importing_the_same_file_twice_changes_nothing(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    path = tickets(tmp_path, TILL)
    import_visits(services, path)
    before = data(services)
    again = import_visits(services, path)
    assert (again.recorded, again.already, again.rejected) == (0, 3, 1)
    assert again.imported_before is not None
    assert data(services) == before
    # A later file of the till holding some of the same tickets records only the new ones.
    later = tickets(
        tmp_path,
        HEAD + "22/11/2026;101;2;84,50;06 12 34 56 78;;\n22/11/2026;105;2;20;;;Marc Martin\n",
        name="later.csv",
    )
    assert [o.fate for o in import_visits(services, later).outcomes] == ["already", "recorded"]


def test_tickets_without_a_number(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    """The same guest, date, amount and party size twice in a file: two visits (lunch and
    dinner); imported again, none; a file holding three: one more."""
    helene, _marc = two_guests
    twice = "Date;Couverts;Montant;Téléphone\n" + "22/11/2026;2;30;0612345678\n" * 2
    path = tickets(tmp_path, twice)
    assert [o.fate for o in import_visits(services, path).outcomes] == ["recorded"] * 2
    before = data(services)
    assert [o.fate for o in import_visits(services, path).outcomes] == ["already"] * 2
    assert data(services) == before
    thrice = tickets(tmp_path, twice + "22/11/2026;2;30;0612345678\n", name="thrice.csv")
    outcomes = import_visits(services, thrice).outcomes
    assert [o.fate for o in outcomes] == ["already", "already", "recorded"]
    assert query(services, "SELECT visit_count FROM guest WHERE id = ?", helene) == [(4,)]


def test_the_same_ticket_twice_in_a_file(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    path = tickets(
        tmp_path,
        HEAD + "22/11/2026;7;2;30;0612345678;;\n"
        "22/11/2026;7;2;30;0612345678;;\n"
        "22/11/2026;7;2;31;0612345678;;\n"
        "21/11/2026;7;2;31;0612345678;;\n",  # the till numbers again from 1 each day
    )
    outcomes = import_visits(services, path).outcomes
    assert [(o.fate, o.same_as_line) for o in outcomes] == [
        ("recorded", 0),
        ("already", 2),
        ("rejected", 0),
        ("recorded", 0),
    ]
    assert outcomes[2].reasons == (
        "ticket 7 of 2026-11-22 is on line 2 too, with another amount or party size: check "
        "which one is right",
    )


def test_undo_restores_the_database_as_it_was(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    before = data(services)
    first = import_visits(services, tickets(tmp_path, TILL))
    after_first = data(services)
    import_visits(services, tickets(tmp_path, HEAD + "22/11/2026;9;1;5;;;Hélène Dupont\n", "b.csv"))
    info = last_visits_import(services)
    assert info is not None and (info.file_name, info.recorded) == ("b.csv", 1)

    assert undo_last_visits_import(services).visits == 1
    assert data(services) == after_first
    undone = undo_last_visits_import(services)
    assert (undone.file_name, undone.visits, undone.guests, undone.batch_id) == (
        "till.csv",
        3,
        2,
        first.batch_id,
    )
    assert data(services) == before
    with pytest.raises(UserError, match="there is no visits import to undo"):
        undo_last_visits_import(services)
    # Undone, its tickets are not imported any more: importing the file records them again.
    assert import_visits(services, tickets(tmp_path, TILL)).recorded == 3


def test_the_audit_records_the_import_and_its_undo(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    import_visits(services, tickets(tmp_path, TILL))
    undo_last_visits_import(services)
    undone, done = audit_events(services)[:2]
    assert (done.action, done.guests, done.who) == ("visits_import", 2, "Test")
    assert done.detail == "till.csv: 3 recorded, 0 already imported, 1 rejected"
    assert (undone.action, undone.guests, undone.detail) == ("visits_import_undo", 2, "till.csv")
    assert done.action_label == "visits import"


def test_the_rejects_file_can_be_fixed_and_imported_again(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    rejects = tmp_path / "till-rejects.csv"
    result = import_visits(services, tickets(tmp_path, TILL), rejects_path=rejects)
    assert result.rejects_file == rejects
    text = rejects.read_bytes().decode("utf-8-sig")
    assert text == (
        "Date;N° ticket;Couverts;Montant TTC;Téléphone;Email;Client;reason\r\n"
        "20/11/2026;104;2;abc;;;Hélène Dupont;amount: 'abc' is not an amount: write 42,50 or "
        "42.50\r\n"
    )
    rejects.write_text(text.replace(";abc;", ";12,00;"), encoding="utf-8-sig")
    again = import_visits(services, rejects)
    assert (again.recorded, again.rejected) == (1, 0)
    assert again.outcomes[0].amount_cents == 1200


def test_a_cancel_leaves_the_database_as_it_was(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    before = dump(services)
    asked = iter([False, False])
    with pytest.raises(Cancelled):
        import_visits(services, tickets(tmp_path, TILL), cancel=lambda: next(asked, True))
    assert dump(services) == before
    assert query(services, "SELECT count(*) FROM visit_import") == [(0,)]


def test_a_referred_guests_first_visit_settles_the_referral(
    services: Services, tmp_path: Path
) -> None:
    sponsor = add_guest(services, "Marc", "Martin")
    friend = add_guest(services, "Zoé", "Lefèvre", phone="+33698765432")
    record_referral(services, sponsor_id=sponsor, referred_id=friend)
    before = data(services)
    path = tickets(tmp_path, HEAD + "20/11/2026;1;2;60;06 98 76 54 32;;\n")
    assert import_visits(services, path).sponsor_rewards == 1
    assert query(services, "SELECT guest_id, kind FROM reward") == [(sponsor, "sponsor")]
    assert [as_date(on) for (on,) in query(services, "SELECT first_visit_on FROM referral")] == [
        D(2026, 11, 20)
    ]

    assert undo_last_visits_import(services).sponsor_rewards == 1
    assert data(services) == before


def test_undo_is_refused_when_it_would_lose_later_work(
    services: Services, tmp_path: Path, two_guests: tuple[int, int]
) -> None:
    helene, _marc = two_guests
    import_visits(services, tickets(tmp_path, TILL))
    (visit_id,) = query(services, "SELECT max(visit_id) FROM visit_import_ticket")[0]
    execute(
        services,
        "INSERT INTO feedback (guest_id, at, satisfaction, comment, channel, staff, visit_id) "
        "VALUES (?, '2026-11-22 10:00:00.000000', 5, '', 'in_person', '', ?)",
        helene,
        visit_id,
    )
    with pytest.raises(UserError, match="undoing it would lose that"):
        undo_last_visits_import(services)
