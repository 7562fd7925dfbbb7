"""Every table of guestbook, in one place (SQLModel). Nothing outside `services/` and
`storage/` sees these classes: services turn rows into the frozen dataclasses of `domain/`.

Money is integer cents, dates are `date`, timestamps are timezone-aware UTC.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from guestbook.domain import channels
from guestbook.domain.calls import OUTCOMES
from guestbook.domain.reasons import REASONS
from guestbook.storage.dialects import bytewise_text, partial_index

# The guests the agenda may phone (product.md, "Consent"): a number and consent to be called.
CALLABLE_SQL = "primary_phone IS NOT NULL AND consent_call = 1"
CALLABLE_PG_SQL = "primary_phone IS NOT NULL AND consent_call"  # a boolean, not 0/1

# A naming convention makes constraint names stable, which Alembic's batch mode on SQLite needs.
SQLModel.metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)


def _utc_column(*, nullable: bool) -> Column[dt.datetime]:
    return Column(DateTime(timezone=True), nullable=nullable)


def _guest_fk(*, nullable: bool = False, ondelete: str = "CASCADE") -> Column[int]:
    return Column(Integer, ForeignKey("guest.id", ondelete=ondelete), nullable=nullable)


class Guest(SQLModel, table=True):
    __tablename__ = "guest"
    __table_args__ = (
        # Birthdays by day, counted without reading a row (the calendar's, the agenda's left
        # out, a site's too: home_site last, 0011).
        Index(
            "ix_guest_birthday",
            *("birth_month", "birth_day", "consent_call", "primary_phone", "home_site"),
        ),
        Index("ix_guest_name_order", "name_key", "id"),
        Index("ix_guest_last_visit_order", "last_visit_on", "id"),
        # The agenda's covering indexes (migration 0002 says why): every column it reads, in
        # its order, for the guests it may call; home_site last, for a site's agenda (0011).
        Index(
            "ix_guest_birthday_call",
            *("birth_month", "birth_day", "name_key", "id", "first_name", "last_name"),
            *("primary_phone", "consent_call", "birth_year", "last_visit_on", "partner_id"),
            *("partner_name", "home_site"),
            **partial_index(CALLABLE_SQL, CALLABLE_PG_SQL),
        ),
        Index(
            "ix_guest_winback",
            *("late_from", "name_key", "id", "first_name", "last_name", "primary_phone"),
            *("consent_call", "erased_at", "last_visit_on", "visit_interval_days", "home_site"),
            **partial_index(
                f"late_from IS NOT NULL AND erased_at IS NULL AND {CALLABLE_SQL}",
                f"late_from IS NOT NULL AND erased_at IS NULL AND {CALLABLE_PG_SQL}",
            ),
        ),
        CheckConstraint("birth_month IS NULL OR birth_month BETWEEN 1 AND 12", name="birth_month"),
        CheckConstraint("birth_day IS NULL OR birth_day BETWEEN 1 AND 31", name="birth_day"),
        CheckConstraint("(birth_month IS NULL) = (birth_day IS NULL)", name="birth_day_month"),
        # A guest's number is never handed out again, even after they were merged away or
        # removed: an export, a calendar or a note that names #505 means one person (0003).
        {"sqlite_autoincrement": True},
    )

    id: int | None = Field(default=None, primary_key=True)
    first_name: str = ""
    last_name: str = ""
    # Accent- and case-folded "last first", the list's sort order and a tie-break for search.
    name_key: str = Field(default="", sa_type=bytewise_text())
    birth_day: int | None = None
    birth_month: int | None = None
    birth_year: int | None = None
    partner_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("guest.id", ondelete="SET NULL"))
    )
    partner_name: str = ""
    address: str = ""
    postcode: str = Field(default="", index=True)
    notes: str = ""
    preferences: str = ""
    created_at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    updated_at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    erased_at: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))

    # Summary columns: kept up to date in the transaction that moves them, so that lists and
    # the agenda never aggregate over visits or consent events on a keystroke.
    primary_phone: str | None = None
    primary_email: str | None = None
    primary_mobile: bool | None = None  # the primary phone is a mobile's: a text reaches it
    last_visit_on: dt.date | None = None
    visit_count: int = 0
    visit_interval_days: int | None = None  # median gap between visits in the last two years
    # When this regular becomes late by their own rhythm (lapse_factor × interval, at least 30
    # days after the last visit): lets the agenda find win-back calls through an index.
    late_from: dt.date | None = None
    # This guest's share of the known spends of the tables they sat at (summaries.visits),
    # and how many of those tables had a spend typed: what their average divides by (0012).
    spend_cents: int = 0
    spend_visits: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # The site the guest came to most (migration 0009; '' for a guestbook without sites).
    home_site: str = Field(default="", sa_column_kwargs={"server_default": ""})
    consent_call: bool | None = None
    consent_sms: bool | None = None
    consent_email: bool | None = None
    consent_post: bool | None = None


class GuestToken(SQLModel, table=True):
    """One row per folded word of a guest's names: word-prefix search through the primary key."""

    __tablename__ = "guest_token"
    token: str = Field(primary_key=True, sa_type=bytewise_text())
    guest_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("guest.id", ondelete="CASCADE"), primary_key=True, index=True
        )
    )


class Phone(SQLModel, table=True):
    __tablename__ = "phone"
    __table_args__ = (
        Index("ix_phone_e164", "e164"),
        Index("ix_phone_digits_reversed", "digits_reversed"),
        Index("ix_phone_guest", "guest_id", "position"),
    )
    id: int | None = Field(default=None, primary_key=True)
    guest_id: int = Field(sa_column=_guest_fk())
    e164: str = Field(sa_type=bytewise_text())
    # Reversed digits so that "the last 4 or more digits" is an indexed prefix search.
    digits_reversed: str = Field(sa_type=bytewise_text())
    position: int = 0  # 0 is the primary number
    wrong_since: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class Email(SQLModel, table=True):
    __tablename__ = "email"
    __table_args__ = (
        Index("ix_email_address", "address"),
        Index("ix_email_guest", "guest_id", "position"),
    )
    id: int | None = Field(default=None, primary_key=True)
    guest_id: int = Field(sa_column=_guest_fk())
    address: str = Field(sa_type=bytewise_text())  # lower-cased
    position: int = 0


class Allergy(SQLModel, table=True):
    """Health data: kept in its own table so no marketing export can reach it by accident."""

    __tablename__ = "allergy"
    id: int | None = Field(default=None, primary_key=True)
    guest_id: int = Field(sa_column=_guest_fk())
    allergen: str
    note: str = ""


class ConsentEvent(SQLModel, table=True):
    __tablename__ = "consent_event"
    __table_args__ = (
        Index("ix_consent_event_guest", "guest_id", "channel", "at"),
        CheckConstraint(f"channel IN ({channels.sql_list()})", name="channel"),
    )
    id: int | None = Field(default=None, primary_key=True)
    guest_id: int = Field(sa_column=_guest_fk())
    channel: str
    granted: bool
    at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    staff: str = ""
    source: str = ""  # "checkout", "phone", an imported file's name…
    wording: str = ""  # what the guest was shown or read


class Visit(SQLModel, table=True):
    __tablename__ = "visit"
    __table_args__ = (
        CheckConstraint("party_size >= 1", name="party_size"),
        CheckConstraint("spend_cents >= 0", name="spend_cents"),
    )
    id: int | None = Field(default=None, primary_key=True)
    visited_on: dt.date = Field(index=True)
    party_size: int = 1
    spend_cents: int | None = None  # None: not typed at checkout, unknown (never 0.00 €)
    occasion: str = ""
    note: str = ""
    created_at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    site: str = Field(default="", sa_column_kwargs={"server_default": ""})  # where (0009)


class VisitGuest(SQLModel, table=True):
    """The known guests at a table. Erasure keeps the row with guest_id NULL, so totals add up."""

    __tablename__ = "visit_guest"
    __table_args__ = (Index("ix_visit_guest_guest", "guest_id", "visit_id"),)
    id: int | None = Field(default=None, primary_key=True)
    visit_id: int = Field(
        sa_column=Column(Integer, ForeignKey("visit.id", ondelete="CASCADE"), nullable=False)
    )
    guest_id: int | None = Field(
        default=None, sa_column=_guest_fk(nullable=True, ondelete="SET NULL")
    )


class Referral(SQLModel, table=True):
    __tablename__ = "referral"
    __table_args__ = (
        UniqueConstraint("referred_id"),  # one sponsor per guest
        Index("ix_referral_sponsor", "sponsor_id"),
        Index("ix_referral_first_visit", "first_visit_on"),
        Index("ix_referral_recorded", "recorded_at"),
        CheckConstraint("sponsor_id <> referred_id", name="not_self"),
    )
    id: int | None = Field(default=None, primary_key=True)
    sponsor_id: int = Field(sa_column=_guest_fk())
    referred_id: int = Field(sa_column=_guest_fk())
    recorded_at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    # Set once, when the referral and a visit of the referred guest both exist: the sponsor's
    # reward and thank-you call are issued exactly then, never twice.
    first_visit_on: dt.date | None = None
    rewarded_at: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class CallAttempt(SQLModel, table=True):
    __tablename__ = "call_attempt"
    __table_args__ = (
        # Covers what the agenda asks of an occasion's attempts (services/agenda.py).
        Index(
            "ix_call_attempt_occasion",
            *("reason", "occasion_on", "guest_id", "referral_id", "at", "outcome"),
        ),
        Index("ix_call_attempt_guest", "guest_id", "at"),
        CheckConstraint(f"reason IN ({channels.sql_list(REASONS)})", name="reason"),
        CheckConstraint(f"outcome IN ({channels.sql_list(OUTCOMES)})", name="outcome"),
    )
    id: int | None = Field(default=None, primary_key=True)
    guest_id: int = Field(sa_column=_guest_fk())
    reason: str
    # The occasion key: the birthday's date, the referred guest's first visit, the last visit
    # before a lapse. With referral_id for a thank-you call.
    occasion_on: dt.date
    referral_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("referral.id", ondelete="SET NULL"))
    )
    at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    outcome: str
    booked_for: dt.date | None = None
    note: str = ""
    staff: str = ""
    phone_e164: str | None = None  # the number dialled, flagged on "wrong_number"
    site: str = Field(default="", sa_column_kwargs={"server_default": ""})  # who called (0009)
    # The response a feedback call is about (a guest may give two on one day).
    feedback_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("feedback.id", ondelete="SET NULL"))
    )
    # The message delivery a notice call is about (storage.sqlite.notice_calls).
    delivery_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("message_delivery.id", ondelete="SET NULL")),
    )


class Reward(SQLModel, table=True):
    __tablename__ = "reward"
    __table_args__ = (
        Index("ix_reward_guest", "guest_id", "valid_to"),
        Index("ix_reward_open", "redeemed_visit_id", "valid_to"),
        Index(
            "ix_reward_open_guest",
            *("guest_id", "valid_to", "valid_from", "redeemed_visit_id"),
            **partial_index("redeemed_visit_id IS NULL"),
        ),
        Index("ix_reward_referral", "issued_by_referral_id"),
        Index("ix_reward_attempt", "issued_by_attempt_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    guest_id: int = Field(sa_column=_guest_fk())
    kind: str  # a key of settings.rewards: "birthday", "sponsor"
    reason: str = ""
    valid_from: dt.date
    valid_to: dt.date
    issued_by_attempt_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("call_attempt.id", ondelete="SET NULL")),
    )
    issued_by_referral_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("referral.id", ondelete="SET NULL"))
    )
    redeemed_visit_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("visit.id", ondelete="SET NULL"))
    )
    redeemed_at: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))
    created_at: dt.datetime = Field(sa_column=_utc_column(nullable=False))


class PossibleDuplicate(SQLModel, table=True):
    __tablename__ = "possible_duplicate"
    __table_args__ = (UniqueConstraint("guest_a_id", "guest_b_id"),)
    id: int | None = Field(default=None, primary_key=True)
    guest_a_id: int = Field(sa_column=_guest_fk())
    guest_b_id: int = Field(sa_column=_guest_fk())
    reason: str
    found_at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    resolved_at: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ImportBatch(SQLModel, table=True):
    __tablename__ = "import_batch"
    id: int | None = Field(default=None, primary_key=True)
    file_name: str
    file_sha256: str = Field(index=True)
    at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    staff: str = ""
    new_count: int = 0
    merged_count: int = 0
    rejected_count: int = 0
    undone_at: dt.datetime | None = Field(default=None, sa_column=_utc_column(nullable=True))


class ImportChange(SQLModel, table=True):
    """What one import did to one guest, so the last import can be undone."""

    __tablename__ = "import_change"
    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(
        sa_column=Column(Integer, ForeignKey("import_batch.id", ondelete="CASCADE"), nullable=False)
    )
    guest_id: int = Field(sa_column=_guest_fk())
    action: str  # "new" or "merged"
    before_json: str = ""  # the merged guest's values before the import


class AuditEvent(SQLModel, table=True):
    """What was done with guests' data, for the owner to show (RGPD): when, who, what, how many
    guests. It holds nothing personal: a guest is named by number, a file by its name."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_at", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(sa_column=_utc_column(nullable=False))
    staff: str = ""
    action: str  # services.rights.audit.ACTIONS
    guests: int = 0
    detail: str = ""


class Erasure(SQLModel, table=True):
    """A guest erased, by number only: a restore of an older backup erases them again."""

    __tablename__ = "erasure"
    guest_id: int = Field(primary_key=True)  # no foreign key: the log outlives any row
    erased_at: dt.datetime = Field(sa_column=_utc_column(nullable=False))


class AppMeta(SQLModel, table=True):
    """Small facts about the database itself, such as the lapse factor late_from was built with."""

    __tablename__ = "app_meta"
    key: str = Field(primary_key=True)
    value: str


# The feedback (0005, 0007), visits import's (0006) and messages' (0008) tables, in modules of
# their own (this one is full), registered here on this metadata. Plain imports: those modules
# import this one first.
import guestbook.storage.feedback_tables  # noqa: E402
import guestbook.storage.message_tables  # noqa: E402
import guestbook.storage.visit_import_tables  # noqa: E402, F401

ALL_TABLES = SQLModel.metadata
