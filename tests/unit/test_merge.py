"""Merging two entries of one guest keeps every linked record: one test per kind."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import Session

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.errors import UserError
from guestbook.services.guests.consent import record_consent
from guestbook.services.guests.duplicates import not_the_same_person, open_possible_duplicates
from guestbook.services.guests.merge import MergePreview, merge_guests
from guestbook.services.guests.merge_plan import merge_preview
from guestbook.services.guests.search import search_guests
from guestbook.services.visits.referrals import record_referral
from guestbook.storage.sqlite.guests import first_free_id
from guestbook.storage.sqlite.raw import as_date
from tests.builders import add_guest, add_visit
from tests.database import execute, query

pytestmark = pytest.mark.both_backends

D = dt.date


def merge(services: Services, keep: int, drop: int) -> MergePreview:
    preview = merge_preview(services, keep, drop)
    done = merge_guests(services, keep, drop)
    assert done == preview  # the confirmation said exactly what happened
    return done


@pytest.fixture
def pair(services: Services) -> tuple[int, int]:
    keep = add_guest(services, "Hélène", "Dupont", phone="06 12 34 56 78", emails=("h@a.fr",))
    drop = add_guest(services, "Helene", "", phone="07 98 76 54 32", emails=("h@b.fr", "h@a.fr"))
    return keep, drop


def test_the_merged_entry_is_gone_and_search_finds_one_guest(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    merge(services, keep, drop)
    assert query(services, "SELECT id FROM guest") == [(keep,)]
    assert query(services, "SELECT count(*) FROM guest_token WHERE guest_id = ?", drop) == [(0,)]
    found = search_guests(services, "07 98")
    assert [row.guest_id for row in found.rows] == [keep]


def test_the_merged_entrys_number_is_never_handed_out_again(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    merge(services, keep, drop)
    # What an import or the demo writes with ids of its own starts after it, as the database's
    # own numbering does (SQLite's sqlite_sequence, PostgreSQL's sequence).
    assert services.read(lambda connection: first_free_id(connection, "guest")) == drop + 1
    assert add_guest(services, "Paul", "Ami") == drop + 1
    assert services.read(lambda connection: first_free_id(connection, "guest")) == drop + 2


def test_every_phone_and_email_is_kept_once(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    preview = merge(services, keep, drop)
    assert query(
        services, "SELECT e164, position FROM phone WHERE guest_id = ? ORDER BY 2", keep
    ) == [
        ("+33612345678", 0),
        ("+33798765432", 1),
    ]
    assert query(
        services, "SELECT address FROM email WHERE guest_id = ? ORDER BY position", keep
    ) == [
        ("h@a.fr",),
        ("h@b.fr",),
    ]
    assert ("phones", 1) in preview.moved and ("emails", 1) in preview.moved
    assert query(services, "SELECT primary_phone, primary_email FROM guest") == [
        ("+33612345678", "h@a.fr")
    ]


def test_visits_move_and_a_shared_table_counts_the_guest_once(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    friend = add_guest(services, "Paul", "Ami")
    add_visit(services, D(2026, 9, 1), keep, spend_cents=6_000)
    add_visit(services, D(2026, 10, 1), drop, spend_cents=4_000)
    add_visit(services, D(2026, 11, 1), keep, drop, friend, party_size=3, spend_cents=9_000)
    preview = merge(services, keep, drop)
    assert ("visits", 2) in preview.moved
    ((count, last, spend),) = query(
        services, "SELECT visit_count, last_visit_on, spend_cents FROM guest WHERE id = ?", keep
    )
    # The spend: both tables of their own, and a third of the table of 3.
    assert (count, as_date(last), spend) == (3, D(2026, 11, 1), 6_000 + 4_000 + 3_000)
    assert query(services, "SELECT spend_cents FROM guest WHERE id = ?", friend) == [(3_000,)]
    assert query(services, "SELECT count(*) FROM visit_guest") == [(4,)]  # 5 before


def test_calls_move(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    execute(
        services,
        "INSERT INTO call_attempt (guest_id, reason, occasion_on, at, outcome, note, staff) "
        "VALUES (?, 'birthday', '2026-03-12', '2026-03-05 10:00:00', 'voicemail', '', '')",
        drop,
    )
    assert ("calls", 1) in merge(services, keep, drop).moved
    assert query(services, "SELECT guest_id, outcome FROM call_attempt") == [(keep, "voicemail")]


def test_rewards_move(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    execute(
        services,
        "INSERT INTO reward (guest_id, kind, reason, valid_from, valid_to, created_at) "
        "VALUES (?, 'birthday', '', '2026-11-15', '2026-12-20', '2026-11-15 10:00:00')",
        drop,
    )
    assert ("rewards", 1) in merge(services, keep, drop).moved
    assert query(services, "SELECT guest_id FROM reward") == [(keep,)]


def test_referrals_on_both_sides_move(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    sponsor = add_guest(services, "Sam", "Sponsor")
    friend = add_guest(services, "Fred", "Friend")
    record_referral(services, sponsor_id=sponsor, referred_id=drop)
    record_referral(services, sponsor_id=drop, referred_id=friend)
    preview = merge(services, keep, drop)
    assert ("referrals", 2) in preview.moved
    assert sorted(query(services, "SELECT sponsor_id, referred_id FROM referral")) == sorted(
        [(sponsor, keep), (keep, friend)]
    )


def test_a_referral_between_the_two_is_removed(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    record_referral(services, sponsor_id=keep, referred_id=drop)
    preview = merge(services, keep, drop)
    assert any("nobody refers themselves" in line for line in preview.set_aside)
    assert query(services, "SELECT count(*) FROM referral") == [(0,)]


def test_one_sponsor_per_guest_after_a_merge(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    first, second = add_guest(services, "A", "Sponsor"), add_guest(services, "B", "Sponsor")
    record_referral(services, sponsor_id=first, referred_id=keep)
    record_referral(services, sponsor_id=second, referred_id=drop)
    preview = merge(services, keep, drop)
    assert any("one sponsor per guest" in line for line in preview.set_aside)
    assert query(services, "SELECT sponsor_id, referred_id FROM referral") == [(first, keep)]


def test_a_referral_that_would_close_a_circle_is_set_aside(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    middle = add_guest(services, "Mid", "Dle")
    record_referral(services, sponsor_id=middle, referred_id=keep)  # middle → keep
    record_referral(services, sponsor_id=drop, referred_id=middle)  # drop → middle
    preview = merge(services, keep, drop)
    assert any("circle" in line for line in preview.set_aside)
    assert query(services, "SELECT sponsor_id, referred_id FROM referral") == [(middle, keep)]


def test_consent_events_move_and_a_withdrawal_on_either_side_wins(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair  # add_guest granted "call" to both

    def withdraw_call_grant_email(session: Session) -> None:
        record_consent(session, drop, "call", False, now=services.clock.now(), source="phone")
        record_consent(session, drop, "email", True, now=services.clock.now())

    services.write(withdraw_call_grant_email)
    # keep grants the call again, later than drop's withdrawal: still, withdrawal wins.
    later = services.clock.now() + dt.timedelta(minutes=5)
    services.write(lambda session: record_consent(session, keep, "call", True, now=later))
    preview = merge(services, keep, drop)
    assert preview.withdrawn == ("call",)
    assert query(services, "SELECT consent_call, consent_email FROM guest") == [(0, 1)]
    events = query(services, "SELECT guest_id, channel, granted, source FROM consent_event")
    assert {row[0] for row in events} == {keep} and len(events) == 6
    assert events[-1] == (keep, "call", 0, "merge")


def test_allergies_move_without_repeats(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    execute(
        services,
        "INSERT INTO allergy (guest_id, allergen, note) VALUES (?, 'Peanuts', ''), "
        "(?, 'peanuts', 'severe'), (?, 'gluten', '')",
        keep,
        drop,
        drop,
    )
    assert ("allergies", 1) in merge(services, keep, drop).moved
    assert query(services, "SELECT guest_id, allergen FROM allergy ORDER BY id") == [
        (keep, "Peanuts"),
        (keep, "gluten"),
    ]


def test_import_records_move(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    execute(
        services,
        "INSERT INTO import_batch (id, file_name, file_sha256, at, staff, new_count, "
        "merged_count, rejected_count) VALUES (1, 'old.csv', 'x', '2026-01-01 10:00:00', '', 1, "
        "0, 0)",
    )
    execute(
        services,
        "INSERT INTO import_change (batch_id, guest_id, action, before_json) "
        "VALUES (1, ?, 'new', '')",
        drop,
    )
    assert ("import records", 1) in merge(services, keep, drop).moved
    assert query(services, "SELECT guest_id FROM import_change") == [(keep,)]


def test_possible_duplicates_are_resolved_or_moved(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    third = add_guest(services, "Paul", "Dupont")
    execute(
        services,
        "INSERT INTO possible_duplicate (guest_a_id, guest_b_id, reason, found_at) "
        "VALUES (?, ?, 'same phone', '2026-01-01 10:00:00')",
        drop,
        third,
    )
    # The two entries were flagged when the second was saved: they share an email.
    assert query(services, "SELECT guest_a_id, guest_b_id FROM possible_duplicate") == [
        (keep, drop),
        (drop, third),
    ]
    merge(services, keep, drop)
    assert query(services, "SELECT guest_a_id, guest_b_id FROM possible_duplicate") == [
        (keep, third)
    ]


def test_open_pairs_are_listed_newest_first_until_looked_at(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair  # flagged today, when the second was saved (a shared email)
    third = add_guest(services, "Paul", "Dupont")
    execute(
        services,
        "INSERT INTO possible_duplicate (guest_a_id, guest_b_id, reason, found_at) "
        "VALUES (?, ?, 'same phone +33100000000', '2026-01-01 10:00:00')",
        drop,
        third,
    )
    opened = open_possible_duplicates(services)
    assert opened.total == 2
    assert [(p.first_id, p.second_id, p.reason, p.found_on) for p in opened.pairs] == [
        (keep, drop, "same email h@a.fr", services.clock.today()),
        (drop, third, "same phone +33100000000", D(2026, 1, 1)),
    ]
    assert len(open_possible_duplicates(services, limit=1).pairs) == 1
    not_the_same_person(services, opened.pairs[0].pair_id)
    after = open_possible_duplicates(services)
    assert (after.total, [p.second_id for p in after.pairs]) == (1, [third])


def test_fields_fill_in_and_keep_wins(services: Services) -> None:
    keep = add_guest(services, "Anne", "", phone=False, birthday=Birthday(12, 3))
    drop = add_guest(services, "Anne", "Martin", birthday=Birthday(12, 3, 1970), partner_name="Luc")
    execute(services, "UPDATE guest SET notes = 'Terrace', postcode = '75011' WHERE id = ?", drop)
    preview = merge(services, keep, drop)
    assert set(preview.filled) >= {"last name", "postcode", "notes", "birth year", "partner"}
    assert query(
        services,
        "SELECT last_name, name_key, birth_year, postcode, notes, partner_name FROM guest",
    ) == [("Martin", "martin anne", 1970, "75011", "Terrace", "Luc")]


def test_guests_pointing_at_the_merged_entry_as_partner_now_point_at_the_kept_one(
    services: Services, pair: tuple[int, int]
) -> None:
    keep, drop = pair
    paul = add_guest(services, "Paul", "Dupont", partner_id=drop)
    merge(services, keep, drop)
    assert query(services, "SELECT partner_id FROM guest WHERE id = ?", paul) == [(keep,)]


def test_merging_a_guest_with_themselves_is_refused(services: Services) -> None:
    guest = add_guest(services)
    with pytest.raises(UserError):
        merge_preview(services, guest, guest)


def test_preview_lines_say_what_will_happen(services: Services, pair: tuple[int, int]) -> None:
    keep, drop = pair
    lines = merge_preview(services, keep, drop).lines()
    assert lines[0] == f"Helene (#{drop}) goes into Hélène Dupont (#{keep})."
    assert lines[1] == "Moved: 1 phone, 1 email, 1 consent event"
    assert lines[-1] == f"Then Helene (#{drop}) is deleted."


def test_feedback_and_messages_move(services: Services, pair: tuple[int, int]) -> None:
    """Both entries' feedback stays with the guest; a message written to both entries keeps
    one delivery (the kept entry's: a guest has one per message), one written to the merged
    entry only moves."""
    from guestbook.domain.audience import Audience
    from guestbook.services.feedback.record import record_feedback
    from guestbook.services.messages import MessageDraft, new_message
    from guestbook.services.messages.send import send_message

    keep, drop = pair
    record_feedback(services, drop, ces=2, comment="lent")
    record_feedback(services, keep, satisfaction=5)
    both = new_message(services, MessageDraft("incident", "A", "B", Audience(everyone=True)))
    send_message(services, both.message_id)
    execute(services, "UPDATE guest SET postcode = '69002' WHERE id = ?", drop)
    only_drop = new_message(
        services, MessageDraft("incident", "C", "D", Audience(postcodes=("69",)))
    )
    send_message(services, only_drop.message_id)

    merge(services, keep, drop)

    assert sorted(query(services, "SELECT guest_id, comment FROM feedback")) == [
        (keep, ""), (keep, "lent")]  # fmt: skip
    assert query(services, "SELECT message_id, guest_id FROM message_delivery ORDER BY 1") == [
        (both.message_id, keep), (only_drop.message_id, keep)]  # fmt: skip


def test_the_kept_guest_is_known_since_the_older_card(
    services: Services, pair: tuple[int, int]
) -> None:
    """Merging last year's card into one made today said "recorded today" (a user walk)."""
    keep, drop = pair  # keep is the newer card here: the older one is merged into it
    execute(services, "UPDATE guest SET created_at = ? WHERE id = ?", "2025-06-14 19:30:00", drop)
    execute(services, "UPDATE guest SET created_at = ? WHERE id = ?", "2026-11-22 12:00:00", keep)
    merge(services, keep, drop)
    (created,) = query(services, "SELECT created_at FROM guest WHERE id = ?", keep)[0]
    assert str(created).startswith("2025-06-14 19:30:00")
