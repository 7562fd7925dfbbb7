"""`guestbook today --json`: the stable contract of shared/product.md, field for field."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence

from guestbook.services.agenda.calls import Agenda
from guestbook.services.agenda.missed import LeftOutGuest


def agenda_json_chunks(
    agenda: Agenda, left_out_guests: Sequence[LeftOutGuest] | None = None
) -> Iterator[str]:
    """The agenda as one JSON object {"date", "calls", "left_out"}, and "left_out_guests" when
    they are given ({"guest_id", "name", "birthday_on", "missing": "no_phone" or
    "no_consent"} each, the ones left_out counts), written one call per line
    (each call: the fields of services.agenda.AgendaCall, `referred` for referred_name):
    readable, and each line goes through json's C encoder (json.dumps with `indent` falls back
    to a pure-Python encoder, 10× slower on the tens of thousands of calls of a large group)."""
    yield (
        f'{{"date": {json.dumps(agenda.date.isoformat())}, "site": {json.dumps(agenda.site)},'
        '\n "calls": ['
    )
    separator = "\n  "
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for record in agenda.records():
        yield separator + encode(record)
        separator = ",\n  "
    left_out = {"no_phone": agenda.left_out_no_phone, "no_consent": agenda.left_out_no_consent}
    closing = "\n ]" if agenda.calls else "]"
    yield f'{closing},\n "left_out": {json.dumps(left_out)}'
    if left_out_guests is not None:
        yield ',\n "left_out_guests": ['
        separator = "\n  "
        for guest in left_out_guests:
            record = {
                "guest_id": guest.guest_id,
                "name": guest.name,
                "birthday_on": guest.birthday_on.isoformat(),
                "missing": guest.missing,
            }
            yield separator + encode(record)
            separator = ",\n  "
        yield "\n ]" if left_out_guests else "]"
    yield "\n}"
