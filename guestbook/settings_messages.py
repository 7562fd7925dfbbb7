"""The settings of messages to guests (shared/product.md, "Messages" → "Delivery"): the SMTP
server of emails, the SMS gateway, each a table of settings.toml:

    sms_stop = "STOP au 36111"          # the opt-out mention every relational SMS ends with
    [smtp]
    host = "smtp.example.fr"
    port = 587
    security = "starttls"               # starttls, ssl or none
    username = "contact@chez-nous.fr"
    from = "Chez Nous <contact@chez-nous.fr>"
    [sms]
    provider = "brevo"                  # brevo (its transactional SMS API) or file (a CSV)
    sender = "ChezNous"                 # at most 11 letters or digits, or 15 digits
    base_url = "https://api.brevo.com/v3"

Secrets never come from the file: the SMTP password from GUESTBOOK_SMTP_PASSWORD, the gateway's
key from GUESTBOOK_SMS_API_KEY.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from email.utils import parseaddr
from typing import Any

from guestbook.i18n import _
from guestbook.settings_checks import Check, Wrong, must_be_text, shown

SMTP_PASSWORD_VARIABLE = "GUESTBOOK_SMTP_PASSWORD"
SMS_API_KEY_VARIABLE = "GUESTBOOK_SMS_API_KEY"
SECURITIES = ("starttls", "ssl", "none")
SMS_PROVIDERS = ("brevo", "file")
_SENDER = re.compile(r"^(?:[A-Za-z0-9]{1,11}|\d{1,15})$")


@dataclass(frozen=True)
class SmtpSettings:
    host: str = ""  # empty: emails are not set up
    port: int = 587
    security: str = "starttls"
    username: str = ""
    from_address: str = ""  # "from" in the file: "Chez Nous <contact@chez-nous.fr>"

    @property
    def configured(self) -> bool:
        return bool(self.host and self.from_address)

    @staticmethod
    def password() -> str:
        return os.environ.get(SMTP_PASSWORD_VARIABLE, "")


@dataclass(frozen=True)
class SmsSettings:
    provider: str = "file"
    sender: str = ""
    base_url: str = "https://api.brevo.com/v3"

    @staticmethod
    def api_key() -> str:
        return os.environ.get(SMS_API_KEY_VARIABLE, "")


def _one_of(options: tuple[str, ...]) -> Check:
    def check(name: str, value: object) -> object:
        if value not in options:
            raise Wrong(
                _("{name} must be one of {options}, got {value}").format(
                    name=name, options=", ".join(options), value=shown(value)
                )
            )
        return value

    return check


def _port(name: str, value: object) -> object:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise Wrong(
            _("{name} must be a port number from 1 to 65535, got {value}").format(
                name=name, value=shown(value)
            )
        )
    return value


def _address(name: str, value: object) -> object:
    text = must_be_text(name, value).strip()
    if text and "@" not in parseaddr(text)[1]:
        raise Wrong(
            _(
                "{name} must be an email address, such as Chez Nous <contact@chez-nous.fr>, got {value}"
            ).format(name=name, value=shown(value))
        )
    return text


def _sender(name: str, value: object) -> object:
    text = must_be_text(name, value).strip()
    if text and not _SENDER.match(text):
        raise Wrong(
            _(
                "{name} must be at most 11 letters or digits (no space, no accent), or 15 digits, got {value}"
            ).format(name=name, value=shown(value))
        )
    return text


def _url(name: str, value: object) -> object:
    text = must_be_text(name, value).strip().rstrip("/")
    if not text.startswith(("https://", "http://")):
        raise Wrong(
            _("{name} must be a web address starting with https://, got {value}").format(
                name=name, value=shown(value)
            )
        )
    return text


def _text(name: str, value: object) -> object:
    return must_be_text(name, value).strip()


# Each table's keys as the file spells them, with the field each fills and its check.
SMTP_KEYS: dict[str, tuple[str, Check]] = {
    "host": ("host", _text),
    "port": ("port", _port),
    "security": ("security", _one_of(SECURITIES)),
    "username": ("username", _text),
    "from": ("from_address", _address),
}
SMS_KEYS: dict[str, tuple[str, Check]] = {
    "provider": ("provider", _one_of(SMS_PROVIDERS)),
    "sender": ("sender", _sender),
    "base_url": ("base_url", _url),
}
SECTIONS: dict[str, tuple[type[Any], dict[str, tuple[str, Check]]]] = {
    "smtp": (SmtpSettings, SMTP_KEYS),
    "sms": (SmsSettings, SMS_KEYS),
}


def read_section(
    key: str,
    table: Mapping[str, object],
    check: Callable[[str, Check, object], object],
    unknown: Callable[[str, Mapping[str, object], Mapping[str, object]], None],
) -> object:
    """The dataclass a [smtp] or [sms] table gives; each value through `check` (which records
    a problem and gives None), keys the table does not know through `unknown`."""
    cls, keys = SECTIONS[key]
    unknown(f"{key}.", table, keys)
    values: dict[str, object] = {}
    for name, (attribute, value_check) in keys.items():
        if name in table:
            checked = check(f"{key}.{name}", value_check, table[name])
            if checked is not None:
                values[attribute] = checked
    assert {f.name for f in fields(cls)} >= set(values)
    return cls(**values)


def _time_zone(name: str, value: object) -> object:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    text = must_be_text(name, value).strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise Wrong(
            _("{name} must be a time zone such as Europe/Paris, got {value}").format(
                name=name, value=shown(value)
            )
        ) from None
    return text


def _sms_stop(name: str, value: object) -> object:
    text = must_be_text(name, value).strip()
    if len(text) > 40:
        raise Wrong(
            _(
                "{name} must be at most 40 characters (it ends every relational SMS), got {value}"
            ).format(name=name, value=shown(value))
        )
    return text


def _restaurant_address(name: str, value: object) -> object:
    text = must_be_text(name, value).strip()
    if len(text) > 200:
        raise Wrong(
            _("{name} must be at most 200 characters (a letter's heading), got {value}").format(
                name=name, value=shown(value)
            )
        )
    return text


MESSAGE_CHECKS: dict[str, Check] = {
    "sms_stop": _sms_stop,
    "time_zone": _time_zone,
    "restaurant_address": _restaurant_address,
}
