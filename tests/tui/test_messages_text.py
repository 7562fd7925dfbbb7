"""What the Messages section says (guestbook.tui.screens.messages_text): the SMS counter naming
the characters at fault (invisible ones by name), the deliveries counted, the plan in words, and
when SMS that may not go now will wait."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from guestbook.domain.sms_hours import next_allowed
from guestbook.domain.sms_text import count
from guestbook.tui.screens.messages_text import plan_lines, sms_counter, sms_wait, states_text

PARIS = ZoneInfo("Europe/Paris")


def test_the_counter_of_a_plain_sms() -> None:
    assert sms_counter(count("Bonjour Léa, à samedi !")) == "GSM-7 · 1 SMS · 137 characters left"
    assert sms_counter(count("x" * 161)) == "GSM-7 · 2 SMS · 145 characters left"
    assert sms_counter(count("")) == "GSM-7 · 0 SMS"


def test_the_counter_names_what_forces_ucs2_invisible_characters_by_name() -> None:
    text = "L’équipe\u00a0« Chez Nous » vous attend"
    assert sms_counter(count(text)) == (
        "UCS-2 because of ’ « », non-breaking space · 1 SMS · 36 characters left"
    )


def test_the_counter_in_french(french: None) -> None:
    """Passes once /tmp/fr-messages-ui.json is in the catalogue."""
    assert sms_counter(count("x" * 161)) == "GSM-7 · 2 SMS · 145 caractères restants"
    assert sms_counter(count("’")).startswith("UCS-2 à cause de ’ · 1 SMS")


def test_deliveries_counted_in_their_order_and_nothing_sent_said_so() -> None:
    assert states_text({"skipped": 2, "sent": 1_234, "failed": 1}) == (
        "sent 1,234 · failed 1 · skipped 2"
    )
    assert states_text({}) == "not sent yet"


def test_the_plan_in_words_every_channel_and_the_reasons_that_count() -> None:
    by_channel = {"email": 3, "sms": 0, "post": 1, "call": 0}
    left_out = {"no_contact": 0, "no_consent": 2, "erased": 0}
    assert plan_lines(6, by_channel, left_out) == [
        "6 guests chosen, 4 reached.",
        "By channel: Emails 3 · Text messages 0 · Letters 1 · Phone calls 0",
        "Left out: no consent 2",
    ]


@pytest.mark.parametrize(
    ("purpose", "now", "said"),
    [
        # Sunday: news waits for Monday 08:00; a notice goes at once.
        (
            "relational",
            dt.datetime(2026, 11, 22, 11, 0, tzinfo=PARIS),
            "will wait until Mon 23 Nov 08:00.",
        ),
        ("incident", dt.datetime(2026, 11, 22, 11, 0, tzinfo=PARIS), None),
        # 23:00: a notice waits for the morning.
        (
            "incident",
            dt.datetime(2026, 11, 20, 23, 0, tzinfo=PARIS),
            "No SMS at night: the 3 SMS will wait",
        ),
    ],
)
def test_when_sms_will_wait(purpose: str, now: dt.datetime, said: str | None) -> None:
    allowed = next_allowed(now, purpose, zone=PARIS)
    wait = sms_wait(purpose, 3, now, allowed, "Europe/Paris")
    assert wait is None if said is None else said in (wait or "")
    assert sms_wait(purpose, 0, now, allowed, "Europe/Paris") is None  # no SMS: nothing to say
