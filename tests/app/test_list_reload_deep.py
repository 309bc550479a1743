"""A new query typed with the list scrolled deep into the old one still lands its first
page: the read goes to the worker when it is not quick (a loaded machine, a cold book,
a remote profile), and the next frame, still at the old scroll position, asks for the
rows there; that ask must not cancel the first page's read, which is what places the
cursor, scrolls to the top and counts the matches (the bench's keystroke once waited
30 s on it: rows for "m" typed after a jump to contact 50,000 never landed)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest

from friendship_tui.app import make_app
from friendship_tui.app.widgets import contact_pages
from friendship_tui.app.widgets.contact_list import ContactList
from friendship_tui.store.local import LocalBackend, Store

from .conftest import SIZE, settings, wait_for

N = 300  # three pages of 100, every one a match for "mara"


@pytest.fixture
async def mara_backend(tmp_path: Path) -> AsyncIterator[LocalBackend]:
    store = Store.open(tmp_path / "book.db")
    store.import_rows("me", [("contact", {"name": f"Mara {i:03d}"}) for i in range(N)])
    store.close()
    backend = LocalBackend(Store.open(tmp_path / "book.db"), owns_store=True)
    contact_pages.SLOW.clear()
    yield backend
    await backend.close()
    contact_pages.SLOW.clear()  # the kinds sent to the worker here: not another test's


async def test_a_filter_typed_deep_in_the_list_lands_its_first_page(
    mara_backend: LocalBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(mara_backend, settings())
    async with app.run_test(size=SIZE) as pilot:
        lst = app.screen.query_one(ContactList)
        await wait_for(pilot, lambda: lst.loaded and lst.total == N, "all contacts")
        lst.focus()
        await pilot.press("end")
        await wait_for(
            pilot,
            lambda: lst.highlighted is not None and lst.highlighted["name"] == "Mara 299",
            "the last contact",
        )
        assert lst.scroll_y > 2 * lst.page_size  # the rows in view are all on page 2
        monkeypatch.setattr(contact_pages, "NOW_STEPS", 0)  # the read goes to the worker
        lst.set_spec(replace(lst.spec, q="mara"))  # as the filter box does
        assert not lst.loaded
        lst.render_line(0)  # the next frame: the old position's rows, not loaded
        await wait_for(pilot, lambda: lst.loaded, "the new query's first page")
        await wait_for(
            pilot,
            lambda: lst.highlighted is not None and lst.highlighted["name"] == "Mara 000",
            "the cursor on the first match",
        )
        assert lst.scroll_y == 0 and lst.cursor == 0 and lst.counted == N
