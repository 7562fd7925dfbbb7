"""The owner's report as an XLSX workbook for the accountant (`guestbook report --xlsx`): sheets of
labels, numbers and dates, written with the guests' export's own parts (xlsx_package), without
a library at run time.

What a spreadsheet needs to compute with the figures, rather than read them:
- an amount is a number of euros (cents / 100, written exactly, never through a float's repr)
  shown with a euro format the language's way ('€1,234.50' / '1 234,50 €'), a share a number
  from 0 to 1 shown as a percentage, a score a number to a tenth; a difference is signed, and a
  difference of two shares is in percentage points ('+3.2 pts');
- a date is a date cell, shown day first; a month is the date of its first day, shown as the
  month's name in the workbook's language (Excel and LibreOffice take the [$-40C] locale);
- a figure with nothing to divide by is an empty cell, not a 0 nor a dash.

No formula, ever, as in the guests' export: a text is always stored as text.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Literal

from guestbook.exchange.xlsx_package import (
    COLUMNS,
    COMPRESS_LEVEL,
    DATE_FORMAT,
    ROOT_RELS,
    SHEET_END,
    CellStyle,
    content_types,
    date_cell,
    number_cell,
    sheet_name,
    sheet_start,
    styles,
    text_cell,
    workbook,
    workbook_rels,
)
from guestbook.i18n import _, language

NumberKind = Literal["count", "amount", "share", "score", "points"]


@dataclass(frozen=True)
class Number:
    """A figure: a count, an amount in cents, a share from 0 to 1, a score, or percentage
    points (a difference of two shares, from -100 to 100); `signed`: a difference, shown with
    its sign."""

    kind: NumberKind
    value: int | float
    signed: bool = False


@dataclass(frozen=True)
class Month:
    """A calendar month, as the date of its first day."""

    first_day: dt.date


@dataclass(frozen=True)
class Heading:
    """A column's or a block's title, in bold."""

    text: str


Cell = str | int | dt.date | Number | Month | Heading | None


@dataclass(frozen=True)
class Sheet:
    name: str  # made valid for Excel when written (xlsx_package.sheet_name)
    rows: Sequence[Sequence[Cell]]
    widths: Sequence[float] = ()  # of the columns from A, in characters


def write_report_xlsx(sheets: Sequence[Sheet], path: Path) -> None:
    """Write `sheets` to `path` (the caller's private temporary file, exchange.atomic)."""
    formats = _Formats()
    with zipfile.ZipFile(
        path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL
    ) as archive:
        archive.writestr("[Content_Types].xml", content_types(len(sheets)))
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", workbook([sheet_name(s.name) for s in sheets]))
        archive.writestr("xl/_rels/workbook.xml.rels", workbook_rels(len(sheets)))
        archive.writestr("xl/styles.xml", styles(formats.styles))
        for number, sheet in enumerate(sheets, start=1):
            body = "".join(
                _row(index, cells, formats) for index, cells in enumerate(sheet.rows, start=1)
            )
            archive.writestr(
                f"xl/worksheets/sheet{number}.xml",
                sheet_start(selected=number == 1, widths=sheet.widths) + body + SHEET_END,
            )


def _row(number: int, cells: Sequence[Cell], formats: _Formats) -> str:
    assert len(cells) <= len(COLUMNS)
    parts = [
        _cell(f"{letter}{number}", value, formats)
        for letter, value in zip(COLUMNS, cells, strict=False)
    ]
    return f'<row r="{number}">{"".join(parts)}</row>'


def _cell(reference: str, value: Cell, formats: _Formats) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return text_cell(reference, value)
    if isinstance(value, Heading):
        return text_cell(reference, value.text, formats.style("heading"))
    if isinstance(value, Month):
        return date_cell(reference, value.first_day, formats.style("month"))
    if isinstance(value, dt.date):
        return date_cell(reference, value, formats.style("date"))
    if isinstance(value, Number):
        style = formats.style(f"{value.kind}{'+' if value.signed else ''}")
        return number_cell(reference, _number_text(value), style)
    if isinstance(value, int):
        return number_cell(reference, str(value))
    raise TypeError(f"no XLSX cell for {type(value).__name__}")


def _number_text(figure: Number) -> str:
    """The cell's value: euros for an amount, exactly from its cents ('1234.5', never
    '1.2345E+3' nor a float's rounding)."""
    if figure.kind == "amount":
        return format(Decimal(int(figure.value)) / 100, "f")
    if figure.kind == "count":
        return str(int(figure.value))
    return repr(round(float(figure.value), 12))  # a ratio's last bits of float noise dropped


class _Formats:
    """The workbook's cell styles, their number formats in the language written."""

    def __init__(self) -> None:
        french = language() == "fr"
        euros = "#,##0.00\\ [$€-40C]" if french else "[$€-809]#,##0.00"
        zero_euros = "0.00\\ [$€-40C]" if french else "[$€-809]0.00"
        points = _("{points} pts").split("{points}")[-1].replace('"', "")
        codes: dict[str, CellStyle] = {
            "date": CellStyle(DATE_FORMAT),
            "month": CellStyle(("[$-40C]" if french else "[$-809]") + "MMMM YYYY"),
            "heading": CellStyle(bold=True),
            "count": CellStyle("#,##0"),
            "count+": CellStyle("+#,##0;-#,##0;0"),
            "amount": CellStyle(euros),
            "amount+": CellStyle(f"+{euros};-{euros};{zero_euros}"),
            "share": CellStyle("0.0%"),
            "share+": CellStyle("+0.0%;-0.0%;0.0%"),
            "score": CellStyle("0.0"),
            "score+": CellStyle("+0.0;-0.0;0.0"),
            "points": CellStyle(f'0.0"{points}"'),
            "points+": CellStyle(f'+0.0"{points}";-0.0"{points}";0.0"{points}"'),
        }
        self.styles = list(codes.values())
        self._index = {key: n for n, key in enumerate(codes, start=1)}

    def style(self, key: str) -> int:
        return self._index[key]
