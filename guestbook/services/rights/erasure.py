"""Erasing guests for good (RGPD): at their request, or at the end of the retention period.

Personal data goes in one transaction (storage.sqlite.erasure says what goes and what stays);
then the write-ahead log is emptied, since it still holds the pages as they were. On a
PostgreSQL server the tables the erasure changed are rewritten instead, since their pages still
hold the old rows (storage.sqlite.erasure.leave_no_trace): at once when they are small, else
by `guestbook forget --finish`, at night (storage.postgresql.rewrite says why). Every erasure is logged by guest number,
so a restore of an older backup erases them again (`reapply_erasures`), and recorded in the
audit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Literal

from guestbook.domain.text import display_name
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services
from guestbook.services.rights import audit
from guestbook.storage.postgresql import rewrite
from guestbook.storage.sqlite import erasure as sql

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["Cleaning", "ErasureResult", "erase_guests", "finish_erasures", "reapply_erasures"]

# Pauses between tries at emptying the log (rewriting a server's tables) while another
# connection still reads: after an erasure, a moment; at night (`forget --finish`), the first
# pause doubling up to a minute, for as long as it is given (FINISH_WAIT_SECONDS by default: a
# nightly backup holds its snapshot for its whole run).
_WAL_RETRY_PAUSES = (0.05, 0.2, 0.5, 1.0)
FINISH_WAIT_SECONDS = 600.0
_NAMED_IN_DETAIL = 20  # guest numbers the audit's detail lists before counting the rest
_PROGRESS_STEP = 1000  # guests erased between two progress reports (and cancel checks)


class Cleaning(Enum):
    """Whether the database's files are rid of the erased values (leave_no_trace)."""

    DONE = "done"
    NOTHING = "nothing"  # on a server, no erasure waited for its tables' rewrite
    # Another program still reads the database as it was: SQLite's log is emptied at its
    # close; a server's tables wait for `forget --finish`.
    BUSY = "busy"
    # On a server whose tables are too big to lock now (storage.postgresql.rewrite): they
    # wait for `forget --finish`, at night.
    LATER = "later"
    # On a server whose role may not rewrite the tables (only their owner may): they wait for
    # `forget --finish` run by the owner, the server's nightly job.
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class ErasureResult:
    erased: tuple[int, ...]  # the guests erased now
    skipped: tuple[int, ...]  # already erased, or no such guest
    cleaning: Cleaning = Cleaning.DONE

    @property
    def wal_emptied(self) -> bool:
        """The files are rid of the erased values now."""
        return self.cleaning in (Cleaning.DONE, Cleaning.NOTHING)

    @property
    def rewrite_later(self) -> bool:
        """On a server: the tables wait for `forget --finish` (too big to rewrite now, or for
        the role that owns them)."""
        return self.cleaning in (Cleaning.LATER, Cleaning.REFUSED)

    def to_json(self) -> dict[str, object]:
        return {
            "erased": len(self.erased),
            "guest_ids": list(self.erased),
            "skipped": list(self.skipped),
            "wal_emptied": self.wal_emptied,
            "rewrite_later": self.rewrite_later,
            "cleaning": self.cleaning.value,  # why: Cleaning's values
        }


def erase_guests(
    services: Services,
    guest_ids: Sequence[int],
    *,
    action: Literal["erasure", "retention", "restore"] = "erasure",
    detail: str = "",
    progress: Progress | None = None,
    cancel: CancelCheck | None = None,
) -> ErasureResult:
    """Erase `guest_ids` in one transaction (a cancel or a failure erases none of them).
    `action` is what the audit records: an erasure asked for, the retention review's, or a
    restore's (its `detail` names the backup)."""
    now, staff = services.clock.now(), services.staff

    def work(session: Session) -> list[int]:
        connection = session.connection()
        ids = sql.not_erased(connection, guest_ids)
        changed: set[str] = set()
        for start in range(0, len(ids), _PROGRESS_STEP):
            check_cancel(cancel)
            changed |= sql.erase(connection, ids[start : start + _PROGRESS_STEP], now)
            report(progress, min(start + _PROGRESS_STEP, len(ids)), len(ids))
        check_cancel(cancel)
        if ids:
            audit.record(
                connection,
                action,
                at=now,
                staff=staff,
                guests=len(ids),
                detail=f"{detail}: {_numbers(ids)}" if detail else _numbers(ids),
            )
        if ids and services.db_path is None:  # a server: these tables wait for their rewrite
            rewrite.note_pending(connection, changed)
        return ids

    erased = services.write(work)
    skipped = tuple(guest_id for guest_id in dict.fromkeys(guest_ids) if guest_id not in erased)
    cleaning = leave_no_trace(services) if erased else Cleaning.DONE
    return ErasureResult(tuple(erased), skipped, cleaning)


def reapply_erasures(
    services: Services, erased: Sequence[tuple[int, str]], *, backup_name: str
) -> ErasureResult:
    """After a restore: erase again the guests of `erased` (the replaced database's log) that
    the restored copy still holds, and carry the log over."""
    return erase_guests(
        services,
        [guest_id for guest_id, _at in erased],
        action="restore",
        detail=f"{backup_name}: erased again",
    )


def erasable_guests(services: Services, guest_ids: Sequence[int]) -> dict[int, str]:
    """The names of those of `guest_ids` that exist and are not erased yet, by number."""
    found = services.read(lambda connection: sql.names_of(connection, guest_ids))
    return {guest_id: display_name(first, last) for guest_id, (first, last) in found.items()}


def erasure_log(services: Services) -> list[tuple[int, str]]:
    """(guest number, when) of every erasure: what a restore must apply again."""
    return services.read(sql.erased_since)


def finish_erasures(services: Services, wait_seconds: float = FINISH_WAIT_SECONDS) -> Cleaning:
    """`guestbook forget --finish`: rid the files of what earlier erasures left there now,
    whatever the size (SQLite: empty the log; a server: rewrite the tables waiting), waiting
    up to `wait_seconds` for the programs that still read the database as it was."""
    return leave_no_trace(services, now=True, pauses=_doubling(wait_seconds))


def _doubling(total: float) -> list[float]:
    pauses: list[float] = []
    pause = 0.5
    while sum(pauses) + pause <= total:
        pauses.append(pause)
        pause = min(pause * 2, 60.0)
    return pauses


def leave_no_trace(
    services: Services, *, now: bool = False, pauses: Sequence[float] = _WAL_RETRY_PAUSES
) -> Cleaning:
    """Empty the write-ahead log (on a server: rewrite the tables earlier erasures changed,
    unless they are too big to lock `now`: storage.postgresql.rewrite), trying again after
    each of `pauses` while another connection still reads the database as it was."""
    noted, transaction = rewrite.Pending(frozenset(), frozenset()), None
    if services.db_path is None:  # a server
        noted, size = services.read(
            lambda connection: (
                (found := rewrite.pending(connection)),
                rewrite.total_bytes(connection, found.tables),
            )
        )
        if not noted.notes:
            return Cleaning.NOTHING
        if not now and size > rewrite.REWRITE_NOW_BYTES:
            return Cleaning.LATER
        transaction = services.write(
            lambda session: rewrite.current_transaction(session.connection())
        )
    waits = iter(pauses)
    while True:
        with services.engine.connect() as connection:
            try:
                if sql.leave_no_trace(connection, noted.tables, transaction):
                    break
            except sql.NotRewritten:
                return Cleaning.REFUSED  # the notes stay, for the owner's rewrite
        pause = next(waits, None)
        if pause is None:
            return Cleaning.BUSY
        time.sleep(pause)
    if noted.notes:
        services.write(lambda session: rewrite.done(session.connection(), noted))
    return Cleaning.DONE


def _numbers(guest_ids: Sequence[int]) -> str:
    """'#12, #505' (the audit's detail: numbers only), the rest counted."""
    shown = ", ".join(f"#{guest_id}" for guest_id in guest_ids[:_NAMED_IN_DETAIL])
    rest = len(guest_ids) - _NAMED_IN_DETAIL
    return f"{shown} and {rest} more" if rest > 0 else shown
