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
            assert f"{key} " in line, (width, line)
    return section_line("agenda", width).plain


@pytest.mark.parametrize("width", range(60, 161, 4))
def test_every_width_keeps_the_current_section_and_the_global_keys(width: int) -> None:
    check_fits(width)


@pytest.mark.usefixtures("french")
@pytest.mark.parametrize("width", [78, 80, 100, 118])
def test_in_french_too(width: int) -> None:
    line = check_fits(width)
    assert "F8 import" in line and "? aide" in line


def test_settings_are_named_where_there_is_room_and_dropped_first() -> None:
    # 120 columns: with seven sections the titles close up and F9 stays; at 118 it gives way
    assert "F9 settings" in section_line("agenda", 120).plain
    assert "F9" not in section_line("agenda", 118).plain
    narrow = section_line("agenda", 78).plain
    assert "F9" not in narrow
    assert "F7 export" in narrow and "? help" in narrow
