"""A dashboard panel with hundreds of rows is virtual: it reads its first screenful and
its exact count, and pulls further rows from the backend as the highlight moves down.

The first screen of a big book does not wait for thousands of rows to be read and laid
out; the title still says exactly how many there are, and every row is reachable.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from friendship_tui.app import make_app
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.snooze import SnoozeScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.domain.agenda import SCREENFUL
from friendship_tui.store.local import Store

from .conftest import SIZE, TODAY, settings, wait_for

PEOPLE = 250  # five screenfuls


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "book.db")
    rows = [
        (
            "contact",
            {
                "name": f"Person {i:03d}",
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": f"2026-0{1 + i % 9}-{1 + i % 28:02d}T10:00:00Z",
            },
        )
        for i in range(PEOPLE)
    ]
    store.import_rows("me", rows)
    yield store
    store.close()


async def test_the_panel_counts_every_row_and_reads_more_as_the_cursor_goes_down(
    store: Store,
) -> None:
    whole = await store.backend("me").agenda(TODAY, 30)
    assert len(whole.stay_in_touch) == PEOPLE
    app = make_app(store.backend("me"), settings(start="dashboard"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dashboard")
        stay = app.screen.query_one("#agenda-stay", AgendaList)
        await wait_for(pilot, lambda: stay.rows, "the first rows")
        # the first read is a screenful, the title has the exact count
        assert len(stay.rows) == SCREENFUL and stay.total == PEOPLE
        assert str(app.screen.query_one("#panel-stay").border_title) == "Stay in touch (250)"
        more = str(stay.get_option_at_index(stay.option_count - 1).prompt)
        assert more == f"… {PEOPLE - SCREENFUL} more"
        stay.focus()
        while stay.highlighted is not None and stay.highlighted < PEOPLE - 1:
            loaded = len(stay.rows)
            await pilot.press("end")  # the last loaded row: the next page is read
            await wait_for(
                pilot,
                lambda n=loaded: len(stay.rows) > n or n == PEOPLE,
                "the next page of rows",
            )
        assert stay.rows == whole.stay_in_touch  # every row, once, in panel order
        assert stay.option_count == PEOPLE  # and no "more" line left
        assert stay.selected_row is stay.rows[-1]
        # a write far down the panel: the reload keeps the rows read and the highlight
        snoozed = stay.rows[180]
        stay.highlighted = 180
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze dialog")
        await pilot.press("1")  # one week
        title = app.screen.query_one("#panel-stay")
        await wait_for(
            pilot,
            lambda: str(title.border_title) == "Stay in touch (249) · 1 snoozed",
            "the reload after the snooze",
        )
        assert len(stay.rows) == PEOPLE - 1 and snoozed not in stay.rows
        assert stay.highlighted == 180 and stay.selected_row == whole.stay_in_touch[181]
        # Enter on a row that came with a later page opens that very person
        target = stay.rows[180]
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "contacts")
        await wait_for(
            pilot,
            lambda: target.contact_name in app.screen.query_one(ContactCard).plain,
            f"{target.contact_name}'s card",
        )
