"""A list page's plan (``fast_reads.plan_for``) is compiled once per shape and reused;
what it reads is never kept: each page is read from the book, page and total in one
statement. An empty page (which carries no total) still has its total, an
``owned_by`` filter is planned per asker, and a write shows on the next page read.
``test_fast_reads.py`` holds the pages to the SQLAlchemy path's answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_files import fresh_db

from friendship_tui.schema import ListQuery
from friendship_tui.store import fast_reads, quick_reads
from friendship_tui.store.columns import WIRE_COLUMNS
from friendship_tui.store.local import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    path = fresh_db(tmp_path / "book.db")
    s = Store.open(path)
    for i in range(5):
        s.create("me", "contact", {"name": f"Me {i}", "city": "Oslo" if i % 2 else "Rome"})
    for i in range(3):
        s.create("other", "contact", {"name": f"Other {i}"})
    s.close()
    opened = Store.open(path)
    assert opened.book is not None  # the plain sqlite3 way
    yield opened
    opened.close()


def test_a_plan_is_made_once_per_shape_whatever_the_offset() -> None:
    first = fast_reads.plan_for("contact", ListQuery(limit=2, offset=0), "me")
    again = fast_reads.plan_for("contact", ListQuery(limit=2, offset=4), "me")
    assert isinstance(first, fast_reads.PagePlan)
    assert again is first
    assert fast_reads.plan_for("contact", ListQuery(limit=3), "me") is not first


@pytest.mark.parametrize(
    "filters", [{}, {"city": ["Oslo"]}, {"is_archived": ["true", "false"]}], ids=str
)
def test_a_page_past_the_end_still_has_its_total(
    store: Store, filters: dict[str, list[str]]
) -> None:
    whole = store.list("me", "contact", ListQuery(filters=filters, limit=50))
    assert whole.total == len(whole.items) > 0
    past = ListQuery(filters=filters, limit=2, offset=len(whole.items))
    page = store.list("me", "contact", past)
    assert page.items == [] and page.total == whole.total
    # the server's quick read (a connection with a budget) answers the same
    assert quick_reads.list_now(store, "me", "contact", past) == page


def test_an_owned_by_filter_is_planned_per_asker(store: Store) -> None:
    mine = ListQuery(filters={"owned_by": ["me"]})
    assert store.list("me", "contact", mine).total == 5
    # the same query from someone else holds nothing (not their own rows, not mine)
    theirs = store.list("other", "contact", mine)
    assert theirs.items == [] and theirs.total == 0
    assert store.list("other", "contact", ListQuery(filters={"owned_by": ["other"]})).total == 3


def test_a_write_shows_on_the_next_page_read(store: Store) -> None:
    query = ListQuery(filters={"city": ["Oslo"]}, sort="name")
    before = store.list("me", "contact", query)
    made = store.create("me", "contact", {"name": "Aaron", "city": "Oslo"})
    after = store.list("me", "contact", query)
    assert before.total is not None
    assert after.total == before.total + 1
    assert after.items[0] == made
    plain = store.list("me", "contact")
    assert plain.total is not None
    store.set_archived("me", "contact", str(made["id"]), True)
    assert store.list("me", "contact").total == plain.total - 1


@pytest.mark.parametrize(
    ("flags", "archived"), [([], {False}), (["true"], {True}), (["true", "false"], {False, True})]
)
def test_columns_a_page_does_not_read_hold_the_query_s_values(
    store: Store, flags: list[str], archived: set[bool]
) -> None:
    """The owner and the archive flag a query decides are filled in, not read; the
    objects are the stored ones all the same, keys in wire order."""
    first = store.list("me", "contact", ListQuery(sort="name")).items[0]
    store.set_archived("me", "contact", str(first["id"]), True)
    query = ListQuery(filters={"is_archived": flags} if flags else {}, limit=50)
    page = store.list("me", "contact", query)
    assert {o["is_archived"] for o in page.items} == archived
    assert {o["owned_by"] for o in page.items} == {"me"}
    for obj in page.items:
        assert list(obj) == WIRE_COLUMNS["contact"]
        assert obj == store.get("me", "contact", str(obj["id"]))
