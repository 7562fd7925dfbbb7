"""Planning a message (issue 16, `guestbook message new`): who each channel reaches and who is
left out, for every guest of the demo database, against the same SQL replayed raw.

    python benchmarks/run.py --sizes 100000 1000000 --repeat 3 --only message-plan

Ours: services.messages.new_message (the message recorded, then planned) and the guests left
out listed, as `message new` prints them, for a service notice and for news (which needs
consent), to everyone. The floor: the statements the plan sent, replayed on sqlite3. Target:
≤ 2 s at 1,000,000 guests. Each run records a message in the cached database (a row, no
delivery).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import (
    TODAY,
    captured_sql,
    floor_connection,
    replay,
    timed,
)
from benchmarks.results import Result

PLAN_TARGET_SECONDS = 2.0


def plan_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    from guestbook.bootstrap import make_services
    from guestbook.clock import FixedClock
    from guestbook.domain.audience import Audience
    from guestbook.domain.reach import LEFT_OUT
    from guestbook.services import messages
    from guestbook.settings import Settings
    from guestbook.storage.sqlite import message_plan

    services = make_services(db, FixedClock(TODAY), Settings(), staff="bench")
    results = []
    try:
        for purpose in ("incident", "relational"):
            draft = messages.MessageDraft(
                purpose, "Le dîner du 3", "Bonjour {first_name}", Audience(everyone=True)
            )
            planned: list[Any] = []

            def plan(draft: messages.MessageDraft = draft, planned: list[Any] = planned) -> None:
                made = messages.new_message(services, draft)
                left = list(messages.recipients(services, made.message_id, left_out=True))
                planned[:] = [made, left]

            ours = timed(plan, repeat)
            made, left = planned
            order = tuple(services.settings.channel_order)
            needs_consent = purpose == "relational"

            def reads(
                connection: Any, order: tuple[str, ...] = order, needs: bool = needs_consent
            ) -> None:
                everyone = Audience(everyone=True)
                counts = message_plan.reach_counts(connection, everyone, TODAY)
                out = [
                    key for key in counts if message_plan.choice_of(key, order, needs) in LEFT_OUT
                ]
                list(message_plan.reach_rows(connection, everyone, TODAY, out))

            statements = captured_sql(db, reads)
            raw = floor_connection(db)
            try:
                floor = timed(lambda: replay(raw, statements), repeat)  # noqa: B023
            finally:
                raw.close()
            met = ours.median <= PLAN_TARGET_SECONDS if guests >= 1_000_000 else None
            results.append(
                Result(
                    f"plan a message ({purpose}) to everyone ({made.reached:,} reached, {len(left):,} left out listed)",
                    guests,
                    ours.median,
                    floor.median,
                    f"≤ {PLAN_TARGET_SECONDS:.0f} s at 1M",
                    met,
                )
            )
    finally:
        services.close()
    return results


SUITE = {"message-plan": plan_operation}
