"""A filter keystroke's first rows are read on the event loop when that is quick
(``read_contacts_now``, issue 14's keystroke at 100k) and by the worker otherwise: both
ways give the same rows, count and snoozes, and a read past its budget of SQLite steps
falls back to the worker."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input

from friendship_tui.app import AppSettings, make_app
from friendship_tui.app.widgets import contact_pages
from friendship_tui.app.widgets.contact_list import ContactList, ListSpec
from friendship_tui.app.widgets.contact_pages import read_contacts, read_contacts_now
from friendship_tui.store.local import LocalBackend, Store
from friendship_tui.store.snoozes import set_snooze

from .conftest import SIZE, TODAY, wait_for

N = 240


@pytest.fixture
async def big_backend(tmp_path: Path) -> AsyncIterator[LocalBackend]:
    store = Store.open(tmp_path / "book.db")
    long_ago = (TODAY - timedelta(days=60)).isoformat()
    rows = [
        (
            "contact",
            {
                "name": f"Mara {i:03d}" if i % 3 else f"Bob {i:03d}",
                "favorite": i % 4 == 0,
                "stay_in_touch_frequency": "weekly" if i % 5 == 0 else None,
                "last_contacted_at": long_ago,
            },
        )
        for i in range(N)
    ]
    store.import_rows("me", rows)
    store.close()
    backend = LocalBackend(Store.open(tmp_path / "book.db"), owns_store=True)
    # a due person snoozed: the list's marker reads the snoozes with the page
    due = (await backend.list("contact", ListSpec(q="Mara 010").query(5, 0))).items[0]
    await set_snooze(backend, str(due["id"]), TODAY + timedelta(days=9))
    contact_pages.SLOW.clear()  # a slow read in another test sends its kind away
    yield backend
    await backend.close()


SPECS = [
    ListSpec(),
    ListSpec(q="mara"),
    ListSpec(q="ma"),
    ListSpec(q="mara 01"),
    ListSpec(q="bob", favorites=True),
    ListSpec(q="m", sort="-last_contacted_at"),
    ListSpec(q="nobody"),
    ListSpec(archived=True, sort="birthday"),
]


@pytest.mark.parametrize("spec", SPECS, ids=repr)
async def test_the_loop_and_the_worker_read_the_same_rows(
    big_backend: LocalBackend, spec: ListSpec
) -> None:
    for limit, offset in ((30, 0), (100, 0), (100, 100)):
        query = spec.query(limit, offset)
        now = read_contacts_now(big_backend, query, TODAY)
        assert now is not None  # small enough for the budget
        page, snoozes = await read_contacts(big_backend, query, TODAY)
        assert [c["id"] for c in now[0].items] == [c["id"] for c in page.items]
        assert now[0].items == page.items
        assert now[0].total == page.total
        assert now[1] == snoozes


async def test_the_snoozes_come_with_the_rows(big_backend: LocalBackend) -> None:
    now = read_contacts_now(big_backend, ListSpec(q="mara 010").query(30, 0), TODAY)
    assert now is not None
    (due,) = now[0].items
    assert now[1] == {str(due["id"]): TODAY + timedelta(days=9)}


async def test_a_read_past_its_budget_is_left_to_the_worker(big_backend: LocalBackend) -> None:
    query = ListSpec(q="ma").query(100, 0)
    assert read_contacts_now(big_backend, query, TODAY, steps=1000) is None
    # the kind that ran out goes to the thread for a while, then is tried again
    for _ in range(contact_pages.SLOW.skips):
        assert read_contacts_now(big_backend, query, TODAY) is None
    assert read_contacts_now(big_backend, query, TODAY) is not None


async def typed_rows(backend: LocalBackend, text: str) -> tuple[bool, list[str], int]:
    """(landed in the keystroke's own call, the names in the list, its count)."""
    app = make_app(backend, AppSettings.fixed(TODAY, start_screen="contacts", filter_debounce=0))
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        box = app.screen.query_one("#filter", Input)
        box.value = text  # the screen's watcher runs in this call
        at_once = lst.loaded
        await wait_for(pilot, lambda: lst.loaded and lst.spec.q == text, "filtered")
        await wait_for(pilot, lambda: not lst._short(0), "the whole first page")
        return at_once, [str(c["name"]) for c in lst._pages[0]], lst.total


async def test_typing_shows_the_same_rows_either_way(
    big_backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    inline = await typed_rows(big_backend, "mara")
    monkeypatch.setattr(contact_pages, "NOW_STEPS", 0)  # every read past the budget
    threaded = await typed_rows(big_backend, "mara")
    assert inline[0] and not threaded[0]  # on the loop in the keystroke, else the worker
    assert inline[1:] == threaded[1:]
    assert inline[2] == N - N // 3  # every Mara
    assert inline[1][:3] == ["Mara 001", "Mara 002", "Mara 004"]


async def test_focusing_the_filter_readies_its_quick_reads(big_backend: LocalBackend) -> None:
    """The first keystroke's read finds a warm connection (schema parsed, search index
    open): the filter box's focus opens it in a thread."""
    book = big_backend.store.book
    assert book is not None
    app = make_app(big_backend, AppSettings.fixed(TODAY, start_screen="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        await pilot.pause()
        idle, book._brief[:] = list(book._brief), []  # no quick-read connection open
        for conn, _budget in idle:
            conn.close()
        await pilot.press("slash")
        await wait_for(pilot, lambda: len(book._brief) == 1, "a warm connection")
        assert lst.spec.q == ""  # warming up shows nothing
        await pilot.press(*"mara")
        await wait_for(pilot, lambda: lst.loaded and lst.spec.q == "mara", "filtered")
        assert len(book._brief) == 1  # the keystrokes read on the warm one


async def test_a_key_filters_in_its_own_call_with_the_default_settings(
    big_backend: LocalBackend,
) -> None:
    """No wait between a filter key and its query unless a setting asks for one: a
    120 ms debounce once held every key, which made a real terminal's key to results
    129 ms at 100k against the 16 allowed (bench/tmux_key_bench.py), while the pilot
    bench, which turned it off, said 6."""
    assert AppSettings().filter_debounce == 0
    app = make_app(big_backend, AppSettings.fixed(TODAY, start_screen="contacts"))
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        app.screen.query_one("#filter", Input).value = "mara"  # as a key changes it
        assert lst.spec.q == "mara" and lst.loaded  # the query ran and its rows landed
        assert lst.total == N - N // 3
