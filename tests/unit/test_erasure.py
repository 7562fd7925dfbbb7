"""Erasure (issue 18): a guest's personal data gone for good, from every table and from the
database files' bytes (free pages, the write-ahead log; on PostgreSQL, old row versions and
the planner's statistics), while visits, spend and counts stay; a restore of an older backup
erases them again; the audit records it."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Connection

from guestbook.cli.main import cli
from guestbook.domain.audience import Audience
from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome, Reason
from guestbook.domain.guest_form import GuestForm, validate_form
from guestbook.domain.text import fold
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.context import Services
from guestbook.services.guests.edit import save_guest
from guestbook.services.importing.importer import import_file
from guestbook.services.messages import MessageDraft, new_message
from guestbook.services.rights.audit import audit_events
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.rights.retention import inactive_guests
from guestbook.storage.backup import backup_database
from guestbook.storage.sqlite.raw import dbapi
from tests.builders import add_guest, add_visit
from tests.database import execute, query, scalar, server_reader

pytestmark = pytest.mark.both_backends

PHONE = "+33687654321"
# Values found nowhere else in a database, so a byte search finds only what is left of them.
SECRETS = {
    "first": "Zéphyrine",
    "last": "Quasimodo-Vantablack",
    "email": "zephyrine.q@exemple-unique.fr",
    "address": "17 impasse des Hirondelles Grises",
    "notes": "Préfère la banquette du fond, côté cheminée",
    "preferences": "Sancerre rouge bien frais",
    "allergy": "pistaches",
    "partner": "Barnabé Quasimodo",
    "call note": "rappeler après les vendanges",
    "visit note": "anniversaire surprise de Zéphyrine",
}


def _save(services: Services, form: GuestForm, guest_id: int | None = None) -> int:
    valid = validate_form(form, today=services.clock.today(), region="FR")
    now, settings = services.clock.now(), services.settings
    saved = services.write(
        lambda session: save_guest(
            session,
            valid,
            guest_id=guest_id,
            now=now,
            settings=settings,
            staff="Test",
            source="checkout",
        )
    )
    return saved.guest_id


def _full_guest(services: Services, tmp_path: Path) -> int:
    form = GuestForm(
        first_name=SECRETS["first"], last_name=SECRETS["last"], phones=PHONE,
        emails=SECRETS["email"], birthday="14/07/1983", partner=SECRETS["partner"],
        address=SECRETS["address"], postcode="69004", notes=SECRETS["notes"],
        preferences=SECRETS["preferences"], allergies=SECRETS["allergy"],
        consent={"call": True, "email": True, "sms": False},
    )  # fmt: skip
    guest_id = _save(services, form)
    visit = add_visit(services, services.clock.today() - dt.timedelta(days=40), guest_id)
    execute(services, "UPDATE visit SET note = ? WHERE id = ?", SECRETS["visit note"], visit)
    call = CallToLog(guest_id, Reason.BIRTHDAY, dt.date(2027, 7, 14), PHONE)
    log_outcome(services, call, Outcome.NO_ANSWER, note=SECRETS["call note"])
    # An import that merges into them keeps their values as they were, to undo it.
    source = tmp_path / "caisse.csv"
    source.write_text(f"Prénom;Nom;Téléphone;Ville\n{SECRETS['first']};{SECRETS['last']};"
                      f"{PHONE};Lyon\n", encoding="utf-8")  # fmt: skip
    assert import_file(services, source).merged == 1
    # A message that reached them keeps the address it went to.
    draft = MessageDraft("incident", "Le dîner", "Bonjour", Audience(everyone=True))
    message = new_message(services, draft).message_id
    execute(
        services,
        "INSERT INTO message_delivery (message_id, guest_id, channel, address, status, reason,"
        " legal_basis, attempts, at) VALUES (?, ?, 'email', ?, 'sent', '', 'service notice', 1,"
        " '2026-11-20 10:00:00.000000')",
        message, guest_id, SECRETS["email"],
    )  # fmt: skip
    return guest_id


# Every page of guestbook's tables, of their indexes and out-of-line values, and of the
# planner's statistics (samples of the columns' values), as stored: pageinspect shows a page
# whole, its free space and its old row versions too.
_SERVER_PAGES = """
SELECT get_raw_page(c.oid::regclass::text, b::int)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace,
  generate_series(0, pg_relation_size(c.oid) / current_setting('block_size')::int - 1) AS b
WHERE c.relkind IN ('r', 'i', 't')
  AND (n.nspname IN ('public', 'pg_toast') OR c.relname = 'pg_statistic')
"""


def _database_bytes(services: Services) -> bytes:
    path = services.db_path
    if path is None:
        execute(services, "CREATE EXTENSION IF NOT EXISTS pageinspect")
        return b"".join(bytes(page) for (page,) in query(services, _SERVER_PAGES))
    return b"".join(
        side.read_bytes() for side in (path, path.with_name(path.name + "-wal")) if side.exists()
    )


def _db_option(services: Services) -> str:
    """What `--db` names the services' database by: its file, or the server's URL."""
    if services.db_path is None:
        return services.engine.url.render_as_string(hide_password=False)
    return str(services.db_path)


def _traces(data: bytes) -> list[str]:
    """Every erased value still somewhere in `data`: as typed, folded, the phone's digits."""
    values = [*SECRETS.values(), PHONE, PHONE[1:], PHONE[1:][::-1], "0687654321"]
    values += [fold(SECRETS["first"]), fold(SECRETS["last"])]
    return [value for value in values if value.encode("utf-8") in data]


def test_erasure_leaves_no_trace_in_the_database_files(services: Services, tmp_path: Path) -> None:
    guest_id = _full_guest(services, tmp_path)
    add_guest(services, "Marc", "Lenoir", phone="0611223344")  # the statistics' other end
    if services.db_path is None:
        execute(services, "ANALYZE")  # the planner's samples, which may quote them
    assert _traces(_database_bytes(services))  # the search finds them before
    result = erase_guests(services, [guest_id])
    assert result.erased == (guest_id,)
    assert result.wal_emptied
    assert _traces(_database_bytes(services)) == []
    if services.db_path is not None:
        assert services.db_path.with_name(services.db_path.name + "-wal").stat().st_size == 0


def test_a_program_still_reading_the_old_rows_is_said(services: Services) -> None:
    """Until a program that began reading before the erasure is done, the old rows are kept
    for it (SQLite's log cannot be emptied, a server's tables not rewritten): the erasure says
    so; the values are gone from the tables all the same."""
    guest_id = add_guest(services, SECRETS["first"], SECRETS["last"], phone=PHONE)
    with server_reader(services) if services.db_path is None else file_reader(services.db_path):
        started = time.monotonic()
        result = erase_guests(services, [guest_id])
        waited = time.monotonic() - started
    assert result.erased == (guest_id,) and not result.wal_emptied
    assert query(services, "SELECT count(*) FROM phone") == [(0,)]
    # Its own pauses between tries (under 2 s), not the busy timeout's 30 s at each of them:
    # the app was held two and a half minutes before (regression).
    assert waited < 10
    if services.db_path is not None:  # the terminal's connections still wait for a writer
        with services.engine.connect() as connection:
            assert scalar_of(connection, "PRAGMA busy_timeout") == 30_000


def scalar_of(connection: Connection, sql: str) -> object:
    return dbapi(connection).execute(sql).fetchone()[0]


@contextlib.contextmanager
def file_reader(db_path: Path) -> Iterator[None]:
    """Another program reading the file, its snapshot held until the block ends."""
    reader = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM guest").fetchall()
        yield
        reader.execute("ROLLBACK")
    finally:
        reader.close()


@pytest.mark.sqlite_only  # a server's: tests/cli/test_forget_server.py
def test_cli_forget_finish_quiet_says_only_a_problem(services: Services, db_path: Path) -> None:
    """The nightly job's `--finish --quiet`: silent when the log is emptied; a reader still
    there is said, at once with --wait 0 (not after the busy timeout), and exits 1."""
    erase_guests(services, [add_guest(services, "Marc", "Lenoir")])
    add_guest(services, "Zoé", "Marchal")  # the log holds pages again, which the reader reads
    finish = ["--db", str(db_path), "forget", "--finish", "--quiet"]
    with file_reader(db_path):
        started = time.monotonic()
        busy = CliRunner().invoke(cli, [*finish, "--wait", "0"])
        waited = time.monotonic() - started
    done = CliRunner().invoke(cli, finish)
    assert (busy.exit_code, busy.stdout) == (1, "")
    assert waited < 10  # one try, not the 30 s busy timeout
    assert "Another program (the app?) still reads the database" in busy.stderr
    assert (done.exit_code, done.stdout, done.stderr) == (0, "", "")
    alone = CliRunner().invoke(cli, ["--db", str(db_path), "forget", "3", "--quiet"])
    assert str(alone.exception) == "--quiet goes with --finish"


def test_visits_spend_and_counts_still_add_up(services: Services, tmp_path: Path) -> None:
    guest_id = _full_guest(services, tmp_path)
    other = add_guest(services, "Marc", "Lenoir")
    add_visit(services, services.clock.today() - dt.timedelta(days=3), guest_id, other)
    totals = (
        "SELECT (SELECT count(*) FROM visit), (SELECT sum(spend_cents) FROM visit),"
        " (SELECT count(*) FROM visit_guest), (SELECT count(*) FROM call_attempt),"
        " (SELECT count(*) FROM guest), (SELECT sum(visit_count) FROM guest),"
        " (SELECT sum(spend_cents) FROM guest)"
    )
    before = query(services, totals)
    erase_guests(services, [guest_id])
    assert query(services, totals) == before
    row = query(services, "SELECT first_name, last_name, primary_phone, birth_month, erased_at"
                          " FROM guest WHERE id = ?", guest_id)[0]  # fmt: skip
    assert row[:4] == ("", "", None, None) and row[4] is not None
    # Their partner's link is gone with them; the other guest keeps everything else.
    assert scalar(services, "SELECT first_name FROM guest WHERE id = ?", other) == "Marc"


def test_erasure_is_logged_and_audited_by_number_only(services: Services, tmp_path: Path) -> None:
    guest_id = _full_guest(services, tmp_path)
    erase_guests(services, [guest_id, guest_id, 99_999])
    assert scalar(services, "SELECT count(*) FROM erasure WHERE guest_id = ?", guest_id) == 1
    (event,) = [e for e in audit_events(services) if e.action == "erasure"]
    assert (event.guests, event.detail, event.who) == (1, f"#{guest_id}", services.staff)
    again = erase_guests(services, [guest_id])  # twice: nothing more to do, nothing recorded
    assert again.erased == () and again.skipped == (guest_id,)
    assert len([e for e in audit_events(services) if e.action == "erasure"]) == 1


@pytest.mark.sqlite_only  # a backup and a restore of the database file (a server has its own)
def test_a_restore_erases_again_the_guests_erased_since_the_backup(
    services: Services, tmp_path: Path, db_path: Path
) -> None:
    guest_id = _full_guest(services, tmp_path)
    backup = backup_database(db_path, tmp_path / "backups", label="test")
    erase_guests(services, [guest_id])
    services.close()
    restored = CliRunner().invoke(cli, ["--db", str(db_path), "restore", str(backup), "--yes"])
    assert restored.exit_code == 0, restored.output
    assert "1 guest erased since that backup was erased again." in restored.output
    import sqlite3

    with sqlite3.connect(db_path) as connection:
        erased_at = connection.execute(
            "SELECT erased_at FROM guest WHERE id = ?", (guest_id,)
        ).fetchone()[0]
        actions = [row[0] for row in connection.execute("SELECT action FROM audit_event")]
    assert erased_at is not None
    assert "restore" in actions
    data = db_path.read_bytes() + (
        db_path.with_name(db_path.name + "-wal").read_bytes()
        if db_path.with_name(db_path.name + "-wal").exists()
        else b""
    )
    assert _traces(data) == []


def test_retention_lists_guests_without_visit_nor_contact(services: Services) -> None:
    today = services.clock.today()
    old, recent_visit, recent_call = (add_guest(services, name, "Ancien") for name in
                                      ("Albert", "Bruno", "Carla"))  # fmt: skip
    four_years = today - dt.timedelta(days=4 * 365)
    # Recorded four years ago; then each one's last contact.
    execute(services, "UPDATE guest SET created_at = ?", f"{four_years} 10:00:00.000000")
    execute(services, "UPDATE consent_event SET at = ?", f"{four_years} 10:00:00.000000")
    add_visit(services, today - dt.timedelta(days=200), recent_visit)
    execute(services, "UPDATE guest SET created_at = ? WHERE id = ?",
          f"{four_years} 10:00:00.000000", recent_visit)  # fmt: skip
    call = CallToLog(recent_call, Reason.BIRTHDAY, today, None)
    log_outcome(services, call, Outcome.REACHED)
    found = inactive_guests(services)
    assert [guest.id for guest in found] == [old]
    assert found[0].last_contact == four_years
    assert [g.id for g in inactive_guests(services, years=5)] == []


def test_cli_forget_by_number_and_inactive(services: Services) -> None:
    guest_id = add_guest(services, "Denise", "Oubliée")
    runner = CliRunner()
    db = _db_option(services)
    unknown = runner.invoke(cli, ["--db", db, "forget", "424242", "--yes"])
    assert unknown.exit_code != 0 and "#424242" in str(unknown.exception)
    asked = runner.invoke(cli, ["--db", db, "forget", str(guest_id)])
    assert "confirm with --yes" in str(asked.exception)  # no terminal to answer here
    done = runner.invoke(cli, ["--db", db, "forget", str(guest_id), "--yes"])
    assert done.exit_code == 0, done.output
    assert "1 guest erased." in done.output
    assert scalar(services, "SELECT erased_at IS NOT NULL FROM guest WHERE id = ?", guest_id)
    dry = runner.invoke(cli, ["--db", db, "forget", "--inactive", "--dry-run", "--json"])
    assert json.loads(dry.output) == {"guests": 0, "erased": 0, "guest_ids": []}


@pytest.mark.sqlite_only  # a server's --finish: tests/cli/test_forget_server.py
def test_cli_forget_finish_empties_the_files_log(services: Services, db_path: Path) -> None:
    """forget --finish on a file: the log an erasure could not empty (the app had the file
    open) is emptied now, once nothing reads it."""
    guest_id = add_guest(services, SECRETS["first"], SECRETS["last"], phone=PHONE)
    erase_guests(services, [guest_id])
    wal = db_path.with_name(db_path.name + "-wal")
    add_guest(services, "Marc", "Lenoir")  # the log holds pages again
    assert wal.stat().st_size > 0
    services.close()
    done = CliRunner().invoke(cli, ["--db", str(db_path), "forget", "--finish"])
    assert done.exit_code == 0, done.output
    assert done.output == "Done: the erased values have left the database's files.\n"
    assert not wal.exists() or wal.stat().st_size == 0


@pytest.mark.parametrize("arguments", [[], ["--inactive", "3"], ["3", "--years", "2"]])
def test_cli_forget_says_what_it_needs(db_path: Path, arguments: list[str]) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db_path), "forget", *arguments])
    assert result.exit_code != 0
    assert "--inactive" in str(result.exception)


def test_birthday_is_gone_from_the_birthday_index(services: Services) -> None:
    guest_id = add_guest(services, "Eloi", "Anniv", birthday=Birthday(14, 7, 1983))
    erase_guests(services, [guest_id])
    assert scalar(services, "SELECT count(*) FROM guest WHERE birth_month IS NOT NULL") == 0


def test_a_flagged_duplicate_goes_with_the_erased_guest(services: Services) -> None:
    first = add_guest(services, "Zoé", "Marchal", phone=PHONE)
    add_guest(services, "Zoe", "Marchal-Roux", phone=PHONE)  # its reason quotes the phone
    flagged = "SELECT count(*) FROM possible_duplicate"
    assert scalar(services, flagged) == 1
    erase_guests(services, [first])
    assert scalar(services, flagged) == 0


def test_a_retention_purge_leaves_no_trace_either(services: Services, tmp_path: Path) -> None:
    guest_id = _full_guest(services, tmp_path)
    five_years = f"{services.clock.today() - dt.timedelta(days=5 * 365)} 10:00:00.000000"
    execute(services, "UPDATE guest SET created_at = ?, last_visit_on = NULL", five_years)
    for table in ("consent_event", "call_attempt"):
        execute(services, f"UPDATE {table} SET at = ?", five_years)
    found = [guest.id for guest in inactive_guests(services)]
    assert found == [guest_id]
    result = erase_guests(services, found, action="retention")
    assert result.erased == (guest_id,)
    assert _traces(_database_bytes(services)) == []
    assert audit_events(services, limit=1)[0].action == "retention"


def test_allergies_are_in_no_list_and_no_search(services: Services, tmp_path: Path) -> None:
    from guestbook.domain.listing import SortOrder
    from guestbook.services.guests.listing import open_list
    from guestbook.services.guests.search import search_guests

    _full_guest(services, tmp_path)
    shown = repr(open_list(services, SortOrder.NAME).page.rows)
    found = search_guests(services, SECRETS["first"])
    assert found.total == 1
    assert SECRETS["allergy"] not in shown + repr(found.rows)
    assert search_guests(services, SECRETS["allergy"]).total == 0  # not searched either


def test_the_report_adds_up_the_same_before_and_after_an_erasure(
    services: Services, tmp_path: Path
) -> None:
    from guestbook.services.reports import report

    guest_id = _full_guest(services, tmp_path)
    other = add_guest(services, "Marc", "Lenoir")
    add_visit(services, services.clock.today() - dt.timedelta(days=3), guest_id, other)
    before = report(services).to_json()
    erase_guests(services, [guest_id])
    after = report(services).to_json()
    # Visits, revenue, loyalty and calls count the erased guest's anonymised rows; only the
    # figures of guests as they are today (consent coverage) may move.
    for section in ("birthday_calls", "loyalty", "revenue", "feedback"):
        assert after[section] == before[section], section
        assert after["previous"][section] == before["previous"][section], section
    assert after["revenue"]["total_cents"] > 0
