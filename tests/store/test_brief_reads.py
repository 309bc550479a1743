"""Brief reads (the app's event loop asks these for a filter keystroke): the store's own
pages, searches included, when they fit in their budget of SQLite steps; otherwise
nothing, with the connection back as it was, so the caller reads in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from store_files import fresh_db

from friendship_tui.schema import ListQuery
from friendship_tui.store.base import Page
from friendship_tui.store.brief_reads import Lister, read_briefly
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

PLENTY = 10_000_000


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    book = fresh_db(tmp_path / "book.db")
    made = Store.open(book)
    made.import_rows("me", sample_rows(150, date(2026, 6, 1), seed=5), keep_ids=True)
    made.close()
    opened = Store.open(book)
    assert opened.book is not None
    yield opened
    opened.close()


QUERIES = [
    ("contact", ListQuery(q="a", limit=30)),
    ("contact", ListQuery(q="ma", sort="-last_contacted_at", limit=10, offset=5)),
    ("contact", ListQuery(q="nobodyatall")),
    ("contact", ListQuery(filters={"favorite": ["true"]}, sort="birthday")),
    ("custom_field", ListQuery(sort="created_at", limit=50)),
]


@pytest.mark.parametrize(("type_", "query"), QUERIES, ids=repr)
def test_brief_reads_answer_as_the_store_does(store: Store, type_: str, query: ListQuery) -> None:
    def both(list_: Lister) -> Page:
        return list_(type_, query)

    assert read_briefly(store, "me", PLENTY, both) == store.list("me", type_, query)
    assert read_briefly(store, "nobody", PLENTY, both) == store.list("nobody", type_, query)


def test_past_the_budget_nothing_is_read(store: Store) -> None:
    query = ListQuery(q="a", limit=100)
    assert read_briefly(store, "me", 1000, lambda list_: list_("contact", query)) is None
    # the connection is back, usable, its budget reset: the next read answers in full
    again = read_briefly(store, "me", PLENTY, lambda list_: list_("contact", query))
    assert again == store.list("me", "contact", query)


def test_a_read_fast_reads_does_not_spell_is_left_to_a_thread(store: Store) -> None:
    tagged = ListQuery(filters={"tags": ["work"]})
    assert store.list("me", "contact", tagged).total is not None  # the store answers it
    assert read_briefly(store, "me", PLENTY, lambda list_: list_("contact", tagged)) is None
