"""The visits import's sentences that both the CLI (`guestbook import-visits`) and the import
dialog say: written once, here, outside the visits_import package (whose first import brings
SQLAlchemy in, which `guestbook --help` must not load)."""

from __future__ import annotations

from guestbook.i18n import ngettext, number


def rewards_due(count: int) -> str:
    return ngettext(
        "{count} referred guest came for the first time: their sponsor's reward and "
        "thank-you call are due.",
        "{count} referred guests came for the first time: their sponsors' rewards and "
        "thank-you calls are due.",
        count,
    ).format(count=number(count))


def undone_lines(file_name: str, visits: int, sponsor_rewards: int) -> list[str]:
    """What undoing a visits import did."""
    lines = [
        ngettext(
            "Undid the visits import of {file}: {count} visit removed.",
            "Undid the visits import of {file}: {count} visits removed.",
            visits,
        ).format(file=file_name, count=number(visits))
    ]
    if sponsor_rewards:
        lines.append(
            ngettext(
                "{count} sponsor reward it had earned is withdrawn.",
                "{count} sponsor rewards it had earned are withdrawn.",
                sponsor_rewards,
            ).format(count=number(sponsor_rewards))
        )
    return lines
