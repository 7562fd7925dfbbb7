"""Checkout's saving: the whole table written in one go by the service, or every problem listed
at once, each named as its field is labelled, the first wrong field focused and each message
gone as its field is retyped; the host's name asked before consent is recorded; a table never
lost without asking (ctrl+l, and the app's ctrl+q through `unsaved_work`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual import on, work
from textual.message import Message
from textual.widgets import DataTable, Input, Static
from textual.worker import Worker, WorkerState

from guestbook.domain.table_form import Table
from guestbook.errors import DatabaseBusy, FieldErrors, UserError
from guestbook.i18n import _, date_text, ngettext, number
from guestbook.services.checkout import CheckoutSaved, save_checkout
from guestbook.tui.failures import working
from guestbook.tui.screens.checkout_draft import TableDraft
from guestbook.tui.screens.checkout_feedback import CheckoutFeedback

if TYPE_CHECKING:
    from guestbook.tui.app import GuestbookApp

# The table's fields: (FieldErrors key, input id), in the order the focus goes through them.
TABLE_FIELDS = (
    *(("date", "date"), ("party_size", "party")),
    *(("spend", "spend"), ("occasion", "occasion")),
)


def in_field_order(problems: dict[str, str]) -> dict[str, str]:
    """The table's fields first, as the screen shows them and the focus goes (the service
    checks them in its own order), then the seats' problems as they came."""
    first = [key for key, _input_id in TABLE_FIELDS if key in problems]
    rest = [key for key in problems if key not in first]
    return {key: problems[key] for key in (*first, *rest)}


class CheckoutSaving(CheckoutFeedback):
    """The checkout screen's saving; the screen itself is one of these."""

    problems: dict[str, str]

    @dataclass
    class Saved(Message):
        saved: CheckoutSaved
        guests: int

    @dataclass
    class Refused(Message):
        problems: dict[str, str]

    @property
    def host(self) -> str:
        """Who is at the door this session: the witness of the consents recorded."""
        return cast("GuestbookApp", self.app).door_staff

    def show_hint(self) -> None:
        keys = _(
            "ctrl+n new guest · ctrl+f known · ↓ Enter edits · ctrl+r referred by · ctrl+s save"
            " · ctrl+o feedback"
        )
        if self.host:
            keys = _("At the door: {name} · {keys}").format(name=self.host, keys=keys)
        self.query_one("#checkout-hint", Static).update(keys)

    def ask_host(self, then_save: bool = False) -> None:
        from guestbook.tui.dialogs.staff_name import ask_staff

        def answered(name: str) -> None:
            cast("GuestbookApp", self.app).door_staff = name
            self.show_hint()
            if then_save:
                self.action_save()

        ask_staff(
            self,
            "door",
            _("Who is at the door?"),
            _("Asked once: your name goes with the consents you record."),
            answered,
        )

    def refresh_seats(self) -> None:
        raise NotImplementedError  # the screen's

    # --- saving -----------------------------------------------------------------------

    def build_table(self) -> Table:
        """The table as typed: the service checks it all when it is saved."""

        def typed(key: str) -> str:
            return self.query_one(f"#table-{key}", Input).value

        return self.draft.table(
            date=typed("date"),
            party_size=typed("party"),
            spend=typed("spend"),
            occasion=typed("occasion"),
        )

    def action_save(self) -> None:
        if working(self, "checkout-save"):
            return  # "Saving…" shows: a second save would record the table twice
        if self.draft.records_consent() and not self.host:
            self.ask_host(then_save=True)  # consent is recorded with who asked for it
            return
        self.problems = {}
        self.query_one("#checkout-problems", Static).update(_("Saving…"))
        self.write_table(self.build_table(), self.host)

    @work(thread=True, exclusive=True, group="checkout-save", exit_on_error=False)
    def write_table(self, table: Table, host: str) -> None:
        try:
            saved = save_checkout(self.services, table, staff=host)
        except FieldErrors as error:
            self.post_message(self.Refused(error.errors))
            return
        except DatabaseBusy:
            raise  # not the table's fault: the app says so, like any failed work
        except UserError as error:
            self.post_message(self.Refused({"table": str(error)}))
            return
        self.post_message(self.Saved(saved, len(table.guest_ids) + len(table.new_guests)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A save that failed (the app tells the user why) leaves the table as typed, and
        says it was not saved instead of "Saving…"."""
        if event.worker.group == "checkout-save" and event.state is WorkerState.ERROR:
            self.query_one("#checkout-problems", Static).update(
                _("Not saved — nothing was written. The table is kept: save it again.")
            )

    def on_checkout_saving_refused(self, message: Refused) -> None:
        self.problems = in_field_order(message.problems)
        self.show_problems()
        self.focus_first_problem()

    def show_problems(self) -> None:
        """Every problem at once, each named as its field is labelled, in the order of the
        fields on the screen: the first listed is the one that gets the focus."""
        lines = []
        for key, why in self.problems.items():
            where, _seat = self.draft.where(key)
            lines.append(_("{field}: {problem}").format(field=where, problem=why))
        shown = "\n".join([_("Not saved — nothing was written:"), *lines]) if lines else ""
        self.query_one("#checkout-problems", Static).update(shown)

    def focus_first_problem(self) -> None:
        for key, input_id in TABLE_FIELDS:
            if key in self.problems:
                self.query_one(f"#table-{input_id}", Input).focus()
                return
        for key in self.problems:
            _where, seat = self.draft.where(key)
            if seat is not None:  # Enter on it opens the guest to correct
                table = self.query_one("#seats", DataTable)
                table.move_cursor(row=self.draft.seats.index(seat))
                table.focus()
                return

    def forget_problems(self, stale: Callable[[str], bool]) -> None:
        """Messages about what was just changed go: they are checked again on the next save."""
        kept = {key: why for key, why in self.problems.items() if not stale(key)}
        if kept != self.problems:
            self.problems = kept
            self.show_problems()

    @on(Input.Changed, "#checkout-form Input")
    def retyped(self, event: Input.Changed) -> None:
        field = (event.input.id or "").removeprefix("table-")
        keys = {input_id: key for key, input_id in TABLE_FIELDS}
        if field in keys:
            self.forget_problems(lambda key: key == keys[field])

    def on_checkout_saving_saved(self, message: Saved) -> None:
        saved = message.saved
        guests = message.guests
        who = ngettext("{count} guest", "{count} guests", guests).format(count=number(guests))
        if saved.new_guest_ids:
            new = len(saved.new_guest_ids)
            who = ngettext("{guests}, {count} new", "{guests}, {count} new", new).format(
                guests=who, count=number(new)
            )
        parts = [who]
        if saved.redeemed:
            redeemed = ngettext(
                "{count} reward redeemed", "{count} rewards redeemed", saved.redeemed
            )
            parts.append(redeemed.format(count=number(saved.redeemed)))
        if saved.sponsor_rewards:
            parts.append(
                ngettext(
                    "{count} sponsor reward earned",
                    "{count} sponsor rewards earned",
                    saved.sponsor_rewards,
                ).format(count=number(saved.sponsor_rewards))
            )
        said = _("Table saved: {details}.").format(details=", ".join(parts))
        self.notify(said, title=_("Checkout"))
        self.remember_table(saved)  # ctrl+o asks its guests once it is cleared
        self.clear_table()

    # --- leaving a table unsaved ------------------------------------------------------

    def unsaved_work(self) -> str | None:
        """The question to ask before the app quits with this table unsaved, or None."""
        fields = ("spend", "occasion")
        typed = any(self.query_one(f"#table-{key}", Input).value.strip() for key in fields)
        if self.draft.seats or typed:
            return _("The table is not saved — quit anyway?")
        return None

    def action_clear(self) -> None:
        """ctrl+l: many press it out of habit to redraw the terminal, so it asks first."""
        if self.unsaved_work() is None:
            self.clear_table()
            return
        from guestbook.tui.dialogs.confirm import Confirm

        def answered(clear: bool | None) -> None:
            if clear:
                self.clear_table()
                self.notify(_("Table cleared."))

        names = [seat.name for seat in self.draft.seats]
        question = _("Clear the table? Nothing of it is saved.")
        self.app.push_screen(Confirm(question, names, dangerous=True), answered)

    def clear_table(self) -> None:
        self.draft = TableDraft()
        self.rewards = []
        for key in ("party", "spend", "occasion"):
            self.query_one(f"#table-{key}", Input).value = ""
        today = self.services.clock.today()
        self.query_one("#table-date", Input).value = date_text(today, "numeric")
        self.problems = {}
        self.query_one("#checkout-problems", Static).update("")
        self.refresh_seats()
        self.query_one("#table-party", Input).focus()
