"""Settings: a TOML file in the platformdirs config directory; every value has a default."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from guestbook.domain.birthdays import Feb29Rule as Feb29Rule  # its home is domain.birthdays
from guestbook.domain.channels import CHANNELS as CHANNELS  # its home is domain.channels
from guestbook.domain.channels import REGISTRY
from guestbook.domain.rewards import RewardKind as RewardKind  # its home is domain.rewards
from guestbook.i18n import N_, _, ngettext

DEFAULT_WORDINGS: dict[str, str] = {channel.key: channel.wording for channel in REGISTRY}


class SettingsError(ValueError):
    """The settings file cannot be used; the message says which value and why."""


@dataclass(frozen=True)
class Settings:
    restaurant_name: str = "Chez Nous"
    language: str = ""  # "fr" or "en"; empty: GUESTBOOK_LANG, then the system's
    phone_region: str = "FR"
    lead_days: int = 7
    feb29: Feb29Rule = "feb28"
    lapse_factor: float = 2.0
    lapse_min_days: int = 30
    winback_window_days: int = 14
    max_attempts: int = 4
    # How long a write waits for another program writing to the database (an import) before
    # it is tried again, then given up with a message.
    busy_timeout_seconds: float = 30.0
    rewards: dict[str, RewardKind] = field(
        default_factory=lambda: {
            "birthday": RewardKind(N_("Aperitif and birthday cake"), days_before=7, days_after=30),
            "sponsor": RewardKind(N_("Free aperitif for bringing friends"), months_after=6),
        }
    )
    consent_wordings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_WORDINGS))

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


def _check(settings: Settings) -> Settings:
    if not 0 <= settings.lead_days <= 60:
        raise SettingsError(
            _("lead_days must be between 0 and 60, got {value}").format(value=settings.lead_days)
        )
    if settings.language not in ("", "fr", "en"):
        raise SettingsError(
            _("language must be 'fr' or 'en', got {value!r}").format(value=settings.language)
        )
    if settings.feb29 not in ("feb28", "mar1"):
        raise SettingsError(
            _("feb29 must be 'feb28' or 'mar1', got {value!r}").format(value=settings.feb29)
        )
    if settings.lapse_factor < 1:
        raise SettingsError(
            _("lapse_factor must be at least 1, got {value}").format(value=settings.lapse_factor)
        )
    timeout = settings.busy_timeout_seconds
    is_number = isinstance(timeout, int | float) and not isinstance(timeout, bool)
    if not (is_number and 0 <= timeout <= 3600):
        raise SettingsError(
            _(
                "busy_timeout_seconds must be a number of seconds between 0 and 3600, got {value!r}"
            ).format(value=timeout)
        )
    import phonenumbers

    if settings.phone_region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise SettingsError(
            _("phone_region {value!r} is not a known region code").format(
                value=settings.phone_region
            )
        )
    return settings


def load_settings(path: Path | None) -> Settings:
    """Read the settings file if there is one; unknown keys are an error, so typos show."""
    if path is None or not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(
            _("cannot read settings file {path}: {error}").format(path=path, error=error)
        ) from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(
            # Translators: the English says "setting(s)" whatever the count.
            ngettext(
                "unknown setting(s) in {path}: {names}",
                "unknown setting(s) in {path}: {names}",
                len(unknown),
            ).format(path=path, names=", ".join(unknown))
        )
    values: dict[str, Any] = dict(raw)
    if "rewards" in values:
        try:
            values["rewards"] = {k: RewardKind(**v) for k, v in values["rewards"].items()}
        except TypeError as error:
            raise SettingsError(
                _("invalid [rewards] in {path}: {error}").format(path=path, error=error)
            ) from None
    if "consent_wordings" in values:
        values["consent_wordings"] = {**DEFAULT_WORDINGS, **values["consent_wordings"]}
    try:
        return _check(Settings(**values))
    except TypeError as error:
        raise SettingsError(
            _("invalid settings in {path}: {error}").format(path=path, error=error)
        ) from None
