"""The parts of an XLSX file that guestbook writes by hand (export_xlsx.py says why no library):
the package around the sheets (content types, relationships, the workbook, the style sheet), and
the cells inside them, escaped as Excel reads them back.

Shared by the guests' export (export_xlsx: one sheet, streamed, the hot loop in `row`) and the
owner's report (report_xlsx: two small sheets of numbers, amounts, shares and dates). With one
sheet and the day-first date format alone, every part is what the guests' export has always
written, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

DATE_FORMAT = "DD/MM/YYYY"  # day first, as the app and the import read dates
# Deflate's fastest level: the sheet is ~3× bigger in XML than in CSV, and level 6 took twice as
# long for a file 10% smaller.
COMPRESS_LEVEL = 1
_EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 0 (1900 date system, Excel's 1900 leap bug aside)
_SHEET_NAME_LIMIT = 31  # characters; and none of \ / ? * [ ] :
_FIRST_CUSTOM_FORMAT = 164  # number formats below are Excel's built-in ones

# What needs more than copying into an XML text node: & < >, a character XML 1.0 cannot hold,
# and text that reads as Excel's own escape (_xHHHH_).
SPECIAL = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|_x[0-9A-Fa-f]{4}_")
SPACES = " \t\n\r"  # leading or trailing: kept only with xml:space="preserve"

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

ROOT_RELS = (
    _XML + f'<Relationships xmlns="{_PACKAGE_RELS}">'
    f'<Relationship Id="rId1" Type="{_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
SHEET_END = "</sheetData></worksheet>"


@dataclass(frozen=True)
class CellStyle:
    """A cell format of the style sheet: a number format (None: General), bold or not."""

    number_format: str | None = None
    bold: bool = False


def content_types(sheets: int) -> str:
    parts = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, sheets + 1)
    )
    return (
        _XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        f"{parts}"
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>"
    )


def workbook_rels(sheets: int) -> str:
    """The sheets are rId1…rIdN, the style sheet comes after them."""
    parts = "".join(
        f'<Relationship Id="rId{n}" Type="{_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, sheets + 1)
    )
    return (
        _XML + f'<Relationships xmlns="{_PACKAGE_RELS}">{parts}'
        f'<Relationship Id="rId{sheets + 1}" Type="{_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


def workbook(names: Sequence[str]) -> str:
    """The workbook listing its sheets, by names already made valid (sheet_name)."""
    sheets = "".join(
        f'<sheet name="{attribute(name)}" sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return (
        _XML + f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        '<bookViews><workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def styles(cell_styles: Sequence[CellStyle]) -> str:
    """The style sheet: style 0 is the default (General), style n the nth of `cell_styles`."""
    codes = list(dict.fromkeys(s.number_format for s in cell_styles if s.number_format))
    ids = {code: _FIRST_CUSTOM_FORMAT + n for n, code in enumerate(codes)}
    formats = "".join(
        f'<numFmt numFmtId="{ids[code]}" formatCode="{attribute(code)}"/>' for code in codes
    )
    fonts = ['<font><sz val="11"/><name val="Calibri"/><family val="2"/></font>']
    if any(style.bold for style in cell_styles):
        fonts.append('<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>')
    xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
    for style in cell_styles:
        number = ids[style.number_format] if style.number_format else 0
        applied = (' applyNumberFormat="1"' if number else "") + (
            ' applyFont="1"' if style.bold else ""
        )
        xfs.append(
            f'<xf numFmtId="{number}" fontId="{int(style.bold)}" fillId="0" borderId="0" '
            f'xfId="0"{applied}/>'
        )
    return (
        _XML
        + f'<styleSheet xmlns="{_MAIN}">'
        + (f'<numFmts count="{len(codes)}">{formats}</numFmts>' if codes else "")
        + f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
        '<fills count="2"><fill><patternFill patternType="none"/></fill>'
        '<fill><patternFill patternType="gray125"/></fill></fills>'
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
        f'<cellXfs count="{len(xfs)}">{"".join(xfs)}'
        '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
        "</cellStyles></styleSheet>"
    )


def sheet_start(*, selected: bool = True, widths: Sequence[float] = ()) -> str:
    """A worksheet up to its first row: the tab shown first (`selected`), and the width of
    each column from A, in characters (none: the spreadsheet's default)."""
    view = ' tabSelected="1"' if selected else ""
    columns = "".join(
        f'<col min="{n}" max="{n}" width="{width:g}" customWidth="1"/>'
        for n, width in enumerate(widths, start=1)
    )
    return (
        _XML + f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
        f'<sheetViews><sheetView{view} workbookViewId="0"/></sheetViews>'
        + (f"<cols>{columns}</cols>" if columns else "")
        + "<sheetData>"
    )


def sheet_name(text: str) -> str:
    """`text` as Excel allows a sheet's name."""
    name = re.sub(r"[\\/?*\[\]:]", " ", text).strip("'")
    return name[:_SHEET_NAME_LIMIT] or "Sheet1"


COLUMNS = [chr(ord("A") + index) for index in range(26)]


def row(number: int, cells: Sequence[object], date_style: int = 1) -> str:
    """One <row> of strings, whole numbers and dates (shown with `date_style`). The hot loop of
    the guests' export: strings are handled inline."""
    row = str(number)
    parts = [f'<row r="{row}">']
    append = parts.append
    # One search of the row's text tells whether any cell needs escaping (most rows: none).
    special = SPECIAL.search("".join([value for value in cells if isinstance(value, str)]))
    for letter, value in zip(COLUMNS, cells, strict=False):
        if isinstance(value, str):
            if not value:
                continue  # an empty cell is no cell
            if special and SPECIAL.search(value):
                value = SPECIAL.sub(_escape, value)
            if value[0] in SPACES or value[-1] in SPACES:  # kept only if asked to
                append(f'<c r="{letter}{row}" t="inlineStr"><is><t xml:space="preserve">')
                append(f"{value}</t></is></c>")
            else:
                append(f'<c r="{letter}{row}" t="inlineStr"><is><t>{value}</t></is></c>')
        elif isinstance(value, int):
            append(f'<c r="{letter}{row}"><v>{value}</v></c>')
        elif isinstance(value, dt.date):
            append(date_cell(f"{letter}{row}", value, date_style))
        elif value is not None:
            raise TypeError(f"no XLSX cell for {type(value).__name__}")
    append("</row>")
    return "".join(parts)


def text_cell(reference: str, value: str, style: int = 0) -> str:
    """An inline string cell ("" for an empty text: no cell)."""
    if not value:
        return ""
    value = SPECIAL.sub(_escape, value)
    space = ' xml:space="preserve"' if value[0] in SPACES or value[-1] in SPACES else ""
    shown = f' s="{style}"' if style else ""
    return f'<c r="{reference}"{shown} t="inlineStr"><is><t{space}>{value}</t></is></c>'


def number_cell(reference: str, value: str, style: int = 0) -> str:
    """A number cell; `value` is the number as text, as XML Schema writes a double ('1234.5',
    '0.333333333333', '1e-05')."""
    shown = f' s="{style}"' if style else ""
    return f'<c r="{reference}"{shown}><v>{value}</v></c>'


_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _escape(match: re.Match[str]) -> str:
    found = match.group()
    if len(found) > 1:  # text that reads as an escape: escape its underscore
        return "_x005F" + found
    return _ENTITIES.get(found) or f"_x{ord(found):04X}_"


def date_cell(reference: str, day: dt.date, style: int) -> str:
    if day.year < 1900:  # no date cell can hold it; the text can
        return (
            f'<c r="{reference}" t="inlineStr"><is><t>{day.day:02d}/{day.month:02d}/'
            f"{day.year:04d}</t></is></c>"
        )
    serial = (day - _EXCEL_EPOCH).days
    if serial < 61:  # Excel counts a 29 February 1900 that never was
        serial -= 1
    return f'<c r="{reference}" s="{style}"><v>{serial}</v></c>'


def attribute(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
