"""Helpers for the export tests (test_export*.py): the guests they export, and a CSV read back
by Python's csv module."""

from __future__ import annotations

import csv
from pathlib import Path

from guestbook.bootstrap import Services
from guestbook.services.importing.importer import import_file
from tests.exchange.helpers import EN_SAMPLE, FR_SAMPLE


def with_samples(services: Services, data_dir: Path) -> Services:
    """`services` with both sample files imported (11 guests): each test file's `filled`."""
    import_file(services, data_dir / FR_SAMPLE)
    import_file(services, data_dir / EN_SAMPLE)
    return services


def read_csv(path: Path, delimiter: str = ";") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle, delimiter=delimiter))
