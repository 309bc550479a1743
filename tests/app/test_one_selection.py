"""One selection: the highlighted row and the contact shown are always the same person.

Opening a contact from elsewhere (a dashboard row, the palette, a relationship) moves
the list's cursor to it, or - when it is not among the rows - highlights nobody; ``e``
then edits the person on screen.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.store.base import Backend

from .backends import local_backend
from .conftest import SIZE, Book, settings, wait_for


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[Backend]:
    async with local_backend(tmp_path) as made:
        yield made


def cursor_rows(app: FriendshipApp) -> list[str]:
    """The names on rows drawn as the cursor (the "▌" bar): at most one, never stale."""
    lst = app.screen.query_one(ContactList)
    lines = [lst.render_line(y).text for y in range(min(lst.total, lst.size.height))]
    return [line.lstrip("▌★ ").split("  ")[0] for line in lines if line.startswith("▌")]


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


async def edited_name(app: FriendshipApp, pilot: Pilot[Any]) -> str:
    await pilot.press("e")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "edit form")
    form = app.screen
    assert isinstance(form, FormScreen) and form.obj is not None
    name = str(form.obj["name"])
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "form closed")
    return name


async def test_dashboard_enter_highlights_the_opened_contact(backend: Backend, book: Book) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        stay = lambda: app.screen.query_one("#agenda-stay", AgendaList)  # noqa: E731
        await wait_for(pilot, lambda: len(stay().rows) == 2, "stay-in-touch rows")
        stay().focus()
        await pilot.press("down")
        assert stay().selected_row.contact_name == "Bob Stone"  # type: ignore[union-attr]
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Bob Stone" in card(app), "Bob's card")
        await wait_for(pilot, lambda: app.screen.query_one(ContactList).loaded, "list")
        await wait_for(pilot, lambda: cursor_rows(app) == ["Bob Stone"], "Bob highlighted")
        assert await edited_name(app, pilot) == "Bob Stone"


async def test_relationship_jump_moves_the_highlight(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
        assert cursor_rows(app) == ["Ann Lee"]
        rels = app.screen.query_one("#list-relationships", ChildList)
        await wait_for(pilot, lambda: rels.items, "relationships")
        await pilot.press("8")
        rels.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Bob Stone" in card(app), "Bob's card")
        assert cursor_rows(app) == ["Bob Stone"]
        assert await edited_name(app, pilot) == "Bob Stone"
        await pilot.press("down")  # the list leads again from the opened row
        await wait_for(pilot, lambda: "Cleo Park" in card(app), "Cleo's card")
        assert cursor_rows(app) == ["Cleo Park"]


async def test_palette_open_of_a_filtered_out_contact_highlights_nobody(
    app: FriendshipApp, book: Book
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "list")
        await pilot.press("slash", *"Cleo", "enter")
        await wait_for(pilot, lambda: lst.total == 1 and "Cleo Park" in card(app), "filtered")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        await pilot.press(*"Dan Ruiz")
        await wait_for(pilot, lambda: "Open contact: Dan Ruiz" in palette_text(app), "hit")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Dan Ruiz" in card(app), "Dan's card")
        assert cursor_rows(app) == []  # Cleo is the only row: she is not the one shown
        assert await edited_name(app, pilot) == "Dan Ruiz"


def palette_text(app: FriendshipApp) -> str:
    options = app.screen.query_one(CommandList)
    return "\n".join(
        str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
    )
