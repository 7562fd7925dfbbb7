"""Where guestbook keeps its files, with environment overrides for tests and demos."""

from __future__ import annotations

import os
import stat
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


def documents_folder() -> Path:
    """Where files for the user go by default (a call sheet, an export): their documents
    folder (Documents, or its name in the system's language), or home when there is none."""
    import platformdirs

    documents = Path(platformdirs.user_documents_dir())
    return documents if documents.is_dir() else Path.home()


def settings_path() -> Path:
    return config_dir() / "settings.toml"


def backups_dir(db_path: Path) -> Path:
    """Backups live beside the database, so moving the database folder moves them too."""
    return db_path.parent / "backups"


def make_private_folder(path: Path) -> Path:
    """Create the folder `path` and its missing parents, each 0700 whatever the umask: only
    its owner may list or enter a folder guestbook creates (the data folder, backups/, the
    parents of --db). Folders that exist already are left as they are."""
    missing: list[Path] = []
    folder = path
    while not folder.is_dir() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(0o700)
        except FileExistsError:
            if folder.is_dir():
                continue  # made by another process meanwhile
            raise
        # The umask only removes bits: one that removed the owner's would leave it unusable.
        if stat.S_IMODE(folder.lstat().st_mode) != 0o700:
            folder.chmod(0o700)
    return path


def create_private_file(path: Path) -> None:
    """Create the empty file `path`, readable by its owner only (0600): it will hold personal
    data. Its folder is made private if missing. Whatever is at `path` already makes it fail
    with FileExistsError: a symlink planted there is never followed (O_EXCL | O_NOFOLLOW), so
    nothing is written through it and its target's mode is never changed."""
    make_private_folder(path.parent)
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, 0o600)  # this very file, whatever the umask
    finally:
        os.close(fd)
