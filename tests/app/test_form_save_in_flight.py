"""A save in flight: visible, never doubled, and closing is safe at every moment.

The book is locked by another connection (as another process would hold it), so the
save really waits in SQLite; the keys of the bug report are pressed meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from textual.widgets import Button, Static

from friendship_tui.app import make_app
from friendship_tui.app.screens.confirm import ConfirmScreen
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend
from friendship_tui.store.local import Store

from .conftest import SIZE, settings, wait_for
from .forms import new_contact_form


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    made = Store.open(tmp_path / "app.db")
    await made.backend("me").create("contact", {"name": "Ann Lee"})
    yield made
    made.close()


@contextmanager
def locked(path: Path) -> Iterator[sqlite3.Connection]:
    """Another writer holds the book until the block ends (``rollback`` ends it sooner)."""
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        yield other
    finally:
        if other.in_transaction:
            other.rollback()
        other.close()


async def names(backend: Backend) -> list[str]:
    return [c["name"] for c in (await backend.list("contact", ListQuery(limit=50))).items]


@pytest.mark.parametrize(
    "keys",
    [
        ("escape", "tab", "enter"),  # (a) Esc, Tab, Enter (Discard) while the save runs
        ("escape", "ctrl+s", "escape", "tab", "enter"),  # (b) and another ctrl+s
    ],
)
async def test_keys_during_a_slow_save(store: Store, tmp_path: Path, keys: tuple[str, ...]) -> None:
    backend = store.backend("me")
    app = make_app(backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        form = await new_contact_form(pilot)
        await pilot.press(*"Zoe Quinn")
        with locked(tmp_path / "app.db") as other:
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: form.saving, "the save in flight")
            assert form.query_one("#save", Button).disabled
            assert "Saving" in str(form.query_one("#form-status", Static).content)
            for key in keys:
                await pilot.press(key)
                assert not isinstance(app.screen, ConfirmScreen)  # nothing to discard
                assert app.screen is form and form.saving
            other.rollback()  # the other process lets go: the save lands
            await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "form closed")
        assert app.return_code is None  # no crash
        assert sorted(await names(backend)) == ["Ann Lee", "Zoe Quinn"]  # exactly one save
        assert form not in app.screen_stack


async def test_discard_dialog_answered_after_the_form_closed_is_harmless(
    store: Store,
) -> None:
    """A late answer to a dialog of a form that is gone does nothing (no InvalidStateError)."""
    app = make_app(store.backend("me"), settings())
    async with app.run_test(size=SIZE) as pilot:
        form = await new_contact_form(pilot)
        await pilot.press(*"Yan")
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "discard dialog")
        form._close(None)  # e.g. a save that landed: the dialog goes with its form
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "both closed")
        form.action_cancel()
        form._close(None)
        await pilot.pause()
        assert app.return_code is None and isinstance(app.screen, ContactsScreen)
