"""The closed lists are registries: one definition each, read by the tables, the CLI, the
screens and the checks. These hold every reader to its registry."""

from __future__ import annotations

import pytest
from click import Choice

from guestbook.cli import cli
from guestbook.domain import channels, purposes, reasons
from guestbook.domain.calls import OUTCOMES, Outcome
from guestbook.exchange.export_csv import HEADERS
from guestbook.exchange.formats import FORMATS
from guestbook.exchange.headers import field_for
from guestbook.storage.tables import CallAttempt, ConsentEvent, Guest


def test_every_channel_has_its_consent_column_and_the_check_lists_them_all() -> None:
    for key in channels.CHANNELS:
        assert f"consent_{key}" in Guest.model_fields
    checks = [str(check.sqltext) for check in ConsentEvent.__table__.constraints  # type: ignore[attr-defined]
              if getattr(check, "sqltext", None) is not None]  # fmt: skip
    assert checks == ["channel IN ('call', 'sms', 'email', 'post')"]


def test_every_channel_names_itself_everywhere_it_is_shown() -> None:
    for channel in channels.REGISTRY:
        assert channel.label and channel.audience and channel.wording
        assert channel.export_header in HEADERS
        # The header our export writes is one the import reads back as that channel.
        assert field_for(channel.export_header) == f"consent_{channel.key}"
        for word in channel.import_words:
            assert field_for(f"Opt-in {word}") == f"consent_{channel.key}"


def _choices(command: str, option: str) -> list[str]:
    group_command = cli.commands[command]
    (param,) = [p for p in group_command.params if p.name == option]
    assert isinstance(param.type, Choice)
    return list(param.type.choices)


def test_the_cli_offers_exactly_the_registries_values() -> None:
    assert _choices("export", "consent") == list(channels.CHANNELS)
    assert _choices("export", "fmt") == list(FORMATS)


def test_reasons_and_outcomes_bound_what_a_call_attempt_may_hold() -> None:
    checks = sorted(
        str(check.sqltext)
        for check in CallAttempt.__table__.constraints  # type: ignore[attr-defined]
        if getattr(check, "sqltext", None) is not None
    )
    assert checks == [
        "outcome IN ('reached', 'booked', 'voicemail', 'no_answer', 'declined', 'wrong_number')",
        "reason IN ('birthday', 'referral_thanks', 'winback', 'feedback', 'notice')",
    ]
    assert tuple(outcome.value for outcome in Outcome) == OUTCOMES
    assert Outcome.NO_ANSWER.label == "no answer"


@pytest.mark.parametrize("reason", list(reasons.Reason))
def test_every_reason_has_its_entry(reason: reasons.Reason) -> None:
    assert reason.info.label
    # Birthday, thank-you and win-back calls are canvassing: only with consent to be called.
    # Feedback and notice calls are service calls (product.md, "Data rights" → "Calls").
    service = {reasons.Reason.FEEDBACK, reasons.Reason.NOTICE}
    assert reason.info.canvassing is (reason not in service)


def test_message_purposes_say_who_may_receive_them() -> None:
    incident, relational = purposes.BY_KEY["incident"], purposes.BY_KEY["relational"]
    assert purposes.PURPOSES == ("incident", "relational")
    assert (incident.marketing, incident.legal_basis) == (False, "service notice")
    assert (relational.marketing, relational.legal_basis) == (True, "consent")


def test_every_export_format_has_one_way_to_be_written() -> None:
    for key, chosen in FORMATS.items():
        assert chosen.key == key and chosen.label
        assert (chosen.write_text is None) != (chosen.write_file is None)
        assert (chosen.encoding is None) == (chosen.write_file is not None)
