"""What the demo's guests look like: believable ratios, names, contacts and birthdays, and
couples who point at each other."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine

from guestbook.domain.birthdays import Birthday, age_on
from guestbook.domain.contact import normalize_email, normalize_phone, reversed_digits
from guestbook.domain.text import name_key, name_tokens
from tests.unit.demo.helpers import TODAY, N, build, rows, share


def test_ratios_follow_the_demo_budget(db: Engine) -> None:
    def ratio(sql: str) -> float:
        return share(db, sql) / N

    assert ratio("SELECT count(*) FROM phone") == pytest.approx(1.2, abs=0.06)
    assert ratio("SELECT count(*) FROM email") == pytest.approx(0.8, abs=0.05)
    assert ratio("SELECT count(*) FROM visit_guest") == pytest.approx(3.0, abs=0.4)
    assert ratio("SELECT count(*) FROM guest WHERE primary_phone IS NULL") == pytest.approx(
        0.08, abs=0.025
    )
    birthdays = ratio("SELECT count(*) FROM guest WHERE birth_month IS NOT NULL")
    assert birthdays == pytest.approx(0.70, abs=0.04)
    with_year = ratio("SELECT count(*) FROM guest WHERE birth_year IS NOT NULL")
    assert with_year / birthdays == pytest.approx(1 / 3, abs=0.05)
    assert ratio("SELECT count(*) FROM guest WHERE partner_id IS NOT NULL") == pytest.approx(
        0.15, abs=0.03
    )
    assert ratio("SELECT count(*) FROM guest WHERE partner_name != ''") == pytest.approx(
        0.20, abs=0.04
    )
    assert ratio("SELECT count(*) FROM referral") == pytest.approx(0.10, abs=0.03)
    assert ratio("SELECT count(DISTINCT guest_id) FROM allergy") == pytest.approx(0.05, abs=0.02)
    assert ratio("SELECT count(*) FROM guest WHERE preferences != ''") > 0.1
    visits = [int(str(row[0])) for row in rows(db, "SELECT visit_count FROM guest")]
    counts = Counter(visits)
    assert counts[1] > counts[2] > counts[3]  # many one-off guests
    assert max(visits) >= 15  # and some regulars


def test_names_contacts_and_search_keys_are_normalised(db: Engine) -> None:
    guests = rows(db, "SELECT id, first_name, last_name, name_key FROM guest")
    tokens: dict[int, set[str]] = defaultdict(set)
    for token, guest_id in rows(db, "SELECT token, guest_id FROM guest_token"):
        tokens[int(str(guest_id))].add(str(token))
    for guest_id, first, last, key in guests:
        assert key == name_key(str(first), str(last))
        assert tokens[int(str(guest_id))] == name_tokens(str(first), str(last))
    names = " ".join(f"{first} {last}" for _id, first, last, _key in guests)
    assert re.search("[éèêëïîôç]", names)
    assert re.search(r"\w-\w", names)  # Jean-Marc, Martin-Dubois
    assert re.search(r"\b(Le|De|Da|de|Du|d')\s?[A-Z]", names)  # Le Gall, de La Salle
    phones = rows(db, "SELECT e164, digits_reversed FROM phone")
    assert len({e164 for e164, _ in phones}) == len(phones)
    for e164, digits in phones:
        assert normalize_phone(str(e164)) == e164
        assert digits == reversed_digits(str(e164))
    assert any(str(e164).startswith(("+336", "+337")) for e164, _ in phones)
    assert any(str(e164).startswith("+334") for e164, _ in phones)
    assert any(not str(e164).startswith("+33") for e164, _ in phones)
    emails = [str(row[0]) for row in rows(db, "SELECT address FROM email")]
    assert len(set(emails)) == len(emails)
    assert all(normalize_email(address) == address for address in emails)
    primary = rows(
        db,
        "SELECT g.primary_phone, p.e164, g.primary_email, e.address FROM guest g "
        "LEFT JOIN phone p ON p.guest_id = g.id AND p.position = 0 "
        "LEFT JOIN email e ON e.guest_id = g.id AND e.position = 0",
    )
    assert all(phone == e164 and email == address for phone, e164, email, address in primary)


def test_birthdays_are_plausible_and_include_29_february(db: Engine, tmp_path: Path) -> None:
    birthdays = rows(db, "SELECT birth_day, birth_month, birth_year FROM guest WHERE birth_day")
    for day, month, year in birthdays:
        birthday = Birthday(
            int(str(day)), int(str(month)), None if year is None else int(str(year))
        )
        age = age_on(birthday, TODAY)
        assert age is None or 18 <= age <= 90
    assert (29, 2) in {(day, month) for day, month, _year in birthdays}
    small = build(tmp_path / "small.db", 200)
    assert rows(small, "SELECT count(*) FROM guest WHERE birth_day = 29 AND birth_month = 2")[0][0]
    small.dispose()


def test_couples_point_at_each_other(db: Engine) -> None:
    couples = rows(
        db,
        "SELECT g.id, g.partner_id, p.partner_id FROM guest g JOIN guest p ON p.id = g.partner_id",
    )
    assert couples
    assert all(guest_id == back and guest_id != partner for guest_id, partner, back in couples)
    same_name = rows(
        db,
        "SELECT count(*) FROM guest g JOIN guest p ON p.id = g.partner_id "
        "WHERE g.last_name = p.last_name",
    )[0][0]
    assert 0 < int(str(same_name)) < len(couples)
