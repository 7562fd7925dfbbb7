"""The import dialog's words: what a preview or an import did, and each row's details.

A rejected row never reads as imported; a merged row says into which guest (an existing one,
with their number, or the guest a row above in the same file makes: a guest the preview would
create has no number yet); flagged duplicates are named.
"""

from __future__ import annotations

from guestbook.i18n import _, ngettext, number, pgettext
from guestbook.services.importing.result import ImportResult, RowOutcome

SHOWN_PAIRS = 3


def summary(result: ImportResult) -> str:
    """What the preview or the import did, in words that never read a rejected row as
    imported."""
    counts = {
        "rows": ngettext("{count} row", "{count} rows", result.rows).format(
            count=number(result.rows)
        ),
        "new": ngettext("{count} new guest", "{count} new guests", result.new).format(
            count=number(result.new)
        ),
        "merged": _merged(result),
    }
    if result.dry_run:
        counts["rejected"] = ngettext(
            "{count} rejected (will not be imported)",
            "{count} rejected (will not be imported)",
            result.rejected,
        ).format(count=number(result.rejected))
        lines = [
            _(
                "Preview of {rows}: {new}, {merged}, {rejected}. Nothing is written until "
                "you import (ctrl+s)."
            ).format(**counts)
        ]
    else:
        counts["rejected"] = ngettext(
            "{count} rejected (not imported)", "{count} rejected (not imported)", result.rejected
        ).format(count=number(result.rejected))
        lines = [_("{rows} read: {new}, {merged}, {rejected}.").format(**counts)]
    if result.rejects_file is not None:
        lines.append(
            _("Rejected rows, with their reasons, are in {path}").format(path=result.rejects_file)
        )
    lines += _notes(result)
    return "\n".join(lines)


def _merged(result: ImportResult) -> str:
    above = result.merged_into_rows
    existing = result.merged - above
    parts = []
    if existing or not above:
        parts.append(
            ngettext(
                "{count} merged into existing guests",
                "{count} merged into existing guests",
                existing,
            ).format(count=number(existing))
        )
    if above:
        parts.append(
            ngettext(
                "{count} merged into a row above in this file",
                "{count} merged into rows above in this file",
                above,
            ).format(count=number(above))
        )
    return ", ".join(parts)


def _notes(result: ImportResult) -> list[str]:
    lines = [note] if (note := result.date_order.note()) else []
    if result.duplicates:
        names = "; ".join(result.duplicates[:SHOWN_PAIRS])
        if len(result.duplicates) > SHOWN_PAIRS:
            names = _("{names}; and {count} more").format(
                names=names, count=number(len(result.duplicates) - SHOWN_PAIRS)
            )
        lines.append(
            ngettext(
                "Possible duplicate, both kept and flagged on their cards: {names}.",
                "Possible duplicates, both kept and flagged on their cards: {names}.",
                len(result.duplicates),
            ).format(names=names)
        )
    lines += [note for note in (result.history_note(), result.allergy_note()) if note]
    lines += result.column_notes()
    if result.odd_lines:
        lines.append(result.encoding_note())
    if result.imported_before:
        lines.append(
            _("This file was already imported on {day}.").format(day=result.imported_before[:10])
        )
    return lines


def row_details(outcome: RowOutcome) -> str:
    """The Details cell of a row: why it is rejected, where it is merged, what it brings."""
    parts = list(outcome.reasons)
    if outcome.action == "merged":
        parts.append(_("into {guest}").format(guest=outcome.target()))
    if outcome.visits:
        parts.append(
            ngettext(
                "{count} visit as history", "{count} visits as history", outcome.visits
            ).format(count=number(outcome.visits))
        )
    if outcome.allergy_notes:
        parts.append(
            _("notes about an allergy, to check: {notes}").format(
                notes="; ".join(outcome.allergy_notes)
            )
        )
    return " · ".join(parts)


def what_happens(action: str) -> str:
    """A row's outcome (stored as new, merged or rejected), in the current language."""
    if action == "new":
        return pgettext("import row", "new")
    if action == "merged":
        return pgettext("import row", "merged")
    if action == "rejected":
        return pgettext("import row", "rejected")
    return action
