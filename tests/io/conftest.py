"""Real local books (SQLite files in tmp_path) and a book holding every type."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from friendship_tui.store.base import Backend
from friendship_tui.store.local import LocalBackend, Store


@pytest.fixture
def open_book(tmp_path: Path) -> Iterator[Callable[[str], LocalBackend]]:
    stores: list[Store] = []

    def make(name: str) -> LocalBackend:
        store = Store.open(tmp_path / f"{name}.db")
        stores.append(store)
        return store.backend()

    yield make
    for store in stores:
        store.close()


@pytest.fixture
def book(open_book: Callable[[str], LocalBackend]) -> LocalBackend:
    return open_book("book")


FillBook = Callable[[Backend], Awaitable[dict[str, Any]]]


@pytest.fixture
def fill_every_type() -> FillBook:
    """The builder below, as a fixture (tests/io is not a package: ``io`` is taken)."""
    return _fill_every_type


async def _fill_every_type(b: Backend) -> dict[str, Any]:
    """A small book with all 11 types, a mirrored relationship, archived rows, a bump."""
    ann = await b.create(
        "contact",
        {
            "name": "Ann Ålund",
            "nickname": "Annie",
            "pronouns": "she/her",
            "gender": "female",
            "email": "ann@example.org",
            "secondary_email": "ann@work.example",
            "phone": "+46 70 123 45 67",
            "secondary_phone": "+46 8 123 45",
            "company": "Fjord Analytics",
            "job_title": "Data lead",
            "address_line": "Storgatan 1",
            "city": "Umeå",
            "country": "Sweden",
            "website": "https://ann.example.org",
            "linkedin": "https://www.linkedin.com/in/ann",
            "twitter": "https://twitter.com/ann",
            "birthday": "1984-03-12",
            "anniversary": "--06-01",
            "stay_in_touch_frequency": "monthly",
            "stay_in_touch_topic": "the new job",
            "how_we_met": "university",
            "food_prefs": "vegetarian",
            "allergies": "nuts",
            "notes": 'Line one\nLine two, with "quotes" and ; semicolons',
            "tags": ["friends", "umeå"],
            "favorite": True,
            "color": "#ff8800",
        },
    )
    bob = await b.create("contact", {"name": "Bob Brown", "birthday": "1990-02-28"})
    cara = await b.create("contact", {"name": "Cara Chen", "birthday": "1975"})
    a, bb, c = ann["id"], bob["id"], cara["id"]
    await b.create(
        "activity",
        {
            "parent_id": a,
            "kind": "meeting",
            "title": "Lunch",
            "occurred_at": "2026-10-01T12:00:00Z",
            "location": "Café",
        },
    )
    await b.create(
        "conversation",
        {
            "parent_id": a,
            "channel": "call",
            "summary": "Caught up",
            "occurred_at": "2026-11-01T18:30:00Z",
            "duration_minutes": 25,
            "sentiment": "positive",
        },
    )
    await b.create(
        "custom_field",
        {"parent_id": a, "label": "Shoe size", "value": "39", "kind": "number", "position": 1},
    )
    await b.create(
        "gift",
        {
            "parent_id": bb,
            "title": "Book",
            "status": "idea",
            "price": 24.5,
            "currency": "EUR",
            "url": "https://books.example/x",
            "date": "--12-24",
        },
    )
    await b.create(
        "journal_entry",
        {
            "title": "A good day",
            "body": "Sun",
            "mood": "great",
            "tags": ["walk"],
            "entry_date": "2026-11-02",
        },
    )
    await b.create(
        "life_event",
        {
            "parent_id": a,
            "kind": "new_job",
            "title": "Started at Fjord",
            "occurred_at": "2020-04-01",
            "recurring": True,
        },
    )
    note = await b.create(
        "note", {"parent_id": c, "body": "=SUM(A1:A9) is not a formula", "pinned": True}
    )
    await b.create("pet", {"parent_id": bb, "name": "Rex", "species": "dog", "born_at": "2019"})
    await b.create(
        "relationship",
        {"parent_id": a, "target_id": bb, "kind": "mentor", "label": "thesis", "since": "2015"},
    )
    await b.create("reminder", {"parent_id": bb, "due_date": "2026-12-01", "message": "Call Bob"})
    await b.set_archived("contact", c, True)
    await b.set_archived("note", note["id"], True)
    return {"ann": ann, "bob": bob, "cara": cara}
