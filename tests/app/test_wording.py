"""Words and small states from the check-in report: each says what is true on screen."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import Static, Tab

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.detail_pane import DetailPane
from friendship_tui.store.base import Backend

from .backends import local_backend
from .conftest import Book, settings, wait_for


@pytest.fixture
async def backend(tmp_path: Path) -> AsyncIterator[Backend]:
    async with local_backend(tmp_path) as made:
        yield made


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


@pytest.mark.parametrize("size", [(120, 36), (80, 24)])  # side by side, then stacked
async def test_dashboard_points_at_the_reminders_panel(
    backend: Backend, book: Book, size: tuple[int, int]
) -> None:
    app = make_app(backend, settings(start="dashboard"))
    async with app.run_test(size=size) as pilot:
        stay = lambda: app.screen.query_one("#agenda-stay", AgendaList)  # noqa: E731
        await wait_for(pilot, lambda: stay().rows, "agenda")
        stay().focus()
        await pilot.press("x")
        await wait_for(pilot, lambda: list(app._notifications), "the hint")
        [hint] = [n.message for n in app._notifications]
        assert "Reminders panel" in hint and "right" not in hint


async def test_journal_tag_prefix_and_filtered_empty_state(backend: Backend) -> None:
    await backend.create(
        "journal_entry", {"title": "Evening", "entry_date": "2026-11-20", "tags": ["walks"]}
    )
    await backend.create(
        "journal_entry", {"title": "Walking shoes", "entry_date": "2026-11-21", "tags": ["gear"]}
    )
    app = make_app(backend, settings(start="journal"))
    async with app.run_test(size=(120, 36)) as pilot:
        entries = app.screen.query_one("#entries", ChildList)
        await wait_for(pilot, lambda: len(entries.items) == 2, "both entries")
        await pilot.press("slash", *"wal")
        await wait_for(
            pilot, lambda: [e["title"] for e in entries.items] == ["Evening"], "#walks by /wal"
        )
        await pilot.press(*"x")
        await wait_for(pilot, lambda: entries.items == [], "no hits")
        shown = str(entries.get_option_at_index(0).prompt)
        assert "No entries match tag #walx" in shown and "Press c" not in shown


async def test_palette_descriptions_name_the_key(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "card")
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(app.screen, CommandPalette), "palette")
        await pilot.press(*"Journal")
        commands = app.screen.query_one(CommandList)
        await wait_for(pilot, lambda: commands.option_count > 0, "hits")
        prompt = str(commands.get_option_at_index(0).prompt)
        assert "Journal" in prompt and "key j" in prompt and "Everywhere" not in prompt


async def test_every_tab_is_in_sight_at_120_columns(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "card")
        pane = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: pane.children_by_type.get("note"), "children")
        await pilot.pause()
        right = pane.content_region.right
        tabs = list(pane.query(Tab))
        assert [str(t.label) for t in tabs][-2:] == ["Fields", "History"]
        assert all(t.region.right <= right and t.region.width > 0 for t in tabs)


async def test_relationship_form_says_which_way_it_points(app: FriendshipApp, book: Book) -> None:
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in card(app), "card")
        pane = app.screen.query_one(DetailPane)
        await wait_for(pilot, lambda: pane.children_by_type.get("relationship"), "children")
        await pilot.press("8")
        rels = app.screen.query_one("#list-relationships", ChildList)
        rels.focus()
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "relationship form")
        form = app.screen
        assert isinstance(form, FormScreen)
        reading = form.query_one("#form-reading", Static)
        assert str(reading.content) == "Reads: Ann Lee is the sibling of Bob Stone."
        form.editor("kind").input_widget.value = "manager"  # type: ignore[union-attr]
        await wait_for(
            pilot, lambda: "Ann Lee is the manager of Bob Stone" in str(reading.content), "kind"
        )
