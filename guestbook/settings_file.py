"""Writing the settings file (the settings screen's ctrl+s).

Only the values that changed are written, into the file as it is: its comments, its order, its
layout and the settings the screen does not show are kept (tomlkit round-trips TOML with its
comments; Python's tomllib only reads). What would be written is checked first as the loader
checks the file (guestbook.settings.settings_from): on any problem nothing is written. The file
is written whole under a temporary name, 0600, then renamed over the old one (its folder made,
0700, if missing), so a reader never sees half a file.
"""

from __future__ import annotations

import contextlib
import copy
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit import TOMLDocument
from tomlkit.items import Comment, Table

from guestbook.i18n import _
from guestbook.paths import create_private_file, make_private_folder
from guestbook.settings import Settings, SettingsError, read_table, settings_from
from guestbook.settings_messages import MESSAGE_CHECKS, SECTIONS

# The messages' settings the screen edits, by their dotted keys ("smtp.port", "sms_stop"): every
# key settings_messages reads, in its order. The secrets are not among them: they never are in
# the file.
MESSAGE_KEYS: tuple[str, ...] = (
    *(f"{section}.{key}" for section, (_cls, keys) in SECTIONS.items() for key in keys),
    *MESSAGE_CHECKS,
)


@dataclass(frozen=True)
class SettingsEdit:
    """The values the settings screen shows, as the user left them."""

    restaurant_name: str
    language: str  # "fr", "en", or "" for the system's
    phone_region: str
    lead_days: object  # a whole number when typed as one, else the text typed (then refused)
    consent_wordings: Mapping[str, str]  # channel → wording; empty: the default one
    reward_labels: Mapping[str, str]  # kind → label; empty: the default one
    channel_order: tuple[str, ...]
    # Dotted key (MESSAGE_KEYS) → value; a port as a whole number when typed as one, else as
    # the text typed (then refused); empty text: the default. Keys left out are not changed.
    messages: Mapping[str, object] = field(default_factory=dict)
    site: str = ""  # this terminal's restaurant in a group; empty: none


def message_value(settings: Settings, key: str) -> object:
    """The value in use for a dotted messages key: settings.smtp.from_address for "smtp.from"."""
    section, _dot, name = key.rpartition(".")
    if not section:
        return getattr(settings, name)
    return getattr(getattr(settings, section), SECTIONS[section][1][name][0])


def edit_of(settings: Settings, document: Mapping[str, Any]) -> SettingsEdit:
    """What the screen shows first: the values in use; a wording or a label only when the
    file sets one (empty otherwise: the default, shown in the language of the screen)."""
    rewards = _table(document, "rewards")
    return SettingsEdit(
        restaurant_name=settings.restaurant_name,
        site=settings.site,
        language=settings.language,
        phone_region=settings.phone_region,
        lead_days=settings.lead_days,
        consent_wordings={
            channel: _text(_table(document, "consent_wordings"), channel)
            for channel in settings.consent_wordings
        },
        reward_labels={kind: _text(_table(rewards, kind), "label") for kind in settings.rewards},
        channel_order=settings.channel_order,
        messages={key: message_value(settings, key) for key in MESSAGE_KEYS},
    )


def changed_since(edit: SettingsEdit, since: SettingsEdit, now: SettingsEdit) -> SettingsEdit:
    """`edit` where it differs from `since`, `now` (the file's values) elsewhere: value by
    value, down to each wording, label and messages key."""

    def merged(name: str) -> object:
        typed, shown, current = (getattr(each, name) for each in (edit, since, now))
        if isinstance(typed, Mapping):
            return {
                key: value if value != shown.get(key) else current.get(key, value)
                for key, value in typed.items()
            }
        return typed if typed != shown else current

    values: dict[str, Any] = {name: merged(name) for name in SettingsEdit.__dataclass_fields__}
    return SettingsEdit(**values)


def _table(table: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    inner = table.get(key)
    return inner if isinstance(inner, Mapping) else {}


def _text(table: Mapping[str, Any], key: str) -> str:
    text = table.get(key)
    return str(text) if isinstance(text, str) else ""


def read_document(path: Path) -> TOMLDocument:
    """The settings file as tomlkit reads it (comments and layout kept); an empty document
    when there is no file. A file that cannot be read is refused as the loader refuses it."""
    if not path.exists():
        return tomlkit.document()
    read_table(path)  # the loader's own reading: the same messages for a broken file
    try:
        # Bytes decoded, not text read: the file's line endings stay as they are.
        return tomlkit.parse(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, tomlkit.exceptions.ParseError) as error:
        raise SettingsError(
            _("cannot read settings file {path}: {error}").format(path=path, error=error)
        ) from None


def edited(document: TOMLDocument, edit: SettingsEdit) -> TOMLDocument:
    """A copy of `document` with what `edit` changes, and nothing else changed."""
    new = copy.deepcopy(document)
    defaults = Settings()
    _set(new, "restaurant_name", edit.restaurant_name, defaults.restaurant_name)
    _set_text(new, (), "site", edit.site)
    if edit.language:
        _set(new, "language", edit.language, defaults.language)
    elif "language" in new:
        del new["language"]  # the system's language
    _set(new, "phone_region", edit.phone_region, defaults.phone_region)
    _set(new, "lead_days", edit.lead_days, defaults.lead_days)
    _set(new, "channel_order", list(edit.channel_order), list(defaults.channel_order))
    for channel, text in edit.consent_wordings.items():
        _set_text(new, ("consent_wordings",), channel, text)
    for kind, label in edit.reward_labels.items():
        _set_text(new, ("rewards", kind), "label", label)
    for key, value in edit.messages.items():
        section, _dot, name = key.rpartition(".")
        path = (section,) if section else ()
        _set_text(new, path, name, value, message_value(defaults, key))
    return new


def _set(table: TOMLDocument | Table, key: str, value: object, default: object) -> None:
    """Set `key` if its value changes: a value equal to the default is not added to a file
    that does not name it, and a value the file already holds is left as written."""
    current = table.get(key, default)
    unwrap = getattr(current, "unwrap", None)
    if (unwrap() if callable(unwrap) else current) != value:
        table[key] = value


def _set_text(
    document: TOMLDocument, path: tuple[str, ...], key: str, value: object, default: object = ""
) -> None:
    """A value in the table at `path` (made if need be); an empty text removes the key: the
    default is used (for a wording or a label, in the language shown). Text on several lines
    (an address) is written as TOML's multi-line string, as the owner would write it."""
    if isinstance(value, str):
        value = value.strip()
        empty = not value
    else:
        empty = False
    tables: list[Any] = [document]  # from the document down to the table holding `key`
    for name in path:
        inner = tables[-1].get(name)
        if inner is None:
            if empty or value == default:
                return  # nothing to remove or to change, no table to make
            tables[-1][name] = tomlkit.table(is_super_table=name == "rewards" and len(path) > 1)
            inner = tables[-1][name]
        if not isinstance(inner, Mapping):
            return  # not a table: the checks say so, naming it
        tables.append(inner)
    if not empty:
        if isinstance(value, str) and "\n" in value:
            value = tomlkit.string(value, multiline=True)
        _set(tables[-1], key, value, default)
    elif key in tables[-1]:
        del tables[-1][key]
        # Tables left empty go too, unless they hold a comment of the owner's.
        for name, parent, table in reversed(list(zip(path, tables[:-1], tables[1:], strict=True))):
            if len(table) or _has_comment(table):
                break
            del parent[name]


def _has_comment(table: Any) -> bool:
    if not isinstance(table, Table):
        return False  # an inline table: a comment after it belongs to its key
    inside = any(isinstance(item, Comment) for _key, item in table.value.body)
    return inside or bool(table.trivia.comment)


def save_settings(
    path: Path,
    edit: SettingsEdit,
    names: Mapping[str, str],
    *,
    since: SettingsEdit | None = None,
) -> Settings:
    """Write `edit` into the settings file at `path`; the settings the file now gives.
    SettingsError, with each problem by its key (named in `names`), when the file would not
    be valid: then nothing is written. With `since` (what the screen showed first), only the
    values changed from it are written: a setting changed by hand in the file meanwhile, and
    left alone on the screen, keeps the file's value."""
    document = read_document(path)
    if since is not None:
        edit = changed_since(
            edit, since, edit_of(settings_from(document.unwrap(), names), document)
        )
    document = edited(document, edit)
    settings = settings_from(document.unwrap(), names)
    write_private_text(path, tomlkit.dumps(document))
    return settings


def write_private_text(path: Path, text: str) -> None:
    """`text` written to `path` whole or not at all, the file 0600 (its folder made, 0700,
    if missing)."""
    try:
        make_private_folder(path.parent)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.partial")
        create_private_file(temporary)  # never through a link planted there
    except OSError as error:
        raise SettingsError(
            _("cannot write settings file {path}: {error}").format(
                path=path, error=error.strerror or error
            )
        ) from None
    try:
        fd = os.open(temporary, os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise SettingsError(
            _("cannot write settings file {path}: {error}").format(
                path=path, error=error.strerror or error
            )
        ) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    _sync_folder(path.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX: fsync the folder); nothing to do elsewhere."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
