"""The list's status line shows the filter's words as typed: square brackets are text,
not Textual markup (``[b]`` was drawn bold with its brackets gone, and a stray closing
tag such as ``[/b]`` raised ``MarkupError`` in the keystroke, ending the app)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.widgets.contact_list import ContactList

from .conftest import SIZE, Book, wait_for


async def test_brackets_in_the_filter_are_shown_as_typed(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        status = app.screen.query_one("#list-status", Static)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        await pilot.press("slash", *"[b]ann")
        await wait_for(pilot, lambda: lst.loaded and lst.spec.q == "[b]ann", "the filter")
        await wait_for(pilot, lambda: "matching “[b]ann”" in str(status.content), "the status")
        shown = status.visual
        assert isinstance(shown, Content) and shown.spans == []  # (no bold)
        await pilot.press(*"[/b]")
        await wait_for(pilot, lambda: "matching “[b]ann[/b]”" in str(status.content), "closing")
        assert app.is_running and app._exception is None
