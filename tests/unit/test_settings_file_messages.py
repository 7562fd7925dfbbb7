"""Writing the messages' settings ([smtp], [sms], the STOP mention, the postal address, the time
zone) into the settings file: read back the same by guestbook's loader and by Python's own TOML
reader, the owner's comments kept, a value set back to empty is the default again, nothing
written when a value is wrong, and never a secret."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path

import pytest

from guestbook.settings import SettingsError, load_settings
from guestbook.settings_file import (
    MESSAGE_KEYS,
    SettingsEdit,
    edit_of,
    read_document,
    save_settings,
)
from guestbook.settings_messages import SmsSettings, SmtpSettings

HAND_WRITTEN = """\
# Chez Nous — settings written by hand
sms_stop = "STOP au 36111"   # the mention our gateway gave us

[smtp]
# the provider's relay
host = "smtp.example.fr"
port = 587
"""


def edit_in(path: Path) -> SettingsEdit:
    """What the settings screen shows for the file at `path`."""
    return edit_of(load_settings(path), read_document(path))


def with_messages(edit: SettingsEdit, **changes: object) -> SettingsEdit:
    """`edit` with messages' values changed, by dotted key written with "__" for "."."""
    changed = {key.replace("__", "."): value for key, value in changes.items()}
    assert set(changed) <= set(MESSAGE_KEYS)
    return replace(edit, messages={**edit.messages, **changed})


def test_every_key_the_parser_reads_is_edited_but_no_secret() -> None:
    assert MESSAGE_KEYS == (
        "smtp.host",
        "smtp.port",
        "smtp.security",
        "smtp.username",
        "smtp.from",
        "sms.provider",
        "sms.sender",
        "sms.base_url",
        "sms_stop",
        "time_zone",
        "restaurant_address",
    )


def test_the_tables_are_made_and_read_back_the_same_by_both_readers(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    edit = with_messages(
        edit_in(path),
        smtp__host="smtp.example.fr",
        smtp__port=465,
        smtp__security="ssl",
        smtp__username="contact@chez-nous.fr",
        smtp__from="Chez Nous <contact@chez-nous.fr>",
        sms__provider="brevo",
        sms__sender="ChezNous",
        sms_stop="STOP au 36111",
        time_zone="Europe/Brussels",
        restaurant_address="Chez Nous\n12 rue des Lilas\n75011 Paris",
    )
    saved = save_settings(path, edit, {})
    assert load_settings(path) == saved
    text = path.read_text(encoding="utf-8")
    assert tomllib.loads(text) == {
        "sms_stop": "STOP au 36111",
        "time_zone": "Europe/Brussels",
        "restaurant_address": "Chez Nous\n12 rue des Lilas\n75011 Paris",
        "smtp": {
            "host": "smtp.example.fr",
            "port": 465,
            "security": "ssl",
            "username": "contact@chez-nous.fr",
            "from": "Chez Nous <contact@chez-nous.fr>",
        },
        "sms": {"provider": "brevo", "sender": "ChezNous"},  # the usual gateway: not written
    }
    # The address as the owner would write it: one line per line.
    assert 'restaurant_address = """Chez Nous\n12 rue des Lilas\n75011 Paris"""' in text
    assert saved.smtp == SmtpSettings(
        "smtp.example.fr", 465, "ssl", "contact@chez-nous.fr", "Chez Nous <contact@chez-nous.fr>"
    )
    assert saved.sms == SmsSettings(provider="brevo", sender="ChezNous")
    assert edit_in(path) == edit  # the screen shows again what was saved


def test_comments_are_kept_and_an_emptied_value_is_the_default_again(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    edit = edit_in(path)
    assert edit.messages["smtp.host"] == "smtp.example.fr"
    assert edit.messages["sms.provider"] == "file"  # not in the file: the default
    save_settings(path, with_messages(edit, smtp__port="", smtp__username="chef", sms_stop=""), {})
    assert path.read_text(encoding="utf-8") == (
        "# Chez Nous — settings written by hand\n"
        "\n"
        "[smtp]\n"
        "# the provider's relay\n"
        'host = "smtp.example.fr"\n'
        'username = "chef"\n'
    )
    settings = load_settings(path)
    assert (settings.smtp.port, settings.sms_stop) == (587, "")


def test_a_table_left_empty_goes_unless_it_holds_a_comment(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('lead_days = 5\n\n[sms]\nsender = "ChezNous"\n', encoding="utf-8")
    save_settings(path, with_messages(edit_in(path), sms__sender=""), {})
    assert path.read_text(encoding="utf-8") == "lead_days = 5\n\n"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    save_settings(path, with_messages(edit_in(path), smtp__host="", smtp__port=""), {})
    assert tomllib.loads(path.read_text(encoding="utf-8")) == {
        "sms_stop": "STOP au 36111",
        "smtp": {},  # the owner's comment in it stays, and so the table
    }
    assert "# the provider's relay" in path.read_text(encoding="utf-8")


def test_nothing_unchanged_is_rewritten(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    written = HAND_WRITTEN.replace("\n", "\r\n").replace("port = 587", "port   =   587")
    path.write_bytes(written.encode("utf-8"))  # its own layout
    save_settings(path, edit_in(path), {})
    assert path.read_bytes() == written.encode("utf-8")


@pytest.mark.parametrize(
    ("change", "key", "message"),
    [
        (
            {"smtp__port": "abc"},
            "smtp.port",
            "Server port must be a port number from 1 to 65535, got 'abc'",
        ),
        (
            {"smtp__port": 70000},
            "smtp.port",
            "Server port must be a port number from 1 to 65535, got 70000",
        ),
        (
            {"smtp__security": "tls"},
            "smtp.security",
            "Security must be one of starttls, ssl, none, got 'tls'",
        ),
        (
            {"time_zone": "Paris"},
            "time_zone",
            "Time zone must be a time zone such as Europe/Paris, got 'Paris'",
        ),
        (
            {"sms__sender": "Chez Nous"},
            "sms.sender",
            "SMS sender must be at most 11 letters or digits (no space, no accent), or 15 "
            "digits, got 'Chez Nous'",
        ),
    ],
)
def test_nothing_is_written_when_a_value_is_wrong(
    tmp_path: Path, change: dict[str, object], key: str, message: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(HAND_WRITTEN, encoding="utf-8")
    names = {
        "smtp.port": "Server port",
        "smtp.security": "Security",
        "time_zone": "Time zone",
        "sms.sender": "SMS sender",
    }
    edit = with_messages(edit_in(path), smtp__username="chef", **change)
    with pytest.raises(SettingsError) as raised:
        save_settings(path, edit, names)
    assert raised.value.problems == {key: message}
    assert path.read_text(encoding="utf-8") == HAND_WRITTEN
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_the_secrets_in_the_environment_never_reach_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GUESTBOOK_SMTP_PASSWORD", "s3cret-pass")
    monkeypatch.setenv("GUESTBOOK_SMS_API_KEY", "xkeysib-s3cret")
    path = tmp_path / "settings.toml"
    saved = save_settings(
        path, with_messages(edit_in(path), smtp__host="smtp.example.fr", sms__provider="brevo"), {}
    )
    text = path.read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert tomllib.loads(text) == {
        "smtp": {"host": "smtp.example.fr"},
        "sms": {"provider": "brevo"},
    }
    assert (saved.smtp.password(), saved.sms.api_key()) == ("s3cret-pass", "xkeysib-s3cret")
