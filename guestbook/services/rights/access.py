"""The access bundle (RGPD right of access): everything guestbook stores about one guest, in a
folder of its own, for the owner to hand over.

    guest-<id>-<YYYY-MM-DD>/   0700 (-2, -3… when that name is taken)
        guest.html             a page to read, in the language shown (services.rights.access_page)
        guest.json             all of it, structured (`bundle_json`)
        guest.csv              the guest as the CSV export writes them: its columns, its writer
        guest.vcf              the guest's card as the vCard export writes it, by its writer
                               (every file 0600)

The JSON holds every section product.md lists: `messages` every message written to the guest
(the channel and address used, what became of it, the legal basis), `feedback` every response
the guest gave. Allergies (health data) are in the guest's own bundle, and in no export: the CSV and the vCard, written as the exports write them, leave
them out. Another guest appears only by the partner's name, and a guest this one brought by
their first name (services.rights.access_data).

The folder is written whole or not at all: its files go into a private temporary folder beside
it, named as exchange.atomic names a writer's spool folder (so the sweep of a later export
removes what a killed run left), renamed into place once complete. Then the bundle is recorded
in the audit, by guest number and folder, never by name; if the audit cannot be written, the
bundle is removed: no access bundle goes unrecorded.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from guestbook.errors import UserError
from guestbook.exchange.atomic import (
    private_folder,
    private_text_file,
    remove_leftovers,
    spool_path,
    temporary_path,
)
from guestbook.exchange.export_csv import record_cells
from guestbook.exchange.formats import FORMATS, WriteOptions
from guestbook.i18n import _
from guestbook.services.context import Services
from guestbook.services.rights.access_data import (
    AccessData,
    feedback_records,
    message_records,
    moment,
    read_access_data,
)
from guestbook.services.rights.access_page import page_html
from guestbook.services.rights.audit import record_now

__all__ = ["AccessBundle", "bundle_json", "write_access_bundle"]


@dataclass(frozen=True)
class AccessBundle:
    folder: Path  # the bundle's own folder, inside the one asked for
    files: tuple[Path, ...]  # guest.html, guest.json, guest.csv, guest.vcf, in `folder`


def write_access_bundle(services: Services, guest_id: int, folder: Path) -> AccessBundle:
    """Write the access bundle of `guest_id` into a new folder inside `folder` (which must
    exist), and record it in the audit. UserError for a guest that does not exist or was
    erased (an erased guest has no bundle: nothing is kept about them), or a folder that
    cannot be written; nothing is left behind then."""
    if not folder.is_dir():
        raise UserError(_("the folder {folder} does not exist").format(folder=folder))
    today, now, settings = services.clock.today(), services.clock.now(), services.settings
    data = services.read(
        lambda connection: read_access_data(
            connection, guest_id, today=today, now=now, settings=settings
        )
    )
    options = WriteOptions(today, now, settings)
    try:
        bundle = _write_folder(folder, f"guest-{guest_id}-{today.isoformat()}", data, options)
    except OSError as error:
        raise UserError(
            _("cannot write {path}: {error}").format(path=folder, error=error.strerror or error)
        ) from None
    try:
        record_now(services, "access", guests=1, detail=f"#{guest_id}: {bundle.folder}")
    except BaseException:
        shutil.rmtree(bundle.folder, ignore_errors=True)
        raise
    return bundle


def bundle_json(data: AccessData) -> dict[str, Any]:
    """guest.json: every section, stored values as stored (amounts in cents, dates ISO,
    timestamps ISO in UTC)."""
    d = data.details
    partner = None
    if d.partner_name is not None:
        partner = {"name": d.partner_name, "is_guest": d.partner_id is not None}
    return {
        "guest_id": data.guest_id,
        "restaurant": data.restaurant,
        "generated_at": data.generated_at.isoformat(),
        "identity": {
            "first_name": data.first_name,
            "last_name": data.last_name,
            "recorded_at": data.created_at.isoformat(),
            "updated_at": data.updated_at.isoformat(),
        },
        "phones": [{"number": phone.e164, "marked_wrong": phone.wrong} for phone in d.phones],
        "emails": list(d.emails),
        "birthday": d.birthday.iso() if d.birthday else None,  # '--03-12' without a year
        "partner": partner,
        "address": d.address,
        "postcode": d.postcode,
        "notes": d.notes,
        "preferences": d.preferences,
        "allergies": [{"allergen": allergen, "note": note} for allergen, note in data.allergies],
        "consent": d.consent,
        "consent_history": _consent_history(data),
        "visit_count": d.visit_count,
        "last_visit_on": d.last_visit_on.isoformat() if d.last_visit_on else None,
        "spend_cents": d.spend_cents,  # their shares of the tables whose spend is known
        "visits": _visits(data),
        "calls": _calls(data),
        "rewards": [
            {
                "kind": reward.kind,
                "reason": reward.reason,
                "valid_from": reward.valid_from.isoformat(),
                "valid_to": reward.valid_to.isoformat(),
                "state": reward.state,
            }
            for reward in data.rewards
        ],
        "referrals": _referrals(data),
        "messages": message_records(data),
        "feedback": feedback_records(data),
    }


def _consent_history(data: AccessData) -> list[dict[str, Any]]:
    return [
        {
            "channel": change.channel,
            "granted": change.granted,
            "at": moment(change.at).isoformat(),
            "staff": change.staff,
            "source": change.source,
            "wording": change.wording,
        }
        for change in data.history.consent
    ]


def _visits(data: AccessData) -> list[dict[str, Any]]:
    return [
        {
            "date": visit.visited_on.isoformat(),
            "party_size": visit.party_size,
            "spend_cents": visit.spend_cents,  # the table's; null: not recorded
            "share_cents": visit.share_cents,  # this guest's part of it
            "occasion": visit.occasion,
            "note": visit.note,
        }
        for visit in data.visits
    ]


def _calls(data: AccessData) -> list[dict[str, Any]]:
    return [
        {
            "at": moment(call.at).isoformat(),
            "reason": call.reason,
            "occasion_on": call.occasion_on.isoformat(),
            "outcome": call.outcome,
            "booked_for": call.booked_for.isoformat() if call.booked_for else None,
            "note": call.note,
            "staff": call.staff,
        }
        for call in data.details.calls
    ]


def _referrals(data: AccessData) -> dict[str, Any]:
    referrals = data.referrals
    referred_at = referrals.referred_at
    return {
        "as_sponsor": {
            "count": len(referrals.brought),
            "guests": [
                {"first_name": first, "recorded_on": at.astimezone().date().isoformat()}
                for first, at in referrals.brought
            ],
        },
        "as_referred": (
            None
            if referred_at is None
            else {"recorded_on": referred_at.astimezone().date().isoformat()}
        ),
    }


# --- the folder ------------------------------------------------------------------------------

_Writer = Callable[[AccessData, IO[str], WriteOptions], None]


def _html(data: AccessData, handle: IO[str], options: WriteOptions) -> None:
    handle.write(page_html(data, options.settings))


def _json(data: AccessData, handle: IO[str], options: WriteOptions) -> None:
    handle.write(json.dumps(bundle_json(data), ensure_ascii=False, indent=2) + "\n")


def _csv(data: AccessData, handle: IO[str], options: WriteOptions) -> None:
    """The CSV export's writer, on the CSV export's cells for this one guest."""
    chosen = FORMATS["csv"]
    assert chosen.write_text is not None
    chosen.write_text([[record_cells(data.record)]], handle, options, _no_progress)


def _vcard(data: AccessData, handle: IO[str], options: WriteOptions) -> None:
    """The vCard export's writer, on this one guest."""
    chosen = FORMATS["vcf"]
    assert chosen.write_text is not None
    chosen.write_text([[data.record]], handle, options, _no_progress)


def _no_progress(_done: int) -> None:
    return None


# name, encoding, writer: the CSV and vCard in their exports' encodings
_FILES: tuple[tuple[str, str, _Writer], ...] = (
    ("guest.html", "utf-8", _html),
    ("guest.json", "utf-8", _json),
    ("guest.csv", FORMATS["csv"].encoding or "utf-8-sig", _csv),
    ("guest.vcf", FORMATS["vcf"].encoding or "utf-8", _vcard),
)


def _write_folder(folder: Path, name: str, data: AccessData, options: WriteOptions) -> AccessBundle:
    remove_leftovers(folder)  # what a killed bundle or export left here
    target, staging = _free_place(folder, name)
    with private_folder(staging):
        for file_name, encoding, write in _FILES:
            with private_text_file(staging / file_name, encoding=encoding) as handle:
                write(data, handle, options)
        if os.path.lexists(target):  # taken meanwhile: never replaced
            raise UserError(
                _("{path} already exists: nothing was written over it").format(path=target)
            )
        staging.rename(target)
    return AccessBundle(target, tuple(target / entry[0] for entry in _FILES))


def _free_place(folder: Path, name: str) -> tuple[Path, Path]:
    """The bundle's folder (`name`, else `name-2`, `name-3`…: an earlier bundle is never
    replaced) and the temporary folder it is written in."""
    copy = 1
    while True:
        target = folder / (name if copy == 1 else f"{name}-{copy}")
        staging = spool_path(temporary_path(target))
        if not (os.path.lexists(target) or os.path.lexists(staging)):
            return target, staging
        copy += 1
