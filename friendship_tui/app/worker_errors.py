"""Route failed workers to the app's one error handler.

Textual posts ``Worker.StateChanged`` only to the node that started the worker (it does
not bubble), so every node that runs backend workers mixes this in; the wording and
the notification live in ``FriendshipApp.report_error`` alone. A locked book is not a
failure at first: ``retry_when_busy`` has the backend try again, saying so.
"""

from __future__ import annotations

import time
from typing import Any

from textual.worker import Worker, WorkerState

from ..store.base import Backend
from ..store.errors import BookLocked


class ReportsWorkerErrors:
    app: Any

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report = getattr(self.app, "report_error", None)
            if callable(report):
                report(event.worker.error)


BUSY_RETRY_FOR = 60.0  # seconds a locked book is retried before its error is shown


def retry_when_busy(app: Any, backend: Backend, retry_for: float = BUSY_RETRY_FOR) -> None:
    """A book locked by another program is "busy, retrying", not an error, for a while.

    Backends with a book on this machine ask ``Backend.on_busy`` after each
    ``BookLocked``; this handler says so once per wait and lets the call run again until
    ``retry_for`` seconds have passed, then the error reaches ``report_error``.
    """
    started: list[float] = []

    def on_busy(error: BookLocked, tries: int) -> bool:
        now = time.monotonic()
        if tries == 1:
            started[:] = [now]
            app.notify(
                f"{error.path or 'The book'} is held by another program.",
                title="Book busy, retrying",
                severity="warning",
                timeout=4,
            )
        return bool(started) and now - started[0] < retry_for

    backend.on_busy = on_busy
