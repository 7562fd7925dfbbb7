"""Who a message is for (shared/product.md, "Messages" → "Audience"): filters that combine, all
of them applying at once. Stored with the message as JSON, so that planning it again tomorrow
reads the same audience with the guests as they are then.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass, field, fields

from guestbook.errors import UserError
from guestbook.i18n import _

# A postcode prefix: one to five digits, or Corsica's 2A/2B with up to three more.
_POSTCODE_PREFIX = re.compile(r"^(?:\d{1,5}|2[AaBb]\d{0,3})$")


class AudienceError(UserError):
    """An audience that cannot be planned, in words."""


@dataclass(frozen=True)
class Audience:
    visited_from: dt.date | None = None  # visited between these two days (an incident's)
    visited_to: dt.date | None = None
    postcodes: tuple[str, ...] = field(default_factory=tuple)  # any of these prefixes
    last_visit_since: dt.date | None = None
    last_visit_before: dt.date | None = None
    regulars: bool = False
    late_regulars: bool = False
    birth_month: int | None = None
    sponsors: bool = False
    everyone: bool = False

    def check(self) -> Audience:
        """The audience itself, or AudienceError saying what is wrong with it."""
        chosen = [f.name for f in fields(self) if getattr(self, f.name) not in (None, (), False)]
        if not chosen:
            raise AudienceError(
                _("Choose who the message is for, or everyone (--all): no filter was given.")
            )
        if self.everyone and len(chosen) > 1:
            raise AudienceError(_("Everyone cannot be combined with another filter."))
        if (self.visited_from is None) != (self.visited_to is None):
            raise AudienceError(_("Give both days of the visits' window: from and to."))
        if self.visited_from and self.visited_to and self.visited_from > self.visited_to:
            raise AudienceError(_("The visits' window ends before it starts."))
        for prefix in self.postcodes:
            if not _POSTCODE_PREFIX.match(prefix):
                raise AudienceError(
                    _(
                        "“{prefix}” is not the start of a postcode (digits, such as 75 or 69003)."
                    ).format(prefix=prefix)
                )
        if self.birth_month is not None and not 1 <= self.birth_month <= 12:
            raise AudienceError(_("A birthday month is a number from 1 to 12."))
        return self

    def to_json(self) -> str:
        data = {key: value for key, value in asdict(self).items() if value not in (None, (), [])}
        return json.dumps(data, default=str, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Audience:
        data = json.loads(text)
        for key in ("visited_from", "visited_to", "last_visit_since", "last_visit_before"):
            if data.get(key):
                data[key] = dt.date.fromisoformat(data[key])
        data["postcodes"] = tuple(data.get("postcodes", ()))
        return cls(**data)
