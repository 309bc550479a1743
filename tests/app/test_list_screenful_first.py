"""A new query reads the rows on screen first, then the rest of its page (issue 14's
filter keystroke at 100k): the list must still end up with whole pages, the count and
every row in order, and typing in the filter box must keep the box's text scrolling."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from textual.widgets import Input

from friendship_tui.app import make_app
from friendship_tui.app.widgets import contact_pages
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.app.widgets.filter_input import FilterInput
from friendship_tui.store.local import LocalBackend, Store

from .conftest import SIZE, settings, wait_for

N = 250  # two and a half pages of 100: the screenful (~30 rows) is a part of page 0


@pytest.fixture
async def big_backend(tmp_path: Path) -> AsyncIterator[LocalBackend]:
    store = Store.open(tmp_path / "book.db")
    rows = [("contact", {"name": f"Mara {i:03d}" if i % 2 else f"Bob {i:03d}"}) for i in range(N)]
    store.import_rows("me", rows)
    store.close()
    backend = LocalBackend(Store.open(tmp_path / "book.db"), owns_store=True)
    contact_pages.SLOW.clear()  # a slow read in another test sends its kind away
    yield backend
    await backend.close()


async def test_the_screenful_comes_first_then_the_whole_page(big_backend: LocalBackend) -> None:
    app = make_app(big_backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        assert 0 < lst.size.height < lst.page_size  # the quick read is taken
        await wait_for(pilot, lambda: len(lst._pages.get(0, [])) == lst.page_size, "page 0")
        await pilot.press("slash", *"mara")
        await wait_for(pilot, lambda: lst.loaded and lst.total == N // 2, "filtered list")
        # the rest of page 0 follows the screenful: every row of it, in name order
        await wait_for(pilot, lambda: len(lst._pages.get(0, [])) == lst.page_size, "page 0")
        names = [str(c["name"]) for c in lst._pages[0]]
        assert names == [f"Mara {i:03d}" for i in range(1, 2 * lst.page_size, 2)]
        assert lst.highlighted is not None and lst.highlighted["name"] == "Mara 001"
        lst.focus()
        await pilot.press("end")  # the last page is read when the cursor lands there
        await wait_for(
            pilot,
            lambda: lst.highlighted is not None and lst.highlighted["name"] == "Mara 249",
            "the last match",
        )


async def test_the_filter_box_scrolls_its_text(big_backend: LocalBackend) -> None:
    """The box sets its virtual size without a layout (filter_input.py): a text wider
    than the box still scrolls so the cursor stays in view."""
    app = make_app(big_backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.query_one("#filter", Input)
        assert isinstance(box, FilterInput)
        await pilot.press("slash", *("x" * (box.size.width + 20)))
        await wait_for(pilot, lambda: box.scroll_x > 0, "the box scrolled")
        assert box.virtual_size.width == box.content_width


async def test_rows_asked_for_while_the_rest_of_page_0_waits_still_come(
    big_backend: LocalBackend,
) -> None:
    """A keystroke's screenful lands on the loop and the rest of page 0 follows on a timer
    (``REST_OF_PAGE_AFTER``). If the person jumps to the end before it fires, the last
    page's read is under way when the timer starts its own (an exclusive worker: the
    jump's read is cancelled). The last rows must still come: they were left marked as
    asked for, so every later frame's ask was dropped and the rows stayed "…" for good."""
    app = make_app(big_backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        lst.set_spec(replace(lst.spec, q="mara"))  # as the filter box does: rows read inline
        assert lst.loaded and lst._rest_timer is not None and lst._short(0)
        generation = lst.generation
        lst.focus()
        lst.action_jump(-1)  # "end" before the rest of page 0 was read
        top = int(lst.scroll_y)
        assert lst._row(lst.cursor) is None
        lst._want(top, top + lst.size.height)  # what the jump's frame asks for
        assert lst._wanted
        # ... and the rest-of-page timer fires while that read is under way
        lst._rest_timer.stop()
        lst._rest_of_first_page(generation)
        await wait_for(
            pilot,
            lambda: lst.highlighted is not None and lst.highlighted["name"] == "Mara 249",
            "the last match after the rest of page 0",
        )
        await wait_for(pilot, lambda: not lst._short(0), "the whole of page 0")
