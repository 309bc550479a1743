"""A contact page can arrive before the detail pane's tabs have mounted (an empty book on
a loaded machine: the list's first read lands, the screen clears the pane, and its tabs
are not there yet). That once raised NoMatches and closed the app with a traceback."""

from __future__ import annotations

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.detail_pane import DetailPane

from .conftest import SIZE, TODAY, Book, wait_for


async def test_a_pane_shown_before_its_tabs_mount_shows_it_once_they_are_there(
    app: FriendshipApp, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "list")
        pane = DetailPane(id="late-pane")
        app.screen.mount(pane)  # not awaited: nothing inside it is composed yet
        assert not pane.query(ContactCard)
        pane.show(book.ann, {"note": [book.note]}, {}, TODAY)  # must not raise
        await wait_for(
            pilot, lambda: "Ann Lee" in pane.query_one(ContactCard).plain, "the card shown"
        )
        assert pane.contact is not None and pane.contact["id"] == book.ann["id"]
        assert book.note["id"] in [n["id"] for n in pane.children_by_type["note"]]
        assert app.is_running  # no crash
