"""The short summary `guestbook import` prints (and the app's preview can reuse)."""

from __future__ import annotations

from guestbook.i18n import _, ngettext, number
from guestbook.services.importing.result import ImportResult, RowOutcome

SHOWN = 20  # rows listed per kind; the rest are counted (all rejects are in the rejects file)


def render_import(result: ImportResult) -> str:
    lines = [_head(result)]
    if note := result.date_order.note():
        lines.append(note)
    if result.imported_before:
        lines.append(
            _("This same file was imported before ({when} UTC).").format(
                when=result.imported_before[:16]
            )
        )
    if result.dry_run:
        lines += _merged([o for o in result.outcomes if o.action == "merged"])
    lines += _rejected(result, [o for o in result.outcomes if o.action == "rejected"])
    if result.odd_lines:
        lines.append(result.encoding_note())
    if result.duplicates_flagged:
        lines.append(
            # Translators: the English says "duplicate(s)" whatever the count.
            ngettext(
                "{count} possible duplicate(s) flagged: a phone or email shared under another "
                "first name. Both guests are kept.",
                "{count} possible duplicate(s) flagged: a phone or email shared under another "
                "first name. Both guests are kept.",
                result.duplicates_flagged,
            ).format(count=number(result.duplicates_flagged))
        )
        lines += ["  " + pair for pair in result.duplicates[:SHOWN]]
        lines += _more(len(result.duplicates))
    if result.visits:
        lines.append(result.history_note())
    lines += _allergy_notes(result)
    lines += result.column_notes()
    return "\n".join(lines)


def _head(result: ImportResult) -> str:
    if result.dry_run:
        # Translators: the English says "rows" whatever the count; the French agrees with
        # {rows}.
        head = ngettext(
            "Dry run, nothing written. {file}: {rows} rows would give {new} new, {merged} "
            "merged, {rejected} rejected.",
            "Dry run, nothing written. {file}: {rows} rows would give {new} new, {merged} "
            "merged, {rejected} rejected.",
            result.rows,
        )
    else:
        head = ngettext(
            "Imported {file}: {rows} rows: {new} new, {merged} merged, {rejected} rejected.",
            "Imported {file}: {rows} rows: {new} new, {merged} merged, {rejected} rejected.",
            result.rows,
        )
    return head.format(
        file=result.file_name,
        rows=number(result.rows),
        new=number(result.new),
        merged=number(result.merged),
        rejected=number(result.rejected),
    )


def _allergy_notes(result: ImportResult) -> list[str]:
    rows = result.allergy_notes
    if not rows:
        return []
    lines = [result.allergy_note()]
    lines += [
        "  "
        + _("line {line}: {name}: {reasons}").format(
            line=o.line, name=o.name or _("(no name)"), reasons="; ".join(o.allergy_notes)
        )
        for o in rows[:SHOWN]
    ]
    return lines + _more(len(rows))


def _merged(merged: list[RowOutcome]) -> list[str]:
    if not merged:
        return []
    lines = [_("Merged:")]
    lines += [
        "  " + _("line {line}: {name} → {guest}").format(line=o.line, name=o.name, guest=o.target())
        for o in merged[:SHOWN]
    ]
    return lines + _more(len(merged))


def _rejected(result: ImportResult, rejected: list[RowOutcome]) -> list[str]:
    if not rejected:
        return []
    lines = []
    if result.rejects_file is not None:
        lines.append(
            _("Rejected rows are in {path}: fix them there and import that file again.").format(
                path=result.rejects_file
            )
        )
    lines.append(_("Rejected:"))
    lines += [
        "  "
        + _("line {line}: {name}: {reasons}").format(
            line=o.line, name=o.name or _("(no name)"), reasons="; ".join(o.reasons)
        )
        for o in rejected[:SHOWN]
    ]
    return lines + _more(len(rejected))


def _more(count: int) -> list[str]:
    if count <= SHOWN:
        return []
    return ["  " + _("… and {count} more").format(count=number(count - SHOWN))]
