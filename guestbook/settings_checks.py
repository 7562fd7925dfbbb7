"""The checks of each setting's value, in words: what the value must be and what it was
("lead_days must be a whole number of days between 0 and 60, got 'sept'"), in the language
shown. guestbook.settings applies them to the settings file and to the settings screen."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeGuard

from guestbook.domain.channels import CHANNELS
from guestbook.i18n import _, ngettext, number

# The order in which a service notice tries the channels a guest can be reached by.
DEFAULT_CHANNEL_ORDER: tuple[str, ...] = ("email", "sms", "post", "call")
NAME_LIMIT = 60  # characters of the restaurant's name: it fits the header at 80 columns
SITE_NAME_LIMIT = 40  # a site's name: a line of the header, a column of lists
LANGUAGES = ("fr", "en")
SHOWN_LIMIT = 40  # characters of a wrong value quoted in a message


class Wrong(Exception):
    """One value's problem, in words."""


Check = Callable[[str, object], object]  # (name shown, value) → the value to use, or Wrong


def shown(value: object) -> str:
    """A value as the settings file writes it: 'sept', 7, 2.5, true, ["sms"], a table."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, Mapping):
        text = _("a table")
    elif isinstance(value, list | tuple):
        text = "[" + ", ".join(shown(item) for item in value) + "]"
    else:
        text = str(value)
    return text if len(text) <= SHOWN_LIMIT else text[: SHOWN_LIMIT - 1] + "…"


def _is_whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool)


def days(low: int, high: int) -> Check:
    def check(name: str, value: object) -> object:
        if _is_whole(value) and low <= value <= high:
            return value
        raise Wrong(
            _("{name} must be a whole number of days between {low} and {high}, got {value}")
            .format(name=name, low=low, high=high, value=shown(value))
        )  # fmt: skip

    return check


def _months(name: str, value: object) -> object:
    if _is_whole(value) and 0 <= value <= 36:
        return value
    raise Wrong(
        _("{name} must be a whole number of months between {low} and {high}, got {value}")
        .format(name=name, low=0, high=36, value=shown(value))
    )  # fmt: skip


def _attempts(name: str, value: object) -> object:
    if _is_whole(value) and 1 <= value <= 20:
        return value
    raise Wrong(
        _("{name} must be a whole number between {low} and {high}, got {value}").format(
            name=name, low=1, high=20, value=shown(value)
        )
    )


def _years(name: str, value: object) -> object:
    if _is_whole(value) and 1 <= value <= 10:
        return value
    raise Wrong(
        _("{name} must be a whole number of years between {low} and {high}, got {value}").format(
            name=name, low=1, high=10, value=shown(value)
        )
    )


def _lapse_factor(name: str, value: object) -> object:
    if _is_number(value) and 1 <= value <= 10:
        return float(value)
    raise Wrong(
        _("{name} must be a number between {low} and {high}, got {value}").format(
            name=name, low=1, high=10, value=shown(value)
        )
    )


def _seconds(name: str, value: object) -> object:
    if _is_number(value) and 0 <= value <= 3600:
        return value
    raise Wrong(
        _("{name} must be a number of seconds between {low} and {high}, got {value}")
        .format(name=name, low=0, high=3600, value=shown(value))
    )  # fmt: skip


def must_be_text(name: str, value: object) -> str:
    if isinstance(value, str):
        return value
    raise Wrong(_("{name} must be text, got {value}").format(name=name, value=shown(value)))


def _at_most(name: str, given: str, limit: int) -> str:
    """`given`, unless it is longer than `limit` characters (then Wrong says so)."""
    if len(given) > limit:
        raise Wrong(
            ngettext(
                "{name} must be at most {count} character long, got {length}",
                "{name} must be at most {count} characters long, got {length}",
                limit,
            ).format(name=name, count=limit, length=number(len(given)))
        )
    return given


def _restaurant_name(name: str, value: object) -> object:
    given = must_be_text(name, value).strip()
    if not given:
        raise Wrong(_("{name} cannot be empty").format(name=name))
    return _at_most(name, given, NAME_LIMIT)


def _site(name: str, value: object) -> object:
    """A site's name: may be empty (a restaurant on its own), at most SITE_NAME_LIMIT characters."""
    return _at_most(name, " ".join(must_be_text(name, value).split()), SITE_NAME_LIMIT)


def _language(name: str, value: object) -> object:
    if value in ("", *LANGUAGES):
        return value
    raise Wrong(
        _("{name} must be 'fr' or 'en' (or empty: the system's language), got {value}").format(
            name=name, value=shown(value)
        )
    )


def _feb29(name: str, value: object) -> object:
    if value in ("feb28", "mar1"):
        return value
    raise Wrong(
        _("{name} must be 'feb28' or 'mar1', got {value}").format(name=name, value=shown(value))
    )


def _region(name: str, value: object) -> object:
    import phonenumbers

    if isinstance(value, str) and value.strip().upper() in phonenumbers.SUPPORTED_REGIONS:
        return value.strip().upper()
    raise Wrong(
        _("{name} must be a country code such as FR, BE or CH, got {value}").format(
            name=name, value=shown(value)
        )
    )


def _channel_order(name: str, value: object) -> object:
    channels = ", ".join(DEFAULT_CHANNEL_ORDER)
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise Wrong(
            _("{name} must be a list of the channels {channels}, got {value}").format(
                name=name, channels=channels, value=shown(value)
            )
        )
    for item in value:
        if item not in CHANNELS:
            raise Wrong(
                _("{name}: {value} is not a channel (the channels are {channels})").format(
                    name=name, value=shown(item), channels=channels
                )
            )
        if value.count(item) > 1:
            raise Wrong(
                _("{name} names {value} twice: list each channel once").format(
                    name=name, value=shown(item)
                )
            )
    missing = [key for key in DEFAULT_CHANNEL_ORDER if key not in value]
    if missing:
        raise Wrong(
            _("{name} leaves out {missing}: list each channel once").format(
                name=name, missing=", ".join(missing)
            )
        )
    return tuple(value)


CHECKS: dict[str, Check] = {
    "restaurant_name": _restaurant_name,
    "site": _site,
    "language": _language,
    "phone_region": _region,
    "lead_days": days(0, 60),
    "feb29": _feb29,
    "lapse_factor": _lapse_factor,
    "lapse_min_days": days(0, 730),
    "winback_window_days": days(1, 90),
    "max_attempts": _attempts,
    "retention_years": _years,
    "busy_timeout_seconds": _seconds,
    "channel_order": _channel_order,
}
REWARD_CHECKS: dict[str, Check] = {
    "label": must_be_text,
    "days_before": days(0, 365),
    "days_after": days(0, 365),
    "months_after": _months,
}


def generic(default: object) -> Check:
    """A setting without a check of its own: its value must be of its default's type."""

    def check(name: str, value: object) -> object:
        if isinstance(default, bool):
            if isinstance(value, bool):
                return value
            message = _("{name} must be true or false, got {value}")
        elif isinstance(default, int):
            if _is_whole(value):
                return value
            message = _("{name} must be a whole number, got {value}")
        elif isinstance(default, float):
            if _is_number(value):
                return value
            message = _("{name} must be a number, got {value}")
        elif isinstance(default, str):
            return must_be_text(name, value)
        else:
            return value
        raise Wrong(message.format(name=name, value=shown(value)))

    return check
