"""Where a statement keeps one site's rows in a group of restaurants (issue 19, product.md
"Restaurant groups"): its guests, those whose home site it is, and its visits, those recorded
there. Statements are written once, for the whole group, with a slot (an SQL comment, so the
text as written runs unchanged) where a site's term goes; `for_site` fills the slots for a site
and binds it as :site. The whole group's statements are then the same text as before sites.

- A site's guests are those whose home site is the site, or who have none yet (they never came:
  every site's to call, and the shared call log shows who tried). The agenda's rule; the
  report reads the same guests (birthday calls, regulars at risk, consent, feedback).
- A site's visits are those recorded there. Visits from before the group named its sites ('')
  are no site's: only the whole group's figures count them.
- A site's referred guests are those whose first visit was there (a table on the day of the
  referral's first visit, recorded at the site).
"""

from __future__ import annotations

import re


def guests_slot(alias: str) -> str:
    """Where a statement takes a site's term on the guest `alias`: ANDed onto a WHERE."""
    return f" /* {alias} at site */"


def visits_slot(alias: str) -> str:
    """Where a statement takes a site's term on the visit `alias`: ANDed onto a WHERE."""
    return f" /* {alias} visited at site */"


def first_visit_slot(alias: str) -> str:
    """Where a statement takes a site's term on the referral `alias`: ANDed onto a WHERE."""
    return f" /* {alias} first came at site */"


_SLOT = re.compile(r" /\* (\w+) (at|visited at|first came at) site \*/")


def for_site(sql: str, site: str) -> str:
    """`sql` of `site`'s guests and visits, bound as :site; as written, the whole group's,
    when `site` is ''. The agenda's indexes hold home_site (migration 0011), so its guests'
    term is answered from them, and the subqueries of a SELECT run only for the rows kept."""
    if not site:
        return sql
    return _SLOT.sub(_term, sql)


def _term(slot: re.Match[str]) -> str:
    alias, which = slot[1], slot[2]
    if which == "at":
        return f" AND {alias}.home_site IN (:site, '')"
    if which == "visited at":
        return f" AND {alias}.site = :site"
    return f""" AND EXISTS (SELECT 1 FROM visit_guest fg JOIN visit f ON f.id = fg.visit_id
        WHERE fg.guest_id = {alias}.referred_id AND f.visited_on = {alias}.first_visit_on
          AND f.site = :site)"""
