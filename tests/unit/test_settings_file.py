"""Writing the settings file: read back the same by guestbook's loader and by Python's own TOML
reader, the owner's comments and other settings kept, 0600 in a 0700 folder, nothing written
when a value is wrong."""

from __future__ import annotations

import stat
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from guestbook.settings import DEFAULT_WORDINGS, Settings, SettingsError, load_settings
from guestbook.settings_file import SettingsEdit, edit_of, read_document, save_settings

HAND_WRITTEN = """\
# Chez Nous — settings written by hand
restaurant_name = "Chez Nous"   # in the header
lapse_factor = 2.5              # a setting the screen does not show

[consent_wordings]              # what the guest is asked
call = "Le chef peut-il vous appeler ?"

[rewards.birthday]
# the cake is for the whole table
label = "Gâteau pour la table"
days_after = 45
"""


def edit_in(path: Path) -> SettingsEdit:
    """What the settings screen shows for the file at `path`."""
    return edit_of(load_settings(path), read_document(path))


def test_a_new_file_is_read_back_the_same_by_both_readers(tmp_path: Path) -> None:
    path = tmp_path / "config" / "guestbook" / "settings.toml"
    edit = replace(
        edit_in(path),
        restaurant_name="Le Bistrot d'Hélène",
        language="fr",
        phone_region="BE",
        lead_days=5,
        consent_wordings={**edit_in(path).consent_wordings, "sms": 'Un "SMS" ?\tOui'},
        reward_labels={"birthday": "Coupe de champagne", "sponsor": ""},
        channel_order=("sms", "email", "call", "post"),
    )
    saved = save_settings(path, edit, {})
    assert load_settings(path) == saved
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "restaurant_name": "Le Bistrot d'Hélène",
        "language": "fr",
        "phone_region": "BE",
        "lead_days": 5,
        "channel_order": ["sms", "email", "call", "post"],
        "consent_wordings": {"sms": 'Un "SMS" ?\tOui'},
        "rewards": {"birthday": {"label": "Coupe de champagne"}},
    }
    assert saved.consent_wordings == {**DEFAULT_WORDINGS, "sms": 'Un "SMS" ?\tOui'}
    assert saved.rewards["birthday"].days_after == 30  # the default dates stay
    assert edit_in(path) == edit  # the screen shows again what was saved


def test_the_file_is_private_and_so_is_the_folder_made_for_it(tmp_path: Path) -> None:
    path = tmp_path / "config" / "guestbook" / "settings.toml"
    save_settings(path, replace(edit_in(path), lead_days=3), {})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(path.parent.parent.stat().st_mode) == 0o700
    assert [p.name for p in path.parent.iterdir()] == ["settings.toml"]  # no temporary left


def test_comments_and_other_settings_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    path.chmod(0o644)
    edit = replace(edit_in(path), restaurant_name="Le Bistrot", lead_days=10)
    save_settings(path, edit, {})
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN.replace(
        'restaurant_name = "Chez Nous"   # in the header',
        'restaurant_name = "Le Bistrot"   # in the header',
    ).replace(
        "lapse_factor = 2.5              # a setting the screen does not show\n",
        "lapse_factor = 2.5              # a setting the screen does not show\nlead_days = 10\n",
    )
    settings = load_settings(path)
    assert (settings.lapse_factor, settings.rewards["birthday"].days_after) == (2.5, 45)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_nothing_unchanged_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    written = HAND_WRITTEN.replace("\n", "\r\n").replace("2.5  ", "2.50 ")  # its own layout
    path.write_bytes(written.encode("utf-8"))
    save_settings(path, edit_in(path), {})
    assert path.read_bytes() == written.encode("utf-8")


def test_a_wording_set_back_to_empty_is_the_default_again(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    edit = edit_in(path)
    assert edit.consent_wordings["call"] == "Le chef peut-il vous appeler ?"
    assert edit.consent_wordings["sms"] == ""  # not in the file: the default, shown translated
    cleared = replace(
        edit,
        consent_wordings={**edit.consent_wordings, "call": ""},
        reward_labels={**edit.reward_labels, "birthday": " "},
    )
    saved = save_settings(path, cleared, {})
    assert saved.wording("call") == "May the chef phone you for your birthday and special evenings?"
    assert saved.reward_label("birthday") == "Aperitif and birthday cake"
    text = path.read_text(encoding="utf-8")
    assert "call =" not in text and "label =" not in text
    # The owner's comments stay, and the dates.
    assert "[consent_wordings]              # what the guest is asked\n" in text
    assert "# the cake is for the whole table\ndays_after = 45" in text


def test_a_table_left_empty_goes(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('lead_days = 5\n\n[consent_wordings]\ncall = "Allô ?"\n', encoding="utf-8")
    edit = edit_in(path)
    save_settings(path, replace(edit, consent_wordings={**edit.consent_wordings, "call": ""}), {})
    assert path.read_text(encoding="utf-8") == "lead_days = 5\n\n"


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            {"lead_days": "sept"},
            "lead_days",
            "Lead days must be a whole number of days between 0 and 60, got 'sept'",
        ),
        ({"restaurant_name": ""}, "restaurant_name", "Restaurant name cannot be empty"),
        (
            {"channel_order": ("sms", "sms", "post", "call")},
            "channel_order",
            "channel_order names 'sms' twice: list each channel once",
        ),
    ],
)
def test_nothing_is_written_when_a_value_is_wrong(
    tmp_path: Path, change: dict[str, object], key: str, message: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    edit = replace(edit_in(path), **{"lead_days": 8, **change})  # type: ignore[arg-type]
    names = {"lead_days": "Lead days", "restaurant_name": "Restaurant name"}
    with pytest.raises(SettingsError) as raised:
        save_settings(path, edit, names)
    assert raised.value.problems == {key: message}
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_a_file_broken_since_the_start_is_not_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("lead_days = \n", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML at line 1"):
        save_settings(path, edit_of(Settings(), {}), {})
    assert path.read_text(encoding="utf-8") == "lead_days = \n"


def test_only_what_was_changed_on_the_screen_is_written_over_the_file_as_it_is_now(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    shown = edit_in(path)  # the screen opens
    # The owner then edits the file by hand: another wording of calls, and the SMS one.
    by_hand = HAND_WRITTEN.replace("Le chef peut-il vous appeler ?", "Allô ?").replace(
        "# what the guest is asked\n", '# what the guest is asked\nsms = "Un SMS ?"\n'
    )
    path.write_text(by_hand, encoding="utf-8")
    # On the screen, only the email wording and the lead days were changed.
    typed = replace(
        shown,
        consent_wordings={**shown.consent_wordings, "email": "Un e-mail ?"},
        lead_days=5,
    )
    saved = save_settings(path, typed, {}, since=shown)
    assert (saved.wording("call"), saved.wording("sms")) == ("Allô ?", "Un SMS ?")
    assert (saved.wording("email"), saved.lead_days) == ("Un e-mail ?", 5)
    written = tomllib.loads(path.read_text(encoding="utf-8"))
    assert written["consent_wordings"] == {
        "call": "Allô ?",
        "sms": "Un SMS ?",
        "email": "Un e-mail ?",
    }
    assert written["lapse_factor"] == 2.5 and written["lead_days"] == 5
