"""Settings: a TOML file in the platformdirs config directory; every value has a default.

Every mistake in the file is told in words, per key and all at once, in the language shown
("lead_days must be a whole number of days between 0 and 60, got 'sept'"), never as a Python
message. The settings screen checks what it would write with the same function
(`settings_from`), naming the fields by their labels; guestbook.settings_file writes the file.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Collection, Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from guestbook.domain.birthdays import Feb29Rule as Feb29Rule  # its home is domain.birthdays
from guestbook.domain.channels import CHANNELS as CHANNELS  # its home is domain.channels
from guestbook.domain.channels import REGISTRY
from guestbook.domain.rewards import RewardKind as RewardKind  # its home is domain.rewards
from guestbook.i18n import N_, _
from guestbook.settings_checks import (
    CHECKS,
    REWARD_CHECKS,
    Check,
    Wrong,
    generic,
    must_be_text,
    shown,
)
from guestbook.settings_checks import DEFAULT_CHANNEL_ORDER as DEFAULT_CHANNEL_ORDER
from guestbook.settings_checks import SITE_NAME_LIMIT as SITE_NAME_LIMIT
from guestbook.settings_messages import (
    MESSAGE_CHECKS,
    SECTIONS,
    SmsSettings,
    SmtpSettings,
    read_section,
)

DEFAULT_WORDINGS: dict[str, str] = {channel.key: channel.wording for channel in REGISTRY}


def default_rewards() -> dict[str, RewardKind]:
    return {
        "birthday": RewardKind(N_("Aperitif and birthday cake"), days_before=7, days_after=30),
        "sponsor": RewardKind(N_("Free aperitif for bringing friends"), months_after=6),
    }


class SettingsError(ValueError):
    """The settings cannot be used: the message says which values and why; `problems` holds
    each one's message by its key (dotted for a table's: "rewards.birthday.label")."""

    def __init__(self, message: str, problems: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.problems: dict[str, str] = dict(problems or {})


@dataclass(frozen=True)
class Settings:
    restaurant_name: str = "Chez Nous"
    # This terminal's restaurant in a group (issue 19): its visits and calls are recorded as
    # the site's; '' for a restaurant on its own.
    site: str = ""
    language: str = ""  # "fr" or "en"; empty: GUESTBOOK_LANG, then the system's
    phone_region: str = "FR"
    lead_days: int = 7
    feb29: Feb29Rule = "feb28"
    lapse_factor: float = 2.0
    lapse_min_days: int = 30
    winback_window_days: int = 14
    max_attempts: int = 4
    # Guests with no visit and no contact for this long are proposed for erasure (the CNIL's
    # benchmark for customer data: 3 years from the last contact).
    retention_years: int = 3
    # How long a write waits for another program writing to the database (an import) before
    # it is tried again, then given up with a message.
    busy_timeout_seconds: float = 30.0
    rewards: dict[str, RewardKind] = field(default_factory=default_rewards)
    consent_wordings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_WORDINGS))
    channel_order: tuple[str, ...] = DEFAULT_CHANNEL_ORDER
    # Messages (settings_messages): the opt-out mention every relational SMS ends with, the
    # time zone their allowed hours are read in, and the SMTP server and SMS gateway.
    sms_stop: str = ""
    restaurant_address: str = ""  # the letters' heading: lines separated by commas or newlines
    time_zone: str = "Europe/Paris"
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    sms: SmsSettings = field(default_factory=SmsSettings)

    @property
    def header(self) -> str:
        """The restaurant as the app's header names it: with this terminal's site in a group."""
        return f"{self.restaurant_name} · {self.site}" if self.site else self.restaurant_name

    def wording(self, channel: str) -> str:
        """What the guest is asked for `channel`, in guestbook's language: the default
        wordings are translated, one set in the settings file comes as written (a wording that
        is not a catalogue entry passes `_` unchanged). What a consent event records."""
        text = self.consent_wordings.get(channel, "")
        return _(text) if text else ""  # gettext("") is the catalogue's header

    def reward_label(self, kind: str) -> str:
        """The label of a reward kind ("birthday", "sponsor"), in guestbook's language (the
        defaults translated, one set in the settings file as written); the kind itself when
        the settings do not know it."""
        reward = self.rewards.get(kind)
        if reward is None or not reward.label:
            return kind
        return _(reward.label)


# --- checking a table ---------------------------------------------------------------------------


@dataclass
class _Reader:
    """Reads a settings table, gathering every problem by its dotted key."""

    names: Mapping[str, str]  # how to name a key in messages: the key itself by default
    problems: dict[str, str] = field(default_factory=dict)

    def check(self, key: str, check: Check, value: object) -> object:
        try:
            return check(self.names.get(key, key), value)
        except Wrong as wrong:
            self.problems[key] = str(wrong)
            return None

    def unknown(self, prefix: str, keys: Iterable[str], known: Collection[str]) -> None:
        """Keys the settings do not know: typos, told with the closest known key."""
        for key in keys:
            if key in known:
                continue
            close = difflib.get_close_matches(key, known, n=1, cutoff=0.7)
            if close:
                message = _("unknown setting {name}: did you mean {suggestion}?").format(
                    name=prefix + key, suggestion=prefix + close[0]
                )
            else:
                message = _("unknown setting {name}").format(name=prefix + key)
            self.problems[prefix + key] = message

    def table(self, key: str, value: object) -> Mapping[str, object] | None:
        if isinstance(value, Mapping):
            return value
        self.problems[key] = _("{name} must be a table ([{key}]), got {value}").format(
            name=self.names.get(key, key), key=key, value=shown(value)
        )
        return None

    def rewards(self, value: object) -> dict[str, RewardKind]:
        """[rewards.KIND] tables: each value given replaces the default kind's; an empty
        label means the default one, in the language shown."""
        kinds = default_rewards()
        table = self.table("rewards", value) or {}
        self.unknown("rewards.", table, kinds)
        for kind, given in table.items():
            entries = self.table(f"rewards.{kind}", given) if kind in kinds else None
            if entries is None:
                continue
            self.unknown(f"rewards.{kind}.", entries, REWARD_CHECKS)
            changes: dict[str, Any] = {}
            for key, check in REWARD_CHECKS.items():
                if key in entries:
                    checked = self.check(f"rewards.{kind}.{key}", check, entries[key])
                    if not (key == "label" and isinstance(checked, str) and not checked.strip()):
                        changes[key] = checked.strip() if isinstance(checked, str) else checked
            kinds[kind] = replace(kinds[kind], **changes)
        return kinds

    def wordings(self, value: object) -> dict[str, str]:
        """[consent_wordings]: per channel; an empty one means the default, in the language
        shown."""
        wordings = dict(DEFAULT_WORDINGS)
        table = self.table("consent_wordings", value) or {}
        self.unknown("consent_wordings.", table, CHANNELS)
        for channel in CHANNELS:
            if channel in table:
                text = self.check(f"consent_wordings.{channel}", must_be_text, table[channel])
                if isinstance(text, str) and text.strip():
                    wordings[channel] = text.strip()
        return wordings


def _default_of(name: str) -> object:
    found = next(f for f in fields(Settings) if f.name == name)
    if found.default is not MISSING:
        return found.default
    return found.default_factory()  # type: ignore[misc,operator,unused-ignore]


def settings_from(raw: Mapping[str, object], names: Mapping[str, str] | None = None) -> Settings:
    """The settings a TOML table gives, every value checked. SettingsError lists every
    problem at once (`problems`: each one by its key); `names` says how to call a key in
    the messages (the settings screen's labels), the key itself by default."""
    reader = _Reader(names or {})
    known = [f.name for f in fields(Settings)]
    reader.unknown("", raw, known)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        if key == "rewards":
            values[key] = reader.rewards(value)
        elif key == "consent_wordings":
            values[key] = reader.wordings(value)
        elif key in SECTIONS:
            table = reader.table(key, value)
            if table is not None:
                values[key] = read_section(key, table, reader.check, reader.unknown)
        elif key in known:
            check = CHECKS.get(key) or MESSAGE_CHECKS.get(key) or generic(_default_of(key))
            values[key] = reader.check(key, check, value)
    if reader.problems:
        raise SettingsError("; ".join(reader.problems.values()), reader.problems)
    return Settings(**values)


# --- reading the file -------------------------------------------------------------------------

_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_table(path: Path) -> dict[str, Any]:
    """The settings file's table, as Python's own TOML reader reads it."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SettingsError(
            _("cannot read settings file {path}: it is not UTF-8 text").format(path=path)
        ) from None
    except OSError as error:
        raise SettingsError(
            _("cannot read settings file {path}: {error}").format(
                path=path, error=error.strerror or error
            )
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        position = _POSITION.search(str(error))
        if position is None:
            message = _("cannot read settings file {path}: it is not valid TOML ({error})")
            raise SettingsError(message.format(path=path, error=error)) from None
        message = _(
            "cannot read settings file {path}: it is not valid TOML at line {line}, column {column}"
        )
        line, column = position.groups()
        raise SettingsError(message.format(path=path, line=line, column=column)) from None


def load_settings(path: Path | None) -> Settings:
    """Read the settings file if there is one; unknown keys are an error, so typos show."""
    if path is None or not path.exists():
        return Settings()
    raw = read_table(path)
    try:
        return settings_from(raw)
    except SettingsError as error:
        raise SettingsError(
            _("invalid settings in {path}: {problems}").format(path=path, problems=error),
            error.problems,
        ) from None


def with_site(settings: Settings, site: str) -> Settings:
    """`settings` for the terminal of `site` (--site, GUESTBOOK_SITE), checked as the
    setting is: SettingsError naming --site when it cannot be a site's name."""
    reader = _Reader({"site": "--site"})
    checked = reader.check("site", CHECKS["site"], site)
    if reader.problems:
        raise SettingsError("; ".join(reader.problems.values()), reader.problems)
    return replace(settings, site=str(checked))
