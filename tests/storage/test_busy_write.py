"""A write while another program holds the database (F1): it waits as long as the settings
say, is tried again, and when it still cannot be done says so and writes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from guestbook.bootstrap import Services, make_services
from guestbook.clock import FixedClock
from guestbook.domain.guest_form import GuestForm, validate_form
from guestbook.errors import DatabaseBusy
from guestbook.services.context import WRITE_RETRY_PAUSES
from guestbook.services.guests.edit import SavedGuest, save_guest
from guestbook.settings import Settings, SettingsError, load_settings
from tests.database import scalar
from tests.storage.busy_writer import add_failing_trigger, write_lock


@pytest.fixture
def settings() -> Settings:
    return Settings(busy_timeout_seconds=0.2)  # each try waits 0.2 s for the lock


def saving_a_guest(
    services: Services, tries: list[int], on_try: Callable[[int], None] = lambda _try: None
) -> Callable[[Session], SavedGuest]:
    """A write of one guest that counts its tries in `tries`, calling `on_try` at each."""
    form = GuestForm(first_name="Anne", last_name="Martin", phones="06 12 34 56 78")
    valid = validate_form(form, today=services.clock.today(), region="FR")

    def work(session: Session) -> SavedGuest:
        tries.append(len(tries) + 1)
        on_try(len(tries))
        return save_guest(
            session, valid, guest_id=None, now=services.clock.now(),
            settings=services.settings, staff="Test", source="test",
        )  # fmt: skip

    return work


def guests(services: Services) -> int:
    return int(scalar(services, "SELECT count(*) FROM guest"))


def test_the_busy_timeout_is_the_settings_one(services: Services) -> None:
    assert scalar(services, "PRAGMA busy_timeout") == 200


def test_the_default_busy_timeout_is_half_a_minute(db_path: Path, today: dt.date) -> None:
    services = make_services(db_path, FixedClock(today), Settings())
    try:
        assert scalar(services, "PRAGMA busy_timeout") == 30_000
    finally:
        services.close()


def test_a_write_blocked_through_every_try_says_so_and_writes_nothing(
    services: Services, db_path: Path
) -> None:
    tries: list[int] = []
    with write_lock(db_path), pytest.raises(DatabaseBusy) as raised:
        services.write(saving_a_guest(services, tries))
    assert tries == list(range(1, len(WRITE_RETRY_PAUSES) + 2))  # tried again, then gave up
    assert "another program" in str(raised.value) and "what you typed is kept" in str(raised.value)
    assert guests(services) == 0


def test_a_write_goes_through_once_the_other_writer_lets_go(
    services: Services, db_path: Path
) -> None:
    tries: list[int] = []
    with write_lock(db_path) as lock:

        def release_on_the_second_try(attempt: int) -> None:
            if attempt == 2:  # the first try waited out the busy timeout
                lock.release()

        saved = services.write(saving_a_guest(services, tries, release_on_the_second_try))
    assert tries == [1, 2]
    assert guests(services) == 1
    assert scalar(services, "SELECT first_name FROM guest WHERE id = ?", saved.guest_id) == "Anne"


def test_a_write_the_database_refuses_is_not_tried_again(services: Services, db_path: Path) -> None:
    add_failing_trigger(db_path, "guest", "disk on fire")
    tries: list[int] = []
    with pytest.raises(IntegrityError, match="disk on fire"):
        services.write(saving_a_guest(services, tries))
    assert tries == [1]
    assert guests(services) == 0


@pytest.mark.parametrize("value", ['"soon"', "-1", "true", "7200"])
def test_a_busy_timeout_that_is_not_a_number_of_seconds_is_refused(
    tmp_path: Path, value: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(f"busy_timeout_seconds = {value}\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="busy_timeout_seconds must be a number of seconds"):
        load_settings(path)


def test_a_busy_timeout_in_seconds_is_read(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("busy_timeout_seconds = 90\n", encoding="utf-8")
    assert load_settings(path).busy_timeout_seconds == 90
