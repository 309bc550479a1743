"""The journal: write, edit, filter by tag and mood, delete."""

from __future__ import annotations

from textual.widgets import Input, Select

from friendship_tui.app import make_app
from friendship_tui.app.screens.confirm import ConfirmScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.screens.journal import JournalScreen
from friendship_tui.app.widgets.child_list import ChildList
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend

from .conftest import SIZE, settings, wait_for
from .forms import fill


async def test_write_filter_edit_and_delete_entries(backend: Backend) -> None:
    await backend.create(
        "journal_entry",
        {"title": "Rainy Sunday", "mood": "okay", "tags": ["home"], "entry_date": "2026-11-22"},
    )
    app = make_app(backend, settings(start="journal"))
    async with app.run_test(size=SIZE) as pilot:
        entries = app.screen.query_one("#entries", ChildList)
        await wait_for(pilot, lambda: len(entries.items) == 1, "the first entry")
        await pilot.press("c")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "entry form")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.editor("entry_date").query_one(Input).value == "2026-11-25"
        await pilot.press(*"Climbing with Ann")
        fill(form, mood="great", tags="climbing, friends", body="Sent my first V4.")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, JournalScreen), "back in the journal")
        await wait_for(pilot, lambda: len(entries.items) == 2, "two entries")
        assert [e["title"] for e in entries.items] == ["Climbing with Ann", "Rainy Sunday"]
        stored = (await backend.list("journal_entry", ListQuery(q="Climbing"))).items[0]
        assert stored["tags"] == ["climbing", "friends"] and stored["mood"] == "great"

        # Filter by mood, then by tag.
        app.screen.query_one("#mood-filter", Select).value = "okay"
        await wait_for(
            pilot, lambda: [e["title"] for e in entries.items] == ["Rainy Sunday"], "mood filter"
        )
        app.screen.query_one("#mood-filter", Select).value = Select.NULL
        await wait_for(pilot, lambda: len(entries.items) == 2, "mood filter cleared")
        await pilot.press("slash", *"friends")
        await wait_for(
            pilot,
            lambda: [e["title"] for e in entries.items] == ["Climbing with Ann"],
            "tag filter",
        )
        await pilot.press("enter")  # back to the list

        # Edit, then delete.
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "edit form")
        fill(app.screen, mood="good")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_for(
            pilot, lambda: entries.items and entries.items[0]["mood"] == "good", "edited"
        )
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirmation")
        await pilot.press("y")
        await wait_for(pilot, lambda: entries.items == [], "deleted (filtered list empty)")
        assert [e["title"] for e in (await backend.list("journal_entry")).items] == ["Rainy Sunday"]
