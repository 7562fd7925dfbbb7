"""A site's agenda and report (issue 19): one restaurant of a group, on a copy of the demo
database whose guests are spread over three sites (a third each, by number; the guests who
never came have none and are every site's), and for the report its visits too (a third each,
by number). Each beside the whole group's on the same copy, and the usual floor: the same
statements replayed through sqlite3.

    python benchmarks/run.py --sizes 100000 --repeat 5 --only agenda-site report-site

No target of their own: the agenda's (≤ 30 ms at 100,000 guests) and the report's (≤ 1 s at
1,000,000) are the ones the chef and the owner feel."""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.common import TODAY, in_process
from benchmarks.results import Result

SITES = ("Bastille", "Oberkampf", "Montmartre")


def _spread_over_sites(db: Path, *, visits: bool = False) -> None:
    connection = sqlite3.connect(db)
    try:
        connection.execute(
            "UPDATE guest SET home_site = CASE id % 3 WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END "
            "WHERE visit_count > 0",
            SITES,
        )
        if visits:
            connection.execute(
                "UPDATE visit SET site = CASE id % 3 WHEN 0 THEN ? WHEN 1 THEN ? ELSE ? END",
                SITES,
            )
        connection.commit()
    finally:
        connection.close()


def _agenda(connection: Any, *, settings: Any, site: str) -> object:
    from guestbook.services.agenda.calls import agenda_on

    return agenda_on(connection, TODAY, settings, site=site)


def site_agenda_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    from guestbook.settings import Settings
    from guestbook.storage.migrate import upgrade

    settings = Settings()
    results = []
    with tempfile.TemporaryDirectory(dir=db.parent) as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        upgrade(copy)  # a cache built before migration 0009 has no home_site yet
        _spread_over_sites(copy)
        for site, label in (("", "agenda, the whole group"), (SITES[0], "agenda of one site")):
            ours, floor = in_process(copy, repeat, partial(_agenda, settings=settings, site=site))
            note = f"{len(SITES)} sites, a third of the guests who came each"
            results.append(Result(label, guests, ours, floor, "—", None, notes=[note]))
    return results


def site_report_operation(db: Path, guests: int, repeat: int) -> list[Result]:
    from benchmarks.bench_reports import in_process_report
    from guestbook.services.reports import default_period, report_on
    from guestbook.settings import Settings
    from guestbook.storage.migrate import upgrade

    settings, period = Settings(), default_period(TODAY)
    results = []
    with tempfile.TemporaryDirectory(dir=db.parent) as folder:
        copy = Path(folder) / db.name
        shutil.copyfile(db, copy)
        upgrade(copy)
        _spread_over_sites(copy, visits=True)
        for site, label in (("", "report, the whole group"), (SITES[0], "report of one site")):
            ours, floor = in_process_report(
                copy,
                repeat,
                partial(report_on, period=period, today=TODAY, settings=settings, site=site),
            )
            note = f"{len(SITES)} sites, a third of the visits and of the guests who came each"
            results.append(Result(label, guests, ours, floor, "—", None, notes=[note]))
    return results


SUITE = {"agenda-site": site_agenda_operation, "report-site": site_report_operation}
