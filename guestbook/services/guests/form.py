"""A guest read back into the form (domain.guest_form), every value in a form it accepts back."""

from __future__ import annotations

from sqlalchemy import Connection, text

from guestbook.domain.channels import consent_columns, consent_of
from guestbook.domain.contact import format_phone
from guestbook.domain.guest_form import GuestForm, format_allergies
from guestbook.domain.text import display_name
from guestbook.errors import UserError
from guestbook.i18n import _

CONSENT_SOURCE = "card"  # consent recorded from the guest's card is filed under this source


def load_form(connection: Connection, guest_id: int, region: str) -> GuestForm:
    """The form as it should open to edit this guest: every value in a form it accepts back."""
    guest = connection.execute(
        text(
            "SELECT g.first_name, g.last_name, g.birth_day, g.birth_month, g.birth_year, "
            "g.partner_id, p.first_name, p.last_name, g.partner_name, g.postcode, g.notes, "
            f"g.preferences, g.address, {consent_columns('g.')} "
            "FROM guest g LEFT JOIN guest p ON p.id = g.partner_id WHERE g.id = :id"
        ),
        {"id": guest_id},
    ).one_or_none()
    if guest is None:
        raise UserError(_("guest #{id} does not exist (merged or erased?)").format(id=guest_id))
    values = tuple(guest)

    def column(sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in connection.execute(text(sql), {"id": guest_id})]

    phones = column("SELECT e164 FROM phone WHERE guest_id = :id ORDER BY position, id")
    emails = column("SELECT address FROM email WHERE guest_id = :id ORDER BY position, id")
    allergies = column("SELECT allergen, note FROM allergy WHERE guest_id = :id ORDER BY id")
    day, month, year = values[2:5]
    birthday = ""
    if day is not None:
        birthday = f"{day:02d}/{month:02d}" + (f"/{year}" if year else "")
    partner_id = values[5] if isinstance(values[5], int) else None
    partner = display_name(str(values[6]), str(values[7] or "")) if partner_id else values[8]
    return GuestForm(
        first_name=str(values[0]),
        last_name=str(values[1]),
        phones=", ".join(format_phone(str(e164), region) for (e164,) in phones),
        emails=", ".join(str(address) for (address,) in emails),
        birthday=birthday,
        partner=str(partner or ""),
        partner_id=partner_id,
        postcode=str(values[9]),
        notes=str(values[10]),
        preferences=str(values[11]),
        address=str(values[12]),
        allergies=format_allergies([(str(a), str(n)) for a, n in allergies]),
        consent=consent_of(values[13:]),
    )
