"""The History tab of the contact detail: what changed on the contact and everything
under it, newest first ("changed company from Acme to Initech"), from the audit log.

The widget asks the backend in a worker and draws what comes back; a backend without
an audit log (a third-party server) gets a sentence instead of an error.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ...store.audit import contact_history, describe
from ...store.base import Backend, Obj
from ...store.errors import NotSupported
from ..worker_errors import ReportsWorkerErrors

HISTORY_LIMIT = 200  # entries shown; `friendship history ID` prints them all


def when(entry: Obj) -> str:
    """ "2026-03-15 09:30" (UTC, as the log keeps it)."""
    return str(entry.get("at") or "")[:16].replace("T", " ")


def history_lines(entries: list[Obj]) -> list[str]:
    """Plain lines, newest first: "2026-03-15 09:30  phone  changed company from A to B"."""
    out = []
    for e in entries:
        actor = f"  {e['actor']}" if e.get("actor") else ""
        out.append(f"{when(e)}{actor}  {describe(e)}")
    return out


class HistoryView(ReportsWorkerErrors, VerticalScroll):
    """``show_for(contact_id)`` loads and shows that contact's history."""

    DEFAULT_CSS = """
    HistoryView { height: 1fr; }
    HistoryView > #history-text { width: 1fr; }
    """

    class Loaded(Message):
        def __init__(self, contact_id: str, entries: list[Obj], note: str = "") -> None:
            super().__init__()
            self.contact_id = contact_id
            self.entries = entries
            self.note = note

    def __init__(self, backend: Backend | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._backend = backend
        self.contact_id: str | None = None
        self.entries: list[Obj] = []
        self.plain = ""  # what is shown, as plain text (tests, logs)
        self.loaded = False

    @property
    def backend(self) -> Backend:
        return self._backend if self._backend is not None else self.app.backend

    def compose(self) -> ComposeResult:
        yield Static("", id="history-text")

    def show_for(self, contact_id: str | None) -> None:
        self.contact_id = contact_id
        self.loaded = False
        if contact_id is None:
            self._draw([], "")
            return
        self.load(contact_id)

    @work(exclusive=True, group="history", exit_on_error=False)
    async def load(self, contact_id: str) -> None:
        try:
            entries = await contact_history(self.backend, contact_id, HISTORY_LIMIT)
        except NotSupported:
            self.post_message(self.Loaded(contact_id, [], "This backend keeps no history."))
            return
        self.post_message(self.Loaded(contact_id, entries))

    def on_history_view_loaded(self, message: HistoryView.Loaded) -> None:
        message.stop()
        if message.contact_id != self.contact_id:
            return  # the cursor moved on while this was loading
        self._draw(message.entries, message.note)

    def _draw(self, entries: list[Obj], note: str) -> None:
        self.entries = entries
        self.loaded = True
        static = self.query_one("#history-text", Static)
        if note or not entries:
            text = note or ("No changes recorded yet." if self.contact_id else "")
            self.plain = text
            static.update(Text(text, style="italic"))
            return
        self.plain = "\n".join(history_lines(entries))
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column(style="dim", no_wrap=True)
        grid.add_column()
        for e in entries:
            grid.add_row(when(e), str(e.get("actor") or ""), Text(describe(e)))
        static.update(grid)
