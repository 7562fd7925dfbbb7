"""The command line in French and in English: help, the agenda, errors; --json the same in both.

They read the French catalogue the package ships (guestbook/locale), click's own texts
included: the words a French user reads.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from guestbook.cli import cli
from guestbook.i18n import set_language
from tests.exchange.helpers import DATA, FR_SAMPLE

TODAY = "2026-11-22"


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m guestbook ARGS` in its own process: click's own words are translated there
    the way a user's shell sees them."""
    environ = {key: value for key, value in os.environ.items() if key != "GUESTBOOK_LANG"}
    environ.update({"LANGUAGE": "en", "LC_ALL": "C.UTF-8", **env})
    return subprocess.run(
        [sys.executable, "-m", "guestbook", *args],
        capture_output=True,
        text=True,
        env=environ,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database (the restaurant `guestbook demo` fills), made once for this module."""
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "demo.db"
    with pytest.MonkeyPatch.context() as patch:  # never the user's own settings
        patch.setenv("GUESTBOOK_CONFIG_DIR", str(folder / "config"))
        patch.setenv("GUESTBOOK_DATA_DIR", str(folder / "data"))
        set_language("en")
        made = CliRunner().invoke(
            cli, ["--db", str(db), "--today", TODAY, "demo", "--guests", "300", "--seed", "1"]
        )
    assert made.exit_code == 0, made.output
    return db


# --- help ----------------------------------------------------------------------------------


def test_help_in_english() -> None:
    result = run("--lang", "en", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: guestbook [OPTIONS]")
    assert "Show this message and exit." in result.stdout
    assert "Language: fr or en" in result.stdout
    assert "Print today's and overdue calls" in result.stdout


def test_help_in_french() -> None:
    result = run("--lang", "fr", "--help")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("Utilisation : guestbook [OPTIONS]")
    assert "Affiche ce message et quitte." in out
    assert "Affiche la version et quitte." in out
    assert "Langue : fr ou en" in out
    # French puts a (non-breaking) space before a colon, the headings too (a user walk).
    assert "Commandes\u00a0:" in out and "Options\u00a0:" in out
    # Every command's one-line help, and no English left of what guestbook or click says.
    assert "Affiche les appels du jour et en retard" in out
    assert "Copie la base sans risque" in out
    for english in ("Usage:", "Show this message", "Commands:", "Print today's", "Copy the"):
        assert english not in out


def test_a_command_help_in_french() -> None:
    result = run("--lang", "fr", "export", "--help")
    assert result.returncode == 0, result.stderr
    out = " ".join(result.stdout.split())  # click wraps the help at the terminal's width
    assert "Exporte les clients en CSV, Excel, vCard, iCalendar (anniversaires) ou JSON." in out
    assert "--output FICHIER Fichier à écrire" in out
    assert "[défaut : csv]" in out
    assert "Seulement les clients dont l’anniversaire est connu." in out


def test_the_settings_file_speaks_before_the_environment(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text('language = "fr"\n', encoding="utf-8")
    result = run("--help", GUESTBOOK_LANG="en", GUESTBOOK_CONFIG_DIR=str(tmp_path))
    assert result.stdout.startswith("Utilisation : guestbook")
    overridden = run("--lang", "en", "--help", GUESTBOOK_CONFIG_DIR=str(tmp_path))
    assert overridden.stdout.startswith("Usage: guestbook")  # --lang wins over everything


def test_the_system_s_language_comes_last(tmp_path: Path) -> None:
    french = run("--help", LC_ALL="fr_FR.UTF-8", GUESTBOOK_CONFIG_DIR=str(tmp_path))
    assert french.stdout.startswith("Utilisation : guestbook")
    other = run("--help", LC_ALL="de_DE.UTF-8", GUESTBOOK_CONFIG_DIR=str(tmp_path))
    assert other.stdout.startswith("Usage: guestbook")


def test_the_language_comes_from_the_environment_too() -> None:
    french = run("--help", GUESTBOOK_LANG="fr")
    assert french.stdout.startswith("Utilisation : guestbook")
    english = run("--help", GUESTBOOK_LANG="en")
    assert english.stdout.startswith("Usage: guestbook")


# --- the agenda ----------------------------------------------------------------------------


def test_today_in_french(demo_db: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--lang", "fr", "--db", str(demo_db), "--today", TODAY, "today"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Chez Nous — appels du dimanche 22 novembre 2026"
    assert re.fullmatch(r"\d+ appels? aujourd’hui, \d+ en retard", lines[1]), lines[1]
    assert "Aujourd’hui (" in result.output or "En retard (" in result.output
    for english in ("calls for", "overdue", "Overdue", "Today (", "Next days", "Left out"):
        assert english not in result.output
    assert max(len(line) for line in lines) <= 80


def test_today_in_english(demo_db: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--lang", "en", "--db", str(demo_db), "--today", TODAY, "today"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Chez Nous — calls for Sunday 22 November 2026"
    assert re.fullmatch(r"\d+ calls? today, \d+ overdue", lines[1]), lines[1]


def test_today_json_is_the_same_in_both_languages(demo_db: Path) -> None:
    outputs = []
    for language in ("en", "fr"):
        result = CliRunner().invoke(
            cli,
            ["--lang", language, "--db", str(demo_db), "--today", TODAY, "today", "--json"],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert '"reason": "birthday"' in outputs[0]


def test_import_json_is_the_same_in_both_languages(tmp_path: Path) -> None:
    """Rejected rows' reasons included: --json is for scripts."""
    outputs = []
    for language in ("en", "fr"):
        result = CliRunner().invoke(
            cli,
            [
                "--lang",
                language,
                "--db",
                str(tmp_path / "g.db"),
                "--today",
                TODAY,
                "import",
                str(DATA / FR_SAMPLE),
                "--dry-run",
                "--json",
            ],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]
    assert '"rejected": 2' in outputs[0]
    assert "is in the future" in outputs[0]  # a reason, in English


# --- errors --------------------------------------------------------------------------------


def test_click_errors_in_french(tmp_path: Path) -> None:
    result = run("--lang", "fr", "--db", str(tmp_path), "today")
    assert result.returncode == 2
    assert "Erreur : Valeur invalide pour '--db' : Fichier" in result.stderr
    assert "c’est un dossier." in result.stderr
    assert "Essayez « guestbook --help » pour l’aide." in result.stderr
    # A missing FILE is not click's usage error but the import's one line, in French too.
    missing = run("--lang", "fr", "import", str(tmp_path / "absent.csv"))
    assert missing.returncode == 1
    assert missing.stderr.startswith("guestbook: ") and missing.stderr.count("\n") == 1
    assert "absent.csv : ce fichier n’existe pas\n" in missing.stderr
    unknown = run("--lang", "fr", "export", "--format", "pdf")
    assert "« pdf » n’est pas l’un de ceux-ci : 'csv'" in unknown.stderr


def test_guestbook_errors_in_french(tmp_path: Path) -> None:
    """One line starting with `guestbook:`, the rest in French."""
    picture = tmp_path / "photo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 50)
    result = run("--lang", "fr", "--db", str(tmp_path / "g.db"), "import", str(picture))
    assert result.returncode == 1
    assert result.stderr == (
        f"guestbook: {picture} n’est pas une liste de clients : "
        "on dirait une image, pas un tableau\n"
    )
    restore = run("--lang", "fr", "--db", str(tmp_path / "g.db"), "restore", str(picture))
    assert restore.returncode == 1
    assert (
        restore.stderr
        == f"guestbook: {picture} n’est pas une base guestbook (file is not a database)\n"
    )


def test_errors_stay_english_in_english(tmp_path: Path) -> None:
    result = run("--lang", "en", "--db", str(tmp_path), "today")
    assert result.returncode == 2
    assert "Error: Invalid value for '--db': File" in result.stderr
    assert "is a directory." in result.stderr
