"""Any bytes at all: the import accounts for every line of the file, or refuses it in one line
and writes nothing."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.errors import UserError
from guestbook.exchange.guest_file import GuestFile, NotAGuestList, read_guest_file
from guestbook.services.importing.importer import ImportResult, import_file
from guestbook.settings import Settings
from tests.exchange.helpers import dump, query

_HEADERS = [
    "Prénom;Nom;Téléphone;Notes\r\n".encode(),
    "Prénom;Nom;Adresse\r\n".encode("cp1252"),
    b"Name,Phone,Email\n",
    b"",
]
# Pieces of rows, and of what damages them: quotes, line ends, NULs, both encodings' accents,
# bytes of neither, the start of a JSON document.
_PIECES = st.sampled_from(
    [
        b"Anne", b"Martin", b"06 12 34 56 78", b"a@example.fr", b" ", b";", b",", b"\t",
        b'"', b'""', b"\r\n", b"\n", b"\r", b"\x00", "é".encode(), "é".encode("cp1252"),
        b"\x81", b"\xff", b"=1+1", b"{", b"[", b"1" * 30,
    ]
)  # fmt: skip


@st.composite
def hostile_files(draw: st.DrawFn) -> bytes:
    return draw(st.sampled_from(_HEADERS)) + b"".join(draw(st.lists(_PIECES, max_size=80)))


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Services]:
    folder = tmp_path_factory.mktemp("hostile")
    services = make_services(folder / "g.db", FixedClock(dt.date(2026, 11, 22)), Settings())
    yield services
    services.close()


def check_lines(source: GuestFile) -> None:
    """Every physical line is above the headers, blank, or in exactly one row."""
    if source.kind != "csv":
        return
    covered = [line for row in source.rows for line in range(row.line, row.last_line + 1)]
    assert sorted(covered + list(source.skipped)) == list(range(1, source.lines + 1))


def check_rejects(source: GuestFile, result: ImportResult) -> None:
    """The rejects file read back holds every rejected row, and only those."""
    if result.rejects_file is None:
        assert result.rejected == 0
        return
    if source.kind == "json":
        written = json.loads(result.rejects_file.read_text(encoding="utf-8"))["guests"]
    else:
        with result.rejects_file.open(encoding="utf-8-sig", newline="") as handle:
            written = list(csv.reader(handle, delimiter=source.delimiter))[1:]
    assert len(written) == result.rejected


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(hostile_files(), st.binary(max_size=300)))
def test_any_bytes_are_accounted_for_or_refused_in_one_line(
    shared: Services, tmp_path_factory: pytest.TempPathFactory, content: bytes
) -> None:
    folder = tmp_path_factory.getbasetemp()
    path, rejects = folder / "hostile.csv", folder / "hostile-rejects.csv"
    path.write_bytes(content)
    rejects.unlink(missing_ok=True)
    before = dump(shared)
    batches = query(shared, "SELECT count(*) FROM import_batch")
    try:
        source = read_guest_file(path)
    except NotAGuestList as refused:
        assert str(refused) and "\n" not in str(refused)
        with pytest.raises(UserError) as error:
            import_file(shared, path, rejects_path=rejects)
        assert "\n" not in str(error.value)
        assert dump(shared) == before
        assert query(shared, "SELECT count(*) FROM import_batch") == batches
        return
    check_lines(source)
    result = import_file(shared, path, rejects_path=rejects)
    assert result.rows == len(source.rows) > 0
    assert result.new + result.merged + result.rejected == result.rows
    assert all(o.reasons for o in result.outcomes if o.action == "rejected")
    check_rejects(source, result)
    nul = "SELECT count(*) FROM guest WHERE instr(first_name || last_name || notes, char(0)) > 0"
    assert query(shared, nul) == [(0,)]
