"""Visits from the till in the import dialog (issue 17): the dialog recognises a file of tickets
by its headers, previews every ticket (matched, new, already imported, rejected and why, where
the rejects go), imports with the visits written to the database, a second import adds nothing,
and the last visits import is undone after a confirmation."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select

from guestbook.bootstrap import Services, make_app
from guestbook.tui.dialogs.import_dialog import ImportDialog
from guestbook.tui.dialogs.visits_summary import reason_kind
from tests.builders import add_guest
from tests.database import query, scalar
from tests.pilot import press, text_of, wait_for_workers

TILL = (
    "Date;N° ticket;Couverts;Montant TTC;Téléphone;Client\n"
    "22/11/2026;101;2;84,50 €;06 12 34 56 78;\n"
    "21/11/2026;102;1;1 234,00;;Marc Martin\n"
    "20/11/2026;103;2;abc;;Rose Petit\n"
    "19/11/2026;104;2;30,00;;Inconnu Total\n"
)


def visits(services: Services) -> list[tuple[object, ...]]:
    """(date, party size, spend, guest's first name) of every visit."""
    return query(
        services,
        "SELECT v.visited_on, v.party_size, v.spend_cents, g.first_name FROM visit v "
        "JOIN visit_guest vg ON vg.visit_id = v.id JOIN guest g ON g.id = vg.guest_id "
        "ORDER BY v.visited_on",
    )


def summary(pilot: Pilot[None]) -> str:
    return " ".join(text_of(pilot, "#summary").split())


def tickets(services: Services, tmp_path: Path) -> Path:
    add_guest(services, "Hélène", "Dupont", phone="+33612345678")
    add_guest(services, "Marc", "Martin", phone=None)
    source = tmp_path / "tickets.csv"
    source.write_text(TILL, encoding="utf-8")
    return source


async def preview_says_what_happens_to_every_ticket(
    pilot: Pilot[None], services: Services, tmp_path: Path
) -> None:
    """The preview of TILL: counts, reasons summarised, where the rejects go, a row per
    ticket (the rejected first); nothing written."""
    await press(pilot, "ctrl+r")
    text = summary(pilot)
    assert (
        "Preview of tickets.csv: 4 tickets read, 2 matched to guests: 2 new visits, 0 "
        "already imported; 2 rejected (will not be recorded)." in text
    )
    assert "2 guests, €1,318.50 in all." in text
    assert (
        "Rejected: 1 with an amount that cannot be read, 1 whose guest is not in guestbook." in text
    )
    assert f"On import, rejected tickets go to {tmp_path / 'tickets-rejects.csv'}" in text
    table = pilot.app.screen.query_one("#outcomes", DataTable)
    rows = [[str(cell) for cell in table.get_row_at(n)] for n in range(table.row_count)]
    assert [row[:3] for row in rows] == [
        ["4", "Rose Petit", "rejected"],
        ["5", "Inconnu Total", "rejected"],
        ["2", "Hélène Dupont (#1)", "new visit"],
        ["3", "Marc Martin (#2)", "new visit"],
    ]
    assert rows[2][3] == "ticket 101, 22 Nov 2026, €84.50, party of 2"
    assert visits(services) == []
    assert not (tmp_path / "tickets-rejects.csv").exists()


async def test_preview_import_again_and_undo(services: Services, tmp_path: Path) -> None:
    source = tickets(services, tmp_path)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).value = str(source)
        await wait_for_workers(pilot)
        # Recognised by its headers: the dialog imports visits, and says by which columns.
        assert dialog.query_one("#kind", Select).value == "visits"
        note = " ".join(text_of(pilot, "#recognised").split())
        assert "Recognised as tickets from the till by its columns Date, Couverts, " in note
        assert "Import visits from the till" in str(dialog.query_one("#title").render())

        await press(pilot, "ctrl+s")  # import before a preview: refused, nothing written
        assert "Preview first" in summary(pilot)
        await preview_says_what_happens_to_every_ticket(pilot, services, tmp_path)

        await press(pilot, "ctrl+s")
        assert summary(pilot).startswith("Visits imported from tickets.csv: 4 tickets read, ")
        assert visits(services) == [
            ("2026-11-21", 1, 123_400, "Marc"),
            ("2026-11-22", 2, 8_450, "Hélène"),
        ]
        assert (tmp_path / "tickets-rejects.csv").is_file()

        # The same file again: every ticket already imported, nothing added.
        await press(pilot, "ctrl+r", "ctrl+s")
        assert "0 new visits, 2 already imported" in summary(pilot)
        assert len(visits(services)) == 2

        # Undo: the last visits import (the second, which recorded nothing), then the first.
        await press(pilot, "ctrl+u")
        details = str(app.screen.query_one("#confirm-details").render())
        assert details.startswith("tickets.csv, imported on 22 Nov 2026 at ")
        assert details.splitlines()[1] == "0 visits it recorded will be removed."
        await press(pilot, "y")
        assert app.screen is dialog
        assert "Undid the visits import of tickets.csv: 0 visits removed." in summary(pilot)
        await press(pilot, "ctrl+u", "enter")  # Enter keeps it: the safe answer has the focus
        assert len(visits(services)) == 2
        await press(pilot, "ctrl+u", "y")
        assert "tickets.csv: 2 visits removed" in summary(pilot)
    assert visits(services) == []
    assert scalar(services, "SELECT count(*) FROM guest") == 2  # no guest made of a ticket


async def test_the_owner_chooses_the_kind(services: Services, tmp_path: Path) -> None:
    """A file of tickets the owner chose to read as guests stays so, and the dialog says what
    it looks like; a guest list is imported as guests."""
    source = tickets(services, tmp_path)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        dialog = app.screen
        dialog.query_one("#path", Input).value = str(source)
        await wait_for_workers(pilot)
        assert dialog.query_one("#kind", Select).value == "visits"
        dialog.query_one("#kind", Select).value = "guests"  # the owner knows better
        await wait_for_workers(pilot)
        assert "choose “Visits from the till”" in text_of(pilot, "#recognised")
        copy = tmp_path / "tickets-copy.csv"
        copy.write_text(TILL, encoding="utf-8")
        dialog.query_one("#path", Input).value = str(copy)
        await wait_for_workers(pilot)
        assert dialog.query_one("#kind", Select).value == "guests"  # the owner's choice holds
        assert "choose “Visits from the till”" in text_of(pilot, "#recognised")
        dialog.query_one("#kind", Select).value = "visits"
        await wait_for_workers(pilot)
        await press(pilot, "ctrl+r", "ctrl+s")
        assert len(visits(services)) == 2

        guests = tmp_path / "guests.csv"
        guests.write_text("Prénom;Nom;Téléphone\nAnne;Martin;0698765432\n", encoding="utf-8")
        dialog.query_one("#path", Input).value = str(guests)
        await wait_for_workers(pilot)
        assert dialog.query_one("#kind", Select).value == "visits"  # the owner's choice holds
        dialog.query_one("#kind", Select).value = "guests"
        await wait_for_workers(pilot)
        assert text_of(pilot, "#recognised").strip() == ""
        await press(pilot, "ctrl+r", "ctrl+s")
    assert scalar(services, "SELECT count(*) FROM guest") == 3


def test_reasons_are_sorted_by_what_to_do() -> None:
    assert reason_kind("amount: 'abc' is not an amount: write 42,50 or 42.50") == "amount"
    assert reason_kind("no guest has the phone +33611111111") == "unknown"
    several = (
        "3 guests are called Anne Martin: add a phone or an email to the ticket to say which one"
    )
    assert reason_kind(several) == "several"
    assert reason_kind("date '31/02/2026': no such day") == "date"
    assert reason_kind("a reason no one wrote yet") == "other"


def test_the_preview_in_french(services: Services, tmp_path: Path, french: None) -> None:
    from guestbook.services.visits_import.importer import import_visits
    from guestbook.tui.dialogs.visits_summary import visits_summary

    source = tickets(services, tmp_path)
    rejects = tmp_path / "tickets-rejects.csv"
    result = import_visits(services, source, dry_run=True)

    lines = visits_summary(result, rejects).splitlines()
    assert lines[0] == (
        "Aperçu de tickets.csv : 4 tickets lus, 2 rattachés à des clients : 2 nouvelles "
        "visites, 0 déjà importé ; 2 refusés (ne seront pas enregistrés). Rien n’est écrit "
        "avant l’import (ctrl+s)."
    )
    assert lines[2] == (
        "Motifs de refus : 1 dont le montant est illisible, 1 dont le client n’est pas dans "
        "guestbook."
    )
    assert lines[3] == f"À l’import, les tickets refusés iront dans {rejects}, avec leurs motifs."


async def test_typing_a_path_through_its_folders_keeps_the_dialog(
    services: Services, tmp_path: Path
) -> None:
    """Typing '/tmp/…/tickets.csv' key by key: the first '/' ended the app with a traceback
    (the rejects file was named after '/', which has no name). A folder gets no suggestion;
    the file does."""
    source = tickets(services, tmp_path)
    app = make_app(services)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_workers(pilot)
        await press(pilot, "f8")
        dialog = app.screen
        assert isinstance(dialog, ImportDialog)
        dialog.query_one("#path", Input).focus()
        await pilot.press(*"/.")
        assert app.screen is dialog and dialog.query_one("#rejects", Input).value == ""
        await pilot.press("backspace", "backspace", *str(source))
        await wait_for_workers(pilot)
        assert app.is_running and app.screen is dialog
        rejects = dialog.query_one("#rejects", Input).value
        assert rejects == str(tmp_path / "tickets-rejects.csv")


def test_a_folder_as_the_source_gets_a_rejects_file_inside_it() -> None:
    from guestbook.tui.dialogs.import_dialog import rejects_path_for

    assert rejects_path_for(Path("/")) == Path("/rejects.csv")
    assert rejects_path_for(Path()) == Path("rejects.csv")
    assert rejects_path_for(Path("/tmp/tickets.csv")) == Path("/tmp/tickets-rejects.csv")
