"""Where guestbook keeps its files, with environment overrides for tests and demos."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "guestbook"


def data_dir() -> Path:
    override = os.environ.get("GUESTBOOK_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("GUESTBOOK_CONFIG_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / "guestbook.db"


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database, so moving the database folder moves them too."""
    return db_path.parent / "backups"


def create_private_file(path: Path) -> None:
    """Create `path` (and its folder) readable by its owner only: it holds personal data."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    path.chmod(0o600)
