"""Demo data: a believable French restaurant with two years of guests and their history.

One `random.Random(seed)` drives everything and every date is relative to `today`, so the same
seed, day and size give byte-identical tables, and every screen has something to show whatever
the day: birthday calls due, overdue retries, owed rewards, lapsed regulars, ambassadors.

Speed (100k guests in seconds): guests are generated in chunks, ids are assigned here so nothing
is read back, summary columns are computed while generating, and rows go in with raw
`executemany` in ONE transaction. From the second chunk on, a worker process generates the next
chunk while this process writes the previous one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import queue
import random
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import TYPE_CHECKING

from guestbook.services import demo_pools as words
from guestbook.services.demo_pools import Person, PersonMaker, draw_pools
from guestbook.settings import CHANNELS, Settings

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

DAY = 86_400  # a timestamp here is `date.toordinal() * DAY + seconds`, UTC
LOOKBACK_DAYS = 730  # two years of visits
BIRTHDAY_HISTORY_DAYS = 60  # past birthdays that have calls and rewards
IMPORT_AGE_DAYS = 760  # the old system's file was imported before the visits we generate
CHUNK_GUESTS = 20_000
MAX_CHUNKS = 40  # progress is reported once per chunk: a few dozen times at most
WORKER_MIN_GUESTS = 2 * CHUNK_GUESTS  # below this, a worker process costs more than it saves

COUPLE_START = 0.081  # ~15 % of guests are in a couple with another guest
PARTNER_NAME_SHARE = 0.23  # of the others: ~20 % of all guests know only a partner's name
IMPORTED_SHARE = 0.15
REFERRED_SHARE = 0.125  # of guests who came at checkout: ~10 % of all guests
AMBASSADOR_SHARE = 0.01
JOIN_SHARE = 0.10  # casual guests sharing a table with other known guests
PARTY_SIZES = (1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 4, 4, 4, 4, 5, 6, 6, 8)
LUNCH, DINNER, MORNING = (39_600, 6_300), (70_200, 10_800), (28_800, 10_800)  # (start, span) s

Row = tuple[object, ...]


class DemoError(ValueError):
    """The demo cannot be generated here; the message says why."""


@dataclass(frozen=True)
class DemoSummary:
    guests: int
    phones: int
    emails: int
    visits: int
    referrals: int
    call_attempts: int
    rewards: int
    consent_events: int


def generate_demo(
    engine: Engine,
    *,
    today: dt.date,
    settings: Settings,
    guests: int = 500,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an empty database with `guests` guests and their history, in one transaction.

    Raises DemoError if the database already holds guests. `progress(done, total)` is called
    once per chunk of guests written (at most ~40 times).
    """
    if guests < 0:
        raise DemoError(f"the number of guests cannot be negative, got {guests}")
    counts = dict.fromkeys(_COLUMNS, 0)
    with engine.begin() as connection:
        _refuse_if_not_empty(connection)
        plan = _Plan(today, settings, seed, guests, _next_ids(connection))
        chunks = _chunks_in_worker(plan) if guests >= WORKER_MIN_GUESTS else _chunks(plan)
        done = 0
        with contextlib.closing(chunks):
            for rows in chunks:
                _write(connection, rows)
                for table, batch in rows.tables.items():
                    counts[table] += len(batch)
                done += rows.guests
                if progress is not None:
                    progress(done, guests)
    return DemoSummary(
        guests=counts["guest"],
        phones=counts["phone"],
        emails=counts["email"],
        visits=counts["visit"],
        referrals=counts["referral"],
        call_attempts=counts["call_attempt"],
        rewards=counts["reward"],
        consent_events=counts["consent_event"],
    )


# --- Writing -------------------------------------------------------------------------------

# Column order of the tuples built below. tests/unit/test_demo.py checks these against the
# models, so a new column fails a test instead of silently taking its default.
_COLUMNS: dict[str, tuple[str, ...]] = {
    "guest": (
        "id",
        "first_name",
        "last_name",
        "name_key",
        "birth_day",
        "birth_month",
        "birth_year",
        "partner_id",
        "partner_name",
        "address",
        "postcode",
        "notes",
        "preferences",
        "created_at",
        "updated_at",
        "erased_at",
        "primary_phone",
        "primary_email",
        "last_visit_on",
        "visit_count",
        "visit_interval_days",
        "spend_cents",
        "consent_call",
        "consent_sms",
        "consent_email",
        "consent_post",
    ),  # fmt: skip
    "guest_token": ("token", "guest_id"),
    "phone": ("id", "guest_id", "e164", "digits_reversed", "position", "wrong_since"),
    "email": ("id", "guest_id", "address", "position"),
    "allergy": ("id", "guest_id", "allergen", "note"),
    "consent_event": ("id", "guest_id", "channel", "granted", "at", "staff", "source", "wording"),
    "visit": ("id", "visited_on", "party_size", "spend_cents", "occasion", "note", "created_at"),
    "visit_guest": ("id", "visit_id", "guest_id"),
    "referral": (
        "id",
        "sponsor_id",
        "referred_id",
        "recorded_at",
        "first_visit_on",
        "rewarded_at",
    ),  # fmt: skip
    "call_attempt": (
        "id",
        "guest_id",
        "reason",
        "occasion_on",
        "referral_id",
        "at",
        "outcome",
        "booked_for",
        "note",
        "staff",
        "phone_e164",
    ),  # fmt: skip
    "reward": (
        "id",
        "guest_id",
        "kind",
        "reason",
        "valid_from",
        "valid_to",
        "issued_by_attempt_id",
        "issued_by_referral_id",
        "redeemed_visit_id",
        "redeemed_at",
        "created_at",
    ),  # fmt: skip
}
# Tables with an integer id we assign; guest_token has a composite key.
_ID_TABLES = tuple(name for name, columns in _COLUMNS.items() if columns[0] == "id")
_INSERTS = {
    table: f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    for table, columns in _COLUMNS.items()
}


@dataclass(frozen=True)
class _ChunkRows:
    """One chunk, ready for executemany; picklable, so a worker process can build it."""

    guests: int
    tables: dict[str, list[Row]]
    # A couple's first partner is inserted before the second exists: the foreign key is
    # immediate, so that partner_id is set by an UPDATE once both rows are in.
    partner_links: list[tuple[int, int]]


def _refuse_if_not_empty(connection: Connection) -> None:
    if connection.exec_driver_sql("SELECT 1 FROM guest LIMIT 1").first() is not None:
        raise DemoError("the database already holds guests; the demo only fills an empty database")


def _next_ids(connection: Connection) -> dict[str, int]:
    """Start after any rows left by erased or deleted data, so ids never collide."""
    ids = {}
    for table in _ID_TABLES:
        top = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()
        ids[table] = int(top or 0) + 1
    return ids


def _write(connection: Connection, rows: _ChunkRows) -> None:
    # Raw DBAPI executemany: Core's insert() costs ~3× more per row at this volume. The text
    # formats (dates 'YYYY-MM-DD', timestamps 'YYYY-MM-DD HH:MM:SS.ffffff', booleans 0/1)
    # are SQLAlchemy's own for SQLite; a test reads the rows back through the ORM.
    for table, batch in rows.tables.items():
        if batch:
            connection.exec_driver_sql(_INSERTS[table], batch)
    if rows.partner_links:
        connection.exec_driver_sql(
            "UPDATE guest SET partner_id = ? WHERE id = ?", rows.partner_links
        )


# --- Producing chunks, here or in a worker process ------------------------------------------


@dataclass(frozen=True)
class _Plan:
    today: dt.date
    settings: Settings
    seed: int
    guests: int
    next_ids: dict[str, int]


def _chunk_sizes(guests: int) -> list[int]:
    size = max(CHUNK_GUESTS, math.ceil(guests / MAX_CHUNKS))
    return [min(size, guests - start) for start in range(0, guests, size)]


def _chunks(plan: _Plan) -> Iterator[_ChunkRows]:
    history = _History(plan)
    for index, size in enumerate(_chunk_sizes(plan.guests)):
        # 29 February is rare (0.1 %): make sure a demo of a useful size shows one.
        yield history.chunk(size, force_feb29=index == 0 and plan.guests >= 200)


@dataclass(frozen=True)
class _WorkerFailed:
    message: str


def _worker_main(out: queue.Queue[_ChunkRows | _WorkerFailed | None], plan: _Plan) -> None:
    try:
        for rows in _chunks(plan):
            out.put(rows)
    except BaseException as error:  # reported to the parent, which raises it
        out.put(_WorkerFailed(f"{type(error).__name__}: {error}"))
    out.put(None)


def _chunks_in_worker(plan: _Plan) -> Iterator[_ChunkRows]:
    """The same chunks as `_chunks`, generated in a child process while this one writes."""
    import multiprocessing

    # spawn, not fork: the caller may run threads (the TUI does), and fork would copy locks.
    context = multiprocessing.get_context("spawn")
    out: queue.Queue[_ChunkRows | _WorkerFailed | None] = context.Queue(maxsize=2)
    worker = context.Process(
        target=_worker_main, args=(out, plan), name="guestbook-demo", daemon=True
    )
    worker.start()
    try:
        while True:
            try:
                item = out.get(timeout=1.0)
            except queue.Empty:
                if not worker.is_alive():
                    raise RuntimeError("the demo worker process stopped unexpectedly") from None
                continue
            if item is None:
                return
            if isinstance(item, _WorkerFailed):
                raise RuntimeError(f"demo generation failed: {item.message}")
            yield item
    finally:
        if worker.is_alive():
            worker.terminate()
        worker.join()


# --- Generating ------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class _Table:
    """A visit: a table at a date, with the known guests in the order they were seated."""

    day: int
    stamp: int
    party: int
    members: list[_Guest]
    occasion: str = ""
    note: str = ""
    id: int = 0


@dataclass(slots=True, eq=False)
class _Guest:
    person: Person
    imported: bool
    partner: _Guest | None = None
    partner_name: str = ""
    consent: list[bool | None] = field(default_factory=list)  # as first given, per channel
    withdrawn: list[bool] = field(default_factory=list)  # later withdrawn, per channel
    tables: dict[int, _Table] = field(default_factory=dict)  # by day
    first_day: int = 0  # 0 until the first visit is known
    # (last visit, first late day, lapse still on the agenda) for lapsed regulars
    lapse: tuple[int, int, bool] | None = None
    wrong_phone_at: int | None = None
    created: int = 0
    id: int = 0

    @property
    def may_call(self) -> bool:
        """Has a phone and, finally, consent to be called: the agenda's condition."""
        return bool(self.person.phones) and self.consent[0] is True and not self.withdrawn[0]


@dataclass(slots=True, eq=False)
class _Referral:
    sponsor: _Guest
    referred: _Guest
    stamp: int
    first_day: int
    id: int = 0


@dataclass(slots=True, eq=False)
class _Attempt:
    guest: _Guest
    reason: str
    occasion_day: int
    stamp: int
    outcome: str
    note: str
    referral: _Referral | None = None
    booked_for: int | None = None
    id: int = 0


@dataclass(slots=True, eq=False)
class _Reward:
    guest: _Guest
    kind: str
    reason: str
    valid_from: int
    valid_to: int
    created: int
    attempt: _Attempt | None = None
    referral: _Referral | None = None
    visit: _Table | None = None
    id: int = 0


class _Texts:
    """SQLAlchemy's SQLite text for dates and timestamps, cached: only ~800 days ever occur."""

    def __init__(self) -> None:
        self._days: dict[int, str] = {}
        self._times: dict[int, str] = {}

    def day(self, ordinal: int) -> str:
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def stamp(self, stamp: int) -> str:
        ordinal, seconds = divmod(stamp, DAY)
        text = self._times.get(seconds)
        if text is None:
            hours, rest = divmod(seconds, 3600)
            text = self._times[seconds] = f" {hours:02d}:{rest // 60:02d}:{rest % 60:02d}.000000"
        return self.day(ordinal) + text

    def maybe_day(self, ordinal: int | None) -> str | None:
        return None if ordinal is None else self.day(ordinal)

    def maybe_stamp(self, stamp: int | None) -> str | None:
        return None if stamp is None else self.stamp(stamp)


def _median(values: list[int]) -> int:
    """Median in whole days; for an even count, the mean of the middle two, rounded down."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) // 2


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day if that day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last in (31, 30, 29, 28):
        with contextlib.suppress(ValueError):
            return dt.date(year, month, min(day.day, last))
    raise AssertionError("unreachable")


class _History:
    """Generates chunk after chunk; keeps what must stay unique or numbered across chunks."""

    def __init__(self, plan: _Plan) -> None:
        self.rng = random.Random(plan.seed)
        self.rand = self.rng.random
        self.settings = plan.settings
        self.today = plan.today.toordinal()
        self.people = PersonMaker(self.rng, draw_pools(plan.seed), plan.today)
        self.next_ids = dict(plan.next_ids)
        self.texts = _Texts()
        self.import_stamp = (self.today - IMPORT_AGE_DAYS) * DAY + 9 * 3600 + 17 * 60
        self.wordings = [plan.settings.consent_wordings.get(c, "") for c in CHANNELS]
        self.valentines = {
            dt.date(year, 2, 14).toordinal()
            for year in range(plan.today.year - 3, plan.today.year + 1)
        }

    def chunk(self, size: int, *, force_feb29: bool) -> _ChunkRows:
        return _Chunk(self, size).build(force_feb29=force_feb29)
