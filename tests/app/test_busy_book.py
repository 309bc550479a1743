"""A book another program holds: the app says "busy, retrying" and finishes the save.

A second SQLite connection takes the write lock with BEGIN EXCLUSIVE and keeps it past
the busy timeout (shortened for the test through ``Store.open``; the default stays 5 s).
Before, the save failed with a raw ``OperationalError: database is locked`` notification
and what was typed was lost.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.schema import ListQuery
from friendship_tui.store.local import LocalBackend, Store

from .conftest import SIZE, settings, wait_async, wait_for


@pytest.fixture
async def busy_backend(tmp_path: Path) -> AsyncIterator[LocalBackend]:
    backend = LocalBackend(Store.open(tmp_path / "book.db", busy_timeout=100), owns_store=True)
    await backend.create("contact", {"name": "Ann Lee"})
    yield backend
    await backend.close()


def titles(app: FriendshipApp) -> list[str]:
    return [str(n.title) for n in app._notifications]


async def test_a_locked_book_is_busy_then_saved(busy_backend: LocalBackend, tmp_path: Path) -> None:
    app = make_app(busy_backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).total == 1, "Ann listed")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "the form")
        other = sqlite3.connect(tmp_path / "book.db", isolation_level=None)
        try:
            other.execute("BEGIN EXCLUSIVE")  # another program holds the book
            await pilot.press(*"Zoe Quinn", "ctrl+s")
            await wait_for(pilot, lambda: "Book busy, retrying" in titles(app), "busy, retrying")
            assert isinstance(app.screen, FormScreen)  # still there, nothing lost
            assert busy_backend.store.list("me", "contact").total == 1
        finally:
            other.execute("ROLLBACK")  # the other program lets go
            other.close()
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved and closed")

        async def saved() -> bool:
            return len((await busy_backend.list("contact", ListQuery(q="Zoe"))).items) == 1

        await wait_async(pilot, saved, "Zoe saved")
        assert not any("Error" in t or t == "Book busy" for t in titles(app)), titles(app)
