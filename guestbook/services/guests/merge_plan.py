"""What merging two guests will do, worked out before anything is written.

The same plan drives the confirmation (`merge_preview`) and the merge itself (services/merge),
so the host is shown exactly what happens: counts of records moved, fields filled in, and what
of the merged entry is set aside because it cannot survive (a second sponsor, a referral
between the two, a different birthday).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Connection, text

from guestbook.domain.birthdays import Birthday
from guestbook.domain.channels import CHANNELS, consent_columns, consent_of
from guestbook.domain.text import display_name, fold
from guestbook.errors import UserError
from guestbook.i18n import N_, _, ngettext, number, pgettext
from guestbook.services.context import Services

# The start is cast: PostgreSQL would type a small bound number as smallint, and a recursive
# query's columns keep the type of their first row.
_CHAIN_UP = """
WITH RECURSIVE chain(guest_id, depth) AS (
    SELECT CAST(:start AS INTEGER), 0
    UNION
    SELECT r.sponsor_id, c.depth + 1 FROM referral r JOIN chain c ON r.referred_id = c.guest_id
    WHERE c.depth < 10000
)
SELECT guest_id FROM chain
"""


@dataclass(frozen=True)
class _Person:
    guest_id: int
    first_name: str
    last_name: str
    birthday: Birthday | None
    partner_id: int | None
    partner_name: str
    postcode: str
    address: str
    notes: str
    preferences: str
    consent: dict[str, bool | None]

    @property
    def name(self) -> str:
        return display_name(self.first_name, self.last_name)


@dataclass(frozen=True)
class MergePreview:
    """What a merge does (or did): counts of records moved, and what was set aside."""

    keep_id: int
    keep_name: str
    drop_id: int
    drop_name: str
    moved: tuple[tuple[str, int], ...]  # ("visits", 3): only kinds that have records
    filled: tuple[str, ...]  # keep's empty fields taken from drop (English: lines() translates)
    set_aside: tuple[str, ...] = ()  # sentences: what of drop does not survive, and why
    withdrawn: tuple[str, ...] = ()  # channels that end withdrawn because one side withdrew

    def lines(self) -> list[str]:
        """What the merge does, sentence by sentence, in guestbook's language."""
        drop, keep = self.drop_name, self.keep_name
        lines = [
            _("{drop} (#{drop_id}) goes into {keep} (#{keep_id}).").format(
                drop=drop, drop_id=self.drop_id, keep=keep, keep_id=self.keep_id
            )
        ]
        if self.moved:
            moved = ", ".join(_counted(count, what) for what, count in self.moved)
            lines.append(_("Moved: {records}").format(records=moved))
        if self.filled:
            filled = ", ".join(_(field) for field in self.filled)
            lines.append(_("Filled in: {fields}").format(fields=filled))
        if self.withdrawn:
            channels = ", ".join(_channel_word(key) for key in self.withdrawn)
            lines.append(
                _("Consent withdrawn (one side withdrew): {channels}").format(channels=channels)
            )
        lines += self.set_aside
        lines.append(
            _("Then {drop} (#{drop_id}) is deleted.").format(drop=drop, drop_id=self.drop_id)
        )
        return lines


def _channel_word(key: str) -> str:
    """A channel as the preview names it: its key in English ("call"), a word in French."""
    words = {
        "call": pgettext("consent channel", "call"),
        "sms": pgettext("consent channel", "sms"),
        "email": pgettext("consent channel", "email"),
        "post": pgettext("consent channel", "post"),
    }
    return words.get(key, key)


def _counted(count: int, what: str) -> str:
    """'1 phone', '3 visits': the records of one kind that move."""
    forms = {
        "phones": ngettext("{count} phone", "{count} phones", count),
        "emails": ngettext("{count} email", "{count} emails", count),
        "visits": ngettext("{count} visit", "{count} visits", count),
        "calls": ngettext("{count} call", "{count} calls", count),
        "rewards": ngettext("{count} reward", "{count} rewards", count),
        "consent events": ngettext("{count} consent event", "{count} consent events", count),
        "allergies": ngettext("{count} allergy", "{count} allergies", count),
        "import records": ngettext("{count} import record", "{count} import records", count),
        "referrals": ngettext("{count} referral", "{count} referrals", count),
    }
    return forms[what].format(count=number(count))


@dataclass
class Plan:
    keep: _Person
    drop: _Person
    fields: dict[str, object] = field(default_factory=dict)  # column → new value on keep
    referrals_dropped: list[int] = field(default_factory=list)
    preview: MergePreview | None = None


def _person(connection: Connection, guest_id: int) -> _Person:
    row = connection.execute(
        text(
            "SELECT first_name, last_name, birth_day, birth_month, birth_year, partner_id, "
            f"partner_name, postcode, address, notes, preferences, {consent_columns()} "
            "FROM guest WHERE id = :id AND erased_at IS NULL"
        ),
        {"id": guest_id},
    ).one_or_none()
    if row is None:
        raise UserError(_("guest #{id} does not exist (merged or erased?)").format(id=guest_id))
    v = tuple(row)
    birthday = Birthday(int(v[2]), int(v[3]), v[4]) if v[2] is not None else None
    return _Person(
        guest_id,
        str(v[0]),
        str(v[1]),
        birthday,
        v[5] if isinstance(v[5], int) else None,
        str(v[6]),
        str(v[7]),
        str(v[8]),
        str(v[9]),
        str(v[10]),
        consent_of(v[11:]),
    )


def _count(connection: Connection, sql: str, **params: object) -> int:
    return int(connection.execute(text(sql), params).scalar_one())


def make_plan(connection: Connection, keep_id: int, drop_id: int) -> Plan:
    if keep_id == drop_id:
        raise UserError(_("a guest cannot be merged with themselves"))
    plan = Plan(_person(connection, keep_id), _person(connection, drop_id))
    keep, drop = plan.keep, plan.drop
    set_aside: list[str] = []
    filled = _fill_fields(plan, set_aside)
    ids = {"keep": keep_id, "drop": drop_id}

    def moved_count(table: str, extra: str = "") -> int:
        return _count(
            connection, f"SELECT count(*) FROM {table} WHERE guest_id = :drop {extra}", **ids
        )

    moved = [
        (
            "phones",
            moved_count("phone", "AND e164 NOT IN (SELECT e164 FROM phone WHERE guest_id = :keep)"),
        ),
        (
            "emails",
            moved_count(
                "email", "AND address NOT IN (SELECT address FROM email WHERE guest_id = :keep)"
            ),
        ),
        ("visits", moved_count("visit_guest")),
        ("calls", moved_count("call_attempt")),
        ("rewards", moved_count("reward")),
        ("consent events", moved_count("consent_event")),
        ("allergies", len(new_allergies(connection, keep_id, drop_id))),
        ("import records", moved_count("import_change")),
    ]
    moved.append(("referrals", _plan_referrals(connection, plan, set_aside)))
    shared_visits = moved_count(
        "visit_guest", "AND visit_id IN (SELECT visit_id FROM visit_guest WHERE guest_id = :keep)"
    )
    if shared_visits:
        shared = ngettext(
            "{count} table they shared now counts this guest once.",
            "{count} tables they shared now count this guest once.",
            shared_visits,
        )
        set_aside.append(shared.format(count=number(shared_visits)))
    withdrawn = tuple(
        channel
        for channel in CHANNELS
        if False in (keep.consent[channel], drop.consent[channel])
        and keep.consent[channel] is not False
    )
    plan.preview = MergePreview(
        keep_id,
        keep.name,
        drop_id,
        drop.name,
        tuple((what, count) for what, count in moved if count),
        tuple(filled),
        tuple(set_aside),
        withdrawn,
    )
    return plan


def _fill_fields(plan: Plan, set_aside: list[str]) -> list[str]:
    """Keep's values win; its empty fields take drop's, notes and preferences are appended."""
    keep, drop, fields = plan.keep, plan.drop, plan.fields
    filled: list[str] = []
    # Field names stay English here (MergePreview.filled); lines() translates them.
    for column, label in (
        ("first_name", N_("first name")),
        ("last_name", N_("last name")),
        ("postcode", N_("postcode")),
        ("address", N_("address")),
    ):
        if not getattr(keep, column) and getattr(drop, column):
            fields[column] = getattr(drop, column)
            filled.append(label)
    for column, label in (("notes", N_("notes")), ("preferences", N_("preferences"))):
        mine, theirs = getattr(keep, column), getattr(drop, column)
        if theirs and fold(theirs) not in fold(mine):
            fields[column] = f"{mine}\n{theirs}".strip()
            filled.append(label)
    kb, db = keep.birthday, drop.birthday
    if kb is None and db is not None:
        fields.update(birth_day=db.day, birth_month=db.month, birth_year=db.year)
        filled.append(N_("birthday"))
    elif kb and db and (kb.day, kb.month) == (db.day, db.month) and kb.year is None and db.year:
        fields["birth_year"] = db.year
        filled.append(N_("birth year"))
    elif kb and db and kb != db:
        set_aside.append(
            _("Birthday {kept} is kept; {other} is set aside.").format(
                kept=kb.short(), other=db.short()
            )
        )
    partner_of_drop = drop.partner_id if drop.partner_id != keep.guest_id else None
    if keep.partner_id == drop.guest_id:  # partners of each other: now one person
        fields.update(partner_id=None, partner_name="")
    elif (
        keep.partner_id is None and not keep.partner_name and (partner_of_drop or drop.partner_name)
    ):
        fields.update(
            partner_id=partner_of_drop, partner_name="" if partner_of_drop else drop.partner_name
        )
        filled.append(N_("partner"))
    return filled


def _plan_referrals(connection: Connection, plan: Plan, set_aside: list[str]) -> int:
    """How many of drop's referrals move to keep; the others go to plan.referrals_dropped, each
    with its reason in `set_aside`."""
    keep_id, drop_id = plan.keep.guest_id, plan.drop.guest_id
    rows = connection.execute(
        text(
            "SELECT id, sponsor_id, referred_id FROM referral "
            "WHERE sponsor_id IN (:keep, :drop) OR referred_id IN (:keep, :drop)"
        ),
        {"keep": keep_id, "drop": drop_id},
    ).all()

    def chain_up(guest_id: int) -> set[int]:
        return {int(g) for (g,) in connection.execute(text(_CHAIN_UP), {"start": guest_id})}

    def set_aside_referral(referral_id: int, why: str) -> None:
        plan.referrals_dropped.append(referral_id)
        set_aside.append(why)

    # Keep's sponsors after the merge: its own, or drop's when keep had none.
    upward = chain_up(keep_id)
    keep_has_sponsor = any(r[2] == keep_id and r[1] != drop_id for r in rows)
    moving = 0
    for referral_id, sponsor_id, referred_id in sorted(rows, key=lambda r: r[2] != drop_id):
        if {sponsor_id, referred_id} == {keep_id, drop_id}:
            set_aside_referral(
                referral_id,
                _("The referral between the two entries is removed (nobody refers themselves)."),
            )
        elif referred_id == drop_id:
            sponsors = chain_up(sponsor_id)
            if keep_has_sponsor or keep_id in sponsors:
                set_aside_referral(
                    referral_id,
                    _("Sponsor #{id} of {name} is set aside: one sponsor per guest.").format(
                        id=sponsor_id, name=plan.drop.name
                    ),
                )
            else:
                upward |= sponsors
                moving += 1
        elif sponsor_id == drop_id:
            if referred_id in upward:  # keep would sponsor one of its own sponsors
                set_aside_referral(
                    referral_id,
                    _("The referral of #{id} is set aside: it would go round in a circle.").format(
                        id=referred_id
                    ),
                )
            else:
                moving += 1
    return moving


def new_allergies(connection: Connection, keep_id: int, drop_id: int) -> list[int]:
    """Ids of drop's allergies that keep does not have yet (allergens compared folded)."""
    mine = {
        fold(str(a))
        for (a,) in connection.execute(
            text("SELECT allergen FROM allergy WHERE guest_id = :id"), {"id": keep_id}
        )
    }
    new: list[int] = []
    for allergy_id, allergen in connection.execute(
        text("SELECT id, allergen FROM allergy WHERE guest_id = :id ORDER BY id"), {"id": drop_id}
    ):
        if fold(str(allergen)) not in mine:
            mine.add(fold(str(allergen)))
            new.append(int(allergy_id))
    return new


def merge_preview(services: Services, keep_id: int, drop_id: int) -> MergePreview:
    """What merging `drop` into `keep` will do, for the host to confirm."""
    return services.read(lambda connection: preview_on(connection, keep_id, drop_id))


def preview_on(connection: Connection, keep_id: int, drop_id: int) -> MergePreview:
    plan = make_plan(connection, keep_id, drop_id)
    assert plan.preview is not None
    return plan.preview
