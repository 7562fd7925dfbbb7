"""The sample files of shared/data give exactly the outcomes their README states."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from guestbook.bootstrap import Services
from guestbook.services.importing.importer import import_file
from tests.exchange.helpers import DATA, EN_SAMPLE, FR_SAMPLE, by_name, dump, query

pytestmark = pytest.mark.both_backends

SHARED = Path(__file__).parents[3] / "shared" / "data"


@pytest.mark.parametrize("name", [FR_SAMPLE, EN_SAMPLE])
def test_the_copies_match_shared_data(name: str) -> None:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is not beside this clone; the copies in {DATA} are used")
    assert (DATA / name).read_bytes() == (SHARED / name).read_bytes()


def test_french_sample(services: Services, data_dir: Path, tmp_path: Path) -> None:
    rejects = tmp_path / "rejects.csv"
    result = import_file(services, data_dir / FR_SAMPLE, rejects_path=rejects)

    assert (result.rows, result.new, result.merged, result.rejected) == (11, 8, 1, 2)
    merged = [o for o in result.outcomes if o.action == "merged"]
    assert [(o.line, o.name) for o in merged] == [(8, "Hélène Dupont")]
    rejected = {o.name: o.reasons for o in result.outcomes if o.action == "rejected"}
    assert set(rejected) == {"François Nguy?n", "Camille Roux"}
    assert len(rejected["François Nguy?n"]) == 1 and "31/02" in rejected["François Nguy?n"][0]
    camille = rejected["Camille Roux"]
    assert [reason.split(" ")[0] for reason in camille] == ["phone:", "email:", "birthday"]
    assert "future" in camille[2]

    guests = by_name(services)
    assert len(guests) == 8
    helene, marc = guests["Hélène Dupont"], guests["Marc Dupont"]
    assert helene["primary_phone"] == "+33612345678"
    assert helene["notes"] == "Table près de la fenêtre\n(doublon saisi deux fois)"
    assert query(services, "SELECT count(*) FROM phone WHERE guest_id = ?", helene["id"]) == [(1,)]
    assert (helene["partner_id"], marc["partner_id"]) == (marc["id"], helene["id"])
    assert guests["Jérôme Bœuf"]["partner_name"] == "Sophie"  # no guest fits: kept as a name
    zoe = guests["Zoé Lefèvre"]
    assert (zoe["birth_day"], zoe["birth_month"], zoe["birth_year"]) == (29, 2, 1988)
    assert zoe["primary_email"] == "zoe.lefevre@example.fr"
    assert (marc["birth_day"], marc["birth_month"], marc["birth_year"]) == (5, 11, None)
    assert guests["Ömer Çelik"]["primary_phone"] == "+905321234567"
    assert guests["Sans-prénom"]["first_name"] == ""
    assert guests['Paul =HYPERLINK("http://x")']["last_name"] == '=HYPERLINK("http://x")'
    # No call-consent column: nobody may be called until their consent is recorded.
    assert {g["consent_call"] for g in guests.values()} == {None}
    assert (helene["consent_sms"], helene["consent_email"]) == (1, 1)
    assert (marc["consent_sms"], marc["consent_email"]) == (1, 0)
    sources = query(services, "SELECT DISTINCT source, channel FROM consent_event")
    assert sorted(sources) == [(FR_SAMPLE, "email"), (FR_SAMPLE, "sms")]
    # Search works for imported guests: tokens are written.
    assert query(services, "SELECT guest_id FROM guest_token WHERE token = 'lefevre'") == [
        (zoe["id"],)
    ]


def test_rejects_file_keeps_the_columns_and_adds_the_reason(
    services: Services, data_dir: Path, tmp_path: Path
) -> None:
    rejects = tmp_path / "rejects.csv"
    result = import_file(services, data_dir / FR_SAMPLE, rejects_path=rejects)

    assert result.rejects_file == rejects
    assert rejects.stat().st_mode & 0o777 == 0o600
    assert rejects.read_bytes().startswith(b"\xef\xbb\xbf")
    with rejects.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    original_header = (data_dir / FR_SAMPLE).read_text(encoding="cp1252").splitlines()[0]
    assert rows[0] == [*original_header.split(";"), "reason"]
    assert [row[1] for row in rows[1:]] == ["François", "Camille"]
    assert "31/02" in rows[1][-1]

    # Fixed in the rejects file and imported again, the rows go in.
    rows[1][5] = "28/02/1980"
    rows[2][3], rows[2][4], rows[2][5] = "06 12 12 12 12", "camille.roux@example.fr", "07/07/1990"
    with rejects.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    again = import_file(services, rejects, rejects_path=tmp_path / "rejects-2.csv")
    assert (again.new, again.merged, again.rejected) == (2, 0, 0)


def test_english_sample(services: Services, data_dir: Path) -> None:
    result = import_file(services, data_dir / EN_SAMPLE)

    assert (result.rows, result.new, result.merged, result.rejected) == (4, 3, 0, 1)
    (noah,) = [o for o in result.outcomes if o.action == "rejected"]
    assert noah.name == "Noah Bernard" and "1999" in noah.reasons[0]
    guests = by_name(services)
    james, olivia = guests["James Smith"], guests["Olivia Smith"]
    assert (james["birth_day"], james["birth_month"], james["birth_year"]) == (30, 6, None)
    assert (olivia["partner_id"], james["partner_id"]) == (james["id"], olivia["id"])
    assert olivia["primary_phone"] == "+447911123456"
    assert guests["Léa Petit"]["primary_phone"] == "+33789012345"
    assert result.rejects_file is None  # none asked for


@pytest.mark.parametrize("name", [FR_SAMPLE, EN_SAMPLE])
def test_importing_twice_changes_nothing(services: Services, data_dir: Path, name: str) -> None:
    first = import_file(services, data_dir / name)
    before = dump(services)

    second = import_file(services, data_dir / name)

    assert dump(services) == before
    assert second.new == 0
    assert second.merged == first.new + first.merged
    assert second.rejected == first.rejected
    assert second.imported_before is not None


def test_both_samples_then_both_again(services: Services, data_dir: Path) -> None:
    import_file(services, data_dir / FR_SAMPLE)
    import_file(services, data_dir / EN_SAMPLE)
    before = dump(services)
    assert import_file(services, data_dir / FR_SAMPLE).new == 0
    assert import_file(services, data_dir / EN_SAMPLE).new == 0
    assert dump(services) == before


@pytest.mark.parametrize("name", [FR_SAMPLE, EN_SAMPLE])
def test_dry_run_writes_nothing_and_tells_the_same(
    services: Services, data_dir: Path, tmp_path: Path, name: str
) -> None:
    before = dump(services)
    preview = import_file(services, data_dir / name, dry_run=True)
    assert dump(services) == before
    assert query(services, "SELECT count(*) FROM import_batch") == [(0,)]

    real = import_file(services, data_dir / name, rejects_path=tmp_path / "r.csv")
    assert (preview.rows, preview.new, preview.merged, preview.rejected) == (
        real.rows,
        real.new,
        real.merged,
        real.rejected,
    )
    assert [(o.line, o.action, o.merged_into) for o in preview.outcomes] == [
        (o.line, o.action, o.merged_into) for o in real.outcomes
    ]
    # A guest the preview would create has no number yet: it promises none (D16).
    assert all(o.guest_id is None for o in preview.outcomes if o.action != "merged")
    assert all(o.guest_id for o in real.outcomes if o.action == "new")
    assert preview.dry_run and preview.batch_id is None


def test_dry_run_on_a_filled_database_previews_the_merges(
    services: Services, data_dir: Path
) -> None:
    import_file(services, data_dir / FR_SAMPLE)
    before = dump(services)
    preview = import_file(services, data_dir / FR_SAMPLE, dry_run=True)
    assert dump(services) == before
    assert (preview.new, preview.merged, preview.rejected) == (0, 9, 2)
    helene = next(o for o in preview.outcomes if o.line == 2)
    assert helene.merged_into.startswith("Hélène Dupont (#")
