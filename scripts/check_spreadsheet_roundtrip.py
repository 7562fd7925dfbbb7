"""Open guestbook's exports in LibreOffice (headless), save them back, and count what changed.

    apt-get install -y --no-install-recommends libreoffice-calc
    python scripts/check_spreadsheet_roundtrip.py --workdir /tmp/lo

The manual check of docs/spreadsheets.md. It makes a demo database (2,000 guests, seed 1,
2026-12-07), exports it as CSV and XLSX, and writes CSV variants that differ only in how the
Phones and Postcode cells are written. Each file is opened by `soffice --headless` with the
options LibreOffice's Text Import dialog starts with (its configuration's defaults,
Office.Calc/Dialogs/CSVImport, in 7.4: separators comma, semicolon and tab; standard column
types; no "quoted field as text", no "detect special numbers", no "evaluate formulas"), and
again with the semicolon as the only separator; then saved as CSV (cells as shown, LibreOffice's
default), and the XLSX as CSV and as XLSX. It takes about four minutes. For each file it
prints: the guests whose Phones cell lost a '+', whose postcode lost its leading 0, whose row
came back with its cells shifted, and what guestbook makes of the saved file: the rows a dry
run rejects, and the guests that an import into a fresh database then exports differently
from the original export.

Nothing here is imported by guestbook; the script drives the `guestbook` command.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

TODAY = "2026-12-07"
CSV_FILTER = "Text - txt - csv (StarCalc)"
# Import tokens: separators, text delimiter ", UTF-8 (the file has a BOM), from line 1,
# standard column types, language, quoted field as text, detect special numbers; token 13:
# evaluate formulas. All as the Text Import dialog of a fresh LibreOffice has them.
FIRST_RUN_SEPARATORS = "44/59/9"  # comma, semicolon, tab (LibreOffice 7.4's dialog)
SEMICOLON_ONLY = "59"  # what a user who ticks only ';' gets (or a newer LibreOffice detects)
EXPORT_OPTIONS = "44,34,76,1"  # comma, ", UTF-8, from line 1; cells saved as shown (default)
LANGUAGES = {"en-US": 1033, "fr-FR": 1036}
PHONES, POSTCODE = "Phones", "Postcode"


def import_options(separators: str, language: int) -> str:
    return f"{CSV_FILTER}:{separators},34,76,1,,{language},false,false,,,,,false"


# --- the CSV variants: how a Phones or Postcode cell is written --------------------------


def international(cell: str) -> str:
    import phonenumbers

    def spaced(e164: str) -> str:
        number = phonenumbers.parse(e164, None)
        return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL))

    return ", ".join(spaced(part) for part in cell.split(", ")) if cell else cell


@dataclass(frozen=True)
class Variant:
    name: str
    phones: Callable[[str], str]
    postcode: Callable[[str], str]
    quoting: Literal[0, 1, 2, 3] = csv.QUOTE_MINIMAL


def _same(cell: str) -> str:
    return cell


def _wrap(before: str, after: str = "") -> Callable[[str], str]:
    return lambda cell: f"{before}{cell}{after}" if cell else cell


VARIANTS = (
    Variant("as exported", _same, _same),
    Variant("every cell quoted", _same, _same, csv.QUOTE_ALL),
    Variant('formula ="…"', _wrap('="', '"'), _wrap('="', '"')),
    Variant("leading apostrophe '…", _wrap("'"), _wrap("'")),
    Variant("phones +33 6 12…, postcodes as exported", international, _same),
    Variant("every cell quoted, phones +33 6 12…", international, _same, csv.QUOTE_ALL),
    Variant("trailing no-break space", _wrap("", "\u00a0"), _wrap("", "\u00a0")),
    Variant("leading zero-width space", _wrap("\u200b"), _wrap("\u200b")),
)


def write_variant(rows: list[list[str]], variant: Variant, path: Path) -> list[list[str]]:
    header = rows[0]
    phones, postcode = header.index(PHONES), header.index(POSTCODE)
    written = [header]
    for row in rows[1:]:
        cells = list(row)
        cells[phones] = variant.phones(cells[phones])
        cells[postcode] = variant.postcode(cells[postcode])
        written.append(cells)
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n", quoting=variant.quoting).writerows(
            written
        )
    return written


# --- reading back ---------------------------------------------------------------------------


def read_csv(path: Path, delimiter: str) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def read_xlsx(path: Path) -> list[list[object]]:
    from openpyxl import load_workbook

    sheet = load_workbook(path, read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def stripped(row: list[str]) -> list[str]:
    cells = list(row)
    while cells and not cells[-1]:
        cells.pop()
    return cells


@dataclass
class Figures:
    phones_lost_plus: int = 0
    postcodes_lost_zero: int = 0
    rows_shifted: int = 0
    changed: Counter[str] = field(default_factory=Counter)


def compare(original: list[list[str]], back: list[list[str]], written: list[list[str]]) -> Figures:
    """`original`: guestbook's export; `written`: the variant given to LibreOffice; `back`: the
    file LibreOffice saved. Counted per guest."""
    header = original[0]
    phones, postcode = header.index(PHONES), header.index(POSTCODE)
    figures = Figures()
    assert len(back) == len(original), (len(back), len(original))
    for source, sent, came in zip(original[1:], written[1:], back[1:], strict=True):
        came = came + [""] * (len(header) - len(came))
        if came[phones].count("+") < source[phones].count("+"):
            figures.phones_lost_plus += 1
        digits = "".join(c for c in came[postcode] if c.isdigit())
        if source[postcode].startswith("0") and not digits.startswith("0"):
            figures.postcodes_lost_zero += 1
        if len(stripped(came)) != len(stripped(sent)):
            figures.rows_shifted += 1
            continue
        for index, name in enumerate(header):
            if came[index] != sent[index]:
                figures.changed[name] += 1
    return figures


def xlsx_as_text(rows: list[list[object]]) -> list[list[str]]:
    """An XLSX's cells as text, as LibreOffice saves them in a CSV (dates as shown)."""

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            return value.strftime("%d/%m/%Y")  # as the cell shows it (export_xlsx.DATE_FORMAT)
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    return [[text(value) for value in row] for row in rows]


# --- guestbook's side -----------------------------------------------------------------------


def guestbook(workdir: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GUESTBOOK_CONFIG_DIR": str(workdir / "config"),  # default settings: region FR
        "GUESTBOOK_DATA_DIR": str(workdir / "data"),
    }
    command = [sys.executable, "-m", "guestbook", "--lang", "en", "--today", TODAY, *args]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    return done.stdout


def reimport(workdir: Path, path: Path, original: list[list[str]]) -> tuple[int, int]:
    """(rows a dry run on a fresh database rejects, guests exported differently after a real
    import into another fresh database)."""
    scratch = workdir / "scratch"
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir()
    dry = json.loads(
        guestbook(
            workdir, "--db", str(scratch / "dry.db"), "import", str(path), "--dry-run", "--json"
        )
    )
    db = str(scratch / "real.db")
    guestbook(workdir, "--db", db, "import", str(path), "--rejects", str(scratch / "rejects.csv"))
    guestbook(workdir, "--db", db, "export", "--output", str(scratch / "again.csv"))
    again = Counter(map(tuple, read_csv(scratch / "again.csv", ";")[1:]))
    expected = Counter(map(tuple, original[1:]))
    return int(dry["rejected"]), sum((expected - again).values())


# --- LibreOffice ----------------------------------------------------------------------------


def soffice(workdir: Path, source: Path, target: str, outdir: Path, infilter: str | None) -> Path:
    outdir.mkdir(parents=True, exist_ok=True)
    command = ["soffice", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), str(source)]
    # A profile of its own: nothing the machine's LibreOffice remembers changes the result.
    env = {**os.environ, "HOME": str(workdir / "lo-home")}
    print("  $", " ".join(f"'{part}'" if " " in part else part for part in command))
    subprocess.run(command, env=env, capture_output=True, check=True)
    suffix = target.split(":", 1)[0]
    return outdir / f"{source.stem}.{suffix}"


def row_of_figures(
    label: str, figures: Figures, rejects: int | str, different: int | str
) -> list[str]:
    others = ", ".join(f"{name} {count}" for name, count in sorted(figures.changed.items()))
    return [
        label,
        str(figures.phones_lost_plus),
        str(figures.postcodes_lost_zero),
        str(figures.rows_shifted),
        str(rejects),
        str(different),
        others or "-",
    ]


def soffice_version(workdir: Path) -> str:
    version = subprocess.run(
        ["soffice", "--version"],
        env={**os.environ, "HOME": str(workdir / "lo-home")},
        capture_output=True,
        text=True,
        check=True,
    )
    return version.stdout.strip()


def export_demo(workdir: Path, guests: int) -> Path:
    """A demo database of `guests` guests exported as guests.csv and guests.xlsx in `workdir`;
    the CSV's path."""
    db = str(workdir / "demo.db")
    guestbook(workdir, "--db", db, "demo", "--guests", str(guests))
    exported = workdir / "guests.csv"
    guestbook(workdir, "--db", db, "export", "--format", "csv", "--output", str(exported))
    guestbook(
        workdir, "--db", db, "export", "--format", "xlsx", "--output", str(workdir / "guests.xlsx")
    )
    return exported


def describe(original: list[list[str]]) -> str:
    header = original[0]
    return (
        f"{len(original) - 1} guests, {sum(1 for r in original[1:] if r[header.index(PHONES)])} "
        f"with a phone ({sum(1 for r in original[1:] if ', ' in r[header.index(PHONES)])} with "
        f"two or more), {sum(1 for r in original[1:] if r[header.index(POSTCODE)][:1] == '0')} "
        "postcodes starting with 0"
    )


def csv_figures(workdir: Path, original: list[list[str]]) -> list[list[str]]:
    """Each CSV variant opened with each separator choice and language, saved back as CSV."""
    table: list[list[str]] = []
    for separators, separators_label in (
        (FIRST_RUN_SEPARATORS, "separators , ; tab"),
        (SEMICOLON_ONLY, "separator ;"),
    ):
        for language_label, language in LANGUAGES.items():
            for number, variant in enumerate(VARIANTS):
                folder = workdir / f"{separators.replace('/', '-')}-{language_label}-{number}"
                folder.mkdir()
                source = folder / "guests.csv"
                written = write_variant(original, variant, source)
                saved = soffice(
                    workdir,
                    source,
                    f"csv:{CSV_FILTER}:{EXPORT_OPTIONS}",
                    folder / "saved",
                    import_options(separators, language),
                )
                back = read_csv(saved, ",")
                figures = compare(original, back, written)
                rejects, different = reimport(workdir, saved, original)
                label = f"CSV {variant.name} ({separators_label}, {language_label})"
                table.append(row_of_figures(label, figures, rejects, different))
    return table


def xlsx_figures(workdir: Path, original: list[list[str]]) -> list[list[str]]:
    """The XLSX: opened as is (an XLSX has no import options), saved as CSV and as XLSX."""
    xlsx = workdir / "guests.xlsx"
    xlsx_rows = xlsx_as_text(read_xlsx(xlsx))
    saved_csv = soffice(
        workdir, xlsx, f"csv:{CSV_FILTER}:{EXPORT_OPTIONS}", workdir / "xlsx-csv", None
    )
    back = read_csv(saved_csv, ",")
    figures = compare(xlsx_rows, back, xlsx_rows)
    rejects, different = reimport(workdir, saved_csv, original)
    table = [row_of_figures("XLSX opened, saved as CSV", figures, rejects, different)]
    saved_xlsx = soffice(workdir, xlsx, "xlsx", workdir / "xlsx-xlsx", None)
    figures = compare(xlsx_rows, xlsx_as_text(read_xlsx(saved_xlsx)), xlsx_rows)
    typed = read_xlsx(saved_xlsx)
    phones, postcode = typed[0].index(PHONES), typed[0].index(POSTCODE)
    not_text = sum(
        1
        for row in typed[1:]
        if (row[phones] is not None and not isinstance(row[phones], str))
        or (row[postcode] is not None and not isinstance(row[postcode], str))
    )
    table.append(
        row_of_figures(
            f"XLSX opened, saved as XLSX ({not_text} cells not text)", figures, "n/a", "n/a"
        )
    )
    return table


def print_table(table: list[list[str]]) -> None:
    titles = [
        "file given to LibreOffice",
        "phones lost '+'",
        "postcodes lost 0",
        "rows shifted",
        "dry-run rejects",
        "guests read back differently",
        "other cells changed (column: guests)",
    ]
    print()
    print("| " + " | ".join(titles) + " |")
    print("|" + "---|" * len(titles))
    for row in table:
        print("| " + " | ".join(row) + " |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/lo"))
    parser.add_argument("--guests", type=int, default=2000)
    options = parser.parse_args()
    workdir: Path = options.workdir.resolve()
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    print(soffice_version(workdir))

    exported = export_demo(workdir, options.guests)
    original = read_csv(exported, ";")
    print(describe(original))

    rejects, different = reimport(workdir, exported, original)
    table = [row_of_figures("CSV as exported, not opened", Figures(), rejects, different)]
    table += csv_figures(workdir, original)
    table += xlsx_figures(workdir, original)
    print_table(table)


if __name__ == "__main__":
    main()
