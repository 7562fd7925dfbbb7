"""sqlite3's parameters in psycopg's words (issue 19), so one statement serves both engines.

guestbook's raw statements mark their values as sqlite3 does: `?`, `?NNN` (numbered; a bare `?`
after one takes the next number, as SQLite counts) and `:name`. psycopg marks them `%s` and
`%(name)s`, and reads every other `%` as the start of one. A statement is translated once
(cached): positional values become named ones (`%(p1)s`, `%(p2)s`…), so a numbered value may
be used twice as SQLite allows (a bare `?` is one more than the largest number before it); every `%` of the text is doubled; text between quotes and
PostgreSQL's `::` casts are left as they are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

# A quoted text or name (kept whole), a cast, a numbered or bare `?`, a `:name`, a `%`.
_TOKEN = re.compile(r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|::|\?(\d*)|:([A-Za-z_]\w*)|%""")


class Translated(NamedTuple):
    sql: str
    marked: bool  # whether it takes values at all (else psycopg must get none, `%` as it is)


@functools.lru_cache(maxsize=1024)
def translated(sql: str) -> Translated:
    parts: list[str] = []
    last = largest = 0
    marked = False
    for match in _TOKEN.finditer(sql):
        parts.append(sql[last : match.start()])
        last = match.end()
        token, number, name = match.group(0), match.group(1), match.group(2)
        if token.startswith("?"):
            position = int(number) if number else largest + 1
            largest = max(largest, position)
            parts.append(f"%(p{position})s")
            marked = True
        elif name is not None:
            parts.append(f"%({name})s")
            marked = True
        else:
            parts.append(token.replace("%", "%%"))
    parts.append(sql[last:])
    if not marked:
        return Translated(sql, False)
    return Translated("".join(parts), True)


def named_values(
    statement: Translated, parameters: Sequence[Any] | Mapping[str, Any]
) -> Mapping[str, Any] | None:
    """The values of `parameters` as psycopg reads them for `statement`."""
    if not statement.marked:
        return None
    if isinstance(parameters, Mapping):
        return parameters
    return {f"p{number}": value for number, value in enumerate(parameters, start=1)}
