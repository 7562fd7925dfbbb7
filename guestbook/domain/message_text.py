"""A message's text (shared/product.md, "Messages" → "Text"): the placeholders staff may write,
the check that runs before anything is sent, the text each guest receives, and the endings the
law asks of relational messages.

Placeholders are `{first_name}`, `{last_name}`, `{restaurant}` and `{last_visit}`. A brace
meant as a brace is written twice, `{{` or `}}`, as in Python's format strings. The values
come ready to print: the last visit is a date the caller has already written in the
interface's language, since the rules here speak no language of dates.

A guest may have no first name (or no visit yet). An empty value drops its placeholder and the
spaces before it when a space, a comma, a full stop or the end of the line follows, and the
spaces after it at the start of a line: "Bonjour {first_name}, …" → "Bonjour, …",
"Bonjour {first_name} !" → "Bonjour !", "{first_name} {last_name}" → "Dupont". The rest of the
text is left exactly as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from guestbook.domain.sms_text import SmsCount, count
from guestbook.i18n import N_, _

PLACEHOLDERS: tuple[str, ...] = ("first_name", "last_name", "restaurant", "last_visit")
# What each stands for, shown next to the composer (through `_`).
PLACEHOLDER_LABELS: dict[str, str] = {
    "first_name": N_("the guest's first name"),
    "last_name": N_("the guest's last name"),
    "restaurant": N_("the restaurant's name"),
    "last_visit": N_("the date of the guest's last visit"),
}

ProblemKind = Literal["unknown", "unclosed", "unopened", "not_text"]

# In order: a doubled brace, a placeholder, a brace left open, a brace closing nothing.
_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\{|\}")
# Half of a UTF-16 pair on its own: no character. A terminal hands one over for a byte it
# could not decode; no database, mail or SMS gateway takes it.
_NOT_TEXT = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Problem:
    kind: ProblemKind
    position: int  # of the offending brace, counted in characters from 0
    name: str = ""  # the unknown placeholder's name, as written

    @property
    def message(self) -> str:
        """What is wrong, in the user's language (positions counted from 1, as people do)."""
        if self.kind == "unknown":
            return _(
                "unknown placeholder {{{name}}} at character {position}: use one of {known}"
            ).format(
                name=self.name,
                position=self.position + 1,
                known=", ".join(f"{{{key}}}" for key in PLACEHOLDERS),
            )
        if self.kind == "not_text":
            return _(
                "character {position} is not a character (a stray byte from the terminal?): "
                "delete it and type it again"
            ).format(position=self.position + 1)
        if self.kind == "unclosed":
            return _(
                "the brace at character {position} is never closed (to write a brace, type "
                "it twice: {{{{)"
            ).format(position=self.position + 1)
        return _(
            "the brace at character {position} closes nothing (to write a brace, type it "
            "twice: }}}})"
        ).format(position=self.position + 1)


class TemplateError(ValueError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(problem.message for problem in problems))
        self.problems = problems


def check(template: str) -> list[Problem]:
    """Every problem in the template, in the order they appear; empty when it can be sent."""
    problems = []
    for match in _TOKEN.finditer(template):
        token, name = match.group(), match.group(1)
        if name is not None and name not in PLACEHOLDERS:
            problems.append(Problem("unknown", match.start(), name))
        elif token == "{":
            problems.append(Problem("unclosed", match.start()))
        elif token == "}":
            problems.append(Problem("unopened", match.start()))
    problems += [Problem("not_text", found.start()) for found in _NOT_TEXT.finditer(template)]
    return sorted(problems, key=lambda problem: problem.position)


@dataclass(frozen=True)
class Values:
    """One guest's values, ready to print."""

    first_name: str
    last_name: str
    restaurant: str
    last_visit: str = ""  # written by the caller in the interface's language; "" if none


def render(template: str, values: Values) -> str:
    """The template with each placeholder replaced by its value (see the module's note on
    empty values). Raises TemplateError when `check` finds problems."""
    problems = check(template)
    if problems:
        raise TemplateError(problems)
    parts: list[str] = []
    position = 0
    for match in _TOKEN.finditer(template):
        parts.append(template[position : match.start()])
        position = match.end()
        name = match.group(1)
        if name is None:
            parts.append(match.group()[0])  # a doubled brace is one brace
            continue
        value = " ".join(getattr(values, name).split())  # a value is one line
        if value:
            parts.append(value)
        else:
            position = _drop_empty(parts, template, position)
    parts.append(template[position:])
    return "".join(parts)


def _drop_empty(parts: list[str], template: str, after: int) -> int:
    """Tidy around a placeholder that came out empty; returns where the template resumes."""
    written = "".join(parts)
    rest = template[after:]
    line_start = written == "" or written.endswith("\n")
    if not rest or rest[0] in " \t,.\n\r":
        stripped = written.rstrip(" \t")
        line_start = stripped == "" or stripped.endswith("\n")
        parts[:] = [stripped]
    if line_start:
        after += len(rest) - len(rest.lstrip(" \t"))
    return after


# --- the endings of relational messages -------------------------------------------------------


def with_sms_stop(body: str, sms_stop: str) -> str:
    """A relational SMS with its opt-out mention (the `sms_stop` setting, e.g. "STOP au 36111")
    on its own last line; a body already ending with it is left as it is. Raises ValueError
    when the mention is empty: no relational SMS may go without one."""
    mention = " ".join(sms_stop.split())
    if not mention:
        raise ValueError("a relational SMS needs the opt-out mention (setting sms_stop)")
    text = body.rstrip()
    if text.casefold().endswith(mention.casefold()):
        return text
    return f"{text}\n{mention}" if text else mention


def count_relational_sms(body: str, sms_stop: str) -> SmsCount:
    """The SMS as it will be sent and billed: the body and its opt-out mention."""
    return count(with_sms_stop(body, sms_stop))


UNSUBSCRIBE_WITH_LINK = N_(
    "You receive this email because you agreed to hear from {restaurant}. "
    "To receive no more: {link}"
)
UNSUBSCRIBE_BY_REPLY = N_(
    "You receive this email because you agreed to hear from {restaurant}. "
    "To receive no more, simply reply to this email saying so."
)


def unsubscribe_line(restaurant: str, link: str = "") -> str:
    """The line that ends every relational email, in the user's language: with the
    unsubscribe link when there is one (the one in the List-Unsubscribe header), else asking
    for a reply."""
    if link:
        return _(UNSUBSCRIBE_WITH_LINK).format(restaurant=restaurant, link=link)
    return _(UNSUBSCRIBE_BY_REPLY).format(restaurant=restaurant)


def with_unsubscribe(body: str, line: str) -> str:
    """A relational email's body with its unsubscribe line at the end, after a blank line."""
    return f"{body.rstrip()}\n\n{line}"
