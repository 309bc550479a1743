"""Fixtures for the pilot tests: a real backend on a tmp file, a small address book
built through the public API, and the app built by the same ``make_app`` as the CLI."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from waiting import wait_until_async

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.app import FriendshipApp
from friendship_tui.store.base import Backend

from .backends import UI_BACKENDS

TODAY = date(2026, 11, 25)  # a Wednesday
SIZE = (120, 40)


@pytest.fixture(params=sorted(UI_BACKENDS))
async def backend(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Backend]:
    async with UI_BACKENDS[request.param](tmp_path) as made:
        yield made


@dataclass
class Book:
    """The test address book: ids of what ``book`` created."""

    ann: dict[str, Any]
    bob: dict[str, Any]
    cleo: dict[str, Any]
    dan: dict[str, Any]
    reminder: dict[str, Any]
    note: dict[str, Any]


async def build_book(backend: Backend) -> Book:
    ann = await backend.create(
        "contact",
        {
            "name": "Ann Lee",
            "nickname": "Annie",
            "pronouns": "she/her",
            "company": "Acme",
            "job_title": "Engineer",
            "email": "ann@example.com",
            "favorite": True,
            "stay_in_touch_frequency": "monthly",
            "last_contacted_at": "2026-09-01",
            "birthday": "1990-12-01",
            "anniversary": "--06-15",
            "tags": ["work", "climbing"],
            "how_we_met": "At the climbing gym",
            "food_prefs": "Vegetarian",
        },
    )
    bob = await backend.create(
        "contact",
        {
            "name": "Bob Stone",
            "nickname": "Bobby",
            "stay_in_touch_frequency": "weekly",
            "last_contacted_at": "2026-11-24",
        },
    )
    cleo = await backend.create("contact", {"name": "Cleo Park", "birthday": "--12-10"})
    dan = await backend.create("contact", {"name": "Dan Ruiz", "company": "Globex"})
    note = await backend.create("note", {"parent_id": ann["id"], "body": "Loves jazz"})
    await backend.create("note", {"parent_id": ann["id"], "body": "Pinned fact", "pinned": True})
    reminder = await backend.create(
        "reminder", {"parent_id": ann["id"], "due_date": "2026-11-20", "message": "Send the photos"}
    )
    for status, title in (("idea", "Tea set"), ("given", "Book"), ("received", "Scarf")):
        await backend.create("gift", {"parent_id": ann["id"], "title": title, "status": status})
    await backend.create(
        "relationship", {"parent_id": ann["id"], "target_id": bob["id"], "kind": "sibling"}
    )
    await backend.create("pet", {"parent_id": ann["id"], "name": "Rex", "species": "dog"})
    await backend.create(
        "activity",
        {"parent_id": ann["id"], "kind": "meeting", "title": "Lunch", "occurred_at": "2026-08-30"},
    )
    await backend.create(
        "conversation",
        {
            "parent_id": ann["id"],
            "channel": "call",
            "summary": "Caught up",
            "occurred_at": "2026-09-01",
        },
    )
    await backend.create(
        "life_event",
        {
            "parent_id": ann["id"],
            "kind": "new_job",
            "title": "Joined Acme",
            "occurred_at": "2024-03-01",
        },
    )
    await backend.create(
        "custom_field",
        {"parent_id": ann["id"], "label": "Shoe size", "value": "39", "kind": "number"},
    )
    return Book(ann, bob, cleo, dan, reminder, note)


@pytest.fixture
async def book(backend: Backend) -> Book:
    return await build_book(backend)


def settings(start: str | None = "contacts") -> AppSettings:
    return AppSettings.fixed(TODAY, start_screen=start)


@pytest.fixture
def app(backend: Backend, book: Book) -> FriendshipApp:
    return make_app(backend, settings())


async def wait_for(
    pilot: Pilot[Any], condition: Callable[..., Any], what: str = "condition"
) -> None:
    """Let workers run until ``condition()`` holds (tests/waiting.py, the pilot pausing).

    ``condition`` is called with no arguments; ``...`` lets a lambda in a loop bind the
    loop's values as defaults (``lambda b=before: ...``)."""
    await pilot.pause(0.02)
    await wait_until_async(
        condition, what, pause=lambda: pilot.pause(0.02), tolerate=(Exception,)
    )  # an exception: widgets may not be mounted yet


async def wait_async(
    pilot: Pilot[Any], condition: Callable[[], Awaitable[bool]], what: str
) -> None:
    await pilot.pause(0.02)
    await wait_until_async(condition, what, pause=lambda: pilot.pause(0.02))
