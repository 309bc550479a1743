"""Snoozing from the app (``z`` on the dashboard and the contact list): the dialog, the
person leaving stay-in-touch, undo, and the snooze reaching another device through sync."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.dashboard import DashboardScreen
from friendship_tui.app.screens.snooze import SnoozeScreen
from friendship_tui.app.widgets.agenda_list import AgendaList
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.domain.snooze import SNOOZE_LABEL
from friendship_tui.store.base import Backend
from friendship_tui.store.snoozes import snooze_fields

from .backends import sync_pair
from .conftest import SIZE, TODAY, Book, build_book, settings, wait_async, wait_for


def stay(app: FriendshipApp) -> list[str]:
    return [r.contact_name for r in app.screen.query_one("#agenda-stay", AgendaList).rows]


async def values(backend: Backend, contact_id: str) -> list[tuple[str, str]]:
    return [(f["label"], f["value"]) for f in await snooze_fields(backend, contact_id)]


async def test_snooze_from_the_dashboard_with_a_date_then_undo(
    backend: Backend, book: Book, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(backend, settings(start="dashboard"))
    # a loaded machine must not expire them before we look (a class variable: this app only)
    monkeypatch.setattr(app, "NOTIFICATION_TIMEOUT", 600)
    ann = str(book.ann["id"])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: stay(app) == ["Ann Lee", "Bob Stone"], "stay rows")
        await pilot.press("z")  # Ann, the first row
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze dialog")
        await pilot.press("d", *"2026-11-20", "enter")
        error = app.screen.query_one("#snooze-error", Static)
        await wait_for(
            pilot, lambda: "date: must be after today (2026-11-25)" in str(error.content), "error"
        )
        assert isinstance(app.screen, SnoozeScreen)  # still asking, nothing written
        assert await values(backend, ann) == []
        app.screen.query_one("#snooze-date").value = ""  # type: ignore[attr-defined]
        await pilot.press(*"2026-12-15", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen), "dialog closed")
        await wait_for(pilot, lambda: stay(app) == ["Bob Stone"], "Ann out of stay-in-touch")
        panel = app.screen.query_one("#panel-stay")
        await wait_for(
            pilot, lambda: str(panel.border_title) == "Stay in touch (1) · 1 snoozed", "title"
        )

        async def stored() -> bool:
            return await values(backend, ann) == [(SNOOZE_LABEL, "2026-12-15")]

        await wait_async(pilot, stored, "the snooze field")
        assert (await backend.agenda(TODAY, 30)).snoozed == 1
        assert any(
            "Snoozed Ann Lee until 2026-12-15." in str(n.message) for n in app._notifications
        )

        await pilot.press("u")  # undo the snooze: Ann is due again

        async def woken() -> bool:
            return await values(backend, ann) == []

        await wait_async(pilot, woken, "the snooze undone")
        await wait_for(pilot, lambda: stay(app) == ["Ann Lee", "Bob Stone"], "Ann back")


async def test_snooze_and_star_from_the_contact_list(
    app: FriendshipApp, backend: Backend, book: Book
) -> None:
    ann = str(book.ann["id"])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: "Ann Lee" in app.screen.query_one(ContactCard).plain, "Ann")
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, SnoozeScreen), "snooze dialog")
        await pilot.press("3")  # one month

        async def stored() -> bool:
            return await values(backend, ann) == [(SNOOZE_LABEL, "2026-12-25")]

        await wait_async(pilot, stored, "snoozed a month")
        await pilot.press("asterisk")  # Ann was a favourite: unstar

        async def favourite(expected: bool) -> bool:
            return bool((await backend.get("contact", ann))["favorite"]) is expected

        await wait_async(pilot, lambda: favourite(False), "unstarred")
        await pilot.press("asterisk")
        await wait_async(pilot, lambda: favourite(True), "starred again")
        # the write lands in the book a moment before the app has noted it for undo
        await wait_for(
            pilot,
            lambda: app.undo.changes[-1].steps[-1].before == {"favorite": False},
            "the star noted for undo",
        )
        await pilot.press("u")
        await wait_async(pilot, lambda: favourite(False), "the star undone")


async def test_a_snooze_reaches_another_device_through_sync(tmp_path: Path) -> None:
    async with sync_pair(tmp_path) as (phone, laptop):
        book = await build_book(phone)
        app = make_app(phone, settings(start="dashboard"))
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: stay(app) == ["Ann Lee", "Bob Stone"], "stay rows")
            await pilot.press("z", "2")  # two weeks
            await wait_for(pilot, lambda: stay(app) == ["Bob Stone"], "Ann snoozed on the phone")

            async def on_phone() -> bool:
                return bool(await snooze_fields(phone, str(book.ann["id"])))

            await wait_async(pilot, on_phone, "the snooze written")
        await phone.sync_now()  # type: ignore[attr-defined]
        await laptop.sync_now()  # type: ignore[attr-defined]
        ann_on_laptop: dict[str, Any] | None = None
        async for c in _contacts(laptop):
            if c["name"] == "Ann Lee":
                ann_on_laptop = c
        assert ann_on_laptop is not None
        agenda = await laptop.agenda(TODAY, 30)
        assert [r.contact_name for r in agenda.stay_in_touch] == ["Bob Stone"]
        assert agenda.snoozed == 1
        assert await values(laptop, str(ann_on_laptop["id"])) == [(SNOOZE_LABEL, "2026-12-09")]
        # and the server itself (documented models only) agrees
        assert (await laptop.remote.agenda(TODAY, 30)).snoozed == 1  # type: ignore[attr-defined]


async def _contacts(backend: Backend) -> Any:
    from friendship_tui.store.base import iter_all

    async for c in iter_all(backend, "contact"):
        yield c
