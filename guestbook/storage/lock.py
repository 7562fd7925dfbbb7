"""Who may replace the database: an advisory lock that every guestbook process holds while it
has the database open.

The app and every command hold it shared (make_services, through bootstrap.open_database);
`restore`, which replaces the file, and the creation of a new database hold it exclusive. So
`restore` refuses while the app is open, instead of swapping the file under it (the app would
then confirm writes that reach a deleted file), and a process starting during a restore waits
for it to end.

The lock is flock(2) on a file beside the database, `.NAME.lock`, never removed (removing a
lock file lets two processes lock two different files), and not on the database itself:
- `restore` renames a new file onto the database: a lock on the old file's inode would not
  guard the new one, and openers would lock different files;
- SQLite holds POSIX locks on the database file, and closing any other descriptor of that file
  in the same process silently drops them all (sqlite.org/howtocorrupt.html, 2.2);
- on NFS, Linux emulates flock with POSIX byte-range locks, which would meet SQLite's own.
The lock file is found from the database's resolved path, so a symlink and its target share it.

Where there is no fcntl (Windows), there is no lock: opening and `restore` work as before,
without this protection.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from guestbook.i18n import _

if sys.platform != "win32":
    import fcntl

POLL_SECONDS = 0.05


class DatabaseInUse(RuntimeError):
    """The lock is held by another process; the message says what to do."""


def database_identity(path: Path) -> tuple[int, int]:
    """Which file `path` is (device, inode): another value means the file was replaced."""
    status = path.stat()
    return status.st_dev, status.st_ino


def lock_path(db_path: Path) -> Path:
    real = db_path.resolve()
    return real.with_name(f".{real.name}.lock")


class DatabaseLock:
    """A held lock on a database file; `release` it when the database is closed."""

    def __init__(self, db_path: Path, fd: int | None) -> None:
        self.db_path = db_path
        self._fd = fd
        # Which file was opened: set once it is open, so the app can tell if it was replaced.
        self.identity: tuple[int, int] | None = None

    @classmethod
    def acquire(cls, db_path: Path, *, exclusive: bool, wait: float = 0.0) -> DatabaseLock:
        """Take the lock, waiting up to `wait` seconds for another process to let it go;
        DatabaseInUse if it does not. The database's folder must exist."""
        if sys.platform == "win32":
            return cls(db_path, None)
        flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC
        fd = os.open(lock_path(db_path), flags, 0o600)
        operation = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + wait
        while True:
            try:
                fcntl.flock(fd, operation)
                return cls(db_path, fd)
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise DatabaseInUse(_in_use_message(exclusive)) from None
                time.sleep(POLL_SECONDS)

    def remember_identity(self) -> None:
        self.identity = database_identity(self.db_path)

    def database_replaced(self) -> bool:
        """Whether the file at the database's path is no longer the one that was opened (moved,
        deleted or replaced by another program): writes would not reach it."""
        if self.identity is None:
            return False
        try:
            return database_identity(self.db_path) != self.identity
        except FileNotFoundError:
            return True

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the last descriptor releases the flock
            self._fd = None


def _in_use_message(exclusive: bool) -> str:
    if exclusive:
        return _("the database is open in guestbook (the app or another command): close it first")
    return _(
        "the database is being restored or created by another guestbook command: try again "
        "when it has finished"
    )
