"""Every mistake in the settings file is told in words, per key, never as a Python message
(findings D13): each key with a value of the wrong type and a value out of its range."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from guestbook.settings import (
    DEFAULT_CHANNEL_ORDER,
    DEFAULT_WORDINGS,
    Settings,
    SettingsError,
    load_settings,
    settings_from,
)

# Words of Python's own messages that must never reach the user.
PYTHON_WORDS = ("not supported", "unexpected keyword", "instances of", "object", "Error", "()")

# key → (a value of the wrong type, the message), (a wrong value of the right type, the message)
WRONG: dict[str, tuple[tuple[object, str], tuple[object, str]]] = {
    "restaurant_name": (
        (42, "restaurant_name must be text, got 42"),
        ("   ", "restaurant_name cannot be empty"),
    ),
    "site": (
        (7, "site must be text, got 7"),
        ("Paris " * 8, "site must be at most 40 characters long, got 47"),
    ),
    "language": (
        (1, "language must be 'fr' or 'en' (or empty: the system's language), got 1"),
        ("de", "language must be 'fr' or 'en' (or empty: the system's language), got 'de'"),
    ),
    "phone_region": (
        (33, "phone_region must be a country code such as FR, BE or CH, got 33"),
        ("ZZ", "phone_region must be a country code such as FR, BE or CH, got 'ZZ'"),
    ),
    "lead_days": (
        ("sept", "lead_days must be a whole number of days between 0 and 60, got 'sept'"),
        (61, "lead_days must be a whole number of days between 0 and 60, got 61"),
    ),
    "feb29": (
        (True, "feb29 must be 'feb28' or 'mar1', got true"),
        ("feb29", "feb29 must be 'feb28' or 'mar1', got 'feb29'"),
    ),
    "lapse_factor": (
        ("2", "lapse_factor must be a number between 1 and 10, got '2'"),
        (0.5, "lapse_factor must be a number between 1 and 10, got 0.5"),
    ),
    "lapse_min_days": (
        (30.5, "lapse_min_days must be a whole number of days between 0 and 730, got 30.5"),
        (-1, "lapse_min_days must be a whole number of days between 0 and 730, got -1"),
    ),
    "winback_window_days": (
        ([14], "winback_window_days must be a whole number of days between 1 and 90, got [14]"),
        (0, "winback_window_days must be a whole number of days between 1 and 90, got 0"),
    ),
    "retention_years": (
        (False, "retention_years must be a whole number of years between 1 and 10, got false"),
        (0, "retention_years must be a whole number of years between 1 and 10, got 0"),
    ),
    "max_attempts": (
        (False, "max_attempts must be a whole number between 1 and 20, got false"),
        (0, "max_attempts must be a whole number between 1 and 20, got 0"),
    ),
    "busy_timeout_seconds": (
        ("30", "busy_timeout_seconds must be a number of seconds between 0 and 3600, got '30'"),
        (-1, "busy_timeout_seconds must be a number of seconds between 0 and 3600, got -1"),
    ),
    "channel_order": (
        ("email", "channel_order must be a list of the channels email, sms, post, call, got"),
        (
            ["email", "sms", "sms", "call"],
            "channel_order names 'sms' twice: list each channel once",
        ),
    ),
    "rewards": (
        ("cake", "rewards must be a table ([rewards]), got 'cake'"),
        ({"birthdy": {}}, "unknown setting rewards.birthdy: did you mean rewards.birthday?"),
    ),
    "consent_wordings": (
        (["May we?"], "consent_wordings must be a table ([consent_wordings]), got ['May we?']"),
        ({"fax": "May we fax you?"}, "unknown setting consent_wordings.fax"),
    ),
    "sms_stop": (
        (36111, "sms_stop must be text, got 36111"),
        ("STOP " + "x" * 40, "sms_stop must be at most 40 characters"),
    ),
    "time_zone": (
        (1, "time_zone must be text, got 1"),
        ("Paris", "time_zone must be a time zone such as Europe/Paris, got 'Paris'"),
    ),
    "restaurant_address": (
        (["12 rue Oberkampf"], "restaurant_address must be text, got ['12 rue Oberkampf']"),
        ("x" * 201, "restaurant_address must be at most 200 characters"),
    ),
    "smtp": (
        ("smtp.example.fr", "smtp must be a table ([smtp]), got 'smtp.example.fr'"),
        ({"port": 70000}, "smtp.port must be a port number from 1 to 65535, got 70000"),
    ),
    "sms": (
        ({"provider": 1}, "sms.provider must be one of brevo, file, got 1"),
        ({"sender": "Chez Nous"}, "sms.sender must be at most 11 letters or digits"),
    ),
}


@pytest.mark.parametrize(
    ("table", "says"),
    [
        ({"security": "tls"}, "smtp.security must be one of starttls, ssl, none, got 'tls'"),
        ({"from": "Chez Nous"}, "smtp.from must be an email address"),
        ({"hots": "x"}, "unknown setting smtp.hots: did you mean smtp.host?"),
    ],
)
def test_a_wrong_smtp_setting_is_told_in_words(table: dict[str, object], says: str) -> None:
    with pytest.raises(SettingsError) as raised:
        settings_from({"smtp": table})
    assert str(raised.value).startswith(says)


def test_the_messages_settings_are_read() -> None:
    from guestbook.settings_messages import SmsSettings, SmtpSettings

    settings = settings_from(
        {
            "sms_stop": " STOP au 36111 ",
            "smtp": {"host": "smtp.example.fr", "port": 465, "security": "ssl",
                     "username": "contact", "from": "Chez Nous <contact@chez-nous.fr>"},
            "sms": {"provider": "brevo", "sender": "ChezNous", "base_url": "http://127.0.0.1:8025/"},
        }
    )  # fmt: skip
    assert settings.sms_stop == "STOP au 36111"
    assert settings.smtp == SmtpSettings(
        "smtp.example.fr", 465, "ssl", "contact", "Chez Nous <contact@chez-nous.fr>"
    )
    assert settings.smtp.configured
    assert settings.sms == SmsSettings("brevo", "ChezNous", "http://127.0.0.1:8025")
    assert not settings_from({}).smtp.configured


def test_every_setting_is_checked_here() -> None:
    """A new setting gets its own line in WRONG (its checks in guestbook.settings_checks)."""
    assert set(WRONG) == set(Settings.__dataclass_fields__)


@pytest.mark.parametrize("kind", ["type", "value"])
@pytest.mark.parametrize("key", sorted(WRONG))
def test_a_wrong_setting_is_told_in_words(key: str, kind: str) -> None:
    value, expected = WRONG[key][0 if kind == "type" else 1]
    with pytest.raises(SettingsError) as raised:
        settings_from({key: value})
    message = raised.value.problems[next(iter(raised.value.problems))]
    assert message.startswith(expected)
    assert str(raised.value) == message  # one problem: one message
    assert not any(word in message for word in PYTHON_WORDS), message


def test_the_typo_of_the_finding_is_told_in_words(tmp_path: Path) -> None:
    """D13: `lead_days = "sept"` said "'<=' not supported between instances of 'int' and
    'str'"."""
    path = tmp_path / "settings.toml"
    path.write_text('lead_days = "sept"\n', encoding="utf-8")
    with pytest.raises(SettingsError) as raised:
        load_settings(path)
    assert str(raised.value) == (
        f"invalid settings in {path}: "
        "lead_days must be a whole number of days between 0 and 60, got 'sept'"
    )
    assert raised.value.problems == {
        "lead_days": "lead_days must be a whole number of days between 0 and 60, got 'sept'"
    }


def test_every_problem_is_listed_at_once_each_under_its_key() -> None:
    raw = {"lead_days": "sept", "laed_days": 3, "rewards": {"birthday": {"days_after": "x"}}}
    with pytest.raises(SettingsError) as raised:
        settings_from(raw)
    assert raised.value.problems == {
        "laed_days": "unknown setting laed_days: did you mean lead_days?",
        "lead_days": "lead_days must be a whole number of days between 0 and 60, got 'sept'",
        "rewards.birthday.days_after": "rewards.birthday.days_after must be a whole number "
        "of days between 0 and 365, got 'x'",
    }


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        (["email", "sms", "post"], "channel_order leaves out call: list each channel once"),
        (
            ["email", "sms", "post", "fax"],
            "channel_order: 'fax' is not a channel (the channels are email, sms, post, call)",
        ),
        ([1, 2, 3, 4], "channel_order must be a list of the channels email, sms, post, call"),
    ],
)
def test_the_channel_order_names_each_channel_once(order: list[object], expected: str) -> None:
    with pytest.raises(SettingsError) as raised:
        settings_from({"channel_order": order})
    assert str(raised.value).startswith(expected)


def test_the_channel_order_is_email_sms_post_call_by_default() -> None:
    assert Settings().channel_order == DEFAULT_CHANNEL_ORDER == ("email", "sms", "post", "call")
    chosen = settings_from({"channel_order": ["call", "post", "sms", "email"]})
    assert chosen.channel_order == ("call", "post", "sms", "email")


def test_the_problems_are_named_as_the_caller_names_the_fields() -> None:
    """The settings screen names each key by its label."""
    with pytest.raises(SettingsError) as raised:
        settings_from({"lead_days": 99}, names={"lead_days": "Lead days"})
    assert raised.value.problems == {
        "lead_days": "Lead days must be a whole number of days between 0 and 60, got 99"
    }


def test_one_reward_kind_set_keeps_the_other_and_its_own_dates() -> None:
    """A [rewards.birthday] table with a label only used to replace every reward kind: the
    sponsor's was gone (a KeyError at the first referral) and the birthday's dates were 0."""
    settings = settings_from({"rewards": {"birthday": {"label": "Coupe de champagne"}}})
    default = Settings().rewards
    assert settings.rewards["birthday"] == default["birthday"].__class__(
        "Coupe de champagne", days_before=7, days_after=30
    )
    assert settings.rewards["sponsor"] == default["sponsor"]


def test_an_empty_wording_or_label_is_the_default_in_the_language_shown() -> None:
    settings = settings_from(
        {"consent_wordings": {"call": "  "}, "rewards": {"sponsor": {"label": ""}}}
    )
    assert settings.consent_wordings["call"] == DEFAULT_WORDINGS["call"]
    assert settings.reward_label("sponsor") == "Free aperitif for bringing friends"


def test_a_region_is_read_in_capitals() -> None:
    assert settings_from({"phone_region": "be"}).phone_region == "BE"


def test_broken_toml_says_where(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('restaurant_name = "Chez Nous"\nlead_days = = 7\n', encoding="utf-8")
    with pytest.raises(SettingsError, match="it is not valid TOML at line 2, column 13"):
        load_settings(path)
    path.write_bytes(b'restaurant_name = "Caf\xe9"\n')  # Windows-1252
    with pytest.raises(SettingsError, match="it is not UTF-8 text"):
        load_settings(path)


def test_the_readme_example_is_a_valid_settings_file(tmp_path: Path) -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Settings") :]
    example = section[section.index("```toml\n") + 8 : section.index("```\n", 10)]
    path = tmp_path / "settings.toml"
    path.write_text(example, encoding="utf-8")
    settings = load_settings(path)
    assert (settings.language, settings.channel_order) == ("fr", DEFAULT_CHANNEL_ORDER)


def test_the_command_line_says_it_in_one_line(tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text('lead_days = "sept"\n', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "guestbook", "--db", str(tmp_path / "g.db"), "today"],
        capture_output=True,
        text=True,
        env={"GUESTBOOK_CONFIG_DIR": str(config), "PATH": "/usr/bin:/bin", "LANG": "C"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"guestbook: invalid settings in {config / 'settings.toml'}: "
        "lead_days must be a whole number of days between 0 and 60, got 'sept'"
    )


@pytest.mark.usefixtures("french")
def test_the_problems_are_told_in_french() -> None:
    with pytest.raises(SettingsError) as raised:
        settings_from({"lead_days": "sept", "channel_order": ["sms"]})
    assert raised.value.problems == {
        "lead_days": (
            "lead_days doit être un nombre entier de jours entre 0 et 60 (reçu : 'sept')"
        ),
        "channel_order": "channel_order omet email, post, call : indiquez chaque canal une fois",
    }
