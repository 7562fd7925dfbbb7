"""Search as you type, on a real SQLite file: accents, case, words, phones, emails, plans."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from typing import cast

import pytest
from sqlalchemy import Connection

from guestbook.bootstrap import Services
from guestbook.services.guests.search import SearchResult, search_guests, search_on
from guestbook.storage.sqlite import search
from guestbook.storage.sqlite.raw import dbapi
from guestbook.storage.sqlite.search import prefix_end
from tests.builders import add_guest, add_visit
from tests.database import execute

pytestmark = pytest.mark.both_backends


def find(services: Services, text: str) -> SearchResult:
    return search_guests(services, text)


def names(services: Services, text: str) -> list[str]:
    return [row.name for row in find(services, text).rows]


@pytest.fixture
def people(services: Services) -> Services:
    add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78", emails=("helene@example.fr",))
    add_guest(services, "Łukasz", "Żółkiewski", phone="+48 601 234 567")
    add_guest(services, "Marie-Hélène", "Le Goff", phone="07 98 76 54 32")
    add_guest(services, "Jean", "Dupuis", phone=False, emails=("jdupuis@mail.example.com",))
    add_guest(services, "Søren", "Æbelø", phone="06 11 22 33 44")
    return services


def test_accents_are_ignored_both_ways(people: Services) -> None:
    assert names(people, "helene") == ["Hélène Dupont", "Marie-Hélène Le Goff"]
    assert names(people, "HÉLÈNE") == ["Hélène Dupont", "Marie-Hélène Le Goff"]
    assert names(people, "lukasz") == ["Łukasz Żółkiewski"]
    assert names(people, "zolk") == ["Łukasz Żółkiewski"]
    assert names(people, "soren aebe") == ["Søren Æbelø"]


def test_ligatures_and_strokes_fold_as_their_letters(services: Services) -> None:
    """Accent- and case-insensitive word prefixes, œ and æ read as oe and ae: on PostgreSQL
    the same guests as on SQLite (both search the words folded when the guest was saved)."""
    for first, last in [("Léa", "Œuvray"), ("Lætitia", "Martin"), ("Hélène", "Dupont")]:
        add_guest(services, first, last, phone=False)
    add_guest(services, "Ole", "Ødegaard", phone=False)
    found = {typed: names(services, typed) for typed in ("oeu", "lae", "hel", "ode")}
    assert found == {
        "oeu": ["Léa Œuvray"],
        "lae": ["Lætitia Martin"],
        "hel": ["Hélène Dupont"],
        "ode": ["Ole Ødegaard"],
    }
    for typed, same in [("ŒU", "oeu"), ("Læ", "lae"), ("HÉL", "hel"), ("ød", "ode")]:
        assert names(services, typed) == found[same], typed
    assert names(services, "lea oeuv") == ["Léa Œuvray"]
    assert names(services, "oe") == ["Léa Œuvray"]
    assert names(services, "o") == ["Ole Ødegaard", "Léa Œuvray"]  # "odegaard" < "oeuvray"


def test_case_and_word_prefixes(people: Services) -> None:
    assert names(people, "DUP") == ["Hélène Dupont", "Jean Dupuis"]
    assert names(people, "goff") == ["Marie-Hélène Le Goff"]
    assert names(people, "marie") == ["Marie-Hélène Le Goff"]
    assert names(people, "upon") == []  # words match from their start only


def test_several_words_must_all_match_in_any_order(people: Services) -> None:
    assert names(people, "hel dup") == ["Hélène Dupont"]
    assert names(people, "dupont helene") == ["Hélène Dupont"]
    assert names(people, "le goff marie") == ["Marie-Hélène Le Goff"]
    assert names(people, "jean dupont") == []


@pytest.mark.parametrize(
    "typed",
    ["06 12 34 56 78", "0612345678", "+33612345678", "+33 6 12 34 56 78", "612345678", "06 12"],
)
def test_phone_in_any_written_form(people: Services, typed: str) -> None:
    result = find(people, typed)
    assert result.kinds == ("phone",)
    assert [row.name for row in result.rows] == ["Hélène Dupont"]


def test_phone_by_its_last_digits(people: Services) -> None:
    assert names(people, "5678") == ["Hélène Dupont"]
    assert names(people, "4567") == ["Łukasz Żółkiewski"]  # a Polish number, by its end
    assert names(people, "06 1") == ["Søren Æbelø", "Hélène Dupont"]  # both 06 1…, by name


def test_a_guest_found_by_another_number_shows_that_number(services: Services) -> None:
    bailly = add_guest(services, "Madeleine", "Bailly", phone="07 51 50 53 95")
    add_guest(services, "Claude", "Clerc", phone="06 12 07 14 21")
    execute(
        services,
        "INSERT INTO phone (guest_id, e164, digits_reversed, position) VALUES "
        "(?, '+33612011814', '41811021633', 1)",
        bailly,
    )
    shown = {row.name: row.phone for row in find(services, "06 12").rows}
    assert shown == {"Madeleine Bailly": "+33612011814", "Claude Clerc": "+33612071421"}
    by_end = {row.name: row.phone for row in find(services, "1814").rows}
    assert by_end == {"Madeleine Bailly": "+33612011814"}
    # Found by her first number, she shows it, as anywhere else.
    assert [row.phone for row in find(services, "07 51").rows] == ["+33751505395"]
    assert [row.phone for row in find(services, "bailly").rows] == ["+33751505395"]


def test_email_by_prefix(people: Services) -> None:
    assert names(people, "jdup") == ["Jean Dupuis"]
    assert names(people, "jdupuis@mail") == ["Jean Dupuis"]
    assert names(people, "HELENE@EX") == ["Hélène Dupont"]
    assert find(people, "helene@").kinds == ("email",)


def test_nothing_typed_finds_nothing(people: Services) -> None:
    assert find(people, "   ").rows == ()
    assert find(people, "-").rows == ()


def test_rows_carry_what_the_list_shows(people: Services) -> None:
    (row,) = find(people, "hélène dupont").rows
    assert row.phone == "+33612345678"
    assert row.visit_count == 0 and row.last_visit_on is None and row.rewards_owed == 0


def test_rows_count_the_rewards_owed_on_the_day(services: Services) -> None:
    # Only an open reward valid today counts: not one used, expired or not yet valid.
    today = services.clock.today()
    owed = add_guest(services, "Anne", "Martin")
    add_guest(services, "Bruno", "Martin")
    visit = add_visit(services, today - dt.timedelta(days=3), owed)
    day = dt.timedelta(days=1)
    for valid_from, valid_to, redeemed in [
        (today - day, today, None),  # last day of validity: owed
        (today, today + 9 * day, None),  # first day: owed
        (today - 9 * day, today + day, visit),  # already used
        (today - 9 * day, today - day, None),  # expired yesterday
        (today + day, today + 9 * day, None),  # from tomorrow
    ]:
        execute(
            services,
            "INSERT INTO reward (guest_id, kind, reason, valid_from, valid_to, created_at, "
            "redeemed_visit_id) VALUES (?, 'birthday', '', ?, ?, '2026-11-01 10:00:00', ?)",
            owed,
            valid_from.isoformat(),
            valid_to.isoformat(),
            redeemed,
        )
    rows = find(services, "martin").rows
    assert [(row.first_name, row.rewards_owed) for row in rows] == [("Anne", 2), ("Bruno", 0)]


def test_every_match_shown_reads_alphabetically_else_best_ranked_first(
    services: Services,
) -> None:
    for first, last in [("Zoé", "Martin"), ("Anne", "Mallet"), ("Bob", "Martin"), ("Eve", "Marty")]:
        add_guest(services, first, last, phone=False)
    whole = search_guests(services, "ma")
    top = search_guests(services, "ma", limit=3)
    assert [row.name for row in whole.rows] == [
        "Anne Mallet", "Bob Martin", "Zoé Martin", "Eve Marty",
    ]  # fmt: skip
    # Not all shown: the first in the index's order (word, then guest), so that typing more
    # narrows a stable list.
    assert [row.name for row in top.rows] == ["Anne Mallet", "Zoé Martin", "Bob Martin"]
    assert top.total == 4 and not top.capped


def test_counts_are_capped_and_results_limited(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(search, "COUNT_CAP", 5)
    for index in range(8):
        add_guest(services, f"Anne{index}", "Martin", phone=False)
    result = find(services, "martin")
    assert result.capped and result.total == 5 and result.total_text == "5+ matches"
    small = find(services, "anne3")
    assert not small.capped and small.total_text == "1 match"
    assert find(services, "zzz").total_text == "No match"


def test_two_broad_words_are_probed_within_a_budget(
    services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With tiny thresholds, "an ma" takes the broad path: probes, and an honest "N+".
    monkeypatch.setattr(search, "BROAD", 3)
    monkeypatch.setattr(search, "PROBE_BUDGET", 4)
    for index in range(6):
        add_guest(services, f"Anne{index}", "Martin", phone=False)
    add_guest(services, "Anne", "Zola", phone=False)
    result = find(services, "an ma")
    assert result.capped and 1 <= len(result.rows) <= 4
    assert {row.last_name for row in result.rows} == {"Martin"}
    exact = find(services, "anne zola")
    assert [row.name for row in exact.rows] == ["Anne Zola"] and not exact.capped


def test_prefix_end_bumps_the_last_character() -> None:
    assert prefix_end("dup") == "duq"
    assert prefix_end("+336") == "+337"


# --- Query plans: every hot query goes through its index, never a scan of a table ---------


def plans_of(services: Services, text: str) -> list[str]:
    """EXPLAIN QUERY PLAN of every statement a search runs (traced on the DB-API connection)."""
    statements: list[str] = []

    def work(connection: Connection) -> list[str]:
        raw = cast("sqlite3.Connection", dbapi(connection))  # SQLite's own tracing
        raw.set_trace_callback(statements.append)
        try:
            search_on(connection, text, today=dt.date(2026, 11, 22))
        finally:
            raw.set_trace_callback(None)
        selects = [s for s in statements if s.lstrip().upper().startswith(("SELECT", "WITH"))]
        return [
            " | ".join(row[3] for row in raw.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in selects
        ]

    return services.read(work)


def table_scans(plans: list[str]) -> list[str]:
    """Steps reading a whole table (or a whole index without a range): the thing to avoid.
    Scanning a subquery's own few rows is fine."""
    scans = []
    for plan in plans:
        steps = plan.split(" | ")
        subqueries = {
            m[1] for s in steps if (m := re.match(r"(?:CO-ROUTINE|MATERIALIZE) (\S+)", s))
        }
        for step in steps:
            scanned = re.match(r"SCAN (\S+)", step)
            if scanned and scanned[1] not in subqueries and "COVERING INDEX" not in step:
                scans.append(step)
    return scans


@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN, traced on sqlite3's connection
@pytest.mark.parametrize(
    ("typed", "index"),
    [
        ("helene", "sqlite_autoindex_guest_token_1"),
        ("helene@", "ix_email_address"),
        ("06 12", "ix_phone_e164"),
        ("5678", "ix_phone_digits_reversed"),
    ],
)
def test_each_kind_of_query_uses_its_index(people: Services, typed: str, index: str) -> None:
    plans = plans_of(people, typed)
    assert any(index in plan for plan in plans), plans
    assert table_scans(plans) == []


@pytest.mark.sqlite_only  # SQLite's EXPLAIN QUERY PLAN
def test_several_words_probe_by_guest_and_never_scan(
    people: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    for broad in (False, True):
        if broad:
            monkeypatch.setattr(search, "BROAD", 1)
        plans = plans_of(people, "hel dup")
        joined = " || ".join(plans)
        assert "sqlite_autoindex_guest_token_1 (token>? AND token<?)" in joined
        if broad:
            assert "ix_guest_token_guest_id (guest_id=?)" in joined
        assert table_scans(plans) == []
