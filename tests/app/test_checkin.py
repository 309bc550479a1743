"""The check-in review (``i``; ``friendship checkin``): the people due today, one at a
time, most overdue first, with what a talk needs; l / z / s move on, enter opens, q leaves."""

from __future__ import annotations

from typing import Any

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.checkin import CheckinScreen
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.screens.snooze import SnoozeScreen
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Backend

from .conftest import SIZE, TODAY, Book, settings, wait_async, wait_for


async def more_due(backend: Backend, book: Book) -> tuple[dict[str, Any], dict[str, Any]]:
    """Two more people due today: Finn 8 days overdue, Eve never contacted."""
    await backend.update("contact", book.ann["id"], {"stay_in_touch_topic": "the climbing trip"})
    finn = await backend.create(
        "contact",
        {
            "name": "Finn Moss",
            "stay_in_touch_frequency": "weekly",
            "last_contacted_at": "2026-11-10",
        },
    )
    eve = await backend.create(
        "contact", {"name": "Eve Adams", "stay_in_touch_frequency": "weekly"}
    )
    return finn, eve


def review(app: FriendshipApp) -> CheckinScreen:
    screen = app.screen
    assert isinstance(screen, CheckinScreen)
    return screen


def showing(app: FriendshipApp, text: str) -> bool:
    screen = app.screen
    return isinstance(screen, CheckinScreen) and screen.brief is not None and text in screen.plain


async def test_review_one_person_at_a_time(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    finn, _eve = await more_due(backend, book)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in app.screen.query_one(ContactCard).plain, "list")
        await pilot.press("i")
        await wait_for(pilot, lambda: showing(app, "1 of 3 · Ann Lee"), "Ann first")
        text = review(app).plain
        for part in (
            "55 days overdue",
            "Talk about: the climbing trip",
            "Last conversations: 2026-09-01  call  Caught up",
            "Pinned notes: Pinned fact",
            "Open reminders: ☐ 2026-11-20  Send the photos",
            "Next date: Birthday Tue 1 Dec (turns 36), in 6 days",
            "Gift ideas: Tea set",
            "Nickname: Annie",
        ):
            assert part in text, (part, text)
        assert "Loves jazz" not in text  # not pinned

        await pilot.press("l")  # log the talk, then the next person
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "log form")
        await pilot.press("tab", *"Trip plans")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: showing(app, "2 of 3 · Finn Moss"), "Finn next")
        assert "8 days overdue" in review(app).plain

        await pilot.press("s")  # skip for today
        await wait_for(pilot, lambda: showing(app, "3 of 3 · Eve Adams"), "Eve last")
        assert "Last conversations: (none logged yet)" in review(app).plain

        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze dialog")
        await pilot.press("1")  # one week
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, CheckinScreen)
                and "All done for today. (1 logged, 1 snoozed, 1 skipped)" in str(review(app).plain)
            ),
            "the end of the review",
        )

        async def written() -> bool:
            agenda = await backend.agenda(TODAY, 30)
            due = [r.contact_id for r in agenda.stay_in_touch if r.days <= 0]
            return due == [finn["id"]] and agenda.snoozed == 1

        await wait_async(pilot, written, "Ann logged, Eve snoozed, Finn still due")
        talks = await backend.list(
            "conversation", ListQuery(filters={"parent_id": [book.ann["id"]]})
        )
        assert sorted(t["summary"] for t in talks.items) == ["Caught up", "Trip plans"]

        await pilot.press("q")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "left the review")
        await pilot.press("i")  # again today: Finn was skipped for today, the rest are done
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, CheckinScreen)
                and review(app).loaded
                and "Nobody is due today." in review(app).plain
            ),
            "an empty review",
        )
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "left again")


async def test_enter_opens_the_contact_and_checkin_can_be_the_start(
    backend: Backend, book: Book
) -> None:
    await more_due(backend, book)
    app = make_app(backend, settings(start="checkin"))  # what `friendship checkin` opens
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: showing(app, "1 of 3 · Ann Lee"), "the review first")
        await pilot.press("s")
        await wait_for(pilot, lambda: showing(app, "2 of 3 · Finn Moss"), "Finn")
        await pilot.press("enter")
        await wait_for(
            pilot,
            lambda: (
                isinstance(app.screen, ContactsScreen)
                and "Finn Moss" in app.screen.query_one(ContactCard).plain
            ),
            "Finn's card",
        )
        # the palette offers the review like every action
        from friendship_tui.app.keymap import palette_entries

        assert ("Everywhere", "Check-in review: who is due today", "checkin") in palette_entries(
            ["Everywhere"]
        )
        assert {a for _, _, a in palette_entries(["Check-in review"])} == {
            "log", "snooze", "skip", "open", "leave",
        }  # fmt: skip
