"""Import matching and merging: product.md "Same person" and "Consent state"."""

from __future__ import annotations

from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from guestbook.domain.birthdays import Birthday
from guestbook.services.importing.importer import import_file
from tests.builders import add_guest
from tests.exchange.helpers import by_name, dump, query

pytestmark = pytest.mark.both_backends

HEADER = "Prénom;Nom;Téléphone;E-mail;Date de naissance;Conjoint;Notes;Opt-in appel;Opt-in SMS"


def write(tmp_path: Path, *rows: str, header: str = HEADER, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_merge_keeps_existing_values_and_adds_what_is_new(
    services: Services, tmp_path: Path
) -> None:
    guest_id = add_guest(
        services, "Hélène", "Dupont", phone="+33612345678", birthday=Birthday(12, 3)
    )
    path = write(
        tmp_path,
        "helene;DUPONT-X;07 81 22 33 44;helene@example.fr;12/03/1970;Marc;Fenêtre;oui;non",
        "HÉLÈNE;Dupont;06 12 34 56 78;;;;;;",
    )
    result = import_file(services, path)

    assert (result.new, result.merged, result.rejected) == (1, 1, 0)
    guest = by_name(services)["Hélène Dupont"]
    assert guest["id"] == guest_id
    assert guest["last_name"] == "Dupont"  # existing value wins
    assert (guest["birth_day"], guest["birth_month"], guest["birth_year"]) == (12, 3, None)
    assert query(
        services, "SELECT e164 FROM phone WHERE guest_id = ? ORDER BY position", guest_id
    ) == [("+33612345678",)]
    assert guest["consent_call"] == 1  # add_guest recorded it: the import leaves it alone
    # The first row's phone is not hers, its last name differs: 'helene DUPONT-X' is another
    # person with no shared contact.
    assert "helene DUPONT-X" in by_name(services)


def test_merge_fills_empty_fields_and_appends_notes(services: Services, tmp_path: Path) -> None:
    guest_id = add_guest(services, "Marc", "Dupont", phone="+33698765432", call_consent=None)
    path = write(
        tmp_path,
        "marc;Dupont;+33 6 98 76 54 32;marc@example.fr;05/11/1968;Hélène;Aime le rouge;non;oui",
    )
    result = import_file(services, path)

    assert (result.new, result.merged) == (0, 1)
    guest = by_name(services)["Marc Dupont"]
    assert guest["id"] == guest_id
    assert guest["primary_email"] == "marc@example.fr"
    assert (guest["birth_day"], guest["birth_month"], guest["birth_year"]) == (5, 11, 1968)
    assert guest["partner_name"] == "Hélène"
    assert guest["notes"] == "Aime le rouge"
    assert (guest["consent_call"], guest["consent_sms"]) == (0, 1)
    # Imported again: notes are not appended twice, nothing else moves.
    before = dump(services)
    assert import_file(services, path).merged == 1
    assert dump(services) == before


def test_shared_phone_under_another_first_name_is_a_new_guest_flagged(
    services: Services, tmp_path: Path
) -> None:
    marc = add_guest(services, "Marc", "Dupont", phone="+33478123456")
    result = import_file(services, write(tmp_path, "Hélène;Dupont;04 78 12 34 56;;;;;;"))

    assert (result.new, result.merged, result.duplicates_flagged) == (1, 0, 1)
    helene = by_name(services)["Hélène Dupont"]
    assert query(services, "SELECT guest_a_id, guest_b_id, reason FROM possible_duplicate") == [
        (marc, helene["id"], "same phone +33478123456")
    ]
    # Importing again flags nothing more and creates no one.
    before = dump(services)
    again = import_file(services, write(tmp_path, "Hélène;Dupont;04 78 12 34 56;;;;;;"))
    assert (again.new, again.merged, again.duplicates_flagged) == (0, 1, 0)
    assert dump(services) == before


def test_phone_of_one_guest_and_email_of_another_is_rejected(
    services: Services, tmp_path: Path
) -> None:
    add_guest(services, "Léa", "Petit", phone="+33789012345")
    add_guest(services, "Léa", "Petit", phone=None, emails=("lea@example.fr",))
    before = dump(services)
    result = import_file(services, write(tmp_path, "Léa;Petit;07 89 01 23 45;lea@example.fr;;;;;"))

    assert (result.new, result.merged, result.rejected) == (0, 0, 1)
    (reason,) = result.outcomes[0].reasons
    assert reason.startswith("matches two guests")
    assert "by phone" in reason and "by email" in reason
    assert dump(services) == before


def test_a_different_known_birthday_is_not_the_same_person(
    services: Services, tmp_path: Path
) -> None:
    add_guest(services, "Jean", "Martin", phone="+33612121212", birthday=Birthday(1, 2, 1960))
    result = import_file(services, write(tmp_path, "Jean;Martin;06 12 12 12 12;;02/02/1990;;;;"))
    assert (result.new, result.merged, result.duplicates_flagged) == (1, 0, 1)


def test_missing_first_name_matches_on_the_last_name(services: Services, tmp_path: Path) -> None:
    guest_id = add_guest(services, "Anaïs", "Martin", phone="+33623456789")
    result = import_file(services, write(tmp_path, ";martin;06 23 45 67 89;;;;;;"))
    assert result.merged == 1 and result.outcomes[0].guest_id == guest_id
    other = import_file(services, write(tmp_path, ";Durand;06 23 45 67 89;;;;;;"))
    assert (other.new, other.duplicates_flagged) == (1, 1)


def test_rows_of_one_file_match_each_other(services: Services, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "Hélène;Dupont;06 12 34 56 78;;;;Première;oui;oui",
        "Helene;Dupont;06.12.34.56.78;helene@example.fr;12/03;;Seconde;non;oui",
        "Hélène;Dupont;;helene@example.fr;;;;;",
    )
    result = import_file(services, path)

    assert (result.new, result.merged) == (1, 2)
    guest = by_name(services)["Hélène Dupont"]
    assert guest["notes"] == "Première\nSeconde"
    assert guest["primary_email"] == "helene@example.fr"
    # Within one import a withdrawal wins; one event per channel.
    assert (guest["consent_call"], guest["consent_sms"]) == (0, 1)
    assert query(services, "SELECT channel, granted FROM consent_event ORDER BY channel") == [
        ("call", 0),
        ("sms", 1),
    ]


def test_rows_without_phone_or_email_are_not_duplicated_on_reimport(
    services: Services, tmp_path: Path
) -> None:
    path = write(tmp_path, "Paul;Durand;;;24/12;;;;", "Rose;Durand;;;;;;;")
    assert import_file(services, path).new == 2
    before = dump(services)
    again = import_file(services, path)
    assert (again.new, again.merged) == (0, 2)
    assert dump(services) == before


def test_partner_is_linked_only_when_exactly_one_guest_fits(
    services: Services, tmp_path: Path
) -> None:
    add_guest(services, "Sophie", "Bœuf")
    add_guest(services, "Lan", "Nguyen")
    add_guest(services, "Lan", "Nguyen")
    path = write(
        tmp_path,
        "Jérôme;Bœuf;06 55 44 33 22;;;Sophie;;;",
        "François;Nguyen;04 78 12 34 56;;;Lan Nguyen;;;",
        "Paul;Roux;06 11 22 33 44;;;Sophie Boeuf;;;",
    )
    import_file(services, path)
    guests = by_name(services)
    assert guests["Jérôme Bœuf"]["partner_id"] == guests["Sophie Bœuf"]["id"]
    assert guests["Paul Roux"]["partner_id"] == guests["Sophie Bœuf"]["id"]
    assert guests["François Nguyen"]["partner_id"] is None
    assert guests["François Nguyen"]["partner_name"] == "Lan Nguyen"


def test_every_invalid_value_is_a_reason(services: Services, tmp_path: Path) -> None:
    path = write(tmp_path, ";;123;a@b;31/02/2030;;;peut-être;x")
    result = import_file(services, path)
    (outcome,) = result.outcomes
    assert outcome.action == "rejected"
    assert [reason.split(" ")[0] for reason in outcome.reasons] == [
        "no",
        "phone:",
        "email:",
        "birthday",
        "consent",
    ]
