"""The check-in review reads the agenda a page at a time: ``agenda(limit=N)`` and its exact
``totals`` when it opens, ``agenda_rows`` from the current place after each step. Logging
or snoozing someone (they leave the due list, everyone after moves up), skipping them
(they stay) and a change made elsewhere mid-review never make it skip or repeat anyone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.checkin_queue import PAGE
from friendship_tui.app.screens.checkin import CheckinScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.screens.snooze import SnoozeScreen
from friendship_tui.store.base import Backend
from friendship_tui.store.local import Store

from .conftest import SIZE, TODAY, Book, settings, wait_async, wait_for

# weekly people this many days overdue (Ann, from the book, is 55 days overdue)
OVERDUE = {"Finn": 40, "Gus": 30, "Hana": 20, "Ivo": 10, "Jade": 5, "Kai": 2}


def contacted(days_overdue: int) -> str:
    """The last-contacted date that makes a weekly person ``days_overdue`` days overdue."""
    return (TODAY - timedelta(days=7 + days_overdue)).isoformat()


def showing(app: FriendshipApp, text: str) -> bool:
    screen = app.screen
    return isinstance(screen, CheckinScreen) and screen.brief is not None and text in screen.plain


def review(app: FriendshipApp) -> CheckinScreen:
    assert isinstance(app.screen, CheckinScreen)
    return app.screen


async def log_talk(pilot: Pilot[Any], app: FriendshipApp, summary: str) -> None:
    await pilot.press("l")
    await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "log form")
    await pilot.press("tab", *summary)
    await pilot.press("ctrl+s")


async def snooze_a_week(pilot: Pilot[Any], app: FriendshipApp) -> None:
    await pilot.press("z")
    await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze dialog")
    await pilot.press("1")


async def test_log_snooze_skip_across_pages_show_each_person_once(
    backend: Backend, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(CheckinScreen, "PAGE", 2)  # seven people due: four pages
    ids = {}
    for name, days in OVERDUE.items():
        made = await backend.create(
            "contact",
            {
                "name": name,
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": contacted(days),
            },
        )
        ids[name] = str(made["id"])
    app = make_app(backend, settings(start="checkin"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "1 of 7 · Ann Lee"), "Ann first")
        # Ivo is reached elsewhere (another device, the CLI) while the review is open
        await backend.update("contact", ids["Ivo"], {"last_contacted_at": TODAY.isoformat()})
        await log_talk(pilot, app, "Trip plans")
        await wait_for(pilot, lambda: showing(app, "2 of 7 · Finn"), "Finn")
        await snooze_a_week(pilot, app)
        await wait_for(pilot, lambda: showing(app, "3 of 7 · Gus"), "Gus")
        await pilot.press("s")
        await wait_for(pilot, lambda: showing(app, "4 of 7 · Hana"), "Hana")
        await log_talk(pilot, app, "Caught up")
        await wait_for(pilot, lambda: showing(app, "5 of 7 · Jade"), "Jade, not Ivo")
        await pilot.press("s")
        await wait_for(pilot, lambda: showing(app, "6 of 7 · Kai"), "Kai")
        await snooze_a_week(pilot, app)
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, CheckinScreen)
                and "All done for today. (2 logged, 2 snoozed, 2 skipped)" in review(app).plain
            ),
            "the end of the review",
        )

        async def written() -> bool:
            agenda = await backend.agenda(TODAY, 30)
            due = [r.contact_name for r in agenda.stay_in_touch if r.days <= 0]
            return due == ["Gus", "Jade"] and agenda.snoozed == 2

        await wait_async(pilot, written, "the skipped two still due, two snoozed")


BIG = 45  # due people: more than two pages
SOON = 5  # due within the week: in the panel's totals, not in the review


@pytest.fixture
def big_store(tmp_path: Path) -> Iterator[Store]:
    store = Store.open(tmp_path / "book.db")
    rows = [
        (
            "contact",
            {
                "name": f"Person {i:02d}",
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": contacted(100 - i),
            },
        )
        for i in range(BIG)
    ]
    rows += [
        (
            "contact",
            {
                "name": f"Soon {i}",
                "stay_in_touch_frequency": "weekly",
                "last_contacted_at": contacted(-1 - i),
            },
        )
        for i in range(SOON)
    ]
    store.import_rows("me", rows)
    yield store
    store.close()


async def test_more_people_due_than_a_page_counted_exactly_and_each_shown_once(
    big_store: Store,
) -> None:
    backend = big_store.backend("me")
    opening = await backend.agenda(TODAY, 30, limit=PAGE)
    assert opening.total("stay_in_touch") == BIG + SOON
    assert len(opening.stay_in_touch) == PAGE < BIG
    app = make_app(backend, settings(start="checkin"))
    async with app.run_test(size=SIZE) as pilot:
        for i in range(BIG):
            expected = f"{i + 1} of {BIG} · Person {i:02d}"
            await wait_for(pilot, lambda e=expected: showing(app, e), expected)
            await pilot.press("s")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, CheckinScreen)
                and f"All done for today. ({BIG} skipped)" in review(app).plain
            ),
            "every due person once, none of the due-soon",
        )


async def test_checkin_json_pages_through_every_due_person(big_store: Store) -> None:
    from friendship_tui.cli.checkin_command import checkin_queue

    queue = await checkin_queue(big_store.backend("me"), TODAY)
    assert [p["name"] for p in queue["due"]] == [f"Person {i:02d}" for i in range(BIG)]
