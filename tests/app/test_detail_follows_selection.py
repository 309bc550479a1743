"""The detail pane shows the contact that is selected now, whatever was waiting.

Moving the cursor loads the new contact's details once the cursor rests
(``DETAIL_DELAY``). A contact opened from elsewhere meanwhile (the dashboard, the
palette, a link) is shown at once, and the wait that began before must not end in the
other contact's load: it used to, and being exclusive, that load cancelled the opened
contact's, so the card kept the earlier person while the list highlighted the opened
one (seen on a loaded machine as the app started: the first row's wait ended after a
contact was opened)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens import contacts
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList

from .conftest import SIZE, Book, wait_for


async def test_a_contact_opened_while_the_cursor_rests_is_the_one_shown(
    app: FriendshipApp, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(contacts, "DETAIL_DELAY", 2.0)  # the wait outlasts what follows
    bob, cleo = str(book.bob["id"]), str(book.cleo["id"])
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, contacts.ContactsScreen)
        lst = screen.query_one(ContactList)
        card = screen.query_one(ContactCard)
        await wait_for(pilot, lambda: lst.loaded and screen.current is not None, "first row")
        # Cleo's details are held back until Bob's wait has ended (or been dropped), so
        # a load of Bob's started by that wait would meet hers still under way
        gate, asked = asyncio.Event(), []
        get = app.backend.get

        async def gated(type_: str, id_: str, *args: Any, **kwargs: Any) -> Any:
            asked.append(id_)
            if id_ == cleo:
                await gate.wait()
            return await get(type_, id_, *args, **kwargs)

        monkeypatch.setattr(app.backend, "get", gated)
        lst.focus()
        await pilot.press("down")  # the cursor on Bob: his details wait for it to rest
        await wait_for(pilot, lambda: (screen.current or {}).get("id") == bob, "cursor on Bob")
        screen.open_contact(cleo)  # opened from elsewhere before the wait ends
        await wait_for(
            pilot, lambda: bob in asked or not screen._detail_wait.pending, "Bob's wait over"
        )
        gate.set()
        await wait_for(pilot, lambda: "Cleo Park" in card.plain, "Cleo's card")
        loading = lambda: any(w.group == "detail" and w.is_running for w in app.workers)  # noqa: E731
        await wait_for(pilot, lambda: not loading(), "no detail loading")
        assert "Cleo Park" in card.plain and "Bob Stone" not in card.plain
        assert lst.highlighted is not None and str(lst.highlighted["id"]) == cleo
