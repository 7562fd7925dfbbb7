"""Erasing guests for good (RGPD): at their request, or at the end of the retention period.

Personal data goes in one transaction (storage.sqlite.erasure says what goes and what stays);
then the write-ahead log is emptied, since it still holds the pages as they were (on a
PostgreSQL server the tables the erasure changed are rewritten, since their pages still hold
the old rows: storage.sqlite.erasure.leave_no_trace). Every erasure is logged by guest number,
so a restore of an older backup erases them again (`reapply_erasures`), and recorded in the
audit.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from guestbook.domain.text import display_name
from guestbook.progress import CancelCheck, Progress, check_cancel, report
from guestbook.services.context import Services
from guestbook.services.rights import audit
from guestbook.storage.sqlite import erasure as sql

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = ["ErasureResult", "erase_guests", "reapply_erasures"]

# Pauses between tries at emptying the log (rewriting a server's tables) while another
# connection still reads.
_WAL_RETRY_PAUSES = (0.05, 0.2, 0.5, 1.0)
_NAMED_IN_DETAIL = 20  # guest numbers the audit's detail lists before counting the rest
_PROGRESS_STEP = 1000  # guests erased between two progress reports (and cancel checks)


@dataclass(frozen=True, slots=True)
class ErasureResult:
    erased: tuple[int, ...]  # the guests erased now
    skipped: tuple[int, ...]  # already erased, or no such guest
    # False: another program still read the database; SQLite's log is emptied at its close (on
    # a server, the old rows stay in the tables' pages until the operator's VACUUM FULL).
    wal_emptied: bool

    def to_json(self) -> dict[str, object]:
        return {
            "erased": len(self.erased),
            "guest_ids": list(self.erased),
            "skipped": list(self.skipped),
            "wal_emptied": self.wal_emptied,
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

    def work(session: Session) -> tuple[list[int], set[str], str | None]:
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
        return ids, changed, sql.transaction_id(connection) if ids else None

    erased, changed, transaction = services.write(work)
    skipped = tuple(guest_id for guest_id in dict.fromkeys(guest_ids) if guest_id not in erased)
    cleaned = leave_no_trace(services, changed, transaction)
    return ErasureResult(tuple(erased), skipped, cleaned)


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


def leave_no_trace(services: Services, tables: set[str], transaction: str | None) -> bool:
    """Empty the write-ahead log (rewrite a server's `tables`, which `transaction` changed),
    trying again while another connection still reads."""
    pauses = iter(_WAL_RETRY_PAUSES)
    while True:
        with services.engine.connect() as connection:
            if sql.leave_no_trace(connection, tables, transaction):
                return True
        pause = next(pauses, None)
        if pause is None:
            return False
        time.sleep(pause)


def _numbers(guest_ids: Sequence[int]) -> str:
    """'#12, #505' (the audit's detail: numbers only), the rest counted."""
    shown = ", ".join(f"#{guest_id}" for guest_id in guest_ids[:_NAMED_IN_DETAIL])
    rest = len(guest_ids) - _NAMED_IN_DETAIL
    return f"{shown} and {rest} more" if rest > 0 else shown
