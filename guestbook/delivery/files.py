"""The files delivery writes (the SMS file, the letters' PDF) hold personal data: created 0600
under a temporary name beside the target, renamed onto it once complete. A reader never sees
half a file, and a failed or cancelled run leaves nothing behind (an existing file of that
name is kept until the new one is complete).

exchange/atomic.py does the same for exports, with more (a lock against a concurrent export,
the sweep of what a killed export left): delivery may not import it (exchange and delivery are
independent layers in pyproject's import-linter contract), and a letters run is not an export,
so this is the small part delivery needs. Its temporary name (`.NAME.XXXXXXXX.tmp`) is not one
that exchange's sweep removes; a run killed outright leaves it, to be deleted by hand.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from guestbook.errors import UserError
from guestbook.i18n import _


@contextlib.contextmanager
def written_aside(target: Path) -> Iterator[BinaryIO]:
    """A binary handle on a fresh 0600 file beside `target`, renamed onto it when the block
    ends without error and removed when it raises (the exception goes on)."""
    if target.is_dir():
        raise UserError(_("{path} is a folder: give a file name").format(path=target))
    if not target.parent.is_dir():
        raise UserError(_("the folder {folder} does not exist").format(folder=target.parent))
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise UserError(
            _("cannot write {path}: {error}").format(path=target, error=error.strerror)
        ) from None
    temporary = Path(name)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise UserError(
            _("cannot write {path}: {error}").format(path=target, error=error.strerror or error)
        ) from None
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
