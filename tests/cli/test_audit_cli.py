"""`guestbook audit`: the events as a table that fits the terminal, and product.md's JSON
contract (`{"events": [{"at", "who", "action", "guests", "detail"}]}`)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from guestbook.cli.audit import render_audit
from guestbook.services.rights.audit import AuditEvent
from tests.database import database
from tests.exchange.helpers import DATA, EN_SAMPLE, FR_SAMPLE

pytestmark = pytest.mark.both_backends

NOON = dt.datetime(2026, 11, 22, 12, 0, tzinfo=dt.UTC)


def invoke(db: str, *args: str, staff: str = "Chef") -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db, "--today", "2026-11-22", "--staff", staff, *args])
    return result.exit_code, result.output


@pytest.fixture
def db(services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A database with two imports (by Chef, then by Paul) and the undo of the second."""
    monkeypatch.chdir(tmp_path)  # the rejects files go here
    path = database(services)
    assert invoke(path, "import", str(DATA / EN_SAMPLE))[0] == 0
    assert invoke(path, "import", str(DATA / FR_SAMPLE), staff="Paul")[0] == 0
    code, output = invoke(path, "import", str(DATA / FR_SAMPLE), "--dry-run")
    assert code == 0, output  # a dry run: not in the audit
    return path


def test_json_is_the_contract(db: str) -> None:
    code, output = invoke(db, "audit", "--json")

    assert code == 0, output
    events = json.loads(output)["events"]
    assert [set(event) for event in events] == [{"at", "who", "action", "guests", "detail"}] * 2
    newest, first = events
    assert (newest["who"], newest["action"], newest["guests"]) == ("Paul", "import", 9)
    assert newest["detail"] == f"{FR_SAMPLE}: 8 new, 1 merged, 2 rejected"
    assert (first["who"], first["action"], first["guests"]) == ("Chef", "import", 3)
    assert first["detail"] == f"{EN_SAMPLE}: 3 new, 0 merged, 1 rejected"
    for event in events:  # ISO 8601, in UTC, today in the restaurant's time
        at = dt.datetime.fromisoformat(event["at"])
        assert at.utcoffset() == dt.timedelta(0) and event["at"].endswith("+00:00")
        assert at.astimezone().date() == dt.date(2026, 11, 22)
    assert dt.datetime.fromisoformat(newest["at"]) >= dt.datetime.fromisoformat(first["at"])


def test_json_with_a_limit(db: str) -> None:
    code, output = invoke(db, "audit", "--json", "--limit", "1")
    assert code == 0 and [e["who"] for e in json.loads(output)["events"]] == ["Paul"]
    code, output = invoke(db, "audit", "--limit", "0")
    assert code == 2 and "--limit" in output


def test_json_when_empty(services: Services) -> None:
    code, output = invoke(database(services), "audit", "--json")
    assert code == 0 and json.loads(output) == {"events": []}


def test_the_table(db: str) -> None:
    code, output = invoke(db, "audit")

    assert code == 0, output
    lines = output.splitlines()
    assert lines[0] == "2 events recorded, newest first."
    assert lines[2].split()[:4] == ["When", "Who", "What", "Guests"]
    paul = next(line for line in lines if "Paul" in line)
    assert paul.startswith("22 Nov 2026 ") and paul.split()[4:7] == ["Paul", "import", "9"]
    words = " ".join(output.split())  # the detail wraps within its column
    assert f"{FR_SAMPLE}: 8 new, 1 merged, 2 rejected" in words
    assert "Chef" in output and f"{EN_SAMPLE}: 3 new, 0 merged, 1 rejected" in words
    assert max(len(line) for line in lines) <= 80  # CliRunner's terminal: 80 columns


def test_the_table_with_a_limit_says_how_many_there_are(db: str) -> None:
    code, output = invoke(db, "audit", "--limit", "1")
    assert code == 0
    assert output.startswith("The newest 1 of 2 events recorded.")
    assert "Paul" in output and "Chef" not in output


def test_the_table_when_nothing_was_recorded(services: Services) -> None:
    code, output = invoke(database(services), "audit")
    assert code == 0
    assert output.startswith("Nothing recorded yet: exports, access bundles, erasures and")


EVENTS = [
    AuditEvent(NOON, "", "erasure", 2, "#12, #505"),
    AuditEvent(NOON, "Marie-Bérénice Alexandrine", "export", 1234, "guests [all].csv"),
]


def test_wide_terminals_show_the_detail_beside_each_event() -> None:
    lines = render_audit(EVENTS, 2, width=120).splitlines()

    assert lines[2].split() == ["When", "Who", "What", "Guests", "Detail"]
    assert lines[4].split()[4:] == ["—", "erasure", "2", "#12,", "#505"]  # no staff name: —
    assert "Marie-Bérénice" in lines[5] and lines[5].endswith("1,234  guests [all].csv")
    assert lines[6].strip() == "Alexandrine"  # a long name wraps within its column
    assert max(len(line) for line in lines) <= 120


def test_narrow_terminals_show_the_detail_under_each_event() -> None:
    lines = render_audit(EVENTS, 2, width=60).splitlines()

    assert "Detail" not in lines[2]
    assert lines[5] == "    #12, #505"
    assert lines[-1] == "    guests [all].csv"
    assert max(len(line) for line in lines) <= 60


@pytest.mark.usefixtures("french")
def test_in_french_the_dates_and_numbers_are_french() -> None:
    text = render_audit(EVENTS, 2, width=120)
    local = NOON.astimezone()
    assert f"{local.day} nov. 2026 {local:%H:%M}" in text
    assert "1 234" in text.replace("\u202f", " ").replace("\xa0", " ")
