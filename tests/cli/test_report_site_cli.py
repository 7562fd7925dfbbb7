"""`guestbook report` in a group of restaurants (issue 19): this terminal's site's report by
default (`--site`, GUESTBOOK_SITE or the setting), every site's with --whole-group, in the
summary, the JSON and the workbook. The figures themselves are tested in
tests/unit/test_report_sites.py; here, which report each way of asking gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.bootstrap import Services
from guestbook.cli import cli
from tests.database import database
from tests.unit.test_report_sites import _group

pytestmark = pytest.mark.both_backends

PERIOD = ("--from", "01/01/2026", "--to", "30/06/2026")


def invoke(services: Services, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["--db", database(services), "--today", "2026-11-22", "--lang", "en", *args]
    )
    return result.exit_code, result.output


def test_the_report_is_this_sites_unless_the_whole_group_is_asked(services: Services) -> None:
    _group(services)
    code, output = invoke(services, "--site", "Bastille", "report", "--json", *PERIOD)
    assert code == 0, output
    figures = json.loads(output)
    assert figures["site"] == "Bastille"
    assert figures["revenue"]["total_cents"] == 16_000  # Anne's two tables at Bastille
    code, output = invoke(
        services, "--site", "Bastille", "report", "--json", "--whole-group", *PERIOD
    )
    assert code == 0, output
    figures = json.loads(output)
    assert (figures["site"], figures["revenue"]["total_cents"]) == ("", 33_000)
    code, output = invoke(services, "report", "--json", *PERIOD)  # a terminal of no site
    assert code == 0, output
    assert json.loads(output)["revenue"]["total_cents"] == 33_000


def test_the_summary_says_what_it_covers(services: Services) -> None:
    _group(services)
    code, output = invoke(services, "--site", "Marais", "report", *PERIOD)
    assert code == 0, output
    lines = output.splitlines()
    assert lines[1] == "Site: Marais (its visits, and the guests whose home site it is)"
    assert any(line.split() == ["revenue", "€120.00", "€0.00"] for line in lines), output
    code, output = invoke(services, "--site", "Marais", "report", "--whole-group", *PERIOD)
    assert output.splitlines()[1] == "Whole group: every site's visits and guests"
    code, output = invoke(services, "report", *PERIOD)
    assert output.splitlines()[1] == "", "a restaurant on its own: no line about sites"


def test_the_workbook_is_the_sites(services: Services, tmp_path: Path) -> None:
    import openpyxl

    _group(services)
    target = tmp_path / "bastille.xlsx"
    code, output = invoke(services, "--site", "Bastille", "report", *PERIOD, "--xlsx", str(target))
    assert code == 0, output
    rows = list(openpyxl.load_workbook(target)["Report"].iter_rows(values_only=True))
    assert rows[4][:1] == ("Site: Bastille (its visits, and the guests whose home site it is)",)
    revenue = next(row for row in rows if row[1] == "revenue")
    assert revenue[2:4] == (160.0, 25.0)  # the period, and Anne's December at Bastille
