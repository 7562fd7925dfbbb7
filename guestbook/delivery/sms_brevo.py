"""SMS through Brevo's transactional SMS API, one request per SMS (urllib: no new dependency).

Followed: Brevo's API reference "Send SMS message asynchronously to a mobile number"
(https://developers.brevo.com/reference/send-async-transactional-sms) and its guide "Send
transactional SMS" (https://developers.brevo.com/docs/transactional-sms-endpoints):
- `POST {base_url}/transactionalSMS/send`, base URL `https://api.brevo.com/v3`; headers
  `api-key`, `content-type: application/json`, `accept: application/json`. Brevo's changelog
  ("Deprecated Endpoint: POST /v3/transactionalSMS/sms") replaces the former `/sms` endpoint,
  whose answer also carried `smsCount` and `usedCredits`, by this one, which answers
  `{"messageId": 1511882900176220}` (201): SmsSent keeps the other two when a gateway sends
  them, None otherwise.
- JSON fields: `sender` (at most 11 alphanumeric characters or 15 digits), `recipient` ("mobile
  number to send SMS with the country code": the E.164 digits without the "+", as Brevo's own
  examples write it, e.g. 33689965433), `content`, `type` (`transactional`, the default, or
  `marketing`), `tag`, `unicodeEnabled` (default false; true when the text needs UCS-2).
  `organisationPrefix` is left out: Brevo says only U.S. carriers need it.
- Marketing SMS: Brevo holds them between 22:00 and 08:00, on Sundays and French public holidays,
  and a "[STOP_CODE]" in a marketing SMS's content becomes Brevo's opt-out number. The messages
  service applies the restaurant's own window and STOP line (product.md) before calling this.
- Errors: 400 with `{"code": ..., "message": ...}` for a bad request (an invalid number among
  them), 401 for a refused key, 402 when the account has not enough credits; 403, 429 and 5xx
  answers are handled the same careful way: they stop the batch.
"""

from __future__ import annotations

import ipaddress
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from guestbook.delivery.errors import SmsRefused
from guestbook.i18n import _

BREVO_BASE_URL = "https://api.brevo.com/v3"
SEND_PATH = "/transactionalSMS/send"
_ALPHANUMERIC_SENDER = re.compile(r"[A-Za-z0-9]{1,11}")
_NUMERIC_SENDER = re.compile(r"[0-9]{1,15}")
_E164 = re.compile(r"\+[1-9][0-9]{5,14}")


@dataclass(frozen=True)
class SmsSettings:
    """The `[sms]` settings, read by the caller; the key comes from GUESTBOOK_SMS_API_KEY."""

    base_url: str = BREVO_BASE_URL
    api_key: str = field(default="", repr=False)
    sender: str = ""
    timeout: float = 15.0


@dataclass(frozen=True)
class SmsSent:
    """Brevo accepted the SMS. `message_id` is its id (for the delivery log)."""

    message_id: str
    sms_count: int | None = None
    used_credits: float | None = None


def check_sender(sender: str) -> str:
    """The sender name as Brevo takes it, or SmsRefused (stopping the batch) saying why."""
    if _ALPHANUMERIC_SENDER.fullmatch(sender) or _NUMERIC_SENDER.fullmatch(sender):
        return sender
    raise SmsRefused(
        _(
            "The SMS sender name “{sender}” cannot be used: it must be at most 11 letters "
            "(A to Z, without accents or spaces) and digits, or at most 15 digits. Change the "
            "[sms] sender setting."
        ).format(sender=sender),
        stops_batch=True,
    )


def brevo_recipient(number_e164: str) -> str:
    """+33612345678 → 33612345678 (the country code and the number, digits only)."""
    if not _E164.fullmatch(number_e164):
        raise SmsRefused(
            _("{number} is not a phone number in international form (+33…)").format(
                number=number_e164
            )
        )
    return number_e164[1:]


def send_sms(
    settings: SmsSettings,
    number_e164: str,
    text: str,
    marketing: bool,
    *,
    unicode: bool = False,
    tag: str | None = None,
) -> SmsSent:
    """Send one SMS; raises SmsRefused, whose `stops_batch` tells whether the next SMS would meet
    the same refusal. `unicode` says the text needs UCS-2 (the caller's SMS counter knows);
    `tag` groups the SMS in Brevo's statistics (e.g. the message's name)."""
    payload: dict[str, Any] = {
        "sender": check_sender(settings.sender),
        "recipient": brevo_recipient(number_e164),
        "content": text,
        "type": "marketing" if marketing else "transactional",
        "unicodeEnabled": unicode,
    }
    if tag:
        payload["tag"] = tag
    request = urllib.request.Request(
        _endpoint(settings),
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={
            "api-key": _api_key(settings),
            "content-type": "application/json",
            "accept": "application/json",
        },
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=settings.timeout) as response:
            return _accepted(response.read())
    except urllib.error.HTTPError as error:
        raise _refused(error.code, error.read()) from None
    except TimeoutError:
        raise SmsRefused(_no_answer(settings), stops_batch=True) from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise SmsRefused(_no_answer(settings), stops_batch=True) from None
        raise SmsRefused(
            _("Cannot reach Brevo at {url} ({error}). Check the internet connection.").format(
                url=settings.base_url, error=error.reason
            ),
            stops_batch=True,
        ) from None


def _endpoint(settings: SmsSettings) -> str:
    """The send URL; the key never travels unencrypted, except to this machine (tests)."""
    url = settings.base_url.rstrip("/") + SEND_PATH
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and _is_loopback(parts.hostname)):
        return url
    raise SmsRefused(
        _("The [sms] base URL must start with https:// (it is {url}).").format(
            url=settings.base_url
        ),
        stops_batch=True,
    )


def _is_loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def _api_key(settings: SmsSettings) -> str:
    if settings.api_key.strip():
        return settings.api_key.strip()
    raise SmsRefused(
        _(
            "The Brevo API key is missing: put it in the environment variable GUESTBOOK_SMS_API_KEY."
        ),
        stops_batch=True,
    )


def _no_answer(settings: SmsSettings) -> str:
    return _(
        "Brevo did not answer within {seconds} seconds: this SMS may or may not have left. "
        "Check the SMS log in your Brevo account before sending again."
    ).format(seconds=f"{settings.timeout:g}")


def _accepted(body: bytes) -> SmsSent:
    answer = _json(body)
    message_id = answer.get("messageId")
    if message_id is None:
        raise SmsRefused(
            _("Brevo's answer carried no message id: {answer}").format(
                answer=body.decode("utf-8", "replace")[:200]
            ),
            stops_batch=True,
        )
    count, credits = answer.get("smsCount"), answer.get("usedCredits")
    return SmsSent(
        str(message_id),
        int(count) if isinstance(count, int | float) else None,
        float(credits) if isinstance(credits, int | float) else None,
    )


def _refused(status: int, body: bytes) -> SmsRefused:
    answer = _json(body)
    code = str(answer.get("code") or "") or None
    said = str(answer.get("message") or "").strip() or body.decode("utf-8", "replace")[:200]
    if status == 400:
        message = _("Brevo refused this SMS: {reason}").format(reason=said)
        return SmsRefused(message, status=status, code=code)
    if status == 401:
        message = _(
            "Brevo refused the API key ({reason}). Check GUESTBOOK_SMS_API_KEY against the key "
            "in your Brevo account (SMTP & API)."
        ).format(reason=said)
    elif status == 402:
        message = _(
            "Your Brevo account has not enough SMS credits ({reason}). Buy credits, then send "
            "again: the SMS not sent stay queued."
        ).format(reason=said)
    elif status == 403:
        message = _("Brevo refused access ({reason}). Check your Brevo account.").format(
            reason=said
        )
    elif status == 429:
        message = _("Brevo asks to slow down ({reason}): send again in a moment.").format(
            reason=said
        )
    else:
        message = _("Brevo answered with error {status} ({reason}). Try again later.").format(
            status=status, reason=said
        )
    return SmsRefused(message, stops_batch=True, status=status, code=code)


def _json(body: bytes) -> dict[str, Any]:
    try:
        answer = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return answer if isinstance(answer, dict) else {}
