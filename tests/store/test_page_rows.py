"""A page's objects are made inside its one statement (``store/page_rows.py``): one
statement per page, an empty page too; the objects in list order and no row outside
the page made, whatever the sort (an index's order or SQLite's own sorting); a
connection that never read a page before learns the function; an object that cannot
be made raises its own error, not SQLite's "the aggregate failed".
``test_fast_reads.py`` holds every page to the SQLAlchemy path's answers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from store_files import fresh_db

from friendship_tui.schema import ListQuery
from friendship_tui.store import fast_reads, reads
from friendship_tui.store.local import Store

TODAY = date(2026, 11, 25)
NAMES = ["delta", "Alpha", "charlie", "Bravo", "echo", "foxtrot", "golf"]


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Path]:
    path = fresh_db(tmp_path / "book.db")
    store = Store.open(path)
    for i, name in enumerate(NAMES):
        birthday = ["--12-05", "1985", "1990-01-10", None, "--02-29", "2000-11-30", None][i]
        store.create("me", "contact", {"name": name, "birthday": birthday, "tags": ["x"]})
    store.create("other", "contact", {"name": "Zulu"})
    store.close()
    yield path


def statements(path: Path, query: ListQuery) -> tuple[fast_reads.Page | None, list[str]]:
    """``list_page`` on a connection that never read a page, and what it ran."""
    db = sqlite3.connect(path, isolation_level=None)
    ran: list[str] = []
    db.set_trace_callback(ran.append)
    try:
        return fast_reads.list_page(db, "me", "contact", query, TODAY), ran
    finally:
        db.close()


@pytest.mark.parametrize("offset", [0, 3, 7, 50])
def test_a_page_and_its_total_are_one_statement_an_empty_page_too(book: Path, offset: int) -> None:
    page, ran = statements(book, ListQuery(sort="name", limit=3, offset=offset))
    assert page is not None and page.total == len(NAMES)
    expected = sorted(NAMES, key=str.lower)[offset : offset + 3]
    assert [o["name"] for o in page.items] == expected
    # no BEGIN/ROLLBACK, no second read for the total of an empty page
    assert [s for s in ran if not s.startswith("PRAGMA")] == [ran[-1]]
    assert ran[-1].startswith("SELECT")


@pytest.mark.parametrize("sort", ["name", "-name", "birthday", "-birthday", "-updated_at"])
def test_the_objects_come_in_list_order_and_only_the_page_s(book: Path, sort: str) -> None:
    """By next birthday or by time (``updated_at``) no index has the order: SQLite
    sorts, and still only the page's rows are made objects."""
    store = Store.open(book)
    try:
        for offset in range(0, len(NAMES) + 1, 2):
            query = ListQuery(sort=sort, limit=2, offset=offset)
            page, _ = statements(book, query)
            with store.read() as conn:
                slow = reads.list_objects(conn, "me", "contact", query, TODAY)
            assert page == slow
            assert len(page.items) == min(2, len(NAMES) - offset)
    finally:
        store.close()


def test_an_object_that_cannot_be_made_raises_its_own_error(book: Path) -> None:
    """Tag text that is no JSON (a book damaged outside the app: the tag index's
    trigger is gone) raises the JSON error, as reading the row the ordinary way does."""
    with sqlite3.connect(book) as db:
        db.execute("DROP TRIGGER contact_tags_index_au")
        db.execute("UPDATE contact SET tags = '[not json' WHERE name = 'Bravo'")
    db.close()
    store = Store.open(book)
    try:
        with pytest.raises(json.JSONDecodeError):
            store.list("me", "contact", ListQuery(sort="name"))
        # the page before it is unharmed, and the connection reads on
        assert [o["name"] for o in store.list("me", "contact", ListQuery(limit=1)).items] == [
            "Alpha"
        ]
    finally:
        store.close()
