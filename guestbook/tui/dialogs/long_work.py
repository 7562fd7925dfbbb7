"""Long work (import, export) in a thread worker: a progress bar and a Cancel that stops it.

The services check `cancelled` every few thousand rows and raise Cancelled, which rolls the
work back; progress arrives from the worker thread and is shown on the UI thread.
"""

from __future__ import annotations

import threading

from textual.screen import ModalScreen
from textual.widgets import ProgressBar
from textual.worker import Worker, WorkerState

from guestbook.i18n import _
from guestbook.tui.failures import ReportsWorkerFailures


class LongWorkDialog(ReportsWorkerFailures, ModalScreen[None]):
    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")
        self._stop = threading.Event()
        self.busy = False

    def cancelled(self) -> bool:
        """For the service, from the worker thread."""
        return self._stop.is_set()

    def progress(self, done: int, total: int) -> None:
        """For the service, from the worker thread."""
        self.app.call_from_thread(self._show_progress, done, total)

    def _show_progress(self, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=max(total, 1), progress=done)

    def start(self) -> None:
        self._stop.clear()
        self.busy = True
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=None, progress=0)

    def finish(self) -> None:
        self.busy = False

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Work that failed (the app tells the user why) leaves the dialog usable: preview,
        import, export or close again."""
        if event.state is WorkerState.ERROR:
            self.finish()

    def action_cancel(self) -> None:
        if self.busy:
            self._stop.set()  # the worker stops at its next check and rolls back
            self.notify(_("Stopping… nothing will be written."))
        else:
            self.dismiss(None)
