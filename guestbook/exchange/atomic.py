"""Files holding personal data: created 0600, written under a temporary name, renamed at the end.

A reader never sees half a file, and a failed or cancelled export leaves nothing behind (an
existing file of the same name is kept until the new one is complete).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from guestbook.errors import UserError
from guestbook.i18n import _


def temporary_path(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


@contextlib.contextmanager
def private_temporary(target: Path) -> Iterator[Path]:
    """A fresh 0600 file beside `target`, renamed onto it when the block ends without error."""
    if target.is_dir():
        raise UserError(_("{path} is a folder: give a file name").format(path=target))
    if not target.parent.is_dir():
        raise UserError(_("the folder {folder} does not exist").format(folder=target.parent))
    temporary = temporary_path(target)
    temporary.unlink(missing_ok=True)
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except OSError as error:
        raise UserError(
            _("cannot write {path}: {error}").format(path=target, error=error.strerror)
        ) from None
    os.close(fd)
    try:
        yield temporary
        temporary.chmod(0o600)  # a writer that recreated the file must not widen its mode
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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
