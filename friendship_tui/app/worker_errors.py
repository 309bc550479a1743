"""Route failed workers to the app's one error handler.

Textual posts ``Worker.StateChanged`` only to the node that started the worker (it does
not bubble), so every node that runs backend workers mixes this in; the wording and
the notification live in ``FriendshipApp.report_error`` alone.
"""

from __future__ import annotations

from typing import Any

from textual.worker import Worker, WorkerState


class ReportsWorkerErrors:
    app: Any

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR and event.worker.error is not None:
            report = getattr(self.app, "report_error", None)
            if callable(report):
                report(event.worker.error)
