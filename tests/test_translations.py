"""Every word a user can see exists in French: marked for the catalogue where it is written, and
translated in the catalogue the package ships."""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import translations  # noqa: E402  (scripts/translations.py: the catalogue's own tool)

PACKAGE = ROOT / "guestbook"


def test_every_marked_string_has_its_french() -> None:
    """Run `python scripts/translations.py` after marking a string, then translate it."""
    shipped = translations.french()
    template = translations.template()
    absent = [str(m.id) for m in template if m.id and shipped.get(m.id, m.context) is None]
    assert absent == []
    untranslated = [
        message_id
        for message_id in translations.missing(shipped)
        if template.get(message_id) is not None
    ]
    assert untranslated == []


def test_the_shipped_mo_is_the_po_compiled() -> None:
    assert translations.MO.read_bytes() == translations.compiled(translations.french())


# --- strings shown but never marked ---------------------------------------------------------

# Calls whose text a user sees, and which of their arguments hold it: positions, keywords.
SHOWN: dict[str, tuple[tuple[int, ...], tuple[str, ...]]] = {
    "notify": ((0,), ("title",)),
    "Static": ((0,), ()),
    "Label": ((0,), ()),
    "Button": ((0,), ()),
    "Checkbox": ((0,), ()),
    "Option": ((0,), ()),
    "Binding": ((2,), ("description",)),
    "SystemCommand": ((0, 1), ()),
    "AskText": ((0,), ("placeholder",)),
    "Confirm": ((0,), ("yes", "no")),
    "Input": ((), ("placeholder",)),
    "Select": ((), ("prompt",)),
    "add_columns": ((0, 1, 2, 3, 4, 5, 6, 7), ()),
    "echo": ((0,), ()),
    "confirm": ((0,), ()),
    "BadParameter": ((0,), ()),
    "UserError": ((0,), ()),
    "FieldErrors": ((0,), ()),
    "DateError": ((0,), ()),
    "BirthdayError": ((0,), ()),
    "ContactError": ((0,), ()),
    "ReferralError": ((0,), ()),
    "DemoError": ((0,), ()),
    "SettingsError": ((0,), ()),
    "BackupError": ((0,), ()),
    "Cancelled": ((0,), ()),
    "TerminalProgress": ((0,), ()),
    "option": ((), ("help",)),
    "group": ((), ("help",)),
    "command": ((), ("help",)),
}
MARKS = {"_", "N_", "ngettext", "pgettext"}


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _has_words(node: ast.expr) -> bool:
    """A literal holding a word (not an id, a key, a symbol or nothing)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Dict):
        return any(value is not None and _has_words(value) for value in node.values)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return any(char.isalpha() for char in node.value) and " " in node.value.strip()
    return False


def _unmarked(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _callee(node) not in SHOWN:
            continue
        positions, keywords = SHOWN[_callee(node)]
        shown = [arg for index, arg in enumerate(node.args) if index in positions]
        shown += [kw.value for kw in node.keywords if kw.arg in keywords]
        for arg in shown:
            if _has_words(arg):
                yield node.lineno, ast.unparse(arg)[:70]


SOURCES = [
    path
    for path in sorted(PACKAGE.rglob("*.py"))
    if "migrations" not in path.parts and path.name != "i18n.py"
]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(ROOT)))
def test_no_text_is_shown_without_its_translation(path: Path) -> None:
    """Text handed to a widget, a notification, an error or the terminal goes through `_` (or
    is marked with N_ where it is defined and translated where it is shown)."""
    found = list(_unmarked(ast.parse(path.read_text(encoding="utf-8"))))
    assert found == []
