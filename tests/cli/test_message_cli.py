"""`guestbook message new|plan|list`: product.md's JSON contract, the plan in words with the
guests left out, and clear refusals that record nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.cli import cli
from guestbook.errors import UserError
from guestbook.services.context import Services
from tests.builders import add_guest, add_visit
from tests.database import database, execute, scalar

pytestmark = pytest.mark.both_backends

TODAY = "2026-11-22"


def invoke(db: str, *args: str) -> tuple[int, str]:
    """The exit code and what is printed (a UserError's message as main() prints it)."""
    result = CliRunner().invoke(cli, ["--db", db, "--today", TODAY, *args])
    if isinstance(result.exception, UserError):
        return 1, result.output + str(result.exception)
    return result.exit_code, result.output


@pytest.fixture
def body(tmp_path: Path) -> Path:
    path = tmp_path / "body.txt"
    path.write_text("Bonjour {first_name},\n\nLe plat du 3 contenait des noix.\n", "utf-8")
    return path


@pytest.fixture
def guests(services: Services) -> dict[str, int]:
    """Three guests who dined on 3 November: one by email, one by SMS (no email), one with
    nothing but a name; and one who dined in October."""
    import datetime as dt

    by_email = add_guest(services, "Léa", "Martin", emails=("lea@example.fr",))
    by_sms = add_guest(services, "Paul", "Roux", call_consent=None)
    nothing = add_guest(services, "Zoé", "Blanc", phone=None)
    october = add_guest(services, "Hugo", "Petit", emails=("hugo@example.fr",))
    add_visit(services, dt.date(2026, 11, 3), by_email, by_sms, nothing)
    add_visit(services, dt.date(2026, 10, 3), october)
    execute(services, "UPDATE guest SET consent_email = TRUE WHERE id = ?", by_email)
    return {"email": by_email, "sms": by_sms, "nothing": nothing, "october": october}


def _window(*extra: str) -> list[str]:
    return ["--visited-from", "01/11/2026", "--visited-to", "2026-11-30", *extra]


def test_new_prints_the_contract_and_plan_says_the_same(
    services: Services, guests: dict[str, int], body: Path
) -> None:
    db = database(services)
    args = ["message", "new", "--purpose", "incident", "--subject", "Le plat du 3"]
    code, output = invoke(db, *args, "--body-file", str(body), *_window("--json"))
    assert code == 0, output
    created = json.loads(output)
    assert created == {
        "message_id": 1,
        "purpose": "incident",
        "audience": 3,
        "by_channel": {"email": 1, "sms": 1, "post": 0, "call": 0},
        "left_out": {"no_contact": 1, "no_consent": 0, "erased": 0},
        "recipients": [
            {"guest_id": guests["email"], "channel": "email", "address": "lea@example.fr"},
            {
                "guest_id": guests["sms"],
                "channel": "sms",
                "address": scalar(
                    services, "SELECT primary_phone FROM guest WHERE id = ?", guests["sms"]
                ),
            },
        ],
    }
    code, output = invoke(db, "message", "plan", "1", "--json")
    assert code == 0 and json.loads(output) == created


def test_the_plan_in_words_names_who_is_left_out(
    services: Services, guests: dict[str, int], body: Path
) -> None:
    args = ["message", "new", "--purpose", "relational", "--subject", "Soirée truffe"]
    code, output = invoke(database(services), *args, "--body-file", str(body), *_window())
    assert code == 0, output
    assert "Message 1 (News and invitations): 3 guests chosen, 1 reached." in output
    assert "  Emails: 1\n" in output
    assert f"#{guests['sms']} Paul Roux — no consent" in output
    assert f"#{guests['nothing']} Zoé Blanc — no contact data" in output


def test_list_says_each_message(services: Services, guests: dict[str, int], body: Path) -> None:
    db = database(services)
    assert invoke(db, "message", "list")[1].startswith("No message yet")
    for subject in ("Premier", "Second"):
        args = ["message", "new", "--purpose", "incident", "--subject", subject, "--all"]
        assert invoke(db, *args, "--body-file", str(body))[0] == 0
    code, output = invoke(db, "message", "list", "--json")
    assert code == 0, output
    listed = json.loads(output)["messages"]
    assert [(m["message_id"], m["subject"], m["deliveries"]) for m in listed] == [
        (2, "Second", {}),
        (1, "Premier", {}),
    ]
    assert "Incident notice  Premier" in invoke(db, "message", "list")[1]


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        ([], "no filter was given"),
        (["--all", "--sponsors"], "cannot be combined"),
        (["--visited-from", "2026-11-01"], "both days"),
        (["--postcode", "Paris"], "not the start of a postcode"),
        (["--all", "--subject", "Le {jour}"], "unknown placeholder {jour}"),
    ],
)
def test_a_message_that_cannot_be_planned_is_refused_and_not_recorded(
    services: Services, body: Path, extra: list[str], says: str
) -> None:
    args = ["message", "new", "--purpose", "incident", "--subject", "S", "--body-file", str(body)]
    code, output = invoke(database(services), *args, *extra)
    assert code == 1 and says in output, output
    assert scalar(services, "SELECT count(*) FROM message") == 0


def test_a_body_that_is_not_utf8_is_refused(services: Services, tmp_path: Path) -> None:
    latin = tmp_path / "latin1.txt"
    latin.write_bytes("Le plat du 3 était trop salé".encode("latin-1"))
    args = ["message", "new", "--purpose", "incident", "--subject", "S", "--all"]
    code, output = invoke(database(services), *args, "--body-file", str(latin))
    assert code == 1 and "is not UTF-8 text" in output


def test_plan_of_an_unknown_message(services: Services) -> None:
    code, output = invoke(database(services), "message", "plan", "7")
    assert code == 1 and "There is no message number 7." in output


@pytest.fixture
def noon(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's clock at noon in Paris on TODAY (an SMS may go then), not at the real time."""
    import datetime as dt

    import guestbook.clock

    moment = dt.datetime(2026, 11, 22, 11, 0, tzinfo=dt.UTC)

    class Noon(guestbook.clock.FixedClock):
        def now(self) -> dt.datetime:
            return moment

    monkeypatch.setattr(guestbook.clock, "make_clock", lambda today: Noon(today))


@pytest.mark.usefixtures("noon")
def test_send_hands_letters_and_sms_over_in_files_once(
    services: Services, body: Path, tmp_path: Path
) -> None:
    """With the default SMS provider (a file for any gateway) and a guest reachable by letter:
    nothing needs a server; both files are written, and a second send writes nothing."""
    import csv

    from tests.builders import add_guest

    by_sms = add_guest(services, "Paul", "Roux")
    by_post = add_guest(services, "Zoé", "Blanc", phone=None)
    execute(
        services, "UPDATE guest SET address = '3 place Bellecour, Lyon', postcode = '69002'"
        " WHERE id = ?", by_post,
    )  # fmt: skip
    db = database(services)
    args = ["message", "new", "--purpose", "incident", "--subject", "S", "--all"]
    assert invoke(db, *args, "--body-file", str(body))[0] == 0
    out = tmp_path / "out"
    out.mkdir()

    code, output = invoke(db, "message", "send", "1", "--output", str(out), "--json")

    assert code == 0, output
    assert json.loads(output) == {
        "message_id": 1,
        "sent": 0,
        "failed": 0,
        "queued": 2,
        "skipped": 0,
    }
    (sms_file,) = out.glob("sms-1-*.csv")
    with sms_file.open(encoding="utf-8", newline="") as handle:
        (_header, row) = list(csv.reader(handle))
    phone = scalar(services, "SELECT primary_phone FROM guest WHERE id = ?", by_sms)
    assert row == [phone, "Bonjour Paul,\n\nLe plat du 3 contenait des noix.\n", "1"]
    assert len(list(out.glob("letters-1-*.pdf"))) == 1
    code, output = invoke(db, "message", "send", "1", "--output", str(out))
    assert code == 0 and output.startswith("Message 1: 0 sent, 0 failed, 0 queued, 0 left out.")
    assert len(list(out.glob("*"))) == 2
