"""Demo data: a chunk's story (demo.story) to table rows, in COLUMNS order, with
the guests' summary columns (visit count, interval, spend, primary phone…) computed as the
services compute them."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from operator import attrgetter, itemgetter

from guestbook.demo import words
from guestbook.demo.records import DAY, Guest
from guestbook.demo.story import Chunk
from guestbook.domain.calls import median_gap, regular_by_day_numbers
from guestbook.domain.contact import reversed_digits
from guestbook.services.summaries.guest_row import mobile_flag
from guestbook.services.summaries.visits import seat_share
from guestbook.settings import CHANNELS

Row = tuple[object, ...]

# Column order of the tuples built here. tests/unit/test_demo.py checks these against the
# models, so a new column fails a test instead of silently taking its default.
COLUMNS: dict[str, tuple[str, ...]] = {
    table: tuple(columns.split())
    for table, columns in {
        "guest": """id first_name last_name name_key birth_day birth_month birth_year
            partner_id partner_name address postcode notes preferences created_at updated_at
            erased_at primary_phone primary_email primary_mobile last_visit_on visit_count visit_interval_days
            late_from spend_cents spend_visits home_site consent_call consent_sms consent_email consent_post""",
        "guest_token": "token guest_id",
        "phone": "id guest_id e164 digits_reversed position wrong_since",
        "email": "id guest_id address position",
        "allergy": "id guest_id allergen note",
        "consent_event": "id guest_id channel granted at staff source wording",
        "visit": "id visited_on party_size spend_cents occasion note created_at site",
        "visit_guest": "id visit_id guest_id",
        "referral": "id sponsor_id referred_id recorded_at first_visit_on rewarded_at",
        "call_attempt": """id guest_id reason occasion_on referral_id at outcome booked_for
            note staff phone_e164 feedback_id delivery_id site""",
        "reward": """id guest_id kind reason valid_from valid_to issued_by_attempt_id
            issued_by_referral_id redeemed_visit_id redeemed_at created_at""",
    }.items()
}


@dataclass(frozen=True)
class ChunkRows:
    """One chunk, ready for executemany; picklable, so a worker process can build it."""

    guests: int
    tables: dict[str, list[Row]]
    # A couple's first partner is inserted before the second exists: where foreign keys are
    # checked (not SQLite here, see storage.sqlite.bulk), that partner_id must wait for an
    # UPDATE once both rows are in.
    partner_links: list[tuple[int, int]]


class RowWriter:
    """A numbered chunk to rows; the guests' summary columns are computed on the way."""

    def __init__(self, chunk: Chunk) -> None:
        self.chunk = chunk
        self.h = chunk.h
        self.texts = chunk.h.texts
        self.rand = chunk.rand

    def rows(self) -> ChunkRows:
        visits, seats = self._visits()
        self._redeem_sponsor_rewards()
        consent_events = self._consent_events()
        guests, partner_links = self._guests()
        tables: dict[str, list[Row]] = {
            "guest": guests,
            "guest_token": [
                (token, guest.id) for guest in self.chunk.guests for token in guest.person.tokens
            ],
            "phone": self._phones(),
            "email": self._emails(),
            "allergy": self._allergies(),
            "consent_event": consent_events,
            "visit": visits,
            "visit_guest": seats,
            "referral": self._referrals(),
            "call_attempt": self._attempts(),
            "reward": self._rewards(),
        }
        return ChunkRows(len(self.chunk.guests), tables, partner_links)

    def _take_ids(self, table: str, count: int) -> int:
        first = self.h.next_ids[table]
        self.h.next_ids[table] = first + count
        return first

    def _visits(self) -> tuple[list[Row], list[Row]]:
        """Visit and visit_guest rows; each guest's share of the table's spend by the rule of
        services.summaries.visits (seat_share), the one writer the demo's rows are held to."""
        rand, days, times, first_day = (
            self.rand,
            self.texts.days,
            self.texts.times,
            self.texts.first_day,
        )
        visits: list[Row] = []
        seats: list[Row] = []
        seat_id = self._take_ids("visit_guest", sum(len(t.members) for t in self.chunk.tables))
        for table in self.chunk.tables:  # the hot loop: texts looked up inline
            spend = (3500 + 10 * int(rand() * 351)) * table.party  # 35-70 € a head
            stamp = table.stamp
            visit_id = table.id
            visits.append(
                (visit_id, days[table.day - first_day], table.party, spend, table.occasion,
                 table.note, days[stamp // DAY - first_day] + times[stamp % DAY], table.site)
            )  # fmt: skip
            members = table.members
            by_id = sorted(member.id for member in members)
            for member in members:
                member.spend += seat_share(spend, table.party, by_id.index(member.id)) or 0
                seats.append((seat_id, visit_id, member.id))
                seat_id += 1
        return visits, seats

    def _redeem_sponsor_rewards(self) -> None:
        """The sponsor's aperitif is redeemed at their next visit while it is valid."""
        today = self.chunk.today
        redeemed: dict[int, set[int]] = {}  # sponsor id -> days a reward was redeemed
        for reward in self.chunk.rewards:
            if reward.kind != "sponsor":
                continue
            sponsor = reward.guest
            taken = redeemed.setdefault(sponsor.id, set())
            for day in sorted(sponsor.tables):
                if reward.valid_from < day <= reward.valid_to and day < today and day not in taken:
                    reward.visit = sponsor.tables[day]
                    taken.add(day)
                    break

    def _consent_events(self) -> list[Row]:
        chunk, history = self.chunk, self.h
        owner, import_source = history.words.owner, history.words.import_source
        # Booleans as 0/1, as SQLAlchemy stores them: sqlite3 binds exact ints directly but
        # sends bools through its adapter lookup, ~20 % slower on these 2.4 rows a guest.
        events: list[tuple[int, int, str, int, str, str, str]] = []
        for guest in chunk.guests:
            if guest.imported:
                at, staff, source = history.import_stamp, owner, import_source
            else:  # asked at the checkout of the first visit
                at, staff, source = guest.created + 40, chunk.pick(words.CHECKOUT_STAFF), "checkout"
            updated = guest.created
            for channel, wording, granted, final in zip(
                CHANNELS, history.wordings, guest.consent, guest.final_consent, strict=True
            ):
                if granted is None:
                    continue
                events.append((at, guest.id, channel, granted, staff, source, wording))
                updated = max(updated, at)
                if granted != final:  # withdrawn later
                    when, staff_later, source_later = self._withdrawal(guest, at)
                    events.append((when, guest.id, channel, 0, staff_later, source_later, wording))
                    updated = max(updated, when)
            guest.updated = updated
        events.sort(key=itemgetter(0))
        first = self._take_ids("consent_event", len(events))
        days, times, first_day = self.texts.days, self.texts.times, self.texts.first_day
        return [  # texts looked up inline: 2.4 events a guest
            (first + n, guest_id, channel, granted,
             days[at // DAY - first_day] + times[at % DAY], staff, source, wording)
            for n, (at, guest_id, channel, granted, staff, source, wording) in enumerate(events)
        ]  # fmt: skip

    def _withdrawal(self, guest: Guest, since: int) -> tuple[int, str, str]:
        """When and how a consent was withdrawn: at a later checkout, or on the phone."""
        rand, chunk = self.rand, self.chunk
        later = [table.stamp for table in guest.tables.values() if table.stamp > since]
        if later and rand() < 0.6:
            return (
                later[int(rand() * len(later))] + 60,
                chunk.pick(words.CHECKOUT_STAFF),
                "checkout",
            )
        first_day = since // DAY + 1
        if first_day >= chunk.today:
            return since + 600, chunk.pick(words.CHECKOUT_STAFF), "checkout"
        day = first_day + int(rand() * (chunk.today - first_day))
        return day * DAY + 36_000 + int(rand() * 28_800), chunk.pick(words.CHECKOUT_STAFF), "phone"

    def _guests(self) -> tuple[list[Row], list[tuple[int, int]]]:
        stamp, day = self.texts.stamp, self.texts.day
        rows: list[Row] = []
        partner_links: list[tuple[int, int]] = []
        for guest in self.chunk.guests:
            person, partner = guest.person, guest.partner
            partner_id = None
            if partner is not None:
                if partner.id < guest.id:
                    partner_id = partner.id
                else:
                    partner_links.append((partner.id, guest.id))
            days = sorted(guest.tables)
            last_visit = interval = late_from = None
            if days:
                last = days[-1]
                last_visit = day(last)
                guest.updated = max(guest.updated, guest.tables[last].stamp)
                if len(days) >= 2:
                    # Every visit is within two years of `last`, as usual_interval counts.
                    interval = median_gap([b - a for a, b in itertools.pairwise(days)])
                if interval and regular_by_day_numbers(days, last):
                    late_from = day(last + self.h.late_after(interval))
            rows.append(
                (guest.id, person.first_name, person.last_name, person.name_key,
                 person.birth_day, person.birth_month, person.birth_year, partner_id,
                 guest.partner_name, person.address, person.postcode, person.notes,
                 person.preferences, stamp(guest.created), stamp(guest.updated), None,
                 person.phones[0] if person.phones else None,
                 person.emails[0] if person.emails else None,
                 mobile_flag(person.phones[0] if person.phones else None),
                 last_visit, len(days), interval, late_from, guest.spend, len(days),
                 guest.home_site,
                 *guest.final_consent)
            )  # fmt: skip
        return rows, partner_links

    def _phones(self) -> list[Row]:
        guests = self.chunk.guests
        phone_id = self._take_ids("phone", sum(len(guest.person.phones) for guest in guests))
        rows: list[Row] = []
        for guest in guests:
            phones = guest.person.phones
            if not phones:
                continue
            wrong_since = self.texts.maybe_stamp(guest.wrong_phone_at)  # the primary's
            for position, e164 in enumerate(phones):
                rows.append(
                    (phone_id, guest.id, e164, reversed_digits(e164), position, wrong_since)
                )
                phone_id += 1
                wrong_since = None
        return rows

    def _emails(self) -> list[Row]:
        guests = self.chunk.guests
        first = self._take_ids("email", sum(len(guest.person.emails) for guest in guests))
        rows: list[Row] = []
        for guest in guests:
            for position, address in enumerate(guest.person.emails):
                rows.append((first + len(rows), guest.id, address, position))
        return rows

    def _allergies(self) -> list[Row]:
        guests = self.chunk.guests
        first = self._take_ids("allergy", sum(len(guest.person.allergies) for guest in guests))
        rows: list[Row] = []
        for guest in guests:
            for allergen, note in guest.person.allergies:
                rows.append((first + len(rows), guest.id, allergen, note))
        return rows

    def _referrals(self) -> list[Row]:
        stamp, day = self.texts.stamp, self.texts.day
        return [
            (referral.id, referral.sponsor.id, referral.referred.id, stamp(referral.stamp),
             day(referral.first_day), stamp(referral.stamp))
            for referral in self.chunk.referrals
        ]  # fmt: skip

    def _attempts(self) -> list[Row]:
        texts = self.texts
        # A call is made from the guest's home site; one who never came is called by the first.
        first_site = self.h.sites[0] if self.h.sites else ""
        return [
            (attempt.id, attempt.guest.id, attempt.reason, texts.day(attempt.occasion_day),
             attempt.referral.id if attempt.referral is not None else None,
             texts.stamp(attempt.stamp), attempt.outcome, texts.maybe_day(attempt.booked_for),
             attempt.note, words.CHEF, attempt.guest.person.phones[0], None, None,
             attempt.guest.home_site or first_site)
            for attempt in self.chunk.attempts
        ]  # fmt: skip

    def _rewards(self) -> list[Row]:
        texts = self.texts
        rewards = sorted(self.chunk.rewards, key=attrgetter("created"))
        first = self._take_ids("reward", len(rewards))
        rows: list[Row] = []
        for n, reward in enumerate(rewards):
            visit = reward.visit
            rows.append(
                (first + n, reward.guest.id, reward.kind, reward.reason,
                 texts.day(reward.valid_from), texts.day(reward.valid_to),
                 reward.attempt.id if reward.attempt is not None else None,
                 reward.referral.id if reward.referral is not None else None,
                 visit.id if visit is not None else None,
                 texts.stamp(visit.stamp) if visit is not None else None,
                 texts.stamp(reward.created))
            )  # fmt: skip
        return rows
