"""A broad search whose hits sit late in name order ("sar" at 100k: Sara, Sarah, ...
begin four fifths of the way down) walks no further than listing the hits would
cost, then lists them (``search_plan.walk_bound``): a person typing "sar" or "tom"
waited 12-15 ms for what the hits answer in ~2.

The book here has the same shape at a size a test can build: thousands of names
before the first "Sar...", one early hit ("Abe Sarif") so the first answer is not
simply the cluster, and a few after it. Each answer is held to the rule written out in
Python, and the work to SQLite's own count of its steps against the walk to the end.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from friendship_tui.schema import ListQuery
from friendship_tui.store import fast_reads, reads, search_plan
from friendship_tui.store.fts import match_expression
from friendship_tui.store.local import Store

FIRST = ["Aaron", "Bea", "Cleo", "Dmitri", "Edith", "Farid", "Gus", "Hana"]
LAST = ["Abbott", "Lind", "Moreno", "Young"]
FILLER = 12_000  # names before the cluster, none with a word starting "sar"
CLUSTER = 250  # "Sarah Young NNN": more hits than BROAD_MATCHES, all late
TODAY = date(2026, 11, 25)


def _nocase(name: str) -> str:
    return "".join(chr(ord(c) + 32) if "A" <= c <= "Z" else c for c in name)


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[str]]]:
    """The book's file and its contacts' names in the order made (``seq``)."""
    path = tmp_path_factory.mktemp("walk") / "book.db"
    names = [f"{FIRST[i % 8]} {LAST[(i // 8) % 4]} {i:04d}" for i in range(FILLER)]
    names += ["Abe Sarif"]
    names += [f"Sarah Young {i:03d}" for i in range(CLUSTER)]
    names += [f"Zed Sarn {i}" for i in range(10)]
    store = Store.open(path)
    store.import_rows("me", [("contact", {"name": n}) for n in names])
    store.close()
    yield path, names


def _expected(names: list[str], word: str) -> list[str]:
    """The rule: a word of the name starts with ``word``; name order (NOCASE, then
    creation), the order ``names`` were made in."""
    hits = [n for n in names if any(w.casefold().startswith(word) for w in n.split())]
    return sorted(hits, key=_nocase)  # (stable: creation order breaks ties)


def _steps(db: sqlite3.Connection, read: Any) -> tuple[Any, int]:
    """What ``read()`` returns, and the steps of SQLite's machine it took (hundreds)."""
    count = [0]

    def tick() -> int:
        count[0] += 1
        return 0

    db.set_progress_handler(tick, 100)
    try:
        return read(), count[0]
    finally:
        db.set_progress_handler(None, 0)


def test_the_budget_is_what_listing_the_hits_costs(book: tuple[Path, list[str]]) -> None:
    path, names = book
    hits = len(_expected(names, "sar"))
    rows = len(names)
    db = sqlite3.connect(path)
    try:
        run = lambda sql, args: db.execute(sql, args).fetchall()  # noqa: E731
        stop = search_plan.walk_bound(run, "me", hits, 20, rows)
        # the name that many rows down: far short of the cluster
        assert stop == sorted(names, key=_nocase)[20 + search_plan.WALK_PER_HIT * hits]
        assert _nocase(stop) < _nocase("Abe Sarif") or _nocase(stop) < "sarah"
        # a budget past the first quarter of the rows: walk to the end
        assert search_plan.walk_bound(run, "me", rows // 10, 20, rows) is None
    finally:
        db.close()


@pytest.mark.parametrize("word", ["sar", "sarah", "SAR"])
def test_a_late_cluster_is_found_in_name_order_with_a_fraction_of_the_walk(
    book: tuple[Path, list[str]], word: str
) -> None:
    path, names = book
    expected = _expected(names, word.casefold())
    assert len(expected) > search_plan.BROAD_MATCHES  # a broad answer: name order
    db = sqlite3.connect(path)
    try:
        found, bounded = _steps(db, lambda: search_plan.search(db, "me", word, 20))
        expr = match_expression(word)
        walk_sql = search_plan.name_order_sql(False)
        walked, to_the_end = _steps(db, lambda: db.execute(walk_sql, ("me", expr, 20)).fetchall())
    finally:
        db.close()
    assert [c["name"] for c in found] == expected[:20]
    assert [row[search_plan.WIRE_COLUMNS["contact"].index("name")] for row in walked] == (
        expected[:20]
    )
    assert bounded * 3 < to_the_end, (bounded, to_the_end)  # hundreds of steps each


def test_sqlalchemy_takes_the_same_plan(book: tuple[Path, list[str]]) -> None:
    """``reads.search`` through SQLAlchemy runs ``search_plan.found_rows`` too."""
    path, names = book
    store = Store.open(path)
    try:
        with store.read() as conn:
            slow = reads.search(conn, "me", "sar", 20)
        assert [c["name"] for c in slow] == _expected(names, "sar")[:20]
        assert store.search("me", "sar", 20) == slow
    finally:
        store.close()


@pytest.mark.parametrize("sort", ["name", "-name"])
@pytest.mark.parametrize(("limit", "offset"), [(34, 0), (34, 100), (100, 200), (34, 240)])
def test_list_pages_of_a_late_cluster(
    book: tuple[Path, list[str]], sort: str, limit: int, offset: int
) -> None:
    """The list's ``q=`` (``fast_search``): the rule's page and total, as SQLAlchemy's
    ``reads.list_objects`` (which walks to the end) gives them, in either direction, a
    page past the walk's budget too."""
    path, names = book
    expected = _expected(names, "sar")
    if sort == "-name":
        expected = sorted(expected, key=lambda n: (_nocase(n), names.index(n)), reverse=True)
    store = Store.open(path)
    query = ListQuery(q="sar", sort=sort, limit=limit, offset=offset)
    try:
        with store.raw_read() as db:
            assert db is not None
            fast = fast_reads.list_page(db, "me", "contact", query, TODAY)
        with store.read() as conn:
            slow = reads.list_objects(conn, "me", "contact", query, TODAY)
    finally:
        store.close()
    assert fast is not None  # (None: a query the fast path does not cover)
    assert fast.total == len(expected)
    assert [c["name"] for c in fast.items] == expected[offset : offset + limit]
    assert fast == slow


def test_a_list_page_of_a_late_cluster_takes_a_fraction_of_the_walk(
    book: tuple[Path, list[str]],
) -> None:
    path, _names = book
    store = Store.open(path)
    query = ListQuery(q="sar", limit=34)
    try:
        with store.raw_read() as db:
            assert db is not None
            page, bounded = _steps(
                db, lambda: fast_reads.list_page(db, "me", "contact", query, TODAY)
            )
            search_plan.WALK_PER_HIT, kept = 10**6, search_plan.WALK_PER_HIT  # no budget
            try:
                unbounded_page, to_the_end = _steps(
                    db, lambda: fast_reads.list_page(db, "me", "contact", query, TODAY)
                )
            finally:
                search_plan.WALK_PER_HIT = kept
    finally:
        store.close()
    assert page == unbounded_page
    assert bounded * 3 < to_the_end, (bounded, to_the_end)
