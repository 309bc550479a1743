"""Broad full-text queries (more hits than reads.BROAD_MATCHES) take the index-walking
path: same answers, name order."""

from __future__ import annotations

import pytest

from friendship_tui.schema import ListQuery
from friendship_tui.store.local import Store
from friendship_tui.store.reads import BROAD_MATCHES


@pytest.fixture
def store(any_store: Store) -> Store:
    """Every test here runs on SQLite and on PostgreSQL (tests/store/conftest.py)."""
    return any_store


def test_broad_query_same_answers(store: Store) -> None:
    n = BROAD_MATCHES + 50
    rows = [("contact", {"name": f"Broad Person {i:03d}", "tags": ["b"]}) for i in range(n)]
    rows += [("contact", {"name": "Narrow One"}), ("contact", {"name": "Broadway Fan"})]
    store.import_rows("me", rows)
    store.import_rows("other", [("contact", {"name": "Broad Stranger"})])
    first = store.list("me", "contact", ListQuery(q="broad", limit=5)).items[0]
    store.set_archived("me", "contact", str(first["id"]), True)

    hits = store.search("me", "broad", limit=30)
    names = [str(c["name"]) for c in hits]
    assert names == sorted(names, key=str.lower)
    assert names[0] == "Broad Person 001"  # 000 is archived
    assert all(name.startswith("Broad") for name in names)

    page = store.list("me", "contact", ListQuery(q="broad", limit=50, offset=200))
    assert page.total == n  # n + Broadway Fan - the archived one
    assert [c["name"] for c in page.items][-1] == "Broadway Fan"
    assert len(page.items) == 50
    descending = store.list("me", "contact", ListQuery(q="broad", sort="-name", limit=3))
    assert [c["name"] for c in descending.items] == [
        "Broadway Fan",
        f"Broad Person {n - 1:03d}",
        f"Broad Person {n - 2:03d}",
    ]
    narrow = store.list("me", "contact", ListQuery(q="broad", filters={"tags": ["b"]}, limit=1))
    assert narrow.total == n - 1
