"""A filter that matches no one empties the detail pane once typing pauses, as a new
first match's details load then: emptying the pane's ten tabs in the keystroke's own
frame cost ~7 ms of the 16 a key may take (bench/tmux_key_bench.py --text mara)."""

from __future__ import annotations

from typing import Any

from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.detail_pane import DetailPane
from friendship_tui.app.widgets.filter_input import FilterInput

from .conftest import SIZE, Book, wait_for


async def test_no_match_empties_the_detail_pane_after_the_key(
    app: FriendshipApp, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        pane = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: lst.loaded and pane.contact is not None, "a contact shown")
        shown = pane.contact
        # what the pane held as each count landed (the screen's own watcher ran first)
        at_count: list[tuple[int, Any]] = []
        app.screen.watch(lst, "counted", lambda n: at_count.append((n, pane.contact)), init=False)
        await pilot.press("slash", *"zzqx")
        await wait_for(pilot, lambda: at_count and at_count[-1][0] == 0, "no match counted")
        assert at_count[-1][1] is shown  # the key's frame left the pane as it was
        await wait_for(pilot, lambda: pane.contact is None, "the pane emptied")
        box = app.screen.query_one("#filter", FilterInput)
        box.value = "Ann"
        await wait_for(pilot, lambda: pane.contact is not None, "a match shown again")
        assert pane.contact is not None and pane.contact["name"] == book.ann["name"]
