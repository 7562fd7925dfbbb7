"""Demo data for a group of restaurants (issue 19): at which site each table was, and each
guest's home site, so that a site's agenda and Reports have something to show.

Each guest who comes has a favourite site (a couple shares one); a table is at its first
guest's favourite most of the time, else at another site; the home site then follows from the
tables by the app's own rule (services.summaries.visits.home_site). The draws come from a
random.Random of their own, derived from the seed: the rest of the story is drawn exactly as
without sites, and a demo without sites draws nothing here."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

from guestbook.i18n import _, ngettext, number, quoted
from guestbook.services.summaries.visits import Seat, home_site
from guestbook.settings_checks import CHECKS, Wrong

if TYPE_CHECKING:
    from guestbook.demo.records import Guest
    from guestbook.demo.story import Chunk

MAX_SITES = 10  # a demo group: a few restaurants, their names on one line of the summary
FAVOURITE_SHARE = 0.85  # tables at their first guest's favourite site; the others elsewhere
FIRST_SITE_WEIGHT = 1.3  # the group's first restaurant draws a few more guests than the others


class SitesError(ValueError):
    """The list of sites cannot be a demo group's; the message says why."""


def site_names(names: Iterable[str], *, option: str = "--sites") -> tuple[str, ...]:
    """The sites' names as the `site` setting takes them (spaces trimmed, at most 40
    characters: settings_checks), 1 to MAX_SITES of them, none empty, no two alike (a
    difference of case only would be two sites to the app but one to the staff)."""
    sites: list[str] = []
    for given in names:
        try:
            # Named in full ("--sites: 'Le Comptoir…' must be at most 40 characters long").
            site = str(CHECKS["site"](f"{option}: {quoted(given.strip())}", given))
        except Wrong as wrong:
            raise SitesError(str(wrong)) from None
        if not site:
            raise SitesError(
                _("{option} holds an empty name: give each site a name, separated by commas")
                .format(option=option)
            )  # fmt: skip
        if site.casefold() in (known.casefold() for known in sites):
            raise SitesError(_("{option} names '{site}' twice").format(option=option, site=site))
        sites.append(site)
    if not sites:
        raise SitesError(_("{option} names no site").format(option=option))
    if len(sites) > MAX_SITES:
        raise SitesError(
            ngettext(
                "{option} names {count} sites; a demo group has at most {limit}",
                "{option} names {count} sites; a demo group has at most {limit}",
                len(sites),
            ).format(option=option, count=number(len(sites)), limit=MAX_SITES)
        )
    return tuple(sites)


class SitePlacer:
    """Places chunk after chunk of tables at the group's sites; one per demo."""

    def __init__(self, sites: tuple[str, ...], seed: int) -> None:
        self.sites = sites
        # A string seed is hashed by SHA-512, never by hash(): the same in a worker process.
        self.rng = random.Random(f"guestbook demo sites {seed}")
        weights = (FIRST_SITE_WEIGHT, *(1.0 for _ in sites[1:]))
        self.cumulative = list(itertools.accumulate(weights))
        self.others = {site: [other for other in sites if other != site] for site in sites}
        self._dates: dict[int, dt.date] = {}

    def place(self, chunk: Chunk) -> None:
        """Set each table's site and each guest's home site (those who never came keep '')."""
        favourite = self._favourites(chunk.units)
        rand = self.rng.random
        for table in chunk.tables:  # in time order: chunk._number sorted them
            site = favourite[table.members[0]]
            others = self.others[site]
            if others and rand() >= FAVOURITE_SHARE:
                site = others[int(rand() * len(others))]
            table.site = site
        for guest in chunk.guests:
            if guest.tables:
                guest.home_site = home_site(self._seats(guest))

    def _favourites(self, units: list[list[Guest]]) -> dict[Guest, str]:
        favourite: dict[Guest, str] = {}
        for unit in units:  # in the order the guests were met
            if any(member.tables for member in unit):
                site = self.rng.choices(self.sites, cum_weights=self.cumulative)[0]
                favourite.update(dict.fromkeys(unit, site))
        return favourite

    def _seats(self, guest: Guest) -> list[Seat]:
        """The guest's tables as home_site reads them (it reads their dates and sites only)."""
        dates = self._dates
        seats = []
        for day, table in guest.tables.items():
            date = dates.get(day)
            if date is None:
                date = dates[day] = dt.date.fromordinal(day)
            seats.append(Seat(date, None, table.party, 0, table.site))
        return seats
