"""A demo group of restaurants (issue 19): `generate_demo(sites=…)` places every table at one
of the sites and gives each guest the home site the app's own rule gives them; everything
else is the demo of the same seed without sites, row for row, and that demo is the one it
always was."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from guestbook.demo import generate as demo
from guestbook.demo.generate import DemoError, generate_demo
from guestbook.demo.rows import COLUMNS
from guestbook.services.summaries.visits import home_site, seats_of
from tests.unit.demo.helpers import SETTINGS, TODAY, new_engine, rows

SITES = ("Bastille", "Marais", "Oberkampf")
GUESTS = 300
SEED = 5
# The only columns the sites change.
SITE_COLUMNS = {"visit": "site", "guest": "home_site", "call_attempt": "site"}

Tables = dict[str, list[tuple[object, ...]]]


def every_row(engine: Engine) -> Tables:
    """Every table the demo writes, each row in full (its columns in COLUMNS order), in the
    order they are stored."""
    return {
        table: rows(engine, f"SELECT {', '.join(columns)} FROM {table} ORDER BY rowid")
        for table, columns in COLUMNS.items()
    }


def made(path: Path, guests: int = GUESTS, sites: tuple[str, ...] | None = None) -> Engine:
    """The demo of SEED in a new file; without the `sites` parameter at all when None."""
    engine = new_engine(path)
    if sites is None:
        generate_demo(engine, today=TODAY, settings=SETTINGS, guests=guests, seed=SEED)
    else:
        generate_demo(engine, today=TODAY, settings=SETTINGS, guests=guests, seed=SEED, sites=sites)
    return engine


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Engine]]:
    """The same seed's demo: without the parameter, with no sites, and over three sites."""
    folder = tmp_path_factory.mktemp("demo_sites")
    engines = {
        "before": made(folder / "before.db"),
        "none": made(folder / "none.db", sites=()),
        "group": made(folder / "group.db", sites=SITES),
    }
    yield engines
    for engine in engines.values():
        engine.dispose()


def test_without_sites_the_demo_is_the_one_it_was(demos: dict[str, Engine]) -> None:
    before = every_row(demos["before"])
    assert before["visit"] and before["call_attempt"]
    assert every_row(demos["none"]) == before
    for table, column in SITE_COLUMNS.items():
        index = COLUMNS[table].index(column)
        assert {row[index] for row in before[table]} == {""}, table


def test_the_sites_change_nothing_but_the_sites(demos: dict[str, Engine]) -> None:
    """The sites are drawn apart from the story: the same guests, visits, calls and rewards."""
    before, group = every_row(demos["before"]), every_row(demos["group"])
    for table, columns in COLUMNS.items():
        kept = [i for i, column in enumerate(columns) if SITE_COLUMNS.get(table) != column]
        assert [[row[i] for i in kept] for row in group[table]] == [
            [row[i] for i in kept] for row in before[table]
        ], table


def test_every_visit_is_at_one_of_the_sites(demos: dict[str, Engine]) -> None:
    sites = Counter(site for (site,) in rows(demos["group"], "SELECT site FROM visit"))
    assert set(sites) == set(SITES)


def test_home_sites_are_the_apps_rule_on_the_seats_read_back(demos: dict[str, Engine]) -> None:
    """Each guest's home site is what services.summaries gives for their tables in the
    database; those who never came have none."""
    engine = demos["group"]
    guests = rows(engine, "SELECT id, home_site, visit_count FROM guest ORDER BY id")
    with engine.connect() as connection:
        for guest_id, home, visits in guests:
            assert isinstance(guest_id, int)
            seats = seats_of(connection, guest_id)
            assert len(seats) == visits
            assert home == home_site(seats), guest_id
            assert (home in SITES) if visits else (home == "")
    assert any(visits == 0 for _, _, visits in guests)  # the rule for them is tried too


def test_calls_are_made_from_the_home_site_or_the_first(demos: dict[str, Engine]) -> None:
    calls = rows(
        demos["group"],
        "SELECT c.site, g.home_site FROM call_attempt c JOIN guest g ON g.id = c.guest_id",
    )
    assert calls
    assert all(site == (home or SITES[0]) for site, home in calls)


def test_the_sites_get_roughly_even_shares(demos: dict[str, Engine]) -> None:
    """Each site is home to a fair share of the guests who came (the first a bit more), and
    most tables are at their first guest's home site: a group where guests have their
    restaurant, and sometimes go to another."""
    engine = demos["group"]
    homes = Counter(
        home for (home,) in rows(engine, "SELECT home_site FROM guest WHERE visit_count > 0")
    )
    came = sum(homes.values())
    assert set(homes) == set(SITES)
    assert all(0.2 <= count / came <= 0.5 for count in homes.values()), homes
    assert homes[SITES[0]] / came > 0.3
    at_home = rows(
        engine,
        "SELECT avg(v.site = g.home_site) FROM visit v "
        "JOIN visit_guest vg ON vg.id = (SELECT min(id) FROM visit_guest WHERE visit_id = v.id) "
        "JOIN guest g ON g.id = vg.guest_id",
    )[0][0]
    assert isinstance(at_home, float) and 0.75 <= at_home < 1.0


def test_one_site_holds_every_visit(tmp_path: Path) -> None:
    engine = made(tmp_path / "one.db", guests=60, sites=(" Bastille ",))
    try:
        assert set(rows(engine, "SELECT DISTINCT site FROM visit")) == {("Bastille",)}
        assert set(rows(engine, "SELECT DISTINCT site FROM call_attempt")) <= {("Bastille",)}
        homes = set(rows(engine, "SELECT visit_count > 0, home_site FROM guest"))
        assert homes <= {(1, "Bastille"), (0, "")} and (1, "Bastille") in homes
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("sites", "message"),
    [
        (("Bastille", "  "), "sites holds an empty name"),
        (("Bastille", "BASTILLE"), "sites names 'BASTILLE' twice"),
        (
            tuple(f"Site {n}" for n in range(11)),
            "sites names 11 sites; a demo group has at most 10",
        ),
        (("x" * 41,), "must be at most 40 characters long, got 41"),
    ],
)
def test_sites_a_group_cannot_have_are_refused(
    tmp_path: Path, sites: tuple[str, ...], message: str
) -> None:
    engine = new_engine(tmp_path / "refused.db")
    try:
        with pytest.raises(DemoError, match=message):
            generate_demo(engine, today=TODAY, settings=SETTINGS, guests=10, sites=sites)
        assert rows(engine, "SELECT count(*) FROM guest") == [(0,)]
    finally:
        engine.dispose()


def test_a_worker_process_places_the_same_tables(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sites go to the worker process in the Plan; its own random draws, from the seed,
    are the same there, chunk after chunk."""
    monkeypatch.setattr(demo, "CHUNK_GUESTS", 100)  # chunks of 25 (a quarter), 100, 100, 75
    found = {}
    for name, worker_from in (("here", 10**9), ("worker", 0)):
        monkeypatch.setattr(demo, "WORKER_MIN_GUESTS", worker_from)
        engine = made(tmp_path / f"{name}.db", guests=GUESTS, sites=SITES)
        found[name] = every_row(engine)
        engine.dispose()
    assert found["here"] == found["worker"]
    assert {row[-1] for row in found["worker"]["visit"]} == set(SITES)
