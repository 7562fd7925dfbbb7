"""The SMS file read back with the csv module, as a gateway's upload would read it."""

from __future__ import annotations

import csv
import stat
from pathlib import Path

import pytest

from guestbook.delivery.sms_file import SmsLine, write_sms_file
from guestbook.errors import UserError
from guestbook.progress import Cancelled

LINES = [
    SmsLine("+33612345678", "Chez Nous : l’œuf mayo à 5 € « comme avant ». STOP au 36111", 2),
    SmsLine("+33698765432", "Soirée annulée, vendredi.\nNous vous rappelons, promis.", 1),
    SmsLine("+32470123456", 'Texte avec "guillemets", virgules; et =formule', 1),
]


def read_back(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_each_sms_is_a_row_under_a_header(tmp_path: Path) -> None:
    path = tmp_path / "sms.csv"
    assert write_sms_file(path, LINES) == 3
    rows = read_back(path)
    assert rows[0] == ["Phone number", "Text", "Segments"]
    assert rows[1:] == [[line.number_e164, line.text, str(line.segments)] for line in LINES]
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")  # no byte order mark: gateways read UTF-8 plain
    assert data.endswith(b"\r\n")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600  # guests' numbers


def test_the_header_speaks_french(tmp_path: Path, french: None) -> None:
    path = tmp_path / "sms.csv"
    write_sms_file(path, LINES[:1])
    assert read_back(path)[0] == ["Numéro de téléphone", "Texte", "Segments"]


def test_progress_and_cancel_leave_no_half_file(tmp_path: Path) -> None:
    path = tmp_path / "sms.csv"
    path.write_text("the previous file\n")
    many = [LINES[0]] * 2500
    seen: list[int] = []

    def stop_at_2000(done: int) -> None:
        seen.append(done)
        if done == 2000:
            raise Cancelled("stopped")

    with pytest.raises(Cancelled):
        write_sms_file(path, many, stop_at_2000)
    assert seen == [1000, 2000]
    assert path.read_text() == "the previous file\n"  # kept, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sms.csv"]  # no temporary file left
    assert write_sms_file(path, many, seen.append) == 2500
    assert seen[-1] == 2500


def test_a_missing_folder_is_said(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="does not exist"):
        write_sms_file(tmp_path / "nowhere" / "sms.csv", LINES)
