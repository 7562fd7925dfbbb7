"""Demo data: a believable French restaurant with two years of guests and their history.

One `random.Random(seed)` drives everything and every date is relative to `today`, so the same
seed, day, size and language give byte-identical tables (the language guestbook speaks picks
the words staff typed, the consent wordings and the rewards' reasons, never a draw), and every screen has something to show whatever
the day: birthday calls due, overdue retries, owed rewards, lapsed regulars, ambassadors.
Summary columns follow the rules' one home (domain), and a test recomputes every one of them
with services.summaries, the one writer of those columns: not a value changes.

Speed (2 cores: 100k guests in ~7 s, 1M in 71–85 s, benchmarks/bench_demo.py): guests are
generated in chunks with ids assigned as they are made (from the first free ids, read here),
so nothing is read back; rows go in through raw `executemany` in ONE transaction, the
indexes on scattered keys are built at the end; from 40k guests a worker process generates
chunk k+1 while this process writes chunk k.

For a group of restaurants (`sites`), demo.sites places each table at a site and gives each
guest their home site, drawing from a random.Random of its own: the rest is the same demo.

This module writes; story tells what happens to each chunk of guests (with visits, referrals
and calls, into records), rows turns that into rows (texts formats their dates), worker runs
the chunks here or in the worker process; people draws the guests from pools (names, streets,
contacts) and words (what staff type)."""

from __future__ import annotations

import contextlib
import datetime as dt
import math
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from guestbook.demo.rows import COLUMNS, ChunkRows
from guestbook.demo.sites import SitesError, site_names
from guestbook.demo.story import Plan
from guestbook.demo.worker import chunks, chunks_in_worker, gc_paused
from guestbook.i18n import _, language
from guestbook.services.summaries.late_from import LATE_FROM_RULE_KEY, late_from_rule
from guestbook.settings import Settings
from guestbook.storage.sqlite.bulk import Loader, bulk_load

if TYPE_CHECKING:
    from sqlalchemy import Engine

CHUNK_GUESTS = 20_000
MAX_CHUNKS = 40  # progress is reported once per chunk: a few dozen times at most (41)
WORKER_MIN_GUESTS = 2 * CHUNK_GUESTS  # below this, a worker process costs more than it saves


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
    sites: tuple[str, ...] = (),
) -> DemoSummary:
    """Fill an empty database with `guests` guests and their history, in one transaction.

    Raises DemoError if the database already holds guests (or has no tables). `progress(done,
    total)` is called once per chunk of guests written, at most 41 times, the last time
    (total, total) once everything is committed; an exception raised there cancels the whole
    demo. Meant for the CLI: the cyclic GC of the whole process is paused while rows are
    written, and from 40,000 guests a worker process (this interpreter) generates them.
    `sites`: a group's restaurants (1 to 10 names, as the `site` setting takes them; DemoError
    otherwise); with none, every visit and call is at site '', as on its own.
    """
    if guests < 0:
        raise DemoError(
            _("the number of guests cannot be negative, got {count}").format(count=guests)
        )
    sites = _group(sites)
    report = progress or (lambda _done, _total: None)
    counts = dict.fromkeys(COLUMNS, 0)
    with bulk_load(engine, tuple(COLUMNS), _DEFERRED_INDEX_COLUMNS) as loader:
        _refuse_if_not_empty(loader)
        next_ids, sizes = loader.next_ids(_ID_TABLES), _chunk_sizes(guests)
        plan = Plan(today, settings, seed, guests, next_ids, sizes, language(), sites)
        # A worker needs an interpreter to start (sys.executable is empty when embedded).
        use_worker = guests >= WORKER_MIN_GUESTS and bool(sys.executable)
        produced = chunks_in_worker(plan) if use_worker else chunks(plan)
        done = 0
        # closing() stops the worker process on any error; rows hold no cycles, so the GC
        # would only rescan millions of fresh tuples for nothing.
        with contextlib.closing(produced), gc_paused():
            for rows in produced:
                _write(loader, rows)
                for table, batch in rows.tables.items():
                    counts[table] += len(batch)
                done += rows.guests
                if done < guests:
                    report(done, guests)
        # late_from was computed with these lapse settings: the app need not rebuild it.
        loader.set_meta(LATE_FROM_RULE_KEY, late_from_rule(settings))
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

# Tables with an integer id we assign; guest_token has a composite key.
_ID_TABLES = tuple(name for name, columns in COLUMNS.items() if columns[0] == "id")

# Indexes with one of these columns in their key are built after the rows are in. Their keys
# are scattered (every name, number and address differs), so inserting row after row would
# write all over a B-tree larger than the page cache; one sorted build is ~3× faster. Other
# indexes stay: led by a growing id, or by a value with few distinct keys (a date, a month,
# a postcode) followed by the growing rowid, their inserts land on a few hot pages.
_DEFERRED_INDEX_COLUMNS = frozenset({"name_key", "e164", "digits_reversed", "address"})


def _group(sites: tuple[str, ...]) -> tuple[str, ...]:
    """The sites' names as the `site` setting takes them (demo.sites); DemoError otherwise."""
    try:
        return site_names(sites, option="sites") if sites else ()
    except SitesError as error:
        raise DemoError(str(error)) from None


def _refuse_if_not_empty(loader: Loader) -> None:
    if not loader.has_table("guest"):
        raise DemoError(_("the database has no guestbook tables yet; create or upgrade it first"))
    if not loader.is_empty("guest"):
        raise DemoError(
            _("the database already holds guests; the demo only fills an empty database")
        )


def _write(loader: Loader, rows: ChunkRows) -> None:
    for table, batch in rows.tables.items():
        loader.insert(table, COLUMNS[table], batch)
    loader.link_partners(rows.partner_links)


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
