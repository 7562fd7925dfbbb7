"""JSON export: `{"guests": [...]}` with product.md's fields (first_name, last_name, phones,
emails, birthday, partner, consent) and more; streamed one guest per line."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import IO, Any

from guestbook.domain.records import GuestRecord


def guest_json(record: GuestRecord) -> dict[str, Any]:
    return {
        "first_name": record.first_name,
        "last_name": record.last_name,
        "phones": list(record.phones),
        "emails": list(record.emails),
        "birthday": record.birthday.iso() if record.birthday else None,
        "partner": record.partner,
        "partner_is_guest": record.partner_is_guest,
        "consent": record.consent,
        "address": record.address,
        "postcode": record.postcode,
        "notes": record.notes,
        "preferences": record.preferences,
        "last_visit_on": record.last_visit_on,
        "visit_count": record.visit_count,
    }


def write_json(
    batches: Iterable[list[GuestRecord]],
    handle: IO[str],
    *,
    on_batch: Callable[[int], None],
) -> int:
    handle.write('{"guests": [')
    written = 0
    for batch in batches:
        for record in batch:
            handle.write(",\n" if written else "\n")
            handle.write(json.dumps(guest_json(record), ensure_ascii=False))
            written += 1
        on_batch(written)
    handle.write("\n]}\n")
    return written
