"""Every worker's failure ends in one place: the app's `on_worker_failed`, which tells the user.

Textual's `Worker.StateChanged` goes to the node that started the worker and does not bubble,
so a screen's or a dialog's failed worker would otherwise fail unheard. Screens, dialogs and
the app take `ReportsWorkerFailures`, which hands each failure on to the app as a
`WorkerFailed` message. A screen may still handle its own worker's end (put back what it took
out of a field, drop a "Saving…"): it never tells the user itself.

`working` says whether a screen's save is still going, so that a key pressed again while the
database is busy does not start it twice.
"""

from __future__ import annotations

from textual.dom import DOMNode
from textual.message import Message
from textual.worker import Worker, WorkerState


class WorkerFailed(Message):
    """A worker raised `error`: posted to the app, which tells the user."""

    def __init__(self, worker: Worker[object], error: BaseException) -> None:
        super().__init__()
        self.worker = worker
        self.error = error


class ReportsWorkerFailures:
    """For every screen, dialog and the app: a failed worker's error goes to the app.

    A handler by Textual's naming convention, private so that a subclass's own
    `on_worker_state_changed` runs as well (Textual calls the handler of each class)."""

    def _on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if event.state is WorkerState.ERROR and worker.error is not None:
            worker.node.app.post_message(WorkerFailed(worker, worker.error))


def working(node: DOMNode, group: str) -> bool:
    """Whether work of `group` that `node` started is still going: a save waiting for a busy
    database is not started a second time (both would be written once the database is free)."""
    return any(
        worker.node is node and worker.group == group and not worker.is_finished
        for worker in node.workers
    )
