"""What a user walking the Messages found, on a real database: news planned by SMS with no
opt-out mention set (sms_stop) when every such SMS would fail; a send's progress stopping
short when SMS were held for their hours; a send again counting what it would not write to;
"0 queued" said while guests were waiting. Today is Sunday 22 November 2026: news by SMS
waits for Monday 08:00."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.cli import cli
from guestbook.cli.messages import render_sent
from guestbook.services import messages
from guestbook.services.context import Services
from guestbook.services.messages.history import deliveries
from guestbook.services.messages.send import send_message
from guestbook.settings_messages import SmsSettings
from tests.database import database
from tests.unit.test_message_send import MONDAY_NOON, PARIS, SUNDAY_NOON, at, guest, new

pytestmark = pytest.mark.both_backends


def _rows(services: Services, message_id: int) -> dict[int, tuple[str, str, str]]:
    return {d.guest_id: (d.channel, d.status, d.reason) for d in deliveries(services, message_id)}


def test_news_take_no_sms_while_no_opt_out_mention_is_set(
    services: Services, tmp_path: Path
) -> None:
    only_sms = guest(services, "Paul", phones="06 12 34 56 78", consent={"sms": True})
    sms_or_post = guest(
        services,
        "Zoé",
        phones="06 11 22 33 44",
        address="3 place Bellecour, Lyon",
        postcode="69002",
        consent={"sms": True, "post": True},
    )
    sunday = at(services, SUNDAY_NOON, sms=SmsSettings("file"))
    message_id = new(sunday, "relational", "Soirée beaujolais jeudi, {first_name} !")

    plan = messages.plan_message(sunday, message_id)

    # Zoé accepts letters: the plan takes the next channel she accepts, as without a mobile.
    assert plan.by_channel == {"email": 0, "sms": 0, "post": 1, "call": 0}
    assert plan.left_out["no_sms_stop"] == 1 and plan.audience == 2
    left = [(r.guest_id, r.channel) for r in messages.recipients(sunday, message_id, left_out=True)]
    assert left == [(only_sms, "no_sms_stop")]

    result = send_message(sunday, message_id, output_dir=tmp_path)

    rows = _rows(sunday, message_id)
    assert rows[only_sms] == ("", "skipped", "no_sms_stop")  # nothing queued that must fail
    assert rows[sms_or_post][:2] == ("post", "queued")
    assert (result.failed, result.next_sms_at, result.sms_file) == (0, None, None)

    # The mention set, both get the SMS they accepted first; Zoé's letter is written already,
    # so a send holds Paul's SMS for Monday only.
    with_stop = at(services, SUNDAY_NOON, sms=SmsSettings("file"), sms_stop="STOP au 36111")
    again = messages.plan_message(with_stop, message_id)
    assert again.by_channel["sms"] == 2 and "no_sms_stop" not in again.left_out
    assert messages.send_outlook(with_stop, message_id) == messages.SendOutlook(1, 1, 0)
    held = send_message(with_stop, message_id, output_dir=tmp_path)
    assert held.queued == 1 and _rows(with_stop, message_id)[only_sms][:2] == ("sms", "queued")
    assert _rows(with_stop, message_id)[sms_or_post][:2] == ("post", "queued")


def test_a_notice_still_goes_by_sms_without_the_mention(services: Services) -> None:
    paul = guest(services, "Paul", phones="06 12 34 56 78")
    monday = at(services, MONDAY_NOON, sms=SmsSettings("file"))
    plan = messages.plan_message(monday, new(monday, "incident"))
    assert plan.by_channel["sms"] == 1 and "no_sms_stop" not in plan.left_out
    assert [r.guest_id for r in messages.recipients(monday, plan.message_id)] == [paul]


def test_the_cli_plan_counts_them_left_out_with_the_reason(
    services: Services, tmp_path: Path
) -> None:
    paul = guest(services, "Paul", phones="06 12 34 56 78", consent={"sms": True})
    body = tmp_path / "body.txt"
    body.write_text("Bonjour {first_name}, soirée beaujolais jeudi.\n", "utf-8")
    base = ["--db", database(services), "--today", "2026-11-22", "message"]
    new_args = ["new", "--purpose", "relational", "--subject", "Beaujolais", "--all"]
    made = CliRunner().invoke(cli, [*base, *new_args, "--body-file", str(body)])

    assert made.exit_code == 0, made.output
    assert "Left out, SMS only, no opt-out mention (sms_stop): 1" in made.output
    assert f"#{paul} Paul Martin — SMS only, no opt-out mention (sms_stop)" in made.output
    planned = CliRunner().invoke(cli, [*base, "plan", "1", "--json"])
    assert '"sms": 0' in planned.output and '"no_sms_stop": 1' in planned.output


def _three_ways(services: Services) -> tuple[int, int, int]:
    """A guest by email, one by SMS, one by letter, each having accepted that channel."""
    by_email = guest(services, "Léa", emails="lea@example.fr", consent={"email": True})
    by_sms = guest(services, "Paul", phones="06 12 34 56 78", consent={"sms": True})
    by_post = guest(
        services,
        "Zoé",
        address="3 place Bellecour, Lyon",
        postcode="69002",
        consent={"post": True},
    )
    return by_email, by_sms, by_post


def test_a_send_holding_sms_reports_its_progress_to_the_end(
    services: Services, tmp_path: Path
) -> None:
    _three_ways(services)
    sunday = at(services, SUNDAY_NOON, sms=SmsSettings("file"), sms_stop="STOP au 36111")
    message_id = new(sunday, "relational", "Soirée beaujolais jeudi, {first_name} !")
    seen: list[tuple[int, int]] = []

    result = send_message(
        sunday, message_id, output_dir=tmp_path, progress=lambda d, t: seen.append((d, t))
    )

    assert result.next_sms_at == dt.datetime(2026, 11, 23, 8, 0, tzinfo=PARIS)
    assert seen[-1] == (3, 3)  # the email failed (no server), the SMS held, the letter written


def test_a_send_again_says_what_it_writes_to_and_what_waits(
    services: Services, tmp_path: Path
) -> None:
    by_email, by_sms, by_post = _three_ways(services)
    sunday = at(services, SUNDAY_NOON, sms=SmsSettings("file"), sms_stop="STOP au 36111")
    message_id = new(sunday, "relational", "Soirée beaujolais jeudi, {first_name} !")
    assert messages.send_outlook(sunday, message_id) == messages.SendOutlook(3, 0, 0)

    first = send_message(sunday, message_id, output_dir=tmp_path)
    assert (first.failed, first.queued, first.waiting) == (1, 2, 2)
    said = render_sent(first, "Europe/Paris")
    assert "from Mon 23 Nov at 08:00." in said  # the restaurant's hour, not the machine's
    assert "In all" not in said  # this send queued every guest waiting

    # Sent again on Sunday: only the email that failed is tried; the letter was written and
    # the SMS waits for Monday.
    assert messages.send_outlook(sunday, message_id) == messages.SendOutlook(1, 1, 1)
    again = send_message(sunday, message_id, output_dir=tmp_path)
    assert (again.failed, again.queued, again.waiting, again.next_sms_at) == (1, 0, 2, None)
    said = render_sent(again, "Europe/Paris")
    assert said.startswith(f"Message {message_id}: 0 sent, 1 failed, 0 queued, 0 left out.")
    assert "In all 2 guests are waiting or handed over" in said
    assert _rows(sunday, message_id)[by_sms][:2] == ("sms", "queued")

    # On Monday the SMS's hour has come: a send writes to it and tries the email again.
    monday = at(services, MONDAY_NOON, sms=SmsSettings("file"), sms_stop="STOP au 36111")
    assert messages.send_outlook(monday, message_id) == messages.SendOutlook(2, 1, 0)
    assert {by_email, by_post} <= set(_rows(monday, message_id))
