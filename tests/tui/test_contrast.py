"""Every text colour of the app reads on what it is drawn on, in both themes (finding D27).

The check reads the themes' CSS variables as the running app has them, and every colour the
app's CSS gives text (app.tcss and every widget's, screen's and dialog's DEFAULT_CSS): a rule
that paints its own background is checked against it, any other against each background the
app paints (background, surface, panel, with the tint Textual adds to a focused list). The
contrast is WCAG 2's (guestbook.tui.themes.contrast_ratio), at least 4.5:1.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from textual.color import Color
from textual.theme import BUILTIN_THEMES, Theme

import guestbook.tui
from guestbook.bootstrap import Services, make_app
from guestbook.tui.app import DARK_THEME, LIGHT_THEME
from guestbook.tui.themes import DARK, LIGHT, MINIMUM_CONTRAST, contrast_ratio
from tests.pilot import press, wait_for_workers

TCSS = Path(guestbook.tui.__file__).with_name("app.tcss")
BACKGROUNDS = ("background", "surface", "panel")
LISTS_ON = ("background", "surface")  # lists and tables: never on a panel
# Textual's own widgets as the app shows them, where their CSS gives the colours (app.tcss
# overrides the faint ones: placeholders, inactive tabs, a select's prompt).
TEXTUAL_PAIRS = (
    ("$button-color-foreground", "$primary"),  # the dialogs' main button
    ("$button-color-foreground", "$error"),
    ("$button-foreground", "$surface"),  # the other buttons
    ("$foreground", "$panel"),  # the header
)
DIM_FACTOR = 0.66  # Textual's: dim text is blended this far from the background


@dataclass(frozen=True)
class Rule:
    """One block of CSS: where it comes from, its text colour, its own background if any."""

    where: str
    color: str
    backgrounds: tuple[str, ...]  # the block's own, then its parents' (the first not clear)


def _blocks(css: str, where: str) -> list[Rule]:
    """The blocks that set a text colour, with the background of the block or its parents."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules: list[Rule] = []
    stack: list[tuple[str, dict[str, str]]] = [("", {})]
    start = 0
    for match in re.finditer(r"[{};]", css):
        chunk = css[start : match.start()].strip()
        start = match.end()
        if match.group() == "{":
            stack.append((chunk.splitlines()[-1] if chunk else "", {}))
        elif match.group() == ";" and ":" in chunk:
            name, value = chunk.rsplit("\n", 1)[-1].split(":", 1)
            stack[-1][1][name.strip()] = value.strip()
        elif match.group() == "}":
            if ":" in chunk:  # a last declaration without its semicolon
                name, value = chunk.split(":", 1)
                stack[-1][1][name.strip()] = value.strip()
            selector, declarations = stack.pop()
            if "color" in declarations:
                rules.append(
                    Rule(
                        f"{where}: {selector}",
                        declarations["color"],
                        _background(stack, declarations),
                    )
                )
    return rules


def _background(parents: list[tuple[str, dict[str, str]]], own: dict[str, str]) -> tuple[str, ...]:
    """The backgrounds a block's text may be drawn on: its own, then its parents' (a clear
    one lets the next through); none: any of the app's."""
    chain = (own, *(declarations for _selector, declarations in reversed(parents)))
    return tuple(d["background"] for d in chain if "background" in d)


def css_rules() -> list[Rule]:
    """Every rule of the app's CSS that colours text."""
    rules = _blocks(TCSS.read_text(encoding="utf-8"), "app.tcss")
    for module_info in pkgutil.walk_packages(guestbook.tui.__path__, "guestbook.tui."):
        module = importlib.import_module(module_info.name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                for attribute in ("DEFAULT_CSS", "CSS"):
                    css = cls.__dict__.get(attribute)
                    if isinstance(css, str):
                        rules += _blocks(css, f"{module.__name__}.{name}")
    return rules


def resolve(value: str, variables: dict[str, str], background: Color) -> Color:
    """A CSS colour value ('$accent', '$foreground 50%', 'auto 87%', '#RRGGBBAA') as drawn on
    `background`."""
    return background + colour(value, variables, background)


def colour(value: str, variables: dict[str, str], background: Color) -> Color:
    """A CSS colour value, its transparency kept ('auto' is black or white, whichever reads
    on `background`)."""
    words = value.split()
    alpha = float(words[1].rstrip("%")) / 100 if len(words) > 1 else 1.0
    word = words[0]
    while word.startswith("$"):
        inner = variables[word[1:]].split()
        if len(inner) > 1:
            alpha *= float(inner[1].rstrip("%")) / 100
        word = inner[0]
    color = background.get_contrast_text(1.0) if word == "auto" else Color.parse(word)
    return color.multiply_alpha(alpha)


def backgrounds(variables: dict[str, str]) -> dict[str, Color]:
    """The backgrounds the app paints, and the lists' as Textual tints them when focused."""
    found: dict[str, Color] = {}
    foreground = Color.parse(variables["foreground"])
    for name in BACKGROUNDS:
        found[name] = Color.parse(variables["background"]) + Color.parse(variables[name])
    for name in LISTS_ON:
        found[f"{name} (focused)"] = found[name].tint(foreground.with_alpha(0.05))
    return found


def problems(variables: dict[str, str], rules: list[Rule]) -> list[str]:
    """Every text colour that does not read on a background it is drawn on."""
    found: list[str] = []
    screen = Color.parse(variables["background"])
    painted = backgrounds(variables)
    for rule in rules:
        if rule.color in ("auto", "transparent") or rule.color.startswith("ansi"):
            continue
        grounds = painted
        for value in rule.backgrounds:
            if colour(value, variables, screen).a > 0:
                grounds = {value: resolve(value, variables, screen)}
                break
        for ground_name, ground in grounds.items():
            text = resolve(rule.color, variables, ground)
            ratio = contrast_ratio(text, ground)
            if ratio < MINIMUM_CONTRAST:
                found.append(f"{rule.where}: {rule.color} on {ground_name}: {ratio:.2f}")
    # Text in Rich's "dim" style (the card's labels, the calendar's other months): Textual
    # blends it toward the background. (On a cursor row, guestbook.tui.widgets.hanging
    # undims it.)
    for ground_name, ground in painted.items():
        for name in ("$text", "$foreground"):  # a Static's, the header's
            dimmed = ground.blend(resolve(name, variables, ground), DIM_FACTOR)
            if (ratio := contrast_ratio(dimmed, ground)) < MINIMUM_CONTRAST:
                found.append(f"dim {name} on {ground_name}: {ratio:.2f}")
    for text_value, ground_value in TEXTUAL_PAIRS:
        drawn_on = resolve(ground_value, variables, screen)
        if (
            ratio := contrast_ratio(resolve(text_value, variables, drawn_on), drawn_on)
        ) < MINIMUM_CONTRAST:
            found.append(f"Textual's {text_value} on {ground_value}: {ratio:.2f}")
    return found


def theme_variables(theme: Theme) -> dict[str, str]:
    return theme.to_color_system().generate()


def test_the_css_parser_finds_the_app_s_text_colours() -> None:
    """The check below is only as good as what it reads: the group headings, the left-out
    line, the key bar's keys and the cursor row are among the rules it found."""
    found = {(rule.color, rule.backgrounds[:2]) for rule in css_rules()}
    assert ("$accent", ()) in found
    assert ("$warning", ()) in found
    assert ("$footer-key-foreground", ("$footer-key-background", "$footer-background")) in found
    assert any(
        color == "$block-cursor-foreground" and grounds[:1] == ("$block-cursor-background",)
        for color, grounds in found
    )


def test_textual_s_light_theme_fails_the_check() -> None:
    """D27 as found: Textual's light theme draws the orange headings on light grey."""
    found = problems(theme_variables(BUILTIN_THEMES["textual-light"]), css_rules())
    assert any("$accent on background" in problem for problem in found)
    assert any("$warning on background" in problem for problem in found)


@pytest.mark.parametrize("theme", [DARK, LIGHT], ids=lambda theme: theme.name)
def test_every_text_colour_reads_on_its_background(theme: Theme) -> None:
    assert problems(theme_variables(theme), css_rules()) == []


async def test_the_app_shows_the_checked_themes(services: Services) -> None:
    """The app starts dark, ctrl+t gives the light theme: both are the themes checked above,
    their variables as the running app has them."""
    app = make_app(services)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_workers(pilot)
        assert app.theme == DARK_THEME == DARK.name
        dark = app.get_css_variables()
        await press(pilot, "ctrl+t")
        assert app.theme == LIGHT_THEME == LIGHT.name
        light = app.get_css_variables()
    rules = css_rules()
    assert problems(dark, rules) == []
    assert problems(light, rules) == []
