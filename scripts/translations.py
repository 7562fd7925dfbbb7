"""Keep the French catalogue whole: every marked string of guestbook (and click's own texts,
which the CLI shows) extracted, merged into the French .po, compiled into the .mo the package
ships.

    python scripts/translations.py            # extract, update the .po, compile the .mo
    python scripts/translations.py --missing  # list the strings with no French yet

A string is marked with `_`, `N_`, `ngettext` or `pgettext` (guestbook/i18n.py). The .mo is
committed; tests/test_translations.py fails when a marked string has no French, or when the .mo
does not match the .po.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
from collections.abc import Iterable
from pathlib import Path

import click
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "guestbook"
LOCALE = PACKAGE / "locale"
PO = LOCALE / "fr" / "LC_MESSAGES" / "guestbook.po"
MO = PO.with_suffix(".mo")
KEYWORDS: dict[str, object] = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
# click marks its texts with gettext's `_` and `ngettext`.
CLICK_KEYWORDS: dict[str, object] = {"_": None, "ngettext": (1, 2)}


def _messages(
    folder: Path, keywords: dict[str, object], origin: str
) -> Iterable[tuple[object, ...]]:
    method_map = [("**.py", "python")]
    for filename, lineno, message, comments, context in extract_from_dir(
        str(folder),
        method_map=method_map,
        keywords=keywords,  # type: ignore[arg-type]
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        yield f"{origin}/{filename}", lineno, message, comments, context


def template() -> Catalog:
    """Every string to translate, from guestbook's source and click's."""
    catalog = Catalog(project="guestbook", domain="guestbook", charset="utf-8")
    sources = [
        (PACKAGE, KEYWORDS, "guestbook"),
        (Path(click.__file__).parent, CLICK_KEYWORDS, "click"),
    ]
    for folder, keywords, origin in sources:
        for filename, lineno, message, comments, context in _messages(folder, keywords, origin):
            catalog.add(
                message,  # type: ignore[arg-type]
                locations=[(str(filename), int(str(lineno)))],
                auto_comments=list(comments),  # type: ignore[call-overload]
                context=context,  # type: ignore[arg-type]
            )
    return catalog


def french() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="fr", domain="guestbook")


def updated() -> Catalog:
    """The French catalogue with every string of the template, translations kept; strings no
    longer in the source are dropped (obsolete entries are not kept)."""
    catalog = french() if PO.exists() else Catalog(locale="fr", domain="guestbook")
    catalog.update(template(), no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.project, catalog.version = "guestbook", "0.1.0"
    catalog.copyright_holder = "the guestbook authors"
    catalog.msgid_bugs_address = ""
    catalog.last_translator = catalog.language_team = "guestbook <guestbook@localhost>"
    # French plurals as every French speaker writes them: one form for 0 and 1, one for the
    # rest (CLDR's third form, for round millions, is not one a restaurant needs).
    # (Babel has no public setter: its private fields, set through vars() as Babel's own
    # reader does when it parses a Plural-Forms header.)
    vars(catalog).update(_num_plurals=2, _plural_expr="(n > 1)")
    catalog.fuzzy = False
    # A catalogue regenerated from the same source is the same file.
    catalog.creation_date = catalog.revision_date = dt.datetime(2026, 12, 6, tzinfo=dt.UTC)
    return catalog


def fill(catalog: Catalog, translations: dict[str, str | list[str]]) -> int:
    """Set the French of the strings `translations` names (msgid → French, or the list of
    plural forms; a context as "context\x04msgid"); returns how many were set."""
    count = 0
    for key, french_text in translations.items():
        context, _, message_id = key.rpartition("\x04")
        message = catalog.get(message_id, context or None)
        if message is None:
            continue
        message.string = tuple(french_text) if isinstance(french_text, list) else french_text
        message.flags.discard("fuzzy")
        count += 1
    return count


def compiled(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def missing(catalog: Catalog) -> list[str]:
    """The strings with no French (or a French marked fuzzy)."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            found.append(str(message.id))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--missing", action="store_true", help="list strings with no French")
    parser.add_argument(
        "--fill", type=Path, nargs="*", default=[], help="JSON files of msgid → French to set"
    )
    args = parser.parse_args()
    catalog = updated()
    for path in args.fill:
        print(f"{path}: {fill(catalog, json.loads(path.read_text(encoding='utf-8')))} set")
    if args.missing:
        for message_id in missing(catalog):
            print(message_id)
        return 0
    PO.parent.mkdir(parents=True, exist_ok=True)
    with PO.open("wb") as handle:
        write_po(handle, catalog, width=100, include_lineno=False)
    MO.write_bytes(compiled(french()))
    left = missing(french())
    print(f"{PO.relative_to(ROOT)}: {len(french())} strings, {len(left)} without French")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
