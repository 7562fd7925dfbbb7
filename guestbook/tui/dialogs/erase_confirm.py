"""The typed confirmation of an erasure: the owner types a word (ERASE, EFFACER) to confirm,
because an erasure cannot be undone and a stray Enter must never cause one."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.app import App

from guestbook.i18n import N_, _
from guestbook.tui.dialogs.ask_text import AskText

if TYPE_CHECKING:
    from guestbook.services.rights.erasure import ErasureResult

# What an erasure removes and keeps, as the owner reads it before confirming.
WHAT_GOES = N_(
    "Their names, phones, emails, birthday, address, notes, allergies and consent history are "
    "removed and cannot be brought back; their visits and spend stay, anonymised, so the "
    "figures still add up."
)


def erase_word() -> str:
    """What the owner types to confirm an erasure, in the language shown."""
    # Translators: typed by the owner to confirm an erasure: one word, in capitals.
    return _("ERASE")


def not_the_word(text: str) -> str | None:
    """None when `text` is the word (in any case), else what to type."""
    word = erase_word()
    if text.strip().casefold() == word.casefold():
        return None
    return _("Type {word} to erase, or Escape to keep everything as it is.").format(word=word)


def ask_to_erase(app: App[Any], question: str, confirmed: Callable[[], object]) -> None:
    """Ask `question` (translated); `confirmed` runs once the word is typed."""
    word = erase_word()

    def typed(text: str | None) -> None:
        if text is not None:
            confirmed()

    app.push_screen(
        AskText(
            question,
            hint=_("{what_goes} Type {word} to confirm, Escape to cancel.").format(
                what_goes=_(WHAT_GOES), word=word
            ),
            validate=not_the_word,
        ),
        typed,
    )


def tell_what_remains(app: App[Any], result: ErasureResult) -> None:
    """After an erasure on a server whose tables are too big to rewrite at once
    (storage.postgresql.rewrite), or that this role may not rewrite: where the erased values
    still are, and until when."""
    from guestbook.services.rights.erasure import Cleaning

    if result.cleaning is Cleaning.REFUSED:
        app.notify(
            _(
                "The server's files keep the erased values: this terminal's role may not "
                "rewrite its tables. The nightly `guestbook forget --finish`, run by their "
                "owner, will."
            ),
            timeout=15,
        )
    elif result.rewrite_later:
        app.notify(
            _(
                "The server's files keep the erased values until its tables are rewritten, "
                "at night, by `guestbook forget --finish` (the server's nightly job)."
            ),
            timeout=15,
        )
