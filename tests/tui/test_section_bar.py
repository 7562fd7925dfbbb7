"""The row of sections fits every width and never loses the keys that work everywhere (D21:
at 80 columns it was cut at "(F2–F6", F7, F8 and ? gone)."""

from __future__ import annotations

import pytest

from guestbook.i18n import _
from guestbook.tui.sections import SECTIONS
from guestbook.tui.widgets.section_bar import section_line

ALWAYS = ("F7", "F8", "?")


def check_fits(width: int) -> str:
    for section in SECTIONS:
        line = section_line(section.mode, width).plain
        assert len(line) <= width, (width, line)
        assert f" {section.key} {_(section.title)} " in line  # the current one, whole
        for key in ALWAYS:
            assert key in line.split(), (width, line)
    return section_line("agenda", width).plain


def titles_tell_apart(line: str) -> bool:
    """Whether the other sections' titles, as cut in `line`, all differ."""
    titles = [part for part in line.split() if part.endswith("…") or part.isalpha()]
    return len(set(titles)) == len(titles)


@pytest.mark.parametrize("width", range(60, 161, 4))
def test_every_width_keeps_the_current_section_and_the_global_keys(width: int) -> None:
    check_fits(width)


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize("width", [100, 118])
def test_in_french_too(width: int) -> None:
    line = check_fits(width)
    assert "F8 import" in line and "? aide" in line


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize("width", [78, 80])
def test_cut_titles_still_tell_the_sections_apart(width: int) -> None:
    """At 80 columns French read "2 C… 3 C… 4 C…" for Clients, Caisse and Calendrier (a
    user walk): the hints' words go before the titles are cut that short."""
    line = check_fits(width)
    assert "2 Clie" in line and "3 Cais" in line and "4 Cale" in line
    assert line.endswith("F7 F8 ?") and titles_tell_apart(line)


def test_settings_are_named_where_there_is_room_and_dropped_first() -> None:
    # 120 columns: with seven sections the titles close up and F9 stays; at 118 it gives way
    assert "F9 settings" in section_line("agenda", 120).plain
    assert "F9" not in section_line("agenda", 118).plain
    narrow = section_line("agenda", 96).plain
    assert "F9" not in narrow
    assert "F7 export" in narrow and "? help" in narrow
