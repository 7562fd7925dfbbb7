"""A test's process in another time zone, as SQLite's 'localtime' reads it and as a
PostgreSQL session is told it (storage.postgresql.engine gives each new connection the zone)."""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Iterator

from guestbook.services.context import Services
from guestbook.storage.sql_words import local_zone


def _use(zone: str | None, services: Services | None) -> None:
    if zone is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = zone
    time.tzset()
    local_zone.cache_clear()
    if services is not None:
        services.engine.dispose()  # the server's sessions are made again, in the new zone


@contextlib.contextmanager
def local_time(zone: str, services: Services | None = None) -> Iterator[None]:
    """This process in `zone` (and `services`' sessions on a server) while inside."""
    before = os.environ.get("TZ")
    _use(zone, services)
    try:
        yield
    finally:
        _use(before, services)
