"""The parts of an XLSX package (exchange.xlsx_package), shared by the guests' export and the
report's workbook since the report came: with one sheet and the day-first date format alone,
every part is still what the guests' export wrote before, byte for byte (the strings below are
the ones export_xlsx.py held then)."""

from __future__ import annotations

from guestbook.exchange.xlsx_package import (
    DATE_FORMAT,
    ROOT_RELS,
    SHEET_END,
    CellStyle,
    content_types,
    sheet_start,
    styles,
    workbook,
    workbook_rels,
)

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)

ROOT_RELS_BEFORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)

WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
    "</Relationships>"
)

WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<bookViews><workbookView activeTab="0"/></bookViews><sheets>'
    '<sheet name="Guests" sheetId="1" r:id="rId1"/></sheets></workbook>'
)

STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/>'
    '</font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills><borders count="1">'
    "<border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/>'
    '</cellStyleXfs><cellXfs count="2">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '</cellXfs><cellStyles count="1">'
    '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)

SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>'
    "<sheetData>"
)


def test_one_sheet_of_guests_is_written_as_before() -> None:
    assert content_types(1) == CONTENT_TYPES
    assert ROOT_RELS == ROOT_RELS_BEFORE
    assert workbook_rels(1) == WORKBOOK_RELS
    assert workbook(["Guests"]) == WORKBOOK
    assert styles([CellStyle(DATE_FORMAT)]) == STYLES
    assert sheet_start() == SHEET_START
    assert SHEET_END == "</sheetData></worksheet>"


def test_more_sheets_and_styles() -> None:
    assert content_types(2).count("/xl/worksheets/sheet") == 2
    assert (
        'Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"'
        in workbook_rels(2)
    )
    assert '<sheet name="A &amp; B" sheetId="2" r:id="rId2"/>' in workbook(["Report", "A & B"])
    sheet = styles(
        [CellStyle(bold=True), CellStyle('0.0" pts"'), CellStyle(DATE_FORMAT, bold=True)]
    )
    assert '<numFmt numFmtId="164" formatCode="0.0&quot; pts&quot;"/>' in sheet
    assert '<fonts count="2">' in sheet and '<cellXfs count="4">' in sheet
    assert (
        '<xf numFmtId="165" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/>'
        in sheet
    )
    assert "<numFmts" not in styles([CellStyle(bold=True)])
    assert '<sheetView workbookViewId="0"/>' in sheet_start(selected=False)
    assert '<cols><col min="1" max="1" width="26" customWidth="1"/>' in sheet_start(widths=(26,))
