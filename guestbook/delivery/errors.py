"""What stops a delivery, in words a restaurant owner can act on.

Two kinds, because the messages service handles them differently:
- a failure that concerns one recipient (a refused address, an invalid number) is *reported*
  for that recipient, and the batch goes on; the delivery log keeps it as `failed` and the
  next send tries again;
- a failure that concerns every recipient (the server cannot be reached, the password or the
  API key is refused, no SMS credits left) *stops* the batch: it is raised as one of the
  exceptions below, after what was done before it has been reported. Their message says what
  happened and what to do; the service shows it as it is.
"""

from __future__ import annotations

from guestbook.errors import UserError


class DeliveryError(UserError):
    """Delivery stopped for every recipient left; the message says why and what to do."""


class SmtpError(DeliveryError):
    """The mail server stopped the batch. `sent` and `failed` count what was reported to the
    caller before it stopped; the emails not reported were not sent and stay queued."""

    def __init__(self, message: str, *, sent: int = 0, failed: int = 0) -> None:
        super().__init__(message)
        self.sent = sent
        self.failed = failed


class SmtpUnreachable(SmtpError):
    """No connection to the server (wrong host or port, server down, no network)."""


class SmtpTimeout(SmtpError):
    """The server stopped answering within the time allowed."""


class SmtpLoginRefused(SmtpError):
    """The server refused the username or the password (GUESTBOOK_SMTP_PASSWORD)."""


class SmtpTlsFailed(SmtpError):
    """The encrypted connection could not be set up (certificate, STARTTLS not offered,
    a port that does not speak the security chosen)."""


class SmtpSenderRefused(SmtpError):
    """The server refuses to send mail from the `from` address: every email would fail."""


class SmtpConnectionLost(SmtpError):
    """The server dropped the connection again right after guestbook reconnected."""


class SmsRefused(DeliveryError):
    """An SMS was not accepted. `stops_batch` says whether the next SMS would meet the same
    refusal (a wrong API key, no credits, an invalid sender name, Brevo unreachable) or
    whether only this one failed (an invalid number): the service goes on in that case.
    `status` is the gateway's HTTP status and `code` its error code, when it gave them."""

    def __init__(
        self,
        reason: str,
        *,
        stops_batch: bool = False,
        status: int | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.stops_batch = stops_batch
        self.status = status
        self.code = code
