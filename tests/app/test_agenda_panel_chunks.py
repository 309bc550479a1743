"""A dashboard panel with hundreds of rows builds its options a chunk at a time.

The count and the rows are all there (the title says how many); options are made for
the first chunk and more as the highlight moves down, so the first screen of a big
book does not wait for thousands of rows to be laid out.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from friendship_tui.app import make_app
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.store.local import Store

from .conftest import SIZE, settings, wait_for

PEOPLE = 250


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "book.db")
    rows = [
        (
            "contact",
            {
                "name": f"Person {i:03d}",
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": f"2026-0{1 + i % 9}-01T10:00:00Z",
            },
        )
        for i in range(PEOPLE)
    ]
    store.import_rows("me", rows)
    yield store
    store.close()


async def test_rows_are_all_counted_and_built_as_the_highlight_moves(store: Store) -> None:
    app = make_app(store.backend(), settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        stay = app.screen.query_one("#agenda-stay", AgendaList)
        await wait_for(pilot, lambda: len(stay.rows) == PEOPLE, "every overdue person")
        assert stay.built == AgendaList.CHUNK and stay.option_count == AgendaList.CHUNK
        assert f"({PEOPLE})" in str(app.screen.query_one("#panel-stay").border_title)
        stay.focus()
        stay.highlighted = AgendaList.CHUNK - 1  # near the end of what is built
        await wait_for(pilot, lambda: stay.built > AgendaList.CHUNK, "the next chunk")
        while stay.highlighted is not None and stay.highlighted < PEOPLE - 1:
            before = stay.highlighted
            await pilot.press("pagedown")
            await wait_for(pilot, lambda b=before: stay.highlighted != b, "moved")
        assert stay.built == PEOPLE and stay.option_count == PEOPLE
        assert stay.selected_row is stay.rows[-1]
