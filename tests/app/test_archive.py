"""Archiving from the contacts screen (``A``), the "show archived" switch (``v``), and
the History tab (``h``) telling what happened."""

from __future__ import annotations

from textual.widgets import Static, TabbedContent

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.history_view import HistoryView
from friendship_tui.store.base import Backend

from .conftest import SIZE, Book, wait_async, wait_for


def names(app: FriendshipApp) -> list[str]:
    lst = app.screen.query_one(ContactList)
    return [lst.render_line(y).text.strip() for y in range(min(lst.total, lst.size.height))]


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


async def test_archive_and_unarchive_from_the_list(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    ann = str(book.ann["id"])

    async def archived() -> bool:
        return bool((await backend.get("contact", ann))["is_archived"])

    async def not_archived() -> bool:
        return not await archived()

    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")

        await pilot.press("A")
        await wait_async(pilot, archived, "Ann archived")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 3, "Ann out of the list")
        assert not any("Ann Lee" in line for line in names(app))

        await pilot.press("v")  # show archived ones too
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "archived shown")
        status = str(app.screen.query_one("#list-status", Static).content)
        assert "archived" in status
        ann_line = next(line for line in names(app) if "Ann Lee" in line)
        assert ann_line.endswith("archived")

        await pilot.press("home")
        screen = app.screen
        assert isinstance(screen, ContactsScreen)
        await wait_for(
            pilot,
            lambda: "Ann Lee" in card(app) and (screen.current or {}).get("is_archived"),
            "Ann's archived card",
        )
        await pilot.press("A")
        await wait_async(pilot, not_archived, "Ann unarchived")
        await pilot.press("v")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all active again")
        assert not any(line.endswith("archived") for line in names(app))


async def test_history_tab_shows_the_changes(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    await backend.update("contact", str(book.ann["id"]), {"company": "Initech"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
        await pilot.press("h")
        tabs = app.screen.query_one(TabbedContent)
        await wait_for(pilot, lambda: tabs.active == "history", "History tab")
        view = app.screen.query_one(HistoryView)
        await wait_for(pilot, lambda: view.loaded and view.contact_id == book.ann["id"], "history")
        lines = view.plain.splitlines()
        assert lines[0].endswith("changed company from Acme to Initech")
        assert lines[-1].endswith("created contact “Ann Lee”")
