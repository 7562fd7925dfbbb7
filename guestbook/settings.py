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
    rewards: dict[str, RewardKind] = field(
        default_factory=lambda: {
            "birthday": RewardKind("Aperitif and birthday cake", days_before=7, days_after=30),
            "sponsor": RewardKind("Free aperitif for bringing friends", months_after=6),
        }
    )
    consent_wordings: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_WORDINGS))


def _check(settings: Settings) -> Settings:
    if not 0 <= settings.lead_days <= 60:
        raise SettingsError(f"lead_days must be between 0 and 60, got {settings.lead_days}")
    if settings.language not in ("", "fr", "en"):
        raise SettingsError(f"language must be 'fr' or 'en', got {settings.language!r}")
    if settings.feb29 not in ("feb28", "mar1"):
        raise SettingsError(f"feb29 must be 'feb28' or 'mar1', got {settings.feb29!r}")
    if settings.lapse_factor < 1:
        raise SettingsError(f"lapse_factor must be at least 1, got {settings.lapse_factor}")
    import phonenumbers

    if settings.phone_region.upper() not in phonenumbers.SUPPORTED_REGIONS:
        raise SettingsError(f"phone_region {settings.phone_region!r} is not a known region code")
    return settings


def load_settings(path: Path | None) -> Settings:
    """Read the settings file if there is one; unknown keys are an error, so typos show."""
    if path is None or not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"cannot read settings file {path}: {error}") from None
    known = {f.name for f in fields(Settings)}
    unknown = sorted(set(raw) - known)
    if unknown:
        raise SettingsError(f"unknown setting(s) in {path}: {', '.join(unknown)}")
    values: dict[str, Any] = dict(raw)
    if "rewards" in values:
        try:
            values["rewards"] = {k: RewardKind(**v) for k, v in values["rewards"].items()}
        except TypeError as error:
            raise SettingsError(f"invalid [rewards] in {path}: {error}") from None
    if "consent_wordings" in values:
        values["consent_wordings"] = {**DEFAULT_WORDINGS, **values["consent_wordings"]}
    try:
        return _check(Settings(**values))
    except TypeError as error:
        raise SettingsError(f"invalid settings in {path}: {error}") from None
