"""Look-alike indexes each serve a read no other index can (issue 14): none is dropped.

A book has ~130 indexes and every imported or written row pays for each, so some
look droppable: ``ix_<m>_keyset`` (owner, created_at, id) beside ``ix_<m>_s_created_at``
(owner, archived, created_at, id), ``ix_<m>_updated`` (owner, updated_at) beside
``ix_<m>_s_updated_at``, ``ix_<m>_ref_parent_id`` (parent) beside ``ix_<m>_f_parent_id``
(owner, parent, archived). Each serves a read the other cannot: a page of one archive
state by creation or change (the ``s_`` ones), a sync's first walk
(both archive states in ``(created_at, id)`` order, paged by keyset), an incremental
pull (rows changed since a time, archived ones too), a list of both archive states by
``updated_at``, a contact's children and their count, and SQLite's foreign-key check
when a contact is deleted (it looks children up by ``parent_id`` alone: without an
index that starts with it, every child table is scanned per deleted contact).

The store's own SQL for each is captured as it runs on a real book and SQLite's plan
for it is read back, on a book never analysed (a small one: no skip-scan) and on an
analysed one: no table scanned, no page sorted in a temporary b-tree, and each
narrow read seeks on its own column. Dropping any of those indexes fails here.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from friendship_tui.schema import CHILD_TYPES, MODELS, ListQuery
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

TODAY = date(2026, 11, 27)
OWNER = "me"
LATELY = "2099-01-01T00:00:00Z"  # after every row was written: nothing changed since
UPDATED_SORTED = [m for m in MODELS if "updated_at" in MODELS[m].sort_keys]


def _trace(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every statement the store's SQLite connections run from now on, values bound.

    Only observes: each connection the store opens is the real one, with a trace
    callback (``sqlite3``'s own hook) that records what it executes."""
    seen: list[str] = []
    connect = sqlite3.connect

    def tracing(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = connect(*args, **kwargs)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracing)
    monkeypatch.setattr(sqlite3.dbapi2, "connect", tracing)
    return seen


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plans") / "book.db"
    store = Store.open(path)
    try:
        store.tx_listeners.clear()
        store.import_rows(OWNER, sample_rows(12, TODAY, seed=3), keep_ids=True)
        # the sample writes a journal entry for every few contacts: enough of them that
        # the analysed planner does not read the whole table as cheaper than any index
        diary = [("journal_entry", {"id": f"j{i:02d}", "title": f"Day {i}"}) for i in range(20)]
        store.import_rows(OWNER, diary, keep_ids=True)
        for name in MODELS:
            page = store.list(OWNER, name, ListQuery(limit=2))
            for obj in page.items[:1]:
                store.set_archived(OWNER, name, str(obj["id"]), True)
        victim = store.list(OWNER, "contact", ListQuery(limit=1, offset=3)).items[0]
        store.delete(OWNER, "contact", str(victim["id"]))  # tombstones of every type
    finally:
        store.close()
    return path


def _plan(db: sqlite3.Connection, analysed: bool) -> Callable[[str], list[str]]:
    """SQLite's plan of a statement on ``db``, with or without planner statistics."""
    if analysed:
        db.execute("ANALYZE")
    else:
        db.execute("DROP TABLE IF EXISTS sqlite_stat1")
    db.commit()
    for fn in ("friendship_page_rows",):  # the fast path's row builder: any body will do
        db.create_function(fn, -1, lambda *a: None)

    def plan(sql: str) -> list[str]:
        return [str(row[3]) for row in db.execute("EXPLAIN QUERY PLAN " + sql)]

    return plan


def _reads(seen: list[str], table: str) -> list[str]:
    """The captured SELECTs that read ``table``."""
    pattern = re.compile(rf"\bFROM {table}\b")
    return [s for s in seen if s.lstrip().upper().startswith("SELECT") and pattern.search(s)]


def _steps(plan: list[str], table: str) -> list[str]:
    return [s for s in plan if re.match(rf"(SEARCH|SCAN) {table}\b", s)]


Planned = tuple[Store, Callable[[str], list[str]], list[str]]


def _run(planned: Planned, name: str, query: ListQuery) -> list[str]:
    """The SELECTs on ``name``'s table that listing ``query`` ran."""
    store, _, seen = planned
    seen.clear()
    store.list(OWNER, name, query)
    reads = _reads(seen, name)
    assert reads, (name, query)
    return reads


@pytest.fixture(params=[False, True], ids=["never-analysed", "analysed"])
def planned(
    request: pytest.FixtureRequest, book: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Planned]:
    path = tmp_path / "book.db"
    path.write_bytes(book.read_bytes())
    db = sqlite3.connect(path)
    plan = _plan(db, analysed=request.param)
    seen = _trace(monkeypatch)  # before the store opens its connections
    store = Store.open(path)
    try:
        yield store, plan, seen
    finally:
        store.close()
        db.close()


def _index_backed(plan: list[str], table: str, sql: str, sorted_page: bool) -> None:
    steps = _steps(plan, table)
    assert steps, (sql, plan)
    for step in steps:
        assert "INDEX" in step or "PRIMARY KEY" in step, (sql, plan)
    if sorted_page:
        assert not any("TEMP B-TREE" in s for s in plan), (sql, plan)


@pytest.mark.parametrize("name", list(MODELS))
def test_a_first_sync_walks_both_archive_states_in_keyset_order(
    planned: Planned, name: str
) -> None:
    """``ix_<m>_keyset``: the puller's first walk (puller.py) pages every row of a type."""
    store, plan, _ = planned
    first = store.list(OWNER, name, ListQuery(sort="created_at", limit=3))
    anchor = str(first.items[0]["id"])
    both = {"is_archived": ["true", "false"]}
    for after in (None, anchor):
        query = ListQuery(filters=both, sort="created_at", limit=3, after=after)
        for sql in _run(planned, name, query):
            _index_backed(plan(sql), name, sql, sorted_page=True)


@pytest.mark.parametrize(
    ("name", "key"),
    [(m, k) for m in MODELS for k in ("created_at", "updated_at") if k in MODELS[m].sort_keys],
)
def test_one_archive_state_by_time_seeks_that_state(planned: Planned, name: str, key: str) -> None:
    """``ix_<m>_s_created_at`` and ``ix_<m>_s_updated_at``: the newest-first list of
    notes, gifts and relationships (their default sort), any list by its time of
    change, and the archived view of each. Walking ``ix_<m>_keyset`` or
    ``ix_<m>_updated`` instead would test each row's flag, and read every row of the
    owner to fill a page of the few archived ones. An explicit ``is_archived=false``
    is the same equality (the column is never unset), not ``= 0 OR IS NULL``, which
    no index orders."""
    _, plan, _ = planned
    # the list, its archived view, and the list asked for unarchived rows by name
    for filters in ({}, {"is_archived": ["true"]}, {"is_archived": ["false"]}):
        for sort in (key, f"-{key}"):
            query = ListQuery(filters=filters, sort=sort, limit=3)
            for sql in _run(planned, name, query):
                _index_backed(plan(sql), name, sql, sorted_page=True)
                steps = _steps(plan(sql), name)
                assert any("is_archived=?" in s for s in steps), (sql, plan(sql))


@pytest.mark.parametrize("name", list(MODELS))
def test_an_incremental_pull_seeks_the_rows_changed_since(planned: Planned, name: str) -> None:
    """``ix_<m>_updated``: rows changed since the cursor, archived ones too, are found
    by a range on ``updated_at``, not by reading every row of the owner."""
    _, plan, _ = planned
    # the puller's query (puller.py) from a recent cursor: little changed since (from
    # an old one every row matches, and reading them all is the right plan)
    query = ListQuery(sort="created_at", limit=3, updated_since=LATELY, include_deleted=True)
    ranged = [s for s in _run(planned, name, query) if "updated_at >=" in s]
    assert ranged, query
    for sql in ranged:
        steps = _steps(plan(sql), name)
        assert steps and all("updated_at>?" in s for s in steps), (sql, plan(sql))


@pytest.mark.parametrize("name", UPDATED_SORTED)
def test_both_archive_states_by_updated_at_need_no_sort(planned: Planned, name: str) -> None:
    """``ix_<m>_updated`` again: ``s_updated_at`` orders one archive state only."""
    _, plan, _ = planned
    for sort in ("updated_at", "-updated_at"):
        query = ListQuery(filters={"is_archived": ["true", "false"]}, sort=sort, limit=3)
        for sql in _run(planned, name, query):
            _index_backed(plan(sql), name, sql, sorted_page=True)


@pytest.mark.parametrize("name", CHILD_TYPES)
def test_a_contacts_children_and_their_count_seek_the_parent(planned: Planned, name: str) -> None:
    """``ix_<m>_f_parent_id``: the detail pane's lists. Without it SQLite counts a
    parent's children by walking a sort index over every row of the owner (or reads
    each child's row, archived ones too, from ``ix_<m>_ref_parent_id``)."""
    store, plan, _ = planned
    child = store.list(OWNER, name, ListQuery(limit=1)).items[0]
    parent = str(child["parent_id"])
    for sort in (MODELS[name].default_sort, "created_at"):
        query = ListQuery(filters={"parent_id": [parent]}, sort=sort, limit=3)
        steps = []
        for sql in _run(planned, name, query):
            _index_backed(plan(sql), name, sql, sorted_page=False)
            steps += _steps(plan(sql), name)
        # the count, at least, from the parent's own index entries alone
        counted = [s for s in steps if "COVERING INDEX" in s and "parent_id=?" in s]
        assert counted, (query, steps)


def test_every_reference_leads_an_index_for_the_foreign_key_check(book: Path) -> None:
    """``ix_<m>_ref_<field>``: SQLite checks a deleted contact's children by the
    reference column alone (no owner), so an index must start with it."""
    db = sqlite3.connect(book)
    try:
        for name, model in MODELS.items():
            leading = set()
            for row in db.execute(f"PRAGMA index_list({name})"):
                cols = [c[2] for c in db.execute(f"PRAGMA index_info({row[1]})")]
                leading.add(cols[0] if cols else None)
            for f in model.ref_fields:
                assert f.name in leading, (name, f.name)
    finally:
        db.close()
