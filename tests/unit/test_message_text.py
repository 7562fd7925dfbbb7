"""A message's text (domain.message_text): placeholders checked before sending, rendered per
guest with a tidy fallback for missing values, and the endings relational messages carry."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guestbook.domain.message_text import (
    PLACEHOLDERS,
    Problem,
    TemplateError,
    Values,
    check,
    count_relational_sms,
    render,
    unsubscribe_line,
    with_sms_stop,
    with_unsubscribe,
)
from guestbook.domain.sms_text import count

HELENE = Values("Hélène", "Lefèvre", "Chez Nous", "samedi 29 nov.")
NO_FIRST_NAME = Values("", "Dupont", "Chez Nous", "")


def test_a_template_with_known_placeholders_has_no_problem() -> None:
    assert check("Bonjour {first_name} {last_name}, {restaurant} vous attend.") == []
    assert check("Des accolades : {{ et }}, et rien d'autre") == []
    assert check("") == []


def test_each_problem_is_named_with_its_position() -> None:
    problems = check("Bonjour {prenom}, à {restaurant} depuis {last_visit")
    assert problems == [Problem("unknown", 8, "prenom"), Problem("unclosed", 40)]
    assert check("Merci } {First_Name}") == [
        Problem("unopened", 6),
        Problem("unknown", 8, "First_Name"),
    ]
    assert check("{}") == [Problem("unknown", 0, "")]
    # An opening brace inside another leaves the first one open.
    assert check("{first_name {restaurant}") == [Problem("unclosed", 0)]


def test_the_messages_say_what_to_do() -> None:
    unknown, unclosed, unopened = (
        check("{prenom}")[0],
        check("a {b")[0],
        check("a } b")[0],
    )
    assert unknown.message == (
        "unknown placeholder {prenom} at character 1: use one of "
        "{first_name}, {last_name}, {restaurant}, {last_visit}"
    )
    assert unclosed.message == (
        "the brace at character 3 is never closed (to write a brace, type it twice: {{)"
    )
    assert unopened.message == (
        "the brace at character 3 closes nothing (to write a brace, type it twice: }})"
    )


def test_a_lone_surrogate_is_no_character_to_send() -> None:
    """A terminal hands over half a UTF-16 pair for a byte it could not decode: no database,
    mail or SMS gateway takes it, so the template says where it is instead of failing later."""
    problems = check("Bonjour \ud83d {first_name}, {prenom} \udc00")
    assert problems == [
        Problem("not_text", 8),
        Problem("unknown", 24, "prenom"),
        Problem("not_text", 33),
    ]
    assert problems[0].message == (
        "character 9 is not a character (a stray byte from the terminal?): delete it and "
        "type it again"
    )
    with pytest.raises(TemplateError):
        render("Bonjour \ud83d", HELENE)
    assert check("Bonjour 😀 {first_name}") == []  # a whole pair is a character


def test_render_fills_every_placeholder() -> None:
    template = "Bonjour {first_name} {last_name},\n{restaurant} ({last_visit}) {{merci}}"
    assert render(template, HELENE) == (
        "Bonjour Hélène Lefèvre,\nChez Nous (samedi 29 nov.) {merci}"
    )


def test_render_refuses_a_template_with_problems() -> None:
    with pytest.raises(TemplateError) as raised:
        render("Bonjour {prenom}", HELENE)
    assert raised.value.problems == [Problem("unknown", 8, "prenom")]


@pytest.mark.parametrize(
    ("template", "rendered"),
    [
        ("Bonjour {first_name}, à bientôt", "Bonjour, à bientôt"),
        ("Bonjour {first_name} !", "Bonjour !"),
        ("Bonjour {first_name}.", "Bonjour."),
        ("Chère {first_name} {last_name},", "Chère Dupont,"),
        ("{first_name} {last_name}, merci", "Dupont, merci"),
        ("Bonjour {first_name}\nà bientôt", "Bonjour\nà bientôt"),
        ("Merci\n{first_name} {last_name}", "Merci\nDupont"),
        ("Bonjour {first_name}", "Bonjour"),
        ("Votre dernière visite : {last_visit}.", "Votre dernière visite :."),
        ("Bonjour  {last_name}  !", "Bonjour  Dupont  !"),  # spaces typed are kept
    ],
)
def test_a_missing_value_leaves_no_gap(template: str, rendered: str) -> None:
    assert render(template, NO_FIRST_NAME) == rendered


def test_a_value_is_written_on_one_line_and_never_read_as_a_template() -> None:
    odd = Values("Jean\nPierre", "{last_name}", "Chez  Nous", "")
    assert render("{first_name} {last_name} · {restaurant}", odd) == (
        "Jean Pierre {last_name} · Chez Nous"
    )


names = st.text(st.sampled_from("abcdéÇ-'{}"), min_size=1, max_size=12)
pieces = st.sampled_from(
    [*(f"{{{key}}}" for key in PLACEHOLDERS), " ", ", ", "a", "\n", "{{", "}}"]
)


@given(st.lists(pieces), names, names, names)
def test_with_every_value_given_render_is_pythons_format(
    template_pieces: list[str], first: str, last: str, visit: str
) -> None:
    template = "".join(template_pieces)
    assert check(template) == []
    values = Values(first, last, "Chez Nous", visit)
    expected = template.format(
        first_name=first, last_name=last, restaurant="Chez Nous", last_visit=visit
    )
    assert render(template, values) == expected


def test_the_sms_stop_mention_ends_a_relational_sms_and_is_counted() -> None:
    body = "Soirée jazz vendredi, réservez au 04 78 00 00 00"
    sent = with_sms_stop(body, "STOP au 36111")
    assert sent == body + "\nSTOP au 36111"
    assert with_sms_stop(sent + "\n", "STOP au 36111") == sent  # never twice
    assert count_relational_sms(body, "STOP au 36111") == count(sent)
    assert count_relational_sms(body, "STOP au 36111").units == len(body) + 1 + 13
    # The mention can be what tips a text into a second segment.
    full = "a" * 150
    assert count(full).segments == 1
    assert count_relational_sms(full, "STOP au 36111").segments == 2


def test_no_relational_sms_without_its_mention() -> None:
    with pytest.raises(ValueError, match="sms_stop"):
        with_sms_stop("Bonjour", "  ")


def test_the_unsubscribe_line_ends_a_relational_email() -> None:
    with_link = unsubscribe_line("Chez Nous", "https://chez-nous.fr/desinscription?g=12")
    assert with_link == (
        "You receive this email because you agreed to hear from Chez Nous. "
        "To receive no more: https://chez-nous.fr/desinscription?g=12"
    )
    by_reply = unsubscribe_line("Chez Nous")
    assert "reply to this email" in by_reply
    assert with_unsubscribe("Bonjour,\n\nÀ bientôt\n", by_reply) == (
        f"Bonjour,\n\nÀ bientôt\n\n{by_reply}"
    )
