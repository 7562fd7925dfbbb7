"""Reading a file the owner named, safely: a regular file of a sensible size, or a plain reason.

A named pipe or a device is never opened (reading it could wait forever or never end); a
file larger than any guest list is refused before it fills the memory.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from guestbook.exchange.csv_read import NotAGuestList
from guestbook.i18n import _, number

__all__ = ["MAX_FILE_BYTES", "CannotRead", "read_regular_file"]


class CannotRead(NotAGuestList):
    """The path is not a file that can be read (missing, a folder, a device, too big…)."""


# A million guests exported to CSV is about 200 MB; more is not a guest list, or is too much to
# hold in memory at once.
MAX_FILE_BYTES = 300_000_000


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file (a link to one is fine) of at most
    MAX_FILE_BYTES; else CannotRead. A named pipe or a device is never opened: reading it could
    wait forever or never end."""
    try:
        _check_kind(path.stat())
    except FileNotFoundError:
        if os.path.lexists(path):
            raise CannotRead(_("it is a link to a file that does not exist")) from None
        raise CannotRead(_("there is no such file")) from None
    except OSError as error:
        raise CannotRead(_os_reason(error)) from None
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise CannotRead(_os_reason(error)) from None
    try:
        size = _check_kind(os.fstat(fd))  # the same file as checked, not one put there since
        parts: list[bytes] = []
        total = 0
        while chunk := os.read(fd, max(size + 1 - total, 1 << 16)):
            total += len(chunk)
            if total > MAX_FILE_BYTES:
                raise _too_big(total)
            parts.append(chunk)
    except OSError as error:
        raise CannotRead(_os_reason(error)) from None
    finally:
        os.close(fd)
    return b"".join(parts)


def _check_kind(status: os.stat_result) -> int:
    """The size of a regular file; else CannotRead saying what the path is."""
    mode = status.st_mode
    if stat.S_ISREG(mode):
        if status.st_size > MAX_FILE_BYTES:
            raise _too_big(status.st_size)
        return status.st_size
    if stat.S_ISDIR(mode):
        raise CannotRead(_("it is a folder, not a file"))
    if stat.S_ISFIFO(mode):
        raise CannotRead(_("it is a named pipe (FIFO), not a file: guestbook reads files only"))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise CannotRead(_("it is a device, not a file: guestbook reads files only"))
    raise CannotRead(_("it is not a regular file: guestbook reads files only"))


def _too_big(size: int) -> CannotRead:
    return CannotRead(
        _("it is {size} MB, more than the {limit} MB an import reads: split it first").format(
            size=number(size // 1_000_000), limit=number(MAX_FILE_BYTES // 1_000_000)
        )
    )


def _os_reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return _("it is a symbolic link that loops back on itself")
    if error.errno in (errno.EACCES, errno.EPERM):
        return _("you are not allowed to read it")
    if error.errno == errno.ENOTDIR:
        return _("a part of its path is a file, not a folder")
    return error.strerror or str(error)
