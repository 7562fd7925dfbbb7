"""The short summary `guestbook import` prints (and the app's preview can reuse)."""

from __future__ import annotations

from guestbook.services.importing.importer import ImportResult

SHOWN = 20  # rows listed per kind; the rest are counted (all rejects are in the rejects file)


def render_import(result: ImportResult) -> str:
    head = f"{result.file_name}: {result.rows:,} rows"
    counts = f"{result.new:,} new, {result.merged:,} merged, {result.rejected:,} rejected"
    if result.dry_run:
        lines = [f"Dry run, nothing written. {head} would give {counts}."]
    else:
        lines = [f"Imported {head}: {counts}."]
    if result.imported_before:
        lines.append(f"This same file was imported before ({result.imported_before[:16]} UTC).")
    if result.dry_run:
        merged = [o for o in result.outcomes if o.action == "merged"]
        if merged:
            lines.append("Merged into existing guests:")
            lines += [f"  line {o.line}: {o.name} → {o.merged_into}" for o in merged[:SHOWN]]
            lines += _more(len(merged))
    rejected = [o for o in result.outcomes if o.action == "rejected"]
    if rejected:
        if result.rejects_file is not None:
            lines.append(
                f"Rejected rows are in {result.rejects_file}: fix them there and import "
                "that file again."
            )
        lines.append("Rejected:")
        lines += [
            f"  line {o.line}: {o.name or '(no name)'}: {'; '.join(o.reasons)}"
            for o in rejected[:SHOWN]
        ]
        lines += _more(len(rejected))
    if result.duplicates_flagged:
        lines.append(
            f"{result.duplicates_flagged:,} possible duplicate(s) flagged: a phone or email "
            "shared under another first name. Both guests are kept."
        )
    if result.ignored_columns:
        lines.append(f"Columns not imported: {', '.join(result.ignored_columns)}.")
    return "\n".join(lines)


def _more(count: int) -> list[str]:
    return [f"  … and {count - SHOWN:,} more"] if count > SHOWN else []
