"""Files holding personal data: created 0600, written under a temporary name, renamed at the end.

A reader never sees half a file, and a failed or cancelled export leaves nothing behind (an
existing file of the same name is kept until the new one is complete). A killed one leaves its
`.NAME.partial` (and `.NAME.partial.d`, a writer's spool folder): the next export to the same
folder removes them. Each export holds a lock on its temporary file while it writes (released
by the system when the process ends, even killed), so a live export's files are never taken.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from guestbook.errors import UserError
from guestbook.i18n import _

if sys.platform != "win32":
    import fcntl

_PARTIAL = ".partial"
_SPOOL = ".d"
_SQLITE = b"SQLite format 3\x00"  # the first bytes of a database file


def temporary_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{_PARTIAL}")


def spool_path(temporary: Path) -> Path:
    """The private folder where a writer of `temporary` may spool its own temporary files."""
    return temporary.with_name(temporary.name + _SPOOL)


@contextlib.contextmanager
def private_temporary(target: Path) -> Iterator[Path]:
    """A fresh 0600 file beside `target`, renamed onto it when the block ends without error."""
    if target.is_dir():
        raise UserError(_("{path} is a folder: give a file name").format(path=target))
    if not target.parent.is_dir():
        raise UserError(_("the folder {folder} does not exist").format(folder=target.parent))
    remove_leftovers(target.parent)
    temporary = temporary_path(target)
    if _in_use(temporary):
        raise UserError(_("another export is writing {path} right now").format(path=target))
    try:
        temporary.unlink(missing_ok=True)  # whatever else holds our name (a planted link)
        fd = _create_locked(temporary)
    except OSError as error:
        raise UserError(
            _("cannot write {path}: {error}").format(path=target, error=error.strerror)
        ) from None
    try:
        yield temporary
        temporary.chmod(0o600)  # a writer that recreated the file must not widen its mode
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(fd)  # releases the lock


def _create_locked(temporary: Path) -> int:
    """A new 0600 file at `temporary` (never through a link), locked until its descriptor is
    closed: the sweep of another export (remove_leftovers) leaves a locked file alone."""
    while True:
        flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(temporary, flags, 0o600)
        try:
            _lock(fd)  # waits while another export's sweep looks at it
            if _is_at(fd, temporary):
                return fd
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # that sweep took it before we held the lock: make another


def _is_at(fd: int, path: Path) -> bool:
    """Whether the file open as `fd` is the one at `path` (not removed, not replaced)."""
    try:
        there = os.lstat(path)
    except FileNotFoundError:
        return False
    info = os.fstat(fd)
    return (info.st_dev, info.st_ino) == (there.st_dev, there.st_ino)


@contextlib.contextmanager
def private_folder(path: Path) -> Iterator[Path]:
    """A fresh folder at `path`, 0700 whatever the umask, removed with what it holds at the
    end of the block (after a kill, by the next export's sweep)."""
    path.mkdir(mode=0o700)
    try:
        path.chmod(0o700)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def private_text_file(target: Path, *, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Text written to `target` atomically, mode 0600; newlines are written as given."""
    with (
        private_temporary(target) as temporary,
        temporary.open("w", encoding=encoding, newline="") as handle,
    ):
        yield handle
        handle.flush()
        os.fsync(handle.fileno())


def remove_leftovers(folder: Path) -> None:
    """Remove what killed exports left in `folder`: our `.NAME.partial` files that no live
    export holds, and spool folders whose file is gone. Nothing else, never by another name."""
    for temporary in folder.glob(f".*{_PARTIAL}"):
        _in_use(temporary, remove=True)
    for spool in folder.glob(f".*{_PARTIAL}{_SPOOL}"):
        owner = spool.with_name(spool.name.removesuffix(_SPOOL))
        # An export makes its file before its spool, and removes its spool first.
        with contextlib.suppress(OSError):
            if not owner.exists() and stat.S_ISDIR(spool.lstat().st_mode):
                shutil.rmtree(spool, ignore_errors=True)


def _in_use(temporary: Path, *, remove: bool = False) -> bool:
    """Whether a live export holds `temporary`; if not and `remove`, remove it if it is a file
    of ours (a regular file of this user, never through a link)."""
    try:
        fd = os.open(temporary, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK)
    except OSError:
        return False  # gone, a link, or not ours to read
    try:
        info = os.fstat(fd)
        if not _try_lock(fd):
            return True
        mine = sys.platform == "win32" or info.st_uid == os.getuid()
        # A database copy's (storage.backup names its temporary file the same way) is its own.
        ours = stat.S_ISREG(info.st_mode) and mine and not os.read(fd, 16).startswith(_SQLITE)
        if remove and ours and _is_at(fd, temporary):
            temporary.unlink()
        return False
    except OSError:
        return False
    finally:
        os.close(fd)


def _lock(fd: int) -> None:
    if sys.platform != "win32":
        fcntl.flock(fd, fcntl.LOCK_EX)


def _try_lock(fd: int) -> bool:
    """Whether this new descriptor got the lock, i.e. nobody writes through the file."""
    if sys.platform == "win32":
        return True  # no flock: Windows refuses to remove a file another process has open
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
