"""Undo (``u``): each kind of change of this session taken back, on every backend the app
runs on (local file, remote server, sync cache), and the notification that says so."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from friendship_tui.app import make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.app.screens.confirm import ConfirmScreen
from friendship_tui.app.screens.contacts import ContactsScreen
from friendship_tui.app.screens.form import FormScreen
from friendship_tui.app.widgets.contact_card import ContactCard
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.detail_pane import DetailPane
from friendship_tui.schema import CHILD_TYPES, ListQuery
from friendship_tui.store.base import Backend, iter_all

from .backends import ALL_BACKENDS
from .conftest import SIZE, Book, build_book, settings, wait_async, wait_for
from .forms import fill


@pytest.fixture(params=sorted(ALL_BACKENDS))
async def any_backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    async with ALL_BACKENDS[request.param](tmp_path) as made:
        yield made


@pytest.fixture
async def any_book(any_backend: Backend) -> Book:
    return await build_book(any_backend)


@pytest.fixture
def undo_app(
    any_backend: Backend, any_book: Book, monkeypatch: pytest.MonkeyPatch
) -> FriendshipApp:
    app = make_app(any_backend, settings())
    # a loaded machine must not expire them before we look (a class variable: this app only)
    monkeypatch.setattr(app, "NOTIFICATION_TIMEOUT", 600)
    return app


def card(app: FriendshipApp) -> str:
    return app.screen.query_one(ContactCard).plain


def messages(app: FriendshipApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def ready(pilot: Any, app: FriendshipApp) -> None:
    await wait_for(pilot, lambda: "Ann Lee" in card(app), "Ann's card")
    detail = app.screen.query_one(DetailPane)
    await wait_for(pilot, lambda: detail.children_by_type.get("note"), "Ann's children")


async def shape(backend: Backend, contact_id: str) -> dict[str, list[str]]:
    """What hangs off a contact, by type, as sorted display values (ids left out)."""
    from friendship_tui.schema import get_model

    out: dict[str, list[str]] = {}
    for type_ in CHILD_TYPES:
        field = get_model(type_).display_field
        q = ListQuery(filters={"parent_id": [contact_id]})
        objs = [o async for o in iter_all(backend, type_, q)]
        values = sorted(str(o.get(field) or o.get("kind")) for o in objs)
        if values:
            out[type_] = values
    return out


async def contact_named(backend: Backend, name: str) -> dict[str, Any] | None:
    async for c in iter_all(backend, "contact"):
        if c.get("name") == name:
            return c
    return None


async def test_undo_a_delete_brings_the_contact_and_children_back(
    undo_app: FriendshipApp, any_backend: Backend, any_book: Book
) -> None:
    app, backend = undo_app, any_backend
    before = await shape(backend, any_book.ann["id"])
    assert before["relationship"] == ["sibling"] and len(before["gift"]) == 3
    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("delete")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen), "confirmation")
        await pilot.press("y")
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == 3, "Ann deleted")
        await wait_for(pilot, lambda: any("u to undo" in m for m in messages(app)), "the undo hint")
        assert await contact_named(backend, "Ann Lee") is None

        await pilot.press("u")
        await wait_for(pilot, lambda: lst.loaded and lst.total == 4, "Ann back in the list")
        await wait_for(
            pilot,
            lambda: any(
                m.startswith('Undid the delete of contact "Ann Lee"') for m in messages(app)
            ),
            "the undo notification",
        )
    ann = await contact_named(backend, "Ann Lee")
    assert ann is not None
    assert (ann["nickname"], ann["birthday"], ann["tags"]) == (
        "Annie",
        "1990-12-01",
        ["work", "climbing"],
    )
    assert await shape(backend, ann["id"]) == before
    # the relationship came back mirrored on Bob, pointing at the restored Ann
    bobs = [
        r
        async for r in iter_all(
            backend, "relationship", ListQuery(filters={"parent_id": [any_book.bob["id"]]})
        )
    ]
    assert [r["target_id"] for r in bobs] == [ann["id"]]


async def test_undo_archive_done_reminder_logged_talk_and_edit(
    undo_app: FriendshipApp, any_backend: Backend, any_book: Book
) -> None:
    app, backend = undo_app, any_backend
    ann_id = str(any_book.ann["id"])

    async def ann() -> dict[str, Any]:
        return await backend.get("contact", ann_id)

    async with app.run_test(size=SIZE) as pilot:
        await ready(pilot, app)
        await pilot.press("u")
        await wait_for(pilot, lambda: "Nothing to undo in this session." in messages(app), "empty")

        # an edit
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "edit form")
        fill(app.screen, nickname="Nan", company="Initech")  # type: ignore[arg-type]
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "saved")
        assert (await ann())["nickname"] == "Nan"
        await wait_for(
            pilot, lambda: "Saved contact. (u to undo)" in messages(app), f"hint {messages(app)}"
        )
        await pilot.press("u")

        async def edit_undone() -> bool:
            a = await ann()
            return (a["nickname"], a["company"]) == ("Annie", "Acme")

        await wait_async(pilot, edit_undone, "the edit undone")

        # a logged talk: the conversation goes and last contacted moves back
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, FormScreen), "log form")
        await pilot.press("tab", *"Coffee chat")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "logged")

        async def talks() -> list[str]:
            q = ListQuery(filters={"parent_id": [ann_id]})
            return sorted([str(c["summary"]) async for c in iter_all(backend, "conversation", q)])

        assert await talks() == ["Caught up", "Coffee chat"]
        assert (await ann())["last_contacted_at"].startswith("2026-11-25")
        await wait_for(  # noted for undo: the write lands a moment before
            pilot, lambda: any("u to undo" in m for m in messages(app)), "the undo hint"
        )
        await pilot.press("u")

        async def talk_undone() -> bool:
            return await talks() == ["Caught up"] and str(
                (await ann())["last_contacted_at"]
            ).startswith("2026-09-01")

        await wait_async(pilot, talk_undone, "the logged talk undone")

        # a done reminder (the follow-up offer answered "no")
        await pilot.press("x")
        await wait_for(pilot, lambda: app.screen.query("#follow-up"), "the follow-up offer")
        await pilot.press("n")

        async def completed() -> bool:
            return bool((await backend.get("reminder", any_book.reminder["id"]))["completed"])

        await wait_async(pilot, completed, "reminder done")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactsScreen), "offer closed")
        await wait_for(  # noted for undo: the write lands a moment before
            pilot, lambda: any("u to undo" in m for m in messages(app)), "the undo hint"
        )
        await pilot.press("u")

        async def reopened() -> bool:
            return not await completed()

        await wait_async(pilot, reopened, "the done reminder undone")

        # an archive
        await pilot.press("A")

        async def archived() -> bool:
            return bool((await ann())["is_archived"])

        await wait_async(pilot, archived, "Ann archived")
        await wait_for(  # noted for undo: the write lands a moment before
            pilot, lambda: any("u to undo" in m for m in messages(app)), "the undo hint"
        )
        await pilot.press("u")

        async def unarchived() -> bool:
            return not await archived()

        await wait_async(pilot, unarchived, "the archive undone")
        status = str(app.screen.query_one("#list-status", Static).content)
        assert "contacts" in status


async def test_each_worker_task_is_its_own_change_even_at_a_reused_address() -> None:
    """Two stars pressed one after the other are two changes: ``u`` takes back only the
    second. A finished task's memory (and so its ``id()``) goes to the next task made, so
    the journal must not know a task by ``id()`` (it once merged the two, and ``u`` then
    undid both: the star came back)."""
    import asyncio

    from friendship_tui.app.undo import Step, UndoJournal

    journal = UndoJournal()

    async def star(n: int) -> None:
        journal.record(Step("updated", "contact", "ann", {"favorite": n % 2 == 1}))

    for n in range(40):  # fire-and-forget, like the app's write workers: no task kept
        asyncio.ensure_future(star(n))  # noqa: RUF006 (no reference, as the app keeps none)
        await asyncio.sleep(0)
        await asyncio.sleep(0)
    assert [len(change.steps) for change in journal.changes] == [1] * 40

    async def edit_twice() -> None:  # one task's writes stay one change
        journal.record(Step("updated", "contact", "ann", {"name": "A"}))
        journal.record(Step("updated", "contact", "ann", {"name": "B"}))

    await asyncio.ensure_future(edit_twice())
    assert len(journal.changes[-1].steps) == 2
