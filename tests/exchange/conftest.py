"""Fixtures for import and export tests: the sample files shipped beside the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.exchange.helpers import DATA, EN_SAMPLE, FR_SAMPLE


@pytest.fixture
def data_dir() -> Path:
    missing = [name for name in (FR_SAMPLE, EN_SAMPLE) if not (DATA / name).is_file()]
    if missing:
        pytest.fail(f"sample files missing from {DATA}: {', '.join(missing)}")
    return DATA
