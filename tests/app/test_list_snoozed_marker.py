"""The contact list's "● due" marker honours snoozes: a snoozed person is not shown as
overdue until their snooze ends (the same rule as the dashboard and ``friendship today``)."""

from __future__ import annotations

from datetime import date, timedelta

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.snooze import SnoozeScreen
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.store.base import Backend
from friendship_tui.store.snoozes import set_snooze

from .conftest import SIZE, TODAY, Book, wait_for


def marked(app: FriendshipApp) -> dict[str, bool]:
    """{name: shows "● due"} for the rows on screen."""
    lst = app.screen.query_one(ContactList)
    lines = [lst.render_line(y).text.strip() for y in range(min(lst.total, lst.size.height))]
    return {line.lstrip("▌★ ").split("  ")[0]: line.endswith("● due") for line in lines}


async def ann_marked_due(backend: Backend, today: date) -> bool:
    app = make_app(backend, AppSettings.fixed(today, start_screen="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and "Eve Never" in marked(app), "rows drawn")
        assert marked(app)["Eve Never"]  # never contacted: due, and not snoozed
        return marked(app)["Ann Lee"]


async def test_a_snoozed_person_is_not_marked_due_until_the_snooze_ends(
    backend: Backend, book: Book
) -> None:
    await backend.create("contact", {"name": "Eve Never", "stay_in_touch_frequency": "weekly"})
    until = TODAY + timedelta(days=14)
    await set_snooze(backend, str(book.ann["id"]), until)
    assert not await ann_marked_due(backend, TODAY)  # 55 days overdue, but snoozed
    assert not await ann_marked_due(backend, until - timedelta(days=1))
    assert await ann_marked_due(backend, until)  # the day it ends: due again

    # z from the list: the marker goes once the snooze is written
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and marked(app).get("Eve Never"), "Eve due")
        lst.focus()
        await pilot.press("end")
        await wait_for(pilot, lambda: "Eve Never" in app.screen.query_one(ContactCard).plain)
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze dialog")
        await pilot.press("1")  # one week
        await wait_for(pilot, lambda: marked(app).get("Eve Never") is False, "Eve not due")
        assert marked(app)["Ann Lee"] is False
