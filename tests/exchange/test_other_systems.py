"""Guest lists exported by the systems restaurants leave, imported whole (issue 14, first step).

Each fixture is built on the header row the system writes (the comment says which export), with
a row or two of values in the forms it uses. Before this step Google's numbered columns lost
every phone, email and address, French Outlook every email, Outlook.com every postcode, and
Square's yearless birthday crashed the import.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

from guestbook.bootstrap import Services
from guestbook.services.export import export_guests
from guestbook.services.importing.importer import import_file

pytestmark = pytest.mark.both_backends

# Google Contacts, Export → "Google CSV" (contacts.google.com, 2024).
GOOGLE = [
    "First Name", "Middle Name", "Last Name", "Phonetic First Name", "Phonetic Middle Name",
    "Phonetic Last Name", "Name Prefix", "Name Suffix", "Nickname", "File As",
    "Organization Name", "Organization Title", "Organization Department", "Birthday", "Notes",
    "Photo", "Labels", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label",
    "Phone 1 - Value", "Phone 2 - Label", "Phone 2 - Value", "Address 1 - Label",
    "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
    "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country",
    "Address 1 - Extended Address",
]  # fmt: skip
# Google's legacy "Google CSV" (before 2021), still produced by old backups.
GOOGLE_LEGACY = [
    "Name", "Given Name", "Additional Name", "Family Name", "Yomi Name", "Given Name Yomi",
    "Additional Name Yomi", "Family Name Yomi", "Name Prefix", "Name Suffix", "Initials",
    "Nickname", "Short Name", "Maiden Name", "Birthday", "Gender", "Location",
    "Billing Information", "Directory Server", "Mileage", "Occupation", "Hobby", "Sensitivity",
    "Priority", "Subject", "Notes", "Language", "Photo", "Group Membership", "E-mail 1 - Type",
    "E-mail 1 - Value", "Phone 1 - Type", "Phone 1 - Value", "Address 1 - Type",
    "Address 1 - Formatted", "Address 1 - Street", "Address 1 - City", "Address 1 - PO Box",
    "Address 1 - Region", "Address 1 - Postal Code", "Address 1 - Country",
    "Address 1 - Extended Address",
]  # fmt: skip
# Outlook.com, People → Manage → Export contacts (English).
OUTLOOK_COM = [
    "First Name", "Middle Name", "Last Name", "Title", "Suffix", "Nickname", "Given Yomi",
    "Surname Yomi", "E-mail Address", "E-mail 2 Address", "E-mail 3 Address", "Home Phone",
    "Home Phone 2", "Business Phone", "Business Phone 2", "Mobile Phone", "Car Phone",
    "Other Phone", "Primary Phone", "Pager", "Business Fax", "Home Fax", "Other Fax",
    "Company Main Phone", "Callback", "Radio Phone", "Telex", "TTY/TDD Phone", "IMAddress",
    "Job Title", "Department", "Company", "Office Location", "Manager's Name",
    "Assistant's Name", "Assistant's Phone", "Company Yomi", "Business Street", "Business City",
    "Business State", "Business Postal Code", "Business Country/Region", "Home Street",
    "Home City", "Home State", "Home Postal Code", "Home Country/Region", "Other Street",
    "Other City", "Other State", "Other Postal Code", "Other Country/Region",
    "Personal Web Page", "Spouse", "Schools", "Hobby", "Location", "Web Page", "Birthday",
    "Anniversary", "Notes",
]  # fmt: skip
# Outlook for Windows in French, Fichier → Ouvrir et exporter → Exporter (CSV, Windows-1252).
OUTLOOK_FR = [
    "Titre", "Prénom", "Deuxième prénom", "Nom", "Suffixe", "Société", "Service", "Titre",
    "Rue (bureau)", "Rue (bureau) 2", "Ville (bureau)", "Code postal (bureau)", "Rue (domicile)",
    "Rue (domicile) 2", "Ville (domicile)", "Code postal (domicile)", "Pays/Région (domicile)",
    "Téléphone (bureau)", "Téléphone mobile", "Téléphone (domicile)", "Téléphone 2 (domicile)",
    "Anniversaire", "Adresse de messagerie", "Type de messagerie",
    "Nom complet de l'adresse de messagerie", "Adresse de messagerie 2", "Notes",
]  # fmt: skip
# Now Book It, the customer file of its Customer Importer Guide (kb.nowbookit.com), the columns
# its customer export also writes.
NOW_BOOK_IT = [
    "First Name", "Last Name", "Phone", "Additional Phone", "Email", "Street Address", "Suburb",
    "Postcode", "BirthdayDate", "BirthdayMonth", "BirthdayYear", "Subscribed",
]  # fmt: skip
# Square Dashboard, Customers → Export customers.
SQUARE = [
    "Reference ID", "First Name", "Surname", "Email Address", "Phone Number", "Nickname",
    "Company Name", "Street Address 1", "Street Address 2", "City", "State", "Postal Code",
    "Birthday", "Memo", "Square Customer ID", "Creation Source", "First Visit", "Last Visit",
    "Transaction Count", "Lifetime Spend", "Email Subscription Status", "Instant Profile",
]  # fmt: skip


def write(tmp_path: Path, headers: list[str], rows: list[dict[str, str]], encoding: str) -> Path:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(headers)
    for row in rows:
        unknown = set(row) - set(headers)
        assert not unknown, unknown  # a typo in a fixture must not pass silently
        writer.writerow([row.get(header, "") for header in headers])
    path = tmp_path / "export.csv"
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def exported(services: Services, tmp_path: Path) -> dict[str, dict[str, Any]]:
    """Every guest as guestbook's JSON export gives them back, by 'First Last'."""
    path = tmp_path / "back.json"
    export_guests(services, path, fmt="json", overwrite=True)
    guests = json.loads(path.read_text(encoding="utf-8"))["guests"]
    return {f"{guest['first_name']} {guest['last_name']}": guest for guest in guests}


def test_google_contacts(services: Services, tmp_path: Path) -> None:
    row = {
        "First Name": "Hélène", "Last Name": "Marchetti", "Birthday": "--03-12",
        "Notes": "Table près de la fenêtre", "Labels": "* myContacts",
        "E-mail 1 - Label": "* Home", "E-mail 1 - Value": "helene@example.fr",
        "Phone 1 - Label": "Home", "Phone 1 - Value": "04 78 12 34 56",
        "Phone 2 - Label": "Mobile", "Phone 2 - Value": "+33 6 12 34 56 78",
        "Address 1 - Formatted": "12 rue des Lilas\n69001 Lyon",
        "Address 1 - Street": "12 rue des Lilas", "Address 1 - City": "Lyon",
        "Address 1 - Postal Code": "69001", "Address 1 - Country": "FR",
    }  # fmt: skip
    result = import_file(services, write(tmp_path, GOOGLE, [row], "utf-8"))
    assert (result.rows, result.new, result.rejected) == (1, 1, 0)
    helene = exported(services, tmp_path)["Hélène Marchetti"]
    # The number labelled Mobile first: the one the chef dials.
    assert helene["phones"] == ["+33612345678", "+33478123456"]
    assert helene["emails"] == ["helene@example.fr"]
    # The city joined to the street: guestbook keeps one address line and the postcode.
    assert (helene["address"], helene["postcode"]) == ("12 rue des Lilas, Lyon", "69001")
    assert helene["birthday"] == "--03-12"
    assert helene["notes"] == "Table près de la fenêtre"
    # What has no home in guestbook is said, not dropped silently.
    assert "Address 1 - Country" in result.ignored_columns
    assert "Address 1 - City" not in result.ignored_columns
    assert "Phone 1 - Label" not in result.ignored_columns  # read: it orders the numbers


def test_google_contacts_legacy(services: Services, tmp_path: Path) -> None:
    row = {
        "Name": "Marc Dupont", "Given Name": "Marc", "Family Name": "Dupont",
        "Birthday": "1968-11-05", "Group Membership": "* My Contacts",
        "E-mail 1 - Type": "* Home", "E-mail 1 - Value": "marc@example.fr ::: m.dupont@example.fr",
        "Phone 1 - Type": "Mobile", "Phone 1 - Value": "06 98 76 54 32",
        "Address 1 - Street": "3 place Bellecour", "Address 1 - Postal Code": "69002",
    }  # fmt: skip
    result = import_file(services, write(tmp_path, GOOGLE_LEGACY, [row], "utf-8"))
    assert (result.rows, result.new, result.rejected) == (1, 1, 0)
    marc = exported(services, tmp_path)["Marc Dupont"]
    assert marc["phones"] == ["+33698765432"]
    assert marc["emails"] == ["marc@example.fr", "m.dupont@example.fr"]
    assert (marc["address"], marc["postcode"]) == ("3 place Bellecour", "69002")
    assert marc["birthday"] == "1968-11-05"


def test_outlook_com(services: Services, tmp_path: Path) -> None:
    row = {
        "First Name": "Zoé", "Last Name": "Lambert", "E-mail Address": "zoe@example.fr",
        "E-mail 2 Address": "zoe.lambert@example.com", "Home Phone": "04 72 10 20 30",
        "Mobile Phone": "+33 7 81 22 33 44",
        "Home Street": "8 quai Saint-Vincent", "Home Postal Code": "69001",
        "Business Street": "1 place de la Bourse", "Business Postal Code": "69002",
        "Spouse": "Jérôme", "Birthday": "1985-06-21", "Anniversary": "2010-09-04",
    }  # fmt: skip
    result = import_file(services, write(tmp_path, OUTLOOK_COM, [row], "utf-8"))
    assert (result.rows, result.new, result.rejected) == (1, 1, 0)
    zoe = exported(services, tmp_path)["Zoé Lambert"]
    assert zoe["emails"] == ["zoe@example.fr", "zoe.lambert@example.com"]
    assert zoe["phones"] == ["+33781223344", "+33472102030"]  # the mobile first
    # The home address, not the office's; the wedding anniversary is not a birthday.
    assert (zoe["address"], zoe["postcode"]) == ("8 quai Saint-Vincent", "69001")
    assert zoe["birthday"] == "1985-06-21"
    assert zoe["partner"] == "Jérôme"
    assert {"Anniversary", "Business Street", "Business Postal Code"} <= set(result.ignored_columns)


def test_outlook_in_french(services: Services, tmp_path: Path) -> None:
    row = {
        "Prénom": "Anaïs", "Nom": "Lefèvre", "Adresse de messagerie": "anais@example.fr",
        "Type de messagerie": "SMTP", "Nom complet de l'adresse de messagerie": "Anaïs Lefèvre",
        "Téléphone mobile": "06 23 45 67 89", "Téléphone (domicile)": "04 72 00 11 22",
        "Rue (domicile)": "5 rue Mercière", "Code postal (domicile)": "69002",
        "Rue (bureau)": "10 cours Lafayette", "Code postal (bureau)": "69003",
        "Anniversaire": "14/07/1979", "Notes": "Allergie aux noix",
    }  # fmt: skip
    result = import_file(services, write(tmp_path, OUTLOOK_FR, [row], "cp1252"))
    assert (result.rows, result.new, result.rejected) == (1, 1, 0)
    anais = exported(services, tmp_path)["Anaïs Lefèvre"]
    assert anais["emails"] == ["anais@example.fr"]
    assert anais["phones"] == ["+33623456789", "+33472001122"]
    assert (anais["address"], anais["postcode"]) == ("5 rue Mercière", "69002")
    assert anais["birthday"] == "1979-07-14"


def test_square(services: Services, tmp_path: Path) -> None:
    rows = [
        {
            "Reference ID": "A-17", "First Name": "Camille", "Surname": "Roux",
            "Email Address": "camille@example.fr", "Phone Number": "+33612345678",
            "Street Address 1": "4 rue Longue", "Postal Code": "69001",
            "Birthday": "0000-03-15", "Memo": "Préfère la terrasse",
            "First Visit": "2025-01-10", "Last Visit": "2026-10-30", "Transaction Count": "6",
            "Email Subscription Status": "subscribed",
        },
        {
            "First Name": "Louis", "Surname": "Petit", "Phone Number": "+33611223344",
            "Email Address": "louis@example.fr", "Birthday": "1990-02-01",
            "Email Subscription Status": "unsubscribed",
        },
    ]  # fmt: skip
    result = import_file(services, write(tmp_path, SQUARE, rows, "utf-8"))
    assert (result.rows, result.new, result.rejected) == (2, 2, 0)
    guests = exported(services, tmp_path)
    camille, louis = guests["Camille Roux"], guests["Louis Petit"]
    assert camille["birthday"] == "--03-15"
    assert camille["notes"] == "Préfère la terrasse"
    assert camille["visit_count"] == 6
    assert (camille["consent"]["email"], louis["consent"]["email"]) == (True, False)
    assert (camille["address"], camille["postcode"]) == ("4 rue Longue", "69001")


def test_a_file_without_a_phone_or_an_email_column_is_warned_about(
    services: Services, tmp_path: Path
) -> None:
    """Names alone cannot be called nor written to: the preview says so before the import."""
    path = write(
        tmp_path, ["First Name", "Surname", "Joignable au"], [{"First Name": "Léa", "Surname": "Roux",
        "Joignable au": "06 12 34 56 78"}], "utf-8",
    )  # fmt: skip
    preview = import_file(services, path, dry_run=True)
    assert preview.no_contact_columns and preview.to_json()["no_contact_columns"] is True
    assert preview.column_notes() == [
        "Warning: no column of this file was read as a phone or an email, so none of its "
        "guests could be called or written to. Check the columns not imported below.",
        "Columns not imported: Joignable au.",
    ]
    google = write(tmp_path, GOOGLE, [{"First Name": "Léa", "Phone 1 - Value": "0612345678"}],
                   "utf-8")  # fmt: skip
    assert not import_file(services, google, dry_run=True).no_contact_columns


def test_what_a_spreadsheet_broke_is_repaired(services: Services, tmp_path: Path) -> None:
    """A CSV opened and saved by LibreOffice with default column types: phones without their
    '+', postcodes without their leading 0 (issue 14: 44 rows rejected, 37 postcodes changed)."""
    rows = [
        {"First Name": "Léa", "Surname": "Roux", "Phone Number": "33612345678",
         "Postal Code": "6000"},
        {"First Name": "Tom", "Surname": "Gray", "Phone Number": "447911123456",
         "Postal Code": "69001"},
        {"First Name": "Kim", "Surname": "Faux", "Phone Number": "12345"},
    ]  # fmt: skip
    result = import_file(services, write(tmp_path, SQUARE, rows, "utf-8"))
    assert (result.new, result.rejected) == (2, 1)  # 12345 is no number, with or without +
    guests = exported(services, tmp_path)
    assert guests["Léa Roux"]["phones"] == ["+33612345678"]
    assert guests["Léa Roux"]["postcode"] == "06000"
    assert guests["Tom Gray"]["phones"] == ["+447911123456"]
    assert guests["Tom Gray"]["postcode"] == "69001"


def test_a_day_only_column_beside_a_month_column(services: Services, tmp_path: Path) -> None:
    """TheFork's export keeps the birthday in 'birthDay' (the day of the month), 'birthMonth'
    and 'birthYear' (the columns named in issue 14's finding): 'birthDay' read as the whole
    birthday rejected 11 rows of 12."""
    headers = ["firstName", "lastName", "email", "phone", "birthDay", "birthMonth", "birthYear"]
    rows = [
        {"firstName": "Inès", "lastName": "Petit", "email": "ines@example.fr",
         "phone": "+33781223344", "birthDay": "29", "birthMonth": "2", "birthYear": ""},
        {"firstName": "Hugo", "lastName": "Petit", "email": "hugo@example.fr",
         "phone": "+33655443322", "birthDay": "1", "birthMonth": "1", "birthYear": "1990"},
    ]  # fmt: skip
    result = import_file(services, write(tmp_path, headers, rows, "utf-8"))
    assert (result.new, result.rejected) == (2, 0)
    guests = exported(services, tmp_path)
    assert guests["Inès Petit"]["birthday"] == "--02-29"
    assert guests["Hugo Petit"]["birthday"] == "1990-01-01"


def test_now_book_it(services: Services, tmp_path: Path) -> None:
    rows = [
        {
            "First Name": "Zoé", "Last Name": "Lefèvre", "Phone": "+33612345678",
            "Additional Phone": "04 78 00 11 22", "Email": "zoe@example.fr",
            "Street Address": "5 quai Saint-Antoine", "Suburb": "Lyon", "Postcode": "69002",
            "BirthdayDate": "21", "BirthdayMonth": "9", "BirthdayYear": "1980",
            "Subscribed": "true",
        },
        {
            "First Name": "Noël", "Last Name": "Baptiste", "Phone": "+33698765432",
            "BirthdayDate": "3", "BirthdayMonth": "12", "Subscribed": "false",
        },
    ]  # fmt: skip
    result = import_file(services, write(tmp_path, NOW_BOOK_IT, rows, "cp1252"))
    assert (result.rows, result.new, result.rejected) == (2, 2, 0)
    assert result.ignored_columns == ()  # every column has its home
    guests = exported(services, tmp_path)
    zoe, noel = guests["Zoé Lefèvre"], guests["Noël Baptiste"]
    assert zoe["phones"] == ["+33612345678", "+33478001122"]
    assert (zoe["address"], zoe["postcode"]) == ("5 quai Saint-Antoine, Lyon", "69002")
    assert (zoe["birthday"], noel["birthday"]) == ("1980-09-21", "--12-03")
    assert (zoe["consent"]["email"], noel["consent"]["email"]) == (True, False)


def test_an_old_systems_visits_have_an_unknown_spend(services: Services, tmp_path: Path) -> None:
    """Regression: the visits an import brings as history were written with a spend of 0.00 €,
    which lowered every revenue and average figure; their spend is unknown."""
    rows = [{"First Name": "Camille", "Surname": "Roux", "Phone Number": "+33611223344",
             "Last Visit": "10/2/2026", "Transaction Count": "3"}]  # fmt: skip
    assert import_file(services, write(tmp_path, SQUARE, rows, "utf-8")).visits == 3
    from tests.database import query

    assert query(services, "SELECT count(*), count(spend_cents) FROM visit") == [(3, 0)]
    assert query(services, "SELECT visit_count, spend_cents FROM guest") == [(3, 0)]
