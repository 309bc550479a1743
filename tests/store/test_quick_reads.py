"""Quick reads (the server's loop asks these first): the store's own answers when they
fit in their budget of SQLite steps; otherwise nothing, at once, with nothing changed
(no fault recorded, the connection back as it was) so the caller reads in a thread."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from store_files import fresh_db

from friendship_tui.schema import MODELS, ListQuery
from friendship_tui.store import quick_reads
from friendship_tui.store.errors import NotFound, ValidationError
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

COSTLY = ListQuery(sort="birthday", limit=5)  # computed per row, then sorted: many steps


@pytest.fixture
def path(tmp_path: Path) -> Path:
    book = fresh_db(tmp_path / "book.db")
    made = Store.open(book)
    made.import_rows("me", sample_rows(120, date(2026, 6, 1), seed=3), keep_ids=True)
    made.close()
    return book


@pytest.fixture
def store(path: Path) -> Iterator[Store]:
    quick_reads.SLOW.clear()  # what earlier tests ran out on is not this book's
    opened = Store.open(path)
    assert opened.book is not None  # a current book: read on plain sqlite3
    yield opened
    opened.close()


def test_quick_reads_answer_as_the_store_does(store: Store) -> None:
    for type_, model in MODELS.items():
        for query in (None, ListQuery(limit=3, offset=2), ListQuery(sort="-" + model.sort_keys[0])):
            assert quick_reads.list_now(store, "me", type_, query) == store.list("me", type_, query)
            assert quick_reads.list_now(store, "nobody", type_, query) == store.list(
                "nobody", type_, query
            )
        for obj in store.list("me", type_, ListQuery(limit=3)).items:
            assert quick_reads.get_now(store, "me", type_, str(obj["id"])) == obj
    with pytest.raises(NotFound):
        quick_reads.get_now(store, "me", "contact", "01NOSUCHID")
    with pytest.raises(ValidationError) as bad:
        quick_reads.list_now(store, "me", "contact", ListQuery(sort="nope"))
    assert "sort" in bad.value.fields


def test_a_search_is_left_to_a_thread(store: Store) -> None:
    assert store.list("me", "contact", ListQuery(q="a")).items
    assert quick_reads.list_now(store, "me", "contact", ListQuery(q="a")) is None


def test_a_read_past_its_budget_gives_up_and_leaves_the_connection_as_it_was(
    store: Store,
) -> None:
    assert store.book is not None
    assert quick_reads.list_now(store, "me", "contact", COSTLY, budget=1) is None
    assert not store.book.faulted
    with store.book.read() as db:  # the ordinary reads' connections keep their timeout
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == store.book.timeout_ms
    # no progress handler left behind: the same read, unbounded, runs to the end
    assert store.list("me", "contact", COSTLY).total == 120


def test_a_kind_of_read_that_ran_out_goes_to_a_thread_for_the_next_few(store: Store) -> None:
    assert quick_reads.list_now(store, "me", "contact", COSTLY, budget=1) is None
    # the same kind (sort, filters, offset's magnitude), within budget now: sent away
    for _ in range(quick_reads.SLOW.skips):
        assert quick_reads.list_now(store, "me", "contact", COSTLY) is None
    assert quick_reads.list_now(store, "me", "contact", COSTLY) == store.list(
        "me", "contact", COSTLY
    )
    # another kind was never affected
    assert quick_reads.list_now(store, "me", "contact", None) is not None
    # the quick reads' own connection, reused: each read starts with its whole budget
    for _ in range(3):
        assert quick_reads.list_now(store, "me", "contact", None, budget=5_000) is not None
