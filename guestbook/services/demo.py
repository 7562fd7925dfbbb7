"""Demo data: a believable French restaurant with two years of guests and their history.

One `random.Random(seed)` drives everything and every date is relative to `today`, so the same
seed, day and size give byte-identical tables, and every screen has something to show whatever
the day: birthday calls due, overdue retries, owed rewards, lapsed regulars, ambassadors.
Summary columns follow the services' own rules (services.visits, domain.calls), and the tests
recompute them with those rules.

Speed (2 cores: 100k guests in ~7 s, 1M in ~71 s, benchmarks/bench_demo.py): guests are
generated in chunks with ids assigned here, so nothing is read back; rows go in through raw
`executemany` in ONE transaction, the indexes on scattered keys are built at the end; from
40k guests a worker process generates chunk k+1 while this process writes chunk k."""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import gc
import itertools
import marshal
import math
import os
import pickle
import queue
import random
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter
from typing import IO, TYPE_CHECKING, Any, Protocol

from guestbook.domain.calls import late_after_days
from guestbook.domain.contact import reversed_digits
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
MAX_CHUNKS = 40  # progress is reported once per chunk: a few dozen times at most (41)
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

    Raises DemoError if the database already holds guests (or has no tables). `progress(done,
    total)` is called once per chunk of guests written, at most 41 times, the last time
    (total, total) once everything is committed; an exception raised there cancels the whole
    demo. Meant for the CLI: the cyclic GC of the whole process is paused while rows are
    written, and from 40,000 guests a worker process (this interpreter) generates them.
    """
    if guests < 0:
        raise DemoError(f"the number of guests cannot be negative, got {guests}")
    report = progress or (lambda _done, _total: None)
    counts = dict.fromkeys(_COLUMNS, 0)
    with engine.connect() as connection, _unchecked(connection), connection.begin():
        _begin_now(connection)
        _refuse_if_not_empty(connection)
        plan = _Plan(today, settings, seed, guests, _next_ids(connection), _chunk_sizes(guests))
        # A worker needs an interpreter to start (sys.executable is empty when embedded).
        use_worker = guests >= WORKER_MIN_GUESTS and bool(sys.executable)
        chunks = _chunks_in_worker(plan) if use_worker else _chunks(plan)
        indexes = _drop_indexes(connection)
        done = 0
        # closing() stops the worker process on any error; rows hold no cycles, so the GC
        # would only rescan millions of fresh tuples for nothing.
        with contextlib.closing(chunks), _gc_paused():
            for rows in chunks:
                _write(connection, rows)
                for table, batch in rows.tables.items():
                    counts[table] += len(batch)
                done += rows.guests
                if done < guests:
                    report(done, guests)
        _create_indexes(connection, indexes)
        _record_late_from_rule(connection, settings)
    report(guests, guests)
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
    table: tuple(columns.split())
    for table, columns in {
        "guest": """id first_name last_name name_key birth_day birth_month birth_year
            partner_id partner_name address postcode notes preferences created_at updated_at
            erased_at primary_phone primary_email last_visit_on visit_count visit_interval_days
            late_from spend_cents consent_call consent_sms consent_email consent_post""",
        "guest_token": "token guest_id",
        "phone": "id guest_id e164 digits_reversed position wrong_since",
        "email": "id guest_id address position",
        "allergy": "id guest_id allergen note",
        "consent_event": "id guest_id channel granted at staff source wording",
        "visit": "id visited_on party_size spend_cents occasion note created_at",
        "visit_guest": "id visit_id guest_id",
        "referral": "id sponsor_id referred_id recorded_at first_visit_on rewarded_at",
        "call_attempt": """id guest_id reason occasion_on referral_id at outcome booked_for
            note staff phone_e164""",
        "reward": """id guest_id kind reason valid_from valid_to issued_by_attempt_id
            issued_by_referral_id redeemed_visit_id redeemed_at created_at""",
    }.items()
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
    # A couple's first partner is inserted before the second exists: where foreign keys are
    # checked (not SQLite here, see _unchecked), that partner_id must wait for an
    # UPDATE once both rows are in.
    partner_links: list[tuple[int, int]]


def _begin_now(connection: Connection) -> None:
    """pysqlite opens its transaction only at the first INSERT: the DROP INDEX before it would
    commit on its own and outlive a cancel. IMMEDIATE also takes the write lock before the
    database is found empty, so no other writer can slip a guest in between."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _refuse_if_not_empty(connection: Connection) -> None:
    from sqlalchemy import inspect

    if not inspect(connection).has_table("guest"):
        raise DemoError("the database has no guestbook tables yet; create or upgrade it first")
    if connection.exec_driver_sql("SELECT 1 FROM guest LIMIT 1").first() is not None:
        raise DemoError("the database already holds guests; the demo only fills an empty database")


def _next_ids(connection: Connection) -> dict[str, int]:
    """Start after any rows left by erased or deleted data, so ids never collide."""
    ids = {}
    for table in _ID_TABLES:
        top = connection.exec_driver_sql(f"SELECT coalesce(max(id), 0) FROM {table}").scalar()
        ids[table] = int(top or 0) + 1
    return ids


@contextlib.contextmanager
def _unchecked(connection: Connection) -> Generator[None]:
    """Skip SQLite's per-row checks of rows that are right by construction: ~13 million
    foreign key lookups at 1M guests, and CHECK constraints, whose `IN ('call', 'sms', …)`
    lists halve the speed of consent_event and call_attempt inserts. The tests run
    foreign_key_check and integrity_check (which checks CHECK constraints) on the result.

    foreign_keys is ignored inside a transaction: both are set before BEGIN and restored
    after COMMIT or ROLLBACK, on this pooled connection. Changing them expires the prepared
    statements, so nothing compiled without the checks is reused afterwards.
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    connection.exec_driver_sql("PRAGMA ignore_check_constraints=ON")
    connection.commit()
    try:
        yield
    finally:
        connection.exec_driver_sql("PRAGMA ignore_check_constraints=OFF")
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
        connection.commit()


# Indexes with one of these columns in their key are built after the rows are in. Their keys
# are scattered (every name, number and address differs), so inserting row after row would
# write all over a B-tree larger than the page cache; one sorted build is ~3× faster. Other
# indexes stay: led by a growing id, or by a value with few distinct keys (a date, a month,
# a postcode) followed by the growing rowid, their inserts land on a few hot pages.
_DEFERRED_INDEX_COLUMNS = frozenset({"name_key", "e164", "digits_reversed", "address"})


def _drop_indexes(connection: Connection) -> list[str]:
    """Drop the indexes to build at the end; returns the statements that create them again,
    run in the same transaction, so the schema does not change (a test compares
    sqlite_master)."""
    if connection.dialect.name != "sqlite":
        return []
    tables = ", ".join(f"'{table}'" for table in _COLUMNS)
    indexes = connection.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        f" AND tbl_name IN ({tables}) ORDER BY rowid"
    ).all()
    statements = []
    for name, sql in indexes:
        columns = {row[2] for row in connection.exec_driver_sql(f'PRAGMA index_info("{name}")')}
        if columns & _DEFERRED_INDEX_COLUMNS:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
            statements.append(str(sql))
    return statements


def _create_indexes(connection: Connection, statements: list[str]) -> None:
    for sql in statements:
        connection.exec_driver_sql(sql)


def _record_late_from_rule(connection: Connection, settings: Settings) -> None:
    """late_from was computed with these lapse settings: the app need not rebuild it."""
    from guestbook.services.lapses import late_from_rule

    connection.exec_driver_sql(
        "INSERT OR REPLACE INTO app_meta (key, value) VALUES ('late_from_rule', ?)",
        (late_from_rule(settings),),
    )


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
    # Decided by the caller: the data depends on where chunks start (couples and referrals
    # stay within one), so a worker process must not recompute it from its own constants.
    chunk_sizes: tuple[int, ...]


def _chunk_sizes(guests: int) -> tuple[int, ...]:
    """Chunks of CHUNK_GUESTS, larger when that would mean over MAX_CHUNKS progress steps.
    With several chunks the first is a quarter size, so writing starts sooner while the
    worker process generates the next one."""
    size = max(CHUNK_GUESTS, math.ceil(guests / MAX_CHUNKS))
    if guests <= size:
        return (guests,) if guests else ()
    first = size // 4
    rest = guests - first
    return (first, *(min(size, rest - start) for start in range(0, rest, size)))


def _chunks(plan: _Plan) -> Generator[_ChunkRows]:
    history = _History(plan)
    for index, size in enumerate(plan.chunk_sizes):
        with _gc_paused():
            # 29 February is rare (0.1 %): make sure a demo of a useful size shows one.
            rows = history.chunk(size, force_feb29=index == 0 and plan.guests >= 200)
        yield rows


@contextlib.contextmanager
def _gc_paused() -> Generator[None]:
    """A chunk allocates millions of objects that all live until it is done: the cyclic GC
    would rescan them again and again for nothing (it doubles the generation time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# The worker is a plain `python -c` child, not multiprocessing: no re-import of the caller's
# __main__ (spawn) and no fork of a threaded caller (the TUI). It reads a pickled _Plan on
# stdin and writes framed messages on stdout: ("rows", guests, tables, partner_links) per
# chunk, then ("done",) or ("failed", why). marshal, not pickle: twice as fast both ways on
# these plain tuples, and this process's unmarshalling is on the critical path.
_WORKER_CODE = "from guestbook.services.demo import _serve_chunks; _serve_chunks()"
_FRAME_HEADER = 8  # bytes of payload length, little-endian


def _serve_chunks() -> None:
    """The worker process's main function."""
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything printed by accident goes to stderr, not into the stream
    plan = pickle.load(sys.stdin.buffer)
    gc.disable()  # nothing here needs the cyclic GC: chunks break their own cycles
    # A sender thread writes chunk k while chunk k+1 is generated: the pipe holds 64 KiB, a
    # chunk ~15 MB, and the parent reads it only once it has written the previous one.
    outbox: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    sender = threading.Thread(target=_send, args=(outbox, out), daemon=True)
    sender.start()
    try:
        for rows in _chunks(plan):
            _post(outbox, sender, ("rows", rows.guests, rows.tables, rows.partner_links))
        _post(outbox, sender, ("done",))
    except BaseException as error:  # reported to the parent, which raises it
        _post(outbox, sender, ("failed", f"{type(error).__name__}: {error}"))
    finally:
        outbox.put(None)
        sender.join()


def _post(
    outbox: queue.Queue[bytes | None], sender: threading.Thread, message: tuple[Any, ...]
) -> None:
    payload = marshal.dumps(message)
    while True:
        try:
            outbox.put(payload, timeout=1.0)
            return
        except queue.Full:
            if not sender.is_alive():  # the parent stopped reading: nobody wants the rest
                raise SystemExit(1) from None


def _send(outbox: queue.Queue[bytes | None], out: IO[bytes]) -> None:
    with out:
        while (payload := outbox.get()) is not None:
            out.write(len(payload).to_bytes(_FRAME_HEADER, "little"))
            out.write(payload)
            out.flush()


def _receive(stream: IO[bytes]) -> Any:  # marshal gives plain tuples back
    header = stream.read(_FRAME_HEADER)
    size = int.from_bytes(header, "little")
    payload = stream.read(size) if len(header) == _FRAME_HEADER else b""
    if len(payload) < size or len(header) < _FRAME_HEADER:
        raise RuntimeError("the demo worker process stopped unexpectedly")
    return marshal.loads(payload)


def _chunks_in_worker(plan: _Plan) -> Generator[_ChunkRows]:
    """The same chunks as `_chunks`, generated in a child process while this one writes."""
    # The child imports guestbook exactly as we did, whether installed or from a checkout.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
    worker = subprocess.Popen(
        [sys.executable, "-c", _WORKER_CODE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
    )
    assert worker.stdin is not None and worker.stdout is not None
    try:
        pickle.dump(plan, worker.stdin)
        worker.stdin.close()
        while True:
            message = _receive(worker.stdout)
            if message[0] == "done":
                return
            if message[0] == "failed":
                raise RuntimeError(f"demo generation failed: {message[1]}")
            yield _ChunkRows(*message[1:])
    finally:
        if worker.poll() is None:  # we stopped early (an error, a cancel): stop it too
            worker.kill()
        worker.wait()
        worker.stdout.close()


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
    # Per channel (CHANNELS order), as 1/0/None: as first given, and as it ends up once the
    # few withdrawals are made (withdrawn: given, then 0).
    consent: tuple[int | None, ...] = ()
    final_consent: tuple[int | None, ...] = ()
    tables: dict[int, _Table] = field(default_factory=dict)  # by day
    first_day: int = 0  # 0 until the first visit is known
    # (last visit, first late day, lapse still on the agenda) for lapsed regulars
    lapse: tuple[int, int, bool] | None = None
    wrong_phone_at: int | None = None
    spend: int = 0  # this guest's share of the tables they sat at
    created: int = 0
    updated: int = 0
    id: int = 0

    @property
    def may_call(self) -> bool:
        """Has a phone and, finally, consent to be called: the agenda's condition."""
        return self.final_consent[0] == 1 and bool(self.person.phones)


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


class _Numbered(Protocol):
    id: int


def _number(items: Sequence[_Numbered], first: int) -> int:
    """Give `items` consecutive ids from `first`; returns the next free id."""
    for offset, item in enumerate(items):
        item.id = first + offset
    return first + len(items)


@functools.cache
def _time_texts() -> list[str]:
    """' HH:MM:SS.000000' for every second of a day (built once: ~40 ms)."""
    return [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}.000000" for s in range(DAY)]


class _Texts:
    """SQLAlchemy's SQLite text for dates ('YYYY-MM-DD') and timestamps ('YYYY-MM-DD
    HH:MM:SS.ffffff'), from lookup tables: formatting millions of datetimes costs seconds."""

    def __init__(self, today: int) -> None:
        # Everything generated lies between the old file's import and the sponsor rewards'
        # end of validity; day() still formats any other date, just slower.
        self.first_day = today - IMPORT_AGE_DAYS - 1
        self.days = [dt.date.fromordinal(n).isoformat() for n in range(self.first_day, today + 400)]
        self.times = _time_texts()

    def day(self, ordinal: int) -> str:
        index = ordinal - self.first_day
        if 0 <= index < len(self.days):
            return self.days[index]
        return dt.date.fromordinal(ordinal).isoformat()

    def stamp(self, stamp: int) -> str:
        return self.day(stamp // DAY) + self.times[stamp % DAY]

    def maybe_day(self, ordinal: int | None) -> str | None:
        return None if ordinal is None else self.day(ordinal)

    def maybe_stamp(self, stamp: int | None) -> str | None:
        return None if stamp is None else self.stamp(stamp)


def _median(values: list[int]) -> int:
    """domain.calls.usual_interval's median on whole days: a .5 rounds up."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle] + 1) // 2


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
        self.texts = _Texts(self.today)
        self.import_stamp = (self.today - IMPORT_AGE_DAYS) * DAY + 9 * 3600 + 17 * 60
        self.wordings = [plan.settings.consent_wordings.get(c, "") for c in CHANNELS]
        self._late_after: dict[int, int] = {}
        self.valentines = {
            dt.date(year, 2, 14).toordinal()
            for year in range(plan.today.year - 3, plan.today.year + 1)
        }

    def chunk(self, size: int, *, force_feb29: bool) -> _ChunkRows:
        return _Chunk(self, size).build(force_feb29=force_feb29)

    def observed(self, year: int, month: int, day: int) -> int:
        """The birthday's date in `year`; 29 February follows the `feb29` setting."""
        if month == 2 and day == 29 and not calendar.isleap(year):
            if self.settings.feb29 == "mar1":
                return dt.date(year, 3, 1).toordinal()
            return dt.date(year, 2, 28).toordinal()
        return dt.date(year, month, day).toordinal()

    def late_after(self, interval: int) -> int:
        """Days after the last visit from which a regular with this interval is late."""
        days = self._late_after.get(interval)
        if days is None:
            settings = self.settings
            days = late_after_days(interval, settings.lapse_factor, settings.lapse_min_days)
            self._late_after[interval] = days
        return days

    def validity(self, kind: str, day: int) -> tuple[int, int]:
        """A reward's first and last valid days (inclusive) for an occasion on `day`."""
        rule = self.settings.rewards.get(kind) or _DEFAULT_REWARDS[kind]
        end = _add_months(dt.date.fromordinal(day), rule.months_after).toordinal()
        return day - rule.days_before, end + rule.days_after


_DEFAULT_REWARDS = Settings().rewards
_CONSENT_RATES = ((0.75, 0.10), (0.55, 0.12), (0.60, 0.10), (0.30, 0.10))  # granted, refused
_WITHDRAWN_SHARE = 0.04
_MISSES = ("voicemail", "no_answer")
# strftime's %b depends on the machine's locale; the demo must not.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# How a past birthday's calls ended, by cumulative share; None: only missed calls.
_BIRTHDAY_ENDINGS = (
    (0.27, None),
    (0.35, "declined"),
    (0.78, "reached"),
    (0.99, "booked"),
    (1.0, "wrong_number"),
)


class _Chunk:
    """One chunk of guests: who they are, what happened to them, then the rows."""

    def __init__(self, history: _History, size: int) -> None:
        self.h = history
        self.rand = history.rand
        self.size = size
        self.today = history.today
        self.lead = history.settings.lead_days
        self.guests: list[_Guest] = []
        self.units: list[list[_Guest]] = []  # a single guest, or a couple who are both guests
        self.tables: list[_Table] = []
        self.recent: deque[_Table] = deque(maxlen=64)  # tables other guests may join
        self.referrals: list[_Referral] = []
        self.attempts: list[_Attempt] = []
        self.rewards: list[_Reward] = []

    def build(self, *, force_feb29: bool) -> _ChunkRows:
        self._meet_guests()
        if force_feb29:
            person = self.guests[min(7, self.size - 1)].person
            person.birth_month, person.birth_day, person.birth_year = 2, 29, None
        for unit in self.units:
            self._plan_visits(unit)
        for guest in self.guests:
            guest.first_day = min(guest.tables, default=0)
        self._refer()
        self._birthday_calls()
        self._winback_calls()
        self._number()
        rows = _RowWriter(self).rows()
        self._release()
        return rows

    def _release(self) -> None:
        """Break the guest <-> table and partner cycles, so reference counting frees the chunk
        at once; the cyclic GC would need ~0.5 s a chunk to find it."""
        for guest in self.guests:
            guest.partner = None
            guest.tables.clear()

    def pick(self, values: tuple[str, ...]) -> str:
        return values[int(self.rand() * len(values))]

    # Who the guests are.

    def _meet_guests(self) -> None:
        rand, people = self.rand, self.h.people
        while len(self.guests) < self.size:
            imported = rand() < IMPORTED_SHARE
            if len(self.guests) + 1 < self.size and rand() < COUPLE_START:
                unit = self._couple(imported)
            else:
                guest = self._guest(people.person(rand() < 0.52), imported)
                if rand() < PARTNER_NAME_SHARE:
                    guest.partner_name = self._partner_name(guest.person)
                unit = [guest]
            self.units.append(unit)
            self.guests.extend(unit)

    def _couple(self, imported: bool) -> list[_Guest]:
        rand, people = self.rand, self.h.people
        female = rand() < 0.5
        first = people.person(female)
        shared_name = first.last_name if rand() < 0.55 else None
        second = people.person(not female if rand() < 0.92 else female, shared_name)
        one, two = self._guest(first, imported), self._guest(second, imported)
        one.partner, two.partner = two, one
        return [one, two]

    def _guest(self, person: Person, imported: bool) -> _Guest:
        rand = self.rand
        asked = (bool(person.phones), bool(person.phones), bool(person.emails), True)
        given: list[int | None] = []
        final: list[int | None] = []
        for (granted, refused), can in zip(_CONSENT_RATES, asked, strict=True):
            draw = rand()
            if not can or draw >= granted + refused:
                given.append(None)
                final.append(None)
            elif draw < granted:
                given.append(1)
                final.append(0 if rand() < _WITHDRAWN_SHARE else 1)
            else:
                given.append(0)
                final.append(0)
        return _Guest(person, imported, consent=tuple(given), final_consent=tuple(final))

    def _partner_name(self, person: Person) -> str:
        rand, people = self.rand, self.h.people
        first = people.first_name(not person.female if rand() < 0.92 else person.female)
        draw = rand()
        if draw < 0.15:
            return f"{first} {person.last_name}"
        if draw < 0.30:
            return f"{first} {people.last_name()}"
        return first

    # Visits.

    def _plan_visits(self, unit: list[_Guest]) -> None:
        rand = self.rand
        if unit[0].imported and rand() < 0.35:
            return  # in the old system's file, not seen since the import
        kind = rand()
        if kind < 0.52:
            self._seat(unit, self._random_day(), "casual")
        elif kind < 0.79:
            days = {self._random_day() for _ in range(2 + int(rand() * 3))}
            for day in sorted(days):
                self._seat(unit, day, "casual")
        elif kind < 0.92:
            self._regular(unit)
        else:
            self._lapsed(unit)

    def _random_day(self) -> int:
        return self.today - 1 - int(self.rand() * LOOKBACK_DAYS)

    def _gap(self, interval: int) -> int:
        return max(7, int(interval * (0.75 + self.rand() * 0.5) + 0.5))

    def _regular(self, unit: list[_Guest]) -> None:
        """Every 2-6 weeks since some day in the last 18 months, and lately too."""
        rand = self.rand
        interval = 14 + int(rand() * 29)
        earliest = self.today - 60 - int(rand() * 440)
        day = self.today - 1 - int(rand() * interval)
        days = []
        while day >= earliest:
            days.append(day)
            day -= self._gap(interval)
        for day in reversed(days):
            self._seat(unit, day, "regular")

    def _lapsed(self, unit: list[_Guest]) -> None:
        """A regular who stopped coming. Some lapses are on today's win-back agenda (late by a
        few days), the others older, so both show whatever `today` is."""
        rand, settings = self.rand, self.h.settings
        interval = 14 + int(rand() * 29)
        gaps = [self._gap(interval) for _ in range(3 + int(rand() * 6))]
        # Late from this many days after the last visit: product.md's "Regulars and lapses".
        late_after = self.h.late_after(_median(gaps))
        window = settings.winback_window_days
        oldest_since = LOOKBACK_DAYS - 1 - sum(gaps)
        old_since = late_after + window + 10
        current = rand() < 0.55 or oldest_since < old_since
        if current:
            since = late_after + 1 + int(rand() * max(1, window - 3))
        else:
            since = old_since + int(rand() * (oldest_since - old_since + 1))
        if since > oldest_since:  # a very large lapse_factor: no room in two years
            self._regular(unit)
            return
        last = self.today - since
        for member in unit:
            member.lapse = (last, last + late_after, current)
        day = last - sum(gaps)
        for gap in gaps:
            self._seat(unit, day, "lapsed")
            day += gap
        self._seat(unit, last, "lapsed")

    def _seat(self, unit: list[_Guest], day: int, mode: str) -> None:
        """Seat the unit on `day`. Casual guests sometimes share another party's table; a
        lapsed regular's tables stay theirs alone, so their interval and lapse stay exact."""
        rand = self.rand
        members = unit
        together_before = len(unit) == 2 and bool(unit[0].tables) and bool(unit[1].tables)
        if mode != "lapsed" and together_before and rand() < 0.12:
            members = [unit[int(rand() * 2)]]  # one partner alone: a business lunch
        members = [member for member in members if day not in member.tables]
        if not members:
            return
        if mode == "casual" and self.recent and rand() < JOIN_SHARE and self._join(members):
            return
        table = self._new_table(day, members)
        if mode != "lapsed" and len(members) < 4:
            self.recent.append(table)

    def _join(self, members: list[_Guest]) -> bool:
        table = self.recent[int(self.rand() * len(self.recent))]
        if len(table.members) + len(members) > 4:
            return False
        if any(table.day in member.tables for member in members):
            return False
        table.members.extend(members)
        table.party = min(8, table.party + len(members))
        for member in members:
            member.tables[table.day] = table
        return True

    def _new_table(
        self, day: int, members: list[_Guest], occasion: str | None = None, min_party: int = 1
    ) -> _Table:
        rand = self.rand
        start, span = LUNCH if rand() < 0.35 else DINNER
        stamp = day * DAY + start + int(rand() * span)
        party = max(len(members), min_party, PARTY_SIZES[int(rand() * len(PARTY_SIZES))])
        if occasion is None:
            draw = rand()
            if draw < 0.07:
                occasion = self.pick(words.OCCASIONS)
            elif draw < 0.6 and len(members) == 2 and day in self.h.valentines:
                occasion = "Saint-Valentin"
            else:
                occasion = ""
        note = self.pick(words.VISIT_NOTES) if rand() < 0.03 else ""
        table = _Table(day, stamp, party, list(members), occasion, note)
        self.tables.append(table)
        for member in members:
            member.tables[day] = table
        return table

    # Referrals.

    def _refer(self) -> None:
        rand = self.rand
        visited = [guest for guest in self.guests if guest.tables]
        ambassadors = [guest for guest in visited if rand() < AMBASSADOR_SHARE]
        referred: list[_Guest] = []
        for guest in visited:
            if guest.imported or rand() >= REFERRED_SHARE:
                continue
            sponsor = self._sponsor_for(guest, visited, ambassadors, referred)
            if sponsor is not None:
                referred.append(guest)
                self._record_referral(sponsor, guest)

    def _sponsor_for(
        self,
        guest: _Guest,
        visited: list[_Guest],
        ambassadors: list[_Guest],
        referred: list[_Guest],
    ) -> _Guest | None:
        """An ambassador, someone referred themselves (chains), or anyone. The sponsor came
        before the guest did, so sponsors are created earlier and there is never a cycle."""
        draw = self.rand()
        pool = ambassadors if draw < 0.4 else referred if draw < 0.55 else visited
        pool = pool or visited
        for _ in range(6):
            sponsor = pool[int(self.rand() * len(pool))]
            if sponsor.first_day < guest.first_day and sponsor is not guest.partner:
                return sponsor
        return None

    def _record_referral(self, sponsor: _Guest, guest: _Guest) -> None:
        first = guest.tables[guest.first_day]
        referral = _Referral(sponsor, guest, first.stamp, first.day)
        self.referrals.append(referral)
        if (
            self.rand() < 0.4
            and sponsor.lapse is None
            and first.day not in sponsor.tables
            and len(first.members) < 4
        ):  # the sponsor brought their friend
            first.members.append(sponsor)
            first.party = min(8, first.party + 1)
            sponsor.tables[first.day] = first
        valid_from, valid_to = self.h.validity("sponsor", first.day)
        reason = f"Brought {guest.person.first_name} {guest.person.last_name}".strip()
        reward = _Reward(sponsor, "sponsor", reason, valid_from, valid_to, first.stamp)
        reward.referral = referral
        self.rewards.append(reward)
        self._thank(sponsor, referral)

    def _thank(self, sponsor: _Guest, referral: _Referral) -> None:
        """Most thank-you calls are done; the last few days' wait on the agenda."""
        rand = self.rand
        if not sponsor.may_call or referral.first_day > self.today - 3 or rand() >= 0.8:
            return
        day = min(referral.first_day + 1 + int(rand() * 3), self.today - 1)
        outcome = "reached" if rand() < 0.8 else "voicemail"
        self._call(sponsor, "referral_thanks", referral.first_day, day, outcome, referral)
        if outcome == "voicemail" and day + 1 < self.today:
            self._call(sponsor, "referral_thanks", referral.first_day, day + 1, "reached", referral)

    # Calls and the rewards they issue.

    def _call(
        self,
        guest: _Guest,
        reason: str,
        occasion_day: int,
        day: int,
        outcome: str,
        referral: _Referral | None = None,
        booked_for: int | None = None,
    ) -> _Attempt:
        start, span = MORNING  # the chef phones in the morning, before service
        stamp = day * DAY + start + int(self.rand() * span)
        note = self.pick(words.CALL_NOTES[outcome])
        attempt = _Attempt(guest, reason, occasion_day, stamp, outcome, note, referral, booked_for)
        self.attempts.append(attempt)
        if outcome == "wrong_number":
            guest.wrong_phone_at = stamp
        return attempt

    def _birthday_calls(self) -> None:
        today, lead, history = self.today, self.lead, self.h
        year = dt.date.fromordinal(today).year
        import_day = history.import_stamp // DAY
        for guest in self.guests:
            person = guest.person
            if person.birth_month is None or person.birth_day is None or not guest.may_call:
                continue
            known_since = import_day if guest.imported else guest.first_day
            for occurrence_year in (year - 1, year, year + 1):
                occurrence = history.observed(occurrence_year, person.birth_month, person.birth_day)
                if not today - BIRTHDAY_HISTORY_DAYS <= occurrence <= today + lead:
                    continue
                if known_since >= occurrence - lead:
                    continue  # the birthday was given after its call was due
                if occurrence < today:
                    self._past_birthday(guest, occurrence)
                else:
                    self._coming_birthday(guest, occurrence)

    def _past_birthday(self, guest: _Guest, occurrence: int) -> None:
        rand = self.rand
        draw = rand()
        if draw < 0.12:
            return  # missed: never called
        final = next(outcome for limit, outcome in _BIRTHDAY_ENDINGS if draw < limit)
        misses = 1 + int(rand() * 3) if final is None else int(rand() * 3)
        misses = min(misses, self.h.settings.max_attempts - 1)
        outcomes = [_MISSES[int(rand() * 2)] for _ in range(misses)]
        if final is not None:
            outcomes.append(final)
        day = occurrence - self.lead + int(rand() * 3)  # on the due day or just after
        last_day = min(occurrence, self.today - 1)
        attempt = None
        for outcome in outcomes:
            if day > last_day:
                return  # ran out of days before reaching the guest
            booked_for = None
            if outcome == "booked":
                booked_for = max(day + 1, occurrence - 3 + int(rand() * 10))
            attempt = self._call(guest, "birthday", occurrence, day, outcome, None, booked_for)
            day += 1 + int(rand() * 2)
        if attempt is not None and attempt.outcome in ("reached", "booked"):
            self._birthday_reward(guest, occurrence, attempt)

    def _coming_birthday(self, guest: _Guest, occurrence: int) -> None:
        """Due already: untouched (today or overdue), a voicemail yesterday (an overdue retry),
        or reached in the last days (the reward is owed)."""
        rand = self.rand
        yesterday = self.today - 1
        due = occurrence - self.lead
        if due > yesterday:
            return
        draw = rand()
        if draw < 0.45:
            return
        if draw < 0.75:
            if due < yesterday and rand() < 0.3:
                self._call(guest, "birthday", occurrence, due, _MISSES[int(rand() * 2)])
            self._call(guest, "birthday", occurrence, yesterday, _MISSES[int(rand() * 2)])
            return
        first = max(due, self.today - 3)
        day = first + int(rand() * (yesterday - first + 1))
        if draw < 0.95:
            attempt = self._call(guest, "birthday", occurrence, day, "reached")
        else:
            attempt = self._call(guest, "birthday", occurrence, day, "booked", None, occurrence)
        self._birthday_reward(guest, occurrence, attempt)

    def _birthday_reward(self, guest: _Guest, occurrence: int, attempt: _Attempt) -> None:
        valid_from, valid_to = self.h.validity("birthday", occurrence)
        on = dt.date.fromordinal(occurrence)
        reason = f"Birthday {on.day:02d} {_MONTHS[on.month - 1]} {on.year}"  # as services.calls
        reward = _Reward(guest, "birthday", reason, valid_from, valid_to, attempt.stamp, attempt)
        self.rewards.append(reward)
        if guest.lapse is not None:
            return  # a lapsed regular who came back would not be lapsed
        if attempt.booked_for is not None:
            if attempt.booked_for < self.today:
                reward.visit = self._birthday_table(guest, attempt.booked_for)
            return
        low = max(attempt.stamp // DAY + 1, valid_from)
        high = min(valid_to, self.today - 1)
        if high >= low and self.rand() < 0.6:
            reward.visit = self._birthday_table(guest, low + int(self.rand() * (high - low + 1)))

    def _birthday_table(self, guest: _Guest, day: int) -> _Table:
        table = guest.tables.get(day)
        if table is not None:
            table.occasion = table.occasion or "anniversaire"
            return table
        members = [guest]
        partner = guest.partner
        # Only a partner already known by then: their first visit must not move.
        if (
            partner is not None
            and partner.lapse is None
            and 0 < partner.first_day < day
            and day not in partner.tables
        ):
            members.append(partner)
        return self._new_table(day, members, "anniversaire", min_party=2)

    def _winback_calls(self) -> None:
        rand, yesterday = self.rand, self.today - 1
        for unit in self.units:
            lapse = unit[0].lapse
            guest = next((member for member in unit if member.may_call), None)
            if lapse is None or guest is None:
                continue
            last, late_day, current = lapse
            if current:  # on the agenda now; some already got a voicemail yesterday
                if late_day <= yesterday and rand() < 0.3:
                    self._call(guest, "winback", last, yesterday, _MISSES[int(rand() * 2)])
                continue
            if rand() >= 0.45:
                continue
            day = late_day + int(rand() * 10)
            draw = rand()
            if draw < 0.45:
                outcomes = ["reached"]
            elif draw < 0.6:
                outcomes = ["declined"]
            else:
                outcomes = [_MISSES[int(rand() * 2)], *(["reached"] if rand() < 0.5 else [])]
            for outcome in outcomes:
                self._call(guest, "winback", last, day, outcome)
                day += 1

    # Ids: each table's rows are numbered in time order, as if typed in day after day.

    def _number(self) -> None:
        ids, import_stamp = self.h.next_ids, self.h.import_stamp
        for guest in self.guests:
            if guest.imported or not guest.tables:
                guest.created = import_stamp
            else:
                guest.created = guest.tables[min(guest.tables)].stamp
        self.guests.sort(key=attrgetter("created"))  # stable: a couple stays side by side
        self.tables.sort(key=attrgetter("stamp"))
        self.referrals.sort(key=attrgetter("stamp"))
        self.attempts.sort(key=attrgetter("stamp"))
        ids["guest"] = _number(self.guests, ids["guest"])
        ids["visit"] = _number(self.tables, ids["visit"])
        ids["referral"] = _number(self.referrals, ids["referral"])
        ids["call_attempt"] = _number(self.attempts, ids["call_attempt"])


class _RowWriter:
    """A numbered chunk to rows; the guests' summary columns are computed on the way."""

    def __init__(self, chunk: _Chunk) -> None:
        self.chunk = chunk
        self.h = chunk.h
        self.texts = chunk.h.texts
        self.rand = chunk.rand

    def rows(self) -> _ChunkRows:
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
        return _ChunkRows(len(self.chunk.guests), tables, partner_links)

    def _take_ids(self, table: str, count: int) -> int:
        first = self.h.next_ids[table]
        self.h.next_ids[table] = first + count
        return first

    def _visits(self) -> tuple[list[Row], list[Row]]:
        """Visit and visit_guest rows; each table's spend split among the known guests, the
        remainder to the lowest id (as services.visits does), so the shares add up."""
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
                 table.note, days[stamp // DAY - first_day] + times[stamp % DAY])
            )  # fmt: skip
            members = table.members
            if len(members) == 1:
                members[0].spend += spend
                seats.append((seat_id, visit_id, members[0].id))
                seat_id += 1
                continue
            share, rest = divmod(spend, len(members))
            lowest = min(member.id for member in members)
            for member in members:
                member.spend += share + rest if member.id == lowest else share
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
        # Booleans as 0/1, as SQLAlchemy stores them: sqlite3 binds exact ints directly but
        # sends bools through its adapter lookup, ~20 % slower on these 2.4 rows a guest.
        events: list[tuple[int, int, str, int, str, str, str]] = []
        for guest in chunk.guests:
            if guest.imported:
                at, staff, source = history.import_stamp, words.OWNER, words.IMPORT_SOURCE
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

    def _withdrawal(self, guest: _Guest, since: int) -> tuple[int, str, str]:
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
                    interval = _median([b - a for a, b in itertools.pairwise(days)])
                if interval and len(days) >= 3 and days[-3] > last - 365:  # a regular
                    late_from = day(last + self.h.late_after(interval))
            rows.append(
                (guest.id, person.first_name, person.last_name, person.name_key,
                 person.birth_day, person.birth_month, person.birth_year, partner_id,
                 guest.partner_name, person.address, person.postcode, person.notes,
                 person.preferences, stamp(guest.created), stamp(guest.updated), None,
                 person.phones[0] if person.phones else None,
                 person.emails[0] if person.emails else None,
                 last_visit, len(days), interval, late_from, guest.spend, *guest.final_consent)
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
        return [
            (attempt.id, attempt.guest.id, attempt.reason, texts.day(attempt.occasion_day),
             attempt.referral.id if attempt.referral is not None else None,
             texts.stamp(attempt.stamp), attempt.outcome, texts.maybe_day(attempt.booked_for),
             attempt.note, words.CHEF, attempt.guest.person.phones[0])
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
