"""An email's header lines and body as delivery/email.py writes them, each written once per
distinct value.

The email package parses every header it is given and folds it again at every serialisation:
two thirds of the time a batch spent on its own side (10,000 emails missed 200 a second on a
busy machine). The values that repeat through a batch (From, and a Subject without
placeholders) are folded once and kept; the plain ASCII ones (To, Date, Message-ID) need no
folding; the body is encoded by the C quoted-printable codec (binascii) instead of the pure
Python one. The message stores the lines as they are (`set_raw`, with a policy that never
refolds what it did not parse), so the email package writes exactly these lines.
"""

from __future__ import annotations

import binascii
import functools
from email import policy
from email.headerregistry import Address, BaseHeader, HeaderRegistry

_UNSUBSCRIBE_SCHEMES = ("https://", "http://", "mailto:")
MAX_LINE = 998  # RFC 5322 §2.1.1, CRLF excluded
QP_LINE = 76  # RFC 2045 §6.7 for quoted-printable


class _HeaderClasses(HeaderRegistry):
    """The email package's registry builds a new class for every header it parses: each class
    is built once here (a fifth of the time of parsing a header)."""

    def __init__(self) -> None:
        super().__init__()
        self._built: dict[str, type[BaseHeader]] = {}

    def __getitem__(self, name: str) -> type[BaseHeader]:
        key = name.lower()
        built = self._built.get(key)
        if built is None:
            built = self._built[key] = super().__getitem__(name)
        return built


# Lines are written as stored (refold_source="none"): a long List-Unsubscribe URL would
# otherwise be turned into encoded words that no client can follow. 76 characters a line, as
# quoted-printable asks (with SMTP's 78, the email package's own encoder wrote lines of 78).
POLICY = policy.SMTP.clone(
    refold_source="none", max_line_length=QP_LINE, header_factory=_HeaderClasses()
)


@functools.lru_cache(maxsize=1024)
def folded(name: str, value: str) -> str:
    """`value` as the email package writes it in header `name` (encoded words for non-ASCII
    text, folded lines), without the name and the final line break."""
    header = POLICY.header_factory(name, value)
    return _without_name(name, header.fold(policy=POLICY))


@functools.lru_cache(maxsize=64)
def folded_from(display_name: str, address: str) -> str:
    header = POLICY.header_factory("From", Address(display_name=display_name, addr_spec=address))
    return _without_name("From", header.fold(policy=POLICY))


def _without_name(name: str, line: str) -> str:
    return line[len(name) + 2 :].rstrip("\r\n")


def plain(value: str, what: str) -> str:
    """A value written as it is (an address, a date): one line, no control character."""
    if not value or len(value) > MAX_LINE - 20 or any(c.isspace() or ord(c) < 32 for c in value):
        raise ValueError(f"cannot be written in a header: {what} {value!r}")
    return value


def unsubscribe(targets: tuple[str, ...]) -> str:
    """List-Unsubscribe's value (RFC 2369): each target in angle brackets, one a line."""
    for target in targets:
        if not target.startswith(_UNSUBSCRIBE_SCHEMES) or any(
            char.isspace() or char in "<>," for char in target
        ):
            raise ValueError(f"not an https:// or mailto: unsubscribe target: {target!r}")
        if len(target) + len("List-Unsubscribe: <>,") > MAX_LINE:
            raise ValueError(f"unsubscribe target too long for a header line: {target[:60]}…")
    return ",\n ".join(f"<{target}>" for target in targets)


def quoted_printable(text: str) -> str:
    """The body in UTF-8, quoted-printable, lines of at most 76 characters."""
    lines = "\n".join(text.splitlines()) + "\n"
    return binascii.b2a_qp(lines.encode("utf-8"), istext=True).decode("ascii")
