"""Visits from the till (issue 17): reading a file of tickets and telling whose each ticket is,
by the same-person rules. What the import writes, and its undo: test_visits_import_writes.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from guestbook.errors import UserError
from guestbook.exchange.ticket_headers import map_ticket_headers
from guestbook.services.rights.erasure import erase_guests
from guestbook.services.visits_import.check import AmountError, parse_amount
from guestbook.services.visits_import.importer import import_visits
from guestbook.services.visits_import.result import TicketOutcome, VisitsImportResult
from guestbook.services.visits_import.tickets import date_part
from tests.builders import add_guest

pytestmark = pytest.mark.both_backends

HEAD = "Date;Couverts;Montant TTC;Téléphone;Email;Prénom;Nom\n"


def tickets(tmp_path: Path, text: str, *, encoding: str = "utf-8", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def preview(services: Services, path: Path) -> VisitsImportResult:
    return import_visits(services, path, dry_run=True)


def fates(result: VisitsImportResult) -> list[tuple[str, int | None]]:
    return [(outcome.fate, outcome.guest_id) for outcome in result.outcomes]


def reasons(outcome: TicketOutcome) -> str:
    return "; ".join(outcome.reasons)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("42,50", 4250),
        ("42.50 €", 4250),
        ("1 234,00", 123_400),
        ("1\u202f234,00 €", 123_400),
        ("1.234,56", 123_456),
        ("1,234.56", 123_456),
        ("EUR 42", 4200),
        ("42,5", 4250),
        ("0", 0),
        ("84", 8400),
    ],
)
def test_amounts_in_euros_with_a_comma_or_a_dot(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("", "no amount"),
        ("abc", "is not an amount"),
        ("42,505", "at most two decimals"),
        ("-12,00", "a refund is not a visit"),
        ("12.34,50", "is not an amount"),
    ],
)
def test_amounts_that_cannot_be_read(text: str, why: str) -> None:
    with pytest.raises(AmountError, match=why):
        parse_amount(text)


def test_dates_lose_their_time() -> None:
    assert date_part("22/11/2026 20:15") == "22/11/2026"
    assert date_part("2026-11-22T20:15:00+01:00") == "2026-11-22"
    assert date_part("22/11/2026 20h15") == "22/11/2026"
    assert date_part("12 mars 2026") == "12 mars 2026"


def test_ticket_headers_french_and_english() -> None:
    french = map_ticket_headers(
        [
            "Date du ticket",
            "N° ticket",
            "Nb couverts",
            "Montant TTC",
            "Tél. portable",
            "Client",
            "Serveur",
        ]
    )
    assert french.columns == {
        "date": (0,),
        "ticket": (1,),
        "party_size": (2,),
        "amount": (3,),
        "phone": (4,),
        "full_name": (5,),
    }
    assert french.ignored == ("Serveur",)
    english = map_ticket_headers(["Date", "Guests", "Amount", "Phone", "E-mail", "Ticket", "Note"])
    assert set(english.columns) == {"date", "party_size", "amount", "phone", "email", "ticket"}
    assert english.ignored == ("Note",)
    assert map_ticket_headers(["Jour", "Covers", "Total", "Nom"]).has_date_and_amount


def test_matching_by_phone_in_any_format(services: Services, tmp_path: Path) -> None:
    helene = add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    path = tickets(
        tmp_path,
        HEAD + "22/11/2026;2;84,50;06 12 34 56 78;;;\n"
        "21/11/2026;2;50;+33 6 12 34 56 78;;;\n"
        "20/11/2026;2;50;06.12.34.56.78;;helene;\n"
        "19/11/2026;2;50;0033612345678;;HÉLÈNE;DUPONT\n"
        "18/11/2026;2;50;+33 (0)6 12 34 56 78;;;Dupont\n",
    )
    result = preview(services, path)
    assert fates(result) == [("recorded", helene)] * 5
    assert result.outcomes[0].guest == f"Hélène Dupont (#{helene})"


def test_matching_by_email_and_by_name(services: Services, tmp_path: Path) -> None:
    marc = add_guest(services, "Marc", "Martin", phone=None, emails=("marc@example.fr",))
    zoe = add_guest(services, "Zoé", "Lefèvre", phone="+33698765432")
    path = tickets(
        tmp_path,
        HEAD + "22/11/2026;1;30;;MARC@Example.FR;;\n"
        "22/11/2026;1;30;;;zoe;LEFEVRE\n"  # exact folded first and last name
        "22/11/2026;1;30;;;Zoé;\n",  # a first name alone is no one's whole name
    )
    result = preview(services, path)
    assert fates(result)[:2] == [("recorded", marc), ("recorded", zoe)]
    assert result.outcomes[2].fate == "rejected"
    assert reasons(result.outcomes[2]) == "no guest is called Zoé"


def test_a_client_column_is_read_either_way_round(services: Services, tmp_path: Path) -> None:
    helene = add_guest(services, "Hélène", "Dupont", phone=None)
    path = tickets(
        tmp_path,
        "Date,Couverts,Total,Client\n"
        "22/11/2026,2,84.50,Hélène Dupont\n"
        "22/11/2026,2,84.50,DUPONT Hélène\n"
        "21/11/2026,2,84.50,Dupont Hélène\n",
    )
    assert fates(preview(services, path)) == [("recorded", helene)] * 3


def test_an_ambiguous_name_is_rejected_with_the_reason(services: Services, tmp_path: Path) -> None:
    add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    add_guest(services, "Hélène", "Dupont", phone="+33698765432")
    path = tickets(tmp_path, HEAD + "22/11/2026;2;84,50;;;Hélène;Dupont\n")
    (outcome,) = preview(services, path).outcomes
    assert outcome.fate == "rejected"
    assert reasons(outcome) == (
        "2 guests are called Hélène Dupont: add a phone or an email to the ticket to say which one"
    )


def test_an_unknown_guest_is_rejected(services: Services, tmp_path: Path) -> None:
    add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    path = tickets(
        tmp_path,
        HEAD + "22/11/2026;2;10;07 81 22 33 44;;Hélène;Dupont\n"
        "22/11/2026;2;10;;nobody@example.fr;;\n"
        "22/11/2026;2;10;07 81 22 33 44;nobody@example.fr;;\n"
        "22/11/2026;2;10;;;Rose;Martin\n",
    )
    assert [reasons(o) for o in preview(services, path).outcomes] == [
        "no guest has the phone +33781223344",
        "no guest has the email nobody@example.fr",
        "no guest has the phone +33781223344 or the email nobody@example.fr",
        "no guest is called Rose Martin",
    ]


def test_a_shared_phone_is_told_apart_by_the_first_name(services: Services, tmp_path: Path) -> None:
    """A couple's landline: the ticket's first name says whose visit it is; without one, it
    cannot be told, and a name of neither is not glued to either."""
    helene = add_guest(services, "Hélène", "Dupont", phone="+33145678901")
    marc = add_guest(services, "Marc", "Dupont", phone="+33145678901")
    path = tickets(
        tmp_path,
        HEAD + "22/11/2026;2;10;01 45 67 89 01;;Marc;Dupont\n"
        "22/11/2026;2;10;01 45 67 89 01;;Hélène;\n"
        "22/11/2026;2;10;01 45 67 89 01;;;\n"
        "22/11/2026;2;10;01 45 67 89 01;;Rose;Dupont\n",
    )
    outcomes = preview(services, path).outcomes
    assert [o.guest_id for o in outcomes[:2]] == [marc, helene]
    assert reasons(outcomes[2]) == (
        f"2 guests share the ticket's phone or email (Hélène Dupont (#{helene}), Marc Dupont "
        f"(#{marc})): add the guest's first name to the ticket to say which one"
    )
    assert reasons(outcomes[3]) == (
        f"the ticket's phone or email belongs to Hélène Dupont (#{helene}), Marc Dupont "
        f"(#{marc}), not to Rose Dupont: check the name on the ticket, or the guest's card"
    )


def test_a_phone_of_one_guest_and_an_email_of_another(services: Services, tmp_path: Path) -> None:
    helene = add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    other = add_guest(services, "Hélène", "Dupont", phone=None, emails=("h@example.fr",))
    path = tickets(tmp_path, HEAD + "22/11/2026;2;10;06 12 34 56 78;h@example.fr;;\n")
    (outcome,) = preview(services, path).outcomes
    assert reasons(outcome) == (
        f"matches two guests: Hélène Dupont (#{helene}) by phone and Hélène Dupont (#{other}) "
        "by email"
    )


def test_bad_values_are_rejected_with_every_reason(services: Services, tmp_path: Path) -> None:
    add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    path = tickets(
        tmp_path,
        HEAD + "31/02/2026;deux;12,345;06 12 34 56 78;;;\n"
        ";2;10;06 12 34 56 78;;;\n"
        "23/11/2026;2;10;06 12 34 56 78;;;\n"  # tomorrow
        "22/11/2026;2;;0612;not-an-email;;\n"
        "22/11/2026;2;10;;;;\n",
    )
    assert [reasons(o) for o in preview(services, path).outcomes] == [
        "date '31/02/2026': 31/02 does not exist: February has at most 29 days (read day "
        "first, as this file's dates are); party size 'deux': write how many sat at the "
        "table, such as 2; amount: '12,345': an amount has at most two decimals",
        "no date",
        "date '23/11/2026': the visit cannot be in the future (read day first, as this file's "
        "dates are)",
        "amount: no amount; phone: '0612' is not a valid phone number; email: 'not-an-email' "
        "is not a valid email: an email has exactly one @",
        "no phone, email or name: nothing says who the guest was",
    ]


def test_windows_1252_with_commas_and_a_title_line(services: Services, tmp_path: Path) -> None:
    helene = add_guest(services, "Hélène", "Lefèvre", phone=None)
    path = tickets(
        tmp_path,
        "Export caisse du 22/11/2026\r\n"
        'Date,Nb couverts,"Montant TTC",Prénom,Nom\r\n'
        '22/11/2026,2,"84,50 €",Hélène,Lefèvre\r\n',
        encoding="cp1252",
    )
    result = preview(services, path)
    assert fates(result) == [("recorded", helene)]
    assert (result.encoding, result.delimiter, result.outcomes[0].amount_cents) == (
        "cp1252",
        ",",
        8450,
    )


def test_month_first_dates_are_decided_for_the_whole_file(
    services: Services, tmp_path: Path
) -> None:
    helene = add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    path = tickets(
        tmp_path,
        HEAD + "11/02/2026;2;10;0612345678;;;\n11/21/2026;2;10;0612345678;;;\n",
    )
    result = preview(services, path)
    assert result.date_order.order == "month_first"
    assert [(o.visited_on and o.visited_on.isoformat(), o.guest_id) for o in result.outcomes] == [
        ("2026-11-02", helene),
        ("2026-11-21", helene),
    ]


def test_an_erased_guest_is_never_matched(services: Services, tmp_path: Path) -> None:
    gone = add_guest(services, "Hélène", "Dupont", phone=None)
    erase_guests(services, [gone])
    path = tickets(tmp_path, HEAD + "22/11/2026;2;10;;;Hélène;Dupont\n")
    assert reasons(preview(services, path).outcomes[0]) == "no guest is called Hélène Dupont"


def test_a_file_that_is_not_tickets_is_refused(services: Services, tmp_path: Path) -> None:
    guests = tickets(tmp_path, "Prénom;Nom;Téléphone\nHélène;Dupont;0612345678\n")
    with pytest.raises(UserError, match="no column holds the date and the amount of a ticket"):
        preview(services, guests)
    nobody = tickets(tmp_path, "Date;Montant;Table\n22/11/2026;10;4\n", name="n.csv")
    with pytest.raises(UserError, match="no column says who the guest was"):
        preview(services, nobody)
    with pytest.raises(UserError, match="there is no such file"):
        preview(services, tmp_path / "missing.csv")


@pytest.mark.usefixtures("french")
def test_a_value_is_quoted_the_french_way_in_french() -> None:
    """The value the owner typed, quoted as French writes it (it read 'abc', Python's repr,
    next to the « » of every other French message); an invisible character is shown."""
    with pytest.raises(AmountError) as wrong:
        parse_amount("12\t5x")
    assert str(wrong.value) == "« 12\\t5x » n’est pas un montant : écrivez 42,50 ou 42.50"
