"""The card dates a call and a consent change by the restaurant's local day. Both are stored as
UTC moments; on SQLite they came back without a zone and were shown on their UTC day, so a
call made at 00:30 in Auckland (11:30 the day before in UTC) showed under the wrong date."""

from __future__ import annotations

import datetime as dt

import pytest

from guestbook.domain.birthdays import Birthday
from guestbook.domain.calls import Outcome
from guestbook.services.agenda.calls import compute_agenda
from guestbook.services.agenda.log import CallToLog, log_outcome
from guestbook.services.context import Services
from guestbook.services.guests.card import guest_card
from tests.builders import add_guest
from tests.database import execute
from tests.zones import local_time

pytestmark = pytest.mark.both_backends

# 23:30 UTC on 20 November: 21 November, 12:30, in Auckland.
LATE_UTC = "2026-11-20 23:30:00.000000"


def test_a_call_and_a_consent_change_show_on_their_local_day(services: Services) -> None:
    with local_time("Pacific/Auckland", services):
        guest = add_guest(services, "Aroha", "Ngata", birthday=Birthday(29, 11))
        (call,) = compute_agenda(services).calls
        log_outcome(
            services,
            CallToLog(call.guest_id, call.reason, call.occasion_on, call.phone, call.referral_id),
            Outcome.NO_ANSWER,
        )
        execute(services, "UPDATE call_attempt SET at = ?", LATE_UTC)
        execute(services, "UPDATE consent_event SET at = ?", LATE_UTC)
        card = guest_card(services, guest)
        (logged,) = card.details.calls
        (change, *_) = card.history.consent
        assert logged.at.astimezone().date() == dt.date(2026, 11, 21)
        assert change.at.astimezone().date() == dt.date(2026, 11, 21)
