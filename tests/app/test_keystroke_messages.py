"""A filter keystroke sends no message it does not need between its rows and the frame
that draws them (issue 14: each is a hop through the event loop): the new first row is
announced once (placing the cursor announced it, and the page landing did again), and
the box's ``Input.Changed`` stops at the box (the screen watches its value; the message
climbed four nodes up to the app, none of which listens)."""

from __future__ import annotations

from textual.events import Mount
from textual.message import Message
from textual.widgets import Input

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.steady_footer import SteadyFooter

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


async def test_the_filter_box_focus_and_first_key_mount_nothing(
    app: FriendshipApp, book: Book
) -> None:
    """Focus moving into the filter changes the footer's keys: Textual's footer rebuilt a
    widget per key (and laid out the screen) in the first keystroke's frame; the
    contacts screen's footer redraws its one line."""
    seen: list[Message] = []
    async with app.run_test(size=SIZE, message_hook=seen.append) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "all contacts")
        footer = app.screen.query_one(SteadyFooter)
        await wait_for(pilot, lambda: "filter" in {e.action for *_, e in footer.spans}, "keys")
        before = {e.action for *_, e in footer.spans}
        seen.clear()
        await pilot.press("slash", "l")
        await wait_for(pilot, lambda: lst.loaded and lst.spec.q == "l", "the filtered list")
        await pilot.pause()
        assert [m for m in seen if isinstance(m, Mount)] == []
        # the line shows the box's keys (those the box types are not shortcuts there)
        after = {e.action for *_, e in footer.spans}
        assert "edit" in before and "edit" not in after and "filter" in after
