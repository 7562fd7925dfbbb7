"""Helpers for the vCard import tests (test_vcard_import*.py): the fixtures' folder, and the
guests and rejected cards an import leaves, read back independently of the reader under test."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import vobject  # type: ignore[import-untyped]

from guestbook.bootstrap import Services
from guestbook.services.importing.importer import ImportResult, import_file
from tests.exchange.helpers import DATA, query

VCARDS = DATA / "vcard"


def guests(services: Services) -> dict[str, dict[str, Any]]:
    """Every guest in the database by 'First Last': its columns, its phones and emails in
    order (the first phone is the primary one, the one the chef dials)."""
    columns: tuple[str, ...] = (
        "id",
        "first_name",
        "last_name",
        "birth_day",
        "birth_month",
        "birth_year",
    )
    columns += ("address", "postcode", "notes")
    rows = query(services, f"SELECT {', '.join(columns)} FROM guest ORDER BY id")
    found: dict[str, dict[str, Any]] = {}
    for row in rows:
        guest = dict(zip(columns, row, strict=True))
        guest["phones"] = [
            e164
            for (e164,) in query(
                services, "SELECT e164 FROM phone WHERE guest_id = ? ORDER BY position", guest["id"]
            )
        ]
        guest["emails"] = [
            address
            for (address,) in query(
                services,
                "SELECT address FROM email WHERE guest_id = ? ORDER BY position",
                guest["id"],
            )
        ]
        found[f"{guest['first_name']} {guest['last_name']}".strip()] = guest
    return found


def birthday(guest: dict[str, Any]) -> tuple[int | None, int | None, int | None]:
    return guest["birth_day"], guest["birth_month"], guest["birth_year"]


def cards_in(path: Path) -> int:
    """The cards a file holds, counted on its bytes (not by the reader under test)."""
    return sum(
        1 for line in path.read_bytes().splitlines() if line.strip().upper() == b"BEGIN:VCARD"
    )


def imported(services: Services, path: Path, tmp_path: Path) -> ImportResult:
    """`path` imported, the rejects written beside; every card accounted for."""
    result = import_file(services, path, rejects_path=tmp_path / f"{path.stem}-rejects.vcf")
    assert result.new + result.merged + result.rejected == result.rows
    return result


def rejected_cards(result: ImportResult) -> list[Any]:
    """The rejects file read back by vobject: it is vCard, one card per rejected row."""
    assert result.rejects_file is not None
    cards = list(vobject.readComponents(result.rejects_file.read_text(encoding="utf-8")))
    assert len(cards) == result.rejected
    return cards
