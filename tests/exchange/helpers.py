"""Helpers for import and export tests: the sample files, guests by name."""

from __future__ import annotations

from pathlib import Path

from guestbook.services.context import Services
from tests.database import dump, guest_rows, query

__all__ = ["DATA", "EN_SAMPLE", "FR_SAMPLE", "by_name", "dump", "guest_rows", "query"]

DATA = Path(__file__).parent / "data"
FR_SAMPLE = "reservations-export-fr.csv"
EN_SAMPLE = "guests-export-en.csv"


def by_name(services: Services) -> dict[str, dict[str, object]]:
    """Guests keyed by 'First Last' (stripped)."""
    return {f"{g['first_name']} {g['last_name']}".strip(): g for g in guest_rows(services)}
