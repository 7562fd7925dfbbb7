"""What the demo's history agrees with: the summary columns the services keep, the referral
rules, the call rules and the rewards they issue, and something for every screen to show
whatever `today` is."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from sqlalchemy import Engine

from guestbook.domain.birthdays import Birthday, next_occurrence
from guestbook.domain.calls import usual_interval
from guestbook.domain.rewards import birthday_reward_window, sponsor_reward_window
from guestbook.services.summaries.refresh import refresh_guest
from guestbook.settings import CHANNELS
from tests.oracles.calls import lapse
from tests.unit.demo.helpers import SETTINGS, TODAY, build, rows, share

# --- Summary columns agree with the detail tables -----------------------------------------------


# Every derived column of the guest row, emptied: the writer must make each of them again.
FORGOTTEN = ", ".join(
    [
        "name_key = ''",
        "primary_phone = NULL",
        "primary_email = NULL",
        *(f"consent_{channel} = NULL" for channel in CHANNELS),
        "visit_count = 0",
        "last_visit_on = NULL",
        "visit_interval_days = NULL",
        "late_from = NULL",
        "spend_cents = 0",
        "spend_visits = 0",
    ]
)


def test_the_bulk_rows_are_what_the_summaries_writer_writes(db: Engine) -> None:
    """The demo writes the guest row's derived columns itself, for speed: recomputed for every
    guest by services.summaries (the one writer), not one value changes."""
    guest_columns = "SELECT * FROM guest ORDER BY id"
    tokens = "SELECT token, guest_id FROM guest_token ORDER BY guest_id, token"
    before = rows(db, guest_columns), rows(db, tokens)
    with db.connect() as connection:  # forget, recompute with the writer, then roll back
        connection.exec_driver_sql(f"UPDATE guest SET {FORGOTTEN}")
        connection.exec_driver_sql("DELETE FROM guest_token")
        for guest_id, *_ in before[0]:
            refresh_guest(connection, int(str(guest_id)), SETTINGS)
        after = tuple(
            [tuple(row) for row in connection.exec_driver_sql(sql)]
            for sql in (guest_columns, tokens)
        )
        connection.rollback()
    assert before == after
    # A table's spend is split among everyone at it, the remainder cents to the first seats
    # (summaries.visits.seat_share), the known guests by id first: what they hold in all.
    assert share(db, "SELECT sum(spend_cents) FROM guest") == share(db, KNOWN_GUESTS_SHARES)


KNOWN_GUESTS_SHARES = """
SELECT sum(k * (v.spend_cents / v.party_size) + min(k, v.spend_cents % v.party_size))
FROM visit v
JOIN (SELECT visit_id, count(*) AS k FROM visit_guest WHERE guest_id IS NOT NULL
      GROUP BY visit_id) seated ON seated.visit_id = v.id
"""


def test_intervals_are_the_domain_median(db: Engine) -> None:
    visits: dict[int, list[dt.date]] = defaultdict(list)
    for guest_id, day in rows(
        db,
        "SELECT vg.guest_id, v.visited_on FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id",
    ):
        visits[int(str(guest_id))].append(dt.date.fromisoformat(str(day)))
    for guest_id, count, last, interval in rows(
        db, "SELECT id, visit_count, last_visit_on, visit_interval_days FROM guest"
    ):
        days = visits.get(int(str(guest_id)), [])
        assert count == len(days) == len(set(days))
        assert last == (max(days).isoformat() if days else None)
        assert interval == (usual_interval(days, max(days)) if days else None)


def test_consent_summary_is_the_latest_event(db: Engine) -> None:
    latest: dict[tuple[int, str], bool] = {}
    events: Counter[tuple[int, str]] = Counter()
    for guest_id, channel, granted, source, wording in rows(
        db, "SELECT guest_id, channel, granted, source, wording FROM consent_event ORDER BY at, id"
    ):
        latest[int(str(guest_id)), str(channel)] = bool(granted)
        events[int(str(guest_id)), str(channel)] += 1
        assert source in ("checkout", "phone", "import:old-software.csv")  # English demo
        assert wording == SETTINGS.consent_wordings[str(channel)]
    for guest_id, *consent in rows(
        db, "SELECT id, consent_call, consent_sms, consent_email, consent_post FROM guest"
    ):
        for channel, value in zip(CHANNELS, consent, strict=True):
            expected = latest.get((int(str(guest_id)), channel))
            assert (None if value is None else bool(value)) == expected
    withdrawn = [key for key, count in events.items() if count == 2]
    assert withdrawn and all(latest[key] is False for key in withdrawn)
    with_phone = share(db, "SELECT count(*) FROM guest WHERE primary_phone IS NOT NULL")
    granted_call = share(
        db,
        "SELECT count(DISTINCT guest_id) FROM consent_event WHERE channel = 'call' AND granted",
    )
    assert granted_call / with_phone == pytest.approx(0.75, abs=0.05)


def test_ids_follow_time_as_if_typed_day_after_day(db: Engine) -> None:
    for table, column in (("guest", "created_at"), ("visit", "created_at"), ("call_attempt", "at")):
        stamps = [str(row[0]) for row in rows(db, f"SELECT {column} FROM {table} ORDER BY id")]
        assert stamps == sorted(stamps), table


# --- Referrals ----------------------------------------------------------------------------------


def test_referrals_have_earlier_sponsors_no_cycles_and_rewards(db: Engine) -> None:
    referrals = rows(
        db,
        "SELECT r.id, r.sponsor_id, r.referred_id, r.first_visit_on, r.rewarded_at, "
        "s.created_at, g.created_at FROM referral r "
        "JOIN guest s ON s.id = r.sponsor_id JOIN guest g ON g.id = r.referred_id",
    )
    sponsor_of = {int(str(r[2])): int(str(r[1])) for r in referrals}
    assert len(sponsor_of) == len(referrals)  # one sponsor per guest
    first_visits = {
        guest_id: day
        for guest_id, day in rows(
            db,
            "SELECT vg.guest_id, min(v.visited_on) FROM visit_guest vg "
            "JOIN visit v ON v.id = vg.visit_id GROUP BY vg.guest_id",
        )
    }
    for _id, sponsor, referred, first_visit, rewarded_at, sponsor_created, created in referrals:
        assert sponsor != referred and int(str(sponsor)) < int(str(referred))
        assert str(sponsor_created) < str(created)
        assert first_visit == first_visits[referred] and rewarded_at is not None
    for referred in sponsor_of:  # walking up always ends: no circle
        seen, current = {referred}, referred
        while current in sponsor_of:
            current = sponsor_of[current]
            assert current not in seen
            seen.add(current)
    per_sponsor = Counter(sponsor_of.values())
    assert per_sponsor.most_common(1)[0][1] >= 4  # ambassadors
    assert any(sponsor in sponsor_of for sponsor in per_sponsor)  # second-level chains


def test_every_referral_rewards_its_sponsor_once(db: Engine) -> None:
    rewards = rows(
        db,
        "SELECT w.guest_id, w.valid_from, w.valid_to, w.redeemed_visit_id, w.redeemed_at, "
        "r.sponsor_id, r.first_visit_on FROM referral r "
        "JOIN reward w ON w.issued_by_referral_id = r.id AND w.kind = 'sponsor'",
    )
    assert len(rewards) == share(db, "SELECT count(*) FROM referral")
    redeemed = 0
    for guest_id, valid_from, valid_to, visit_id, redeemed_at, sponsor, first_visit in rewards:
        assert guest_id == sponsor
        window = sponsor_reward_window(
            dt.date.fromisoformat(str(first_visit)), SETTINGS.rewards["sponsor"]
        )
        assert (valid_from, valid_to) == (
            window.valid_from.isoformat(),
            window.valid_to.isoformat(),
        )
        if visit_id is not None:
            redeemed += 1
            ((day, at),) = rows(
                db, "SELECT visited_on, created_at FROM visit WHERE id = ?", (visit_id,)
            )
            assert str(first_visit) < str(day) <= str(valid_to) and redeemed_at == at
            assert rows(
                db,
                "SELECT 1 FROM visit_guest WHERE visit_id = ? AND guest_id = ?",
                (visit_id, sponsor),
            )
    assert 0 < redeemed < len(rewards)


# --- Calls and birthday rewards -----------------------------------------------------------------


def test_birthday_calls_follow_the_call_rules(db: Engine) -> None:
    attempts = rows(
        db,
        "SELECT a.guest_id, a.reason, a.occasion_on, a.outcome, a.phone_e164, g.primary_phone, "
        "g.consent_call FROM call_attempt a JOIN guest g ON g.id = a.guest_id ORDER BY a.at, a.id",
    )
    assert {row[3] for row in attempts} >= {
        "reached",
        "booked",
        "voicemail",
        "no_answer",
        "declined",
    }
    by_occasion: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for guest_id, reason, occasion, outcome, dialled, primary, consent in attempts:
        assert dialled == primary and consent == 1
        closed = by_occasion[guest_id, reason, occasion]
        assert not any(o in ("reached", "booked", "declined", "wrong_number") for o in closed)
        closed.append(str(outcome))
    assert max(len(outcomes) for outcomes in by_occasion.values()) <= SETTINGS.max_attempts


def test_birthday_rewards_come_from_reached_calls(db: Engine) -> None:
    rewards = rows(
        db,
        "SELECT w.guest_id, w.valid_from, w.valid_to, w.redeemed_visit_id, a.guest_id, a.outcome, "
        "a.occasion_on, a.reason FROM reward w JOIN call_attempt a ON a.id = w.issued_by_attempt_id "
        "WHERE w.kind = 'birthday'",
    )
    assert len(rewards) == share(db, "SELECT count(*) FROM reward WHERE kind = 'birthday'")
    states: Counter[str] = Counter()
    for guest_id, valid_from, valid_to, visit_id, caller, outcome, occasion, reason in rewards:
        assert guest_id == caller and outcome in ("reached", "booked") and reason == "birthday"
        window = birthday_reward_window(
            dt.date.fromisoformat(str(occasion)), SETTINGS.rewards["birthday"]
        )
        assert (valid_from, valid_to) == (
            window.valid_from.isoformat(),
            window.valid_to.isoformat(),
        )
        if visit_id is None:
            states["owed" if str(valid_to) >= TODAY.isoformat() else "expired"] += 1
            continue
        states["redeemed"] += 1
        (day,) = rows(db, "SELECT visited_on FROM visit WHERE id = ?", (visit_id,))[0]
        assert str(valid_from) <= str(day) <= str(valid_to)
        assert rows(
            db,
            "SELECT 1 FROM visit_guest WHERE visit_id = ? AND guest_id = ?",
            (visit_id, guest_id),
        )
    assert states["owed"] and states["redeemed"]


@pytest.mark.parametrize(
    "today", [dt.date(2026, 1, 3), dt.date(2028, 2, 29), dt.date(2026, 7, 14)], ids=str
)
def test_every_screen_has_something_whatever_today_is(tmp_path: Path, today: dt.date) -> None:
    engine = build(tmp_path / "today.db", 1500, today=today, seed=4)
    day = today.isoformat()
    yesterday = (today - dt.timedelta(days=1)).isoformat()
    for table, column in (
        ("visit", "visited_on"),
        ("call_attempt", "at"),
        ("reward", "created_at"),
        ("consent_event", "at"),
        ("guest", "updated_at"),
        ("referral", "recorded_at"),
    ):
        assert str(rows(engine, f"SELECT max({column}) FROM {table}")[0][0]) < day, table
    oldest = (today - dt.timedelta(days=730)).isoformat()
    assert str(rows(engine, "SELECT min(visited_on) FROM visit")[0][0]) >= oldest

    callable_birthdays = rows(
        engine,
        "SELECT birth_day, birth_month FROM guest "
        "WHERE birth_day AND consent_call AND primary_phone IS NOT NULL",
    )
    coming = [
        (d, m)
        for d, m in callable_birthdays
        if next_occurrence(Birthday(int(str(d)), int(str(m))), today, SETTINGS.feb29)
        <= today + dt.timedelta(days=7)
    ]
    assert coming  # birthdays in the next 7 days
    owed = rows(
        engine,
        "SELECT kind FROM reward WHERE redeemed_visit_id IS NULL AND valid_from <= ? "
        "AND valid_to >= ?",
        (day, day),
    )
    assert "birthday" in {kind for (kind,) in owed}
    retries = rows(
        engine,
        "SELECT count(*) FROM call_attempt WHERE reason = 'birthday' AND outcome IN "
        "('voicemail', 'no_answer') AND at >= ? AND occasion_on >= ?",
        (yesterday, day),
    )
    assert retries[0][0]  # overdue retries: a voicemail left yesterday

    visits: dict[int, list[dt.date]] = defaultdict(list)
    for guest_id, visited in rows(
        engine,
        "SELECT vg.guest_id, v.visited_on FROM visit_guest vg JOIN visit v ON v.id = vg.visit_id",
    ):
        visits[int(str(guest_id))].append(dt.date.fromisoformat(str(visited)))
    lapsed = [guest for guest, days in visits.items() if lapse(days, today) is not None]
    assert len(lapsed) >= 5  # win-back calls on today's agenda
    late = rows(
        engine,
        "SELECT id FROM guest WHERE late_from <= ? AND late_from > date(?, '-14 days')",
        (day, day),
    )
    assert sorted(lapsed) == sorted(int(str(guest_id)) for (guest_id,) in late)
    engine.dispose()


def test_lapsed_regulars_also_include_older_lapses(db: Engine) -> None:
    day = TODAY.isoformat()
    assert share(db, f"SELECT count(*) FROM guest WHERE late_from < date('{day}', '-14 days')") > 10
