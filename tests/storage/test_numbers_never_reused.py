"""Guest numbers are never handed out twice (D24): #505 was three people in turn after merges,
an import promised numbers, and a calendar that imported an export moved one person's birthday
onto another's (its UID is the guest's number). Migration 0003 rebuilds the guest table with
AUTOINCREMENT, every row, index and foreign key kept."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

import icalendar

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.domain.birthdays import Birthday
from guestbook.services.export import export_guests
from guestbook.services.guests.merge import merge_guests
from guestbook.services.importing.importer import import_file
from guestbook.settings import Settings
from guestbook.storage.migrate import SCHEMA_HEAD, upgrade
from tests.builders import add_guest
from tests.database import query
from tests.lifecycle import TODAY, demo_database, downgrade, healthy, revision


def schema_facts(db: Path, columns: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Every row of every table (of the given `columns` of a table, when given: later
    revisions add some), every index's SQL, every table's foreign keys."""
    connection = sqlite3.connect(db)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name <> 'alembic_version' ORDER BY name"
            )
        ]
        names = {
            table: [row[1] for row in connection.execute(f"PRAGMA table_info({table})")]
            for table in tables
        }
        chosen = {table: (columns or {}).get(table, names[table]) for table in tables}
        return {
            "columns": names,
            "rows": {
                table: sorted(
                    connection.execute(f"SELECT {', '.join(chosen[table])} FROM {table}"),
                    key=repr,
                )
                for table in tables
            },
            "indexes": sorted(
                connection.execute(
                    "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'"
                ).fetchall(),
                key=repr,
            ),
            "foreign_keys": {
                table: connection.execute(f"PRAGMA foreign_key_list({table})").fetchall()
                for table in tables
            },
        }
    finally:
        connection.close()


def foreign_keys(facts: dict[str, Any]) -> set[tuple[Any, ...]]:
    """Each foreign key as (table, referred table, column, …), without its number."""
    return {(t, *key[2:]) for t, found in facts["foreign_keys"].items() for key in found}


def open_services(db: Path) -> Services:
    return make_services(db, FixedClock(TODAY), Settings(), staff="Test")


def assert_indexes_kept(before: dict[str, Any], after: dict[str, Any]) -> None:
    """Every index kept as it was (the partial ones with their WHERE); later ones only added,
    but for the agenda's, which 0011 gives home_site as a last column."""
    indexes = {(name, table): sql for name, table, sql in after["indexes"]}
    for name, table, sql in before["indexes"]:
        widened = sql and "{}, home_site){}".format(*sql.split(")", 1))
        assert (name, table) in indexes and indexes[name, table] in (sql, widened), name


def test_the_upgrade_keeps_every_row_index_and_key_and_numbers_are_never_reused(
    tmp_path: Path,
) -> None:
    db = demo_database(tmp_path / "guestbook.db", guests=60)
    services = open_services(db)
    try:  # a merged guest, before the upgrade
        merge_guests(services, 9, 10)
    finally:
        services.close()
    downgrade(db, "0002")
    assert revision(db) == "0002"
    with sqlite3.connect(db) as connection:  # a guest removed before the upgrade
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute("DELETE FROM guest WHERE id = 20")
        (top,) = connection.execute("SELECT max(id) FROM guest").fetchone()
        assert (
            "AUTOINCREMENT"
            not in connection.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'guest'"
            ).fetchone()[0]
        )
    before = schema_facts(db)
    assert sum(len(rows) for rows in before["rows"].values()) > 500  # a database with data

    upgrade(db)

    assert revision(db) == SCHEMA_HEAD and healthy(db)
    after = schema_facts(db, before["columns"])
    # Tables the later revisions add (the audit, feedback…) arrive empty; the others as before.
    added = set(after["rows"]) - set(before["rows"])
    assert all(after["rows"][table] == [] for table in added)
    assert {t: rows for t, rows in after["rows"].items() if t not in added} == before["rows"]
    assert_indexes_kept(before, after)
    # Every foreign key kept (a later revision may add one to a table: their numbers shift).
    assert foreign_keys(before) <= foreign_keys(after)
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        guest_sql = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'guest'"
        ).fetchone()[0]
        assert re.search(r"id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT", guest_sql)
        assert connection.execute(
            "SELECT seq FROM sqlite_sequence WHERE name = 'guest'"
        ).fetchone() == (top,)

    services = open_services(db)
    try:
        merge_guests(services, 1, top)  # the newest guest merged away, after the upgrade
        newest = add_guest(services, "Après", "Fusion")
        assert newest == top + 1  # not `top` again
        merge_guests(services, 1, newest)
        source = tmp_path / "one-row.csv"
        source.write_text("First name,Last name\nImporté,Après\n", encoding="utf-8")
        import_file(services, source)
        assert query(services, "SELECT id FROM guest WHERE first_name = 'Importé'") == [(top + 2,)]
        assert add_guest(services, "Encore", "Une") == top + 3
    finally:
        services.close()


def test_an_import_never_takes_a_merged_guests_number(services: Services, tmp_path: Path) -> None:
    keep = add_guest(services, "Roland", "Gaudin")
    drop = add_guest(services, "Rolland", "Gaudin")
    merge_guests(services, keep, drop)
    source = tmp_path / "guests.csv"
    source.write_text("First name,Last name\nStaff,Test\n", encoding="utf-8")
    preview = import_file(services, source, dry_run=True)
    result = import_file(services, source)
    ((new_id,),) = query(services, "SELECT id FROM guest WHERE first_name = 'Staff'")
    assert new_id > drop
    assert [o.guest_id for o in result.outcomes] == [new_id]
    # The preview promises no number, or the one the import keeps.
    assert [o.guest_id for o in preview.outcomes] in ([None], [new_id])


def uids(path: Path) -> dict[str, str]:
    """UID → SUMMARY of every event of an iCalendar file."""
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(event["UID"]): str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}


def test_calendar_uids_stay_with_their_guest_across_a_merge(
    services: Services, tmp_path: Path
) -> None:
    """A calendar that imported the first export and then the second updates events by UID:
    the newest guest merged away must not lend their UID to the next guest."""
    add_guest(services, "Roland", "Gaudin", birthday=Birthday(3, 4))
    drop = add_guest(services, "Rolland", "Gaudin", birthday=Birthday(3, 4, 1970))
    first = tmp_path / "first.ics"
    export_guests(services, first, fmt="ics")
    merge_guests(services, 1, drop)
    newcomer = add_guest(services, "Staff", "Test", birthday=Birthday(9, 12))
    second = tmp_path / "second.ics"
    export_guests(services, second, fmt="ics")
    before, after = uids(first), uids(second)
    assert before[f"guest-{drop}-birthday@guestbook"] == "Birthday: Rolland Gaudin"
    assert after["guest-1-birthday@guestbook"] == before["guest-1-birthday@guestbook"]
    assert after[f"guest-{newcomer}-birthday@guestbook"] == "Birthday: Staff Test"
    assert f"guest-{drop}-birthday@guestbook" not in after  # gone with Rolland, never reused
    assert newcomer != drop


def test_a_new_database_never_reuses_numbers(services: Services) -> None:
    first = add_guest(services, "Un", "Premier")
    second = add_guest(services, "Deux", "Second")
    merge_guests(services, first, second)
    assert add_guest(services, "Trois", "Troisième") == second + 1
    assert query(services, "SELECT seq FROM sqlite_sequence WHERE name = 'guest'") == [
        (second + 1,)
    ]


def test_the_downgrade_gives_the_old_table_back(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    upgrade(db)
    with sqlite3.connect(db) as connection:
        connection.execute(
            "INSERT INTO visit (visited_on, party_size, spend_cents, occasion, note, created_at)"
            " VALUES ('2026-11-01', 2, NULL, '', '', '2026-11-01 20:00:00.000000')"
        )
    downgrade(db, "0002")
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT spend_cents FROM visit").fetchall() == [(0,)]
        assert (
            "AUTOINCREMENT"
            not in connection.execute(
                "SELECT sql FROM sqlite_master WHERE name = 'guest'"
            ).fetchone()[0]
        )
    assert healthy(db)
