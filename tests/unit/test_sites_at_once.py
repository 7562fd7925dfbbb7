"""Two sites' terminals writing to one PostgreSQL database at once (issue 19): every checkout
lands, the shared guest's summary counts them all, and nobody is shown an error. Needs a server
(tests/postgresql_server.py): skipped, and said, without."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator

import pytest

from guestbook.bootstrap import make_server_services
from guestbook.clock import FixedClock
from guestbook.services.context import Services
from guestbook.settings import Settings, with_site
from tests.builders import add_guest, add_visit
from tests.conftest import TODAY
from tests.database import query

pytestmark = pytest.mark.postgresql

CHECKOUTS = 12  # per terminal


@pytest.fixture
def terminals(postgresql_url: str) -> Iterator[tuple[Services, Services]]:
    opened = tuple(
        make_server_services(postgresql_url, FixedClock(TODAY), with_site(Settings(), site))
        for site in ("Bastille", "Oberkampf")
    )
    yield opened[0], opened[1]
    for services in opened:
        services.close()


def test_checkouts_of_one_guest_at_two_sites_at_once_all_land(
    terminals: tuple[Services, Services],
) -> None:
    bastille, oberkampf = terminals
    shared = add_guest(bastille, "Anne", "Partout")
    own = [add_guest(bastille, "Bruno", "Bastille"), add_guest(oberkampf, "Chloé", "Oberkampf")]
    start = threading.Barrier(2, timeout=30)
    failures: list[BaseException] = []

    def checkouts(terminal: Services, guest: int) -> None:
        start.wait()
        try:
            for day in range(CHECKOUTS):
                on = TODAY - dt.timedelta(days=CHECKOUTS - day)
                add_visit(terminal, on, shared, guest, party_size=2, spend_cents=5_000)
        except BaseException as error:  # reported below: a user would have seen it
            failures.append(error)

    threads = [
        threading.Thread(target=checkouts, args=pair) for pair in zip(terminals, own, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    by_site = query(bastille, "SELECT site, count(*) FROM visit GROUP BY site ORDER BY site")
    assert by_site == [("Bastille", CHECKOUTS), ("Oberkampf", CHECKOUTS)]
    ((count, spend, home),) = query(
        bastille, "SELECT visit_count, spend_cents, home_site FROM guest WHERE id = ?", shared
    )
    # Her summary counts every table of both sites: 24 visits, half of each 50.00 € table.
    assert (count, spend) == (2 * CHECKOUTS, 2 * CHECKOUTS * 2_500)
    assert home in ("Bastille", "Oberkampf")  # as often at each: the site of her latest visit
    for terminal, guest in zip(terminals, own, strict=True):
        assert query(terminal, "SELECT visit_count FROM guest WHERE id = ?", guest) == [
            (CHECKOUTS,)
        ]
