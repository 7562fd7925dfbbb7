"""Helpers for import and export tests: the sample files, guests by name."""

from __future__ import annotations

import json
from pathlib import Path

from guestbook.services.context import Services
from guestbook.services.export import export_guests
from tests.database import database, dump, guest_rows, query

__all__ = [
    "CONTRACT",
    "DATA",
    "EN_SAMPLE",
    "FR_SAMPLE",
    "by_name",
    "contract",
    "database",
    "dump",
    "guest_rows",
    "query",
]

DATA = Path(__file__).parent / "data"
FR_SAMPLE = "reservations-export-fr.csv"
EN_SAMPLE = "guests-export-en.csv"


def by_name(services: Services) -> dict[str, dict[str, object]]:
    """Guests keyed by 'First Last' (stripped)."""
    return {f"{g['first_name']} {g['last_name']}".strip(): g for g in guest_rows(services)}


# The fields an export promises to bring back whole through an import (product.md).
CONTRACT = (
    "first_name",
    "last_name",
    "phones",
    "emails",
    "birthday",
    "partner",
    "consent",
    "address",
    "postcode",
    "notes",
    "preferences",
)


def contract(services: Services, path: Path) -> list[dict[str, object]]:
    """The contract fields of every guest, in a stable order, read from a JSON export written
    to `path` (JSON has no language: the same whatever the language shown)."""
    export_guests(services, path, fmt="json")
    guests = json.loads(path.read_text(encoding="utf-8"))["guests"]
    return sorted(
        ({key: guest[key] for key in CONTRACT} for guest in guests),
        key=lambda guest: json.dumps(guest, sort_keys=True),
    )
