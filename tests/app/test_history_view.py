"""The History widget on its own: a contact's and its children's changes, newest first."""

from __future__ import annotations

from textual.app import App, ComposeResult

from friendship_tui.app.widgets.history_view import HistoryView
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, wait_for


class HistoryApp(App[None]):
    def __init__(self, backend: Backend) -> None:
        super().__init__()
        self.backend = backend

    def compose(self) -> ComposeResult:
        yield HistoryView(id="history")


async def test_history_lists_changes_newest_first(backend: Backend, book: Book) -> None:
    ann = str(book.ann["id"])
    await backend.update("contact", ann, {"company": "Initech"})
    await backend.update("note", str(book.note["id"]), {"body": "Loves jazz and blues"})
    app = HistoryApp(backend)
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one(HistoryView)
        view.show_for(ann)
        await wait_for(pilot, lambda: view.loaded, "history loaded")
        lines = view.plain.splitlines()
        assert lines[0].endswith("note: changed body from Loves jazz to Loves jazz and blues")
        assert lines[1].endswith("changed company from Acme to Initech")
        assert lines[-1].endswith("created contact “Ann Lee”")
        assert any(line.endswith("created pet “Rex”") for line in lines)
        assert any(line.endswith("created relationship “sibling”") for line in lines)

        view.show_for(str(book.dan["id"]))
        await wait_for(pilot, lambda: view.loaded, "Dan's history")
        assert view.plain.splitlines() == [view.plain.splitlines()[0]]
        assert view.plain.endswith("created contact “Dan Ruiz”")

        view.show_for(None)
        await wait_for(pilot, lambda: view.loaded, "nothing selected")
        assert view.plain == ""
