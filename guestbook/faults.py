"""A test-only hook for the crash tests: GUESTBOOK_FAULT=NAME makes the process kill itself
(SIGKILL: no `finally`, no atexit, as `kill -9` or a power cut) when it reaches the point
called NAME, so a test stops a real command exactly between two of its steps.

Inert unless the variable is set: a point costs one dictionary lookup. The points are named
where they are placed (grep fault_point); "migration-statement:N" is after the Nth statement
a schema creation or upgrade sent to SQLite, inside its transaction.
"""

from __future__ import annotations

import os
import signal

FAULT_VARIABLE = "GUESTBOOK_FAULT"


def faults_enabled() -> bool:
    return bool(os.environ.get(FAULT_VARIABLE))


def fault_point(name: str) -> None:
    """Kill this process here if GUESTBOOK_FAULT names this point."""
    if os.environ.get(FAULT_VARIABLE) == name:
        kill = getattr(signal, "SIGKILL", None)
        if kill is not None:
            os.kill(os.getpid(), kill)
        os._exit(137)  # where there is no SIGKILL: leave as abruptly
