"""A filter keystroke sends no message it does not need between its rows and the frame
that draws them (issue 14: each is a hop through the event loop): the new first row is
announced once (placing the cursor announced it, and the page landing did again), and
the box's ``Input.Changed`` stops at the box (the screen watches its value; the message
climbed four nodes up to the app, none of which listens)."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import Input

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.widgets.contact_list import ContactList

from .conftest import SIZE, Book, wait_for


async def test_a_keystroke_announces_its_first_row_once(app: FriendshipApp, book: Book) -> None:
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        await pilot.press("slash")
        await wait_for(pilot, lambda: isinstance(app.focused, Input), "the filter box")
        seen.clear()
        await pilot.press("l")  # Ann Lee, Cleo (nickname) ...: a new first row
        await wait_for(pilot, lambda: lst.loaded and lst.spec.q == "l", "the filtered list")
        await pilot.pause()
        first = lst.highlighted
        assert first is not None
        announced = {id(m): m for m in seen if isinstance(m, ContactList.Highlighted)}
        assert [m.contact for m in announced.values()] == [first]
        changed = [m for m in seen if isinstance(m, Input.Changed)]
        assert len(changed) == 1 and changed[0].value == "l"  # dispatched at the box alone
        # ... and the screen still follows the highlighted row
        await wait_for(pilot, lambda: app.screen.current == first, "the screen's contact")  # type: ignore[attr-defined]
