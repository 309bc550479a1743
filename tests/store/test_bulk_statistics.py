"""A big import leaves planner statistics for what it changed much, and only that:
without them SQLite picked the wrong index at 100k contacts (tests/store/
test_upgrade_statistics.py), and re-reading every table of a big book for a small
import cost more than the import (store/bulk_schema.py ``STALE_SHARE``)."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine

from friendship_tui.schema import MODELS, ListQuery
from friendship_tui.store import bulk
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows


def _stats(path: Path) -> dict[tuple[str, str], str]:
    db = sqlite3.connect(path)
    try:
        return {(t, i): s for t, i, s in db.execute("SELECT tbl, idx, stat FROM sqlite_stat1")}
    finally:
        db.close()


def _indexes(path: Path, table: str) -> set[str]:
    db = sqlite3.connect(path)
    try:
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ?"
        return {n for (n,) in db.execute(sql, (table,))}
    finally:
        db.close()


def test_a_big_import_leaves_statistics_and_the_name_plan(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path)
    rows = list(sample_rows(700, date(2026, 11, 25), seed=0))
    assert len(rows) >= bulk.ANALYZE_AFTER
    store.import_rows("me", rows, keep_ids=True)
    sent: list[tuple[str, Any]] = []

    def seen(conn: Any, cur: Any, sql: str, params: Any, ctx: Any, many: bool) -> None:
        sent.append((sql, params))

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        page = store.list("me", "contact", ListQuery(q="m", limit=5))
    finally:
        event.remove(Engine, "before_cursor_execute", seen)
        store.close()
    assert page.total is not None and page.total > 5
    stats = _stats(path)
    for name in MODELS:
        assert _indexes(path, name) <= {i for t, i in stats if t == name}, name
    assert stats[("contact", "ix_contact_s_name")].startswith("700 ")
    db = sqlite3.connect(path)
    try:
        listing = [(s, p) for s, p in sent if "FROM contact" in s and "ORDER BY" in s]
        assert listing
        for sql, params in listing:
            plan = " ".join(r[3] for r in db.execute("EXPLAIN QUERY PLAN " + sql, params))
            assert "ix_contact_s_name" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        db.close()


def test_a_small_share_leaves_the_other_tables_statistics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows for a table the import grew by less than a tenth: its statistics stay as
    they were; the table it grew much is read again."""
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 1)
    path = tmp_path / "book.db"
    store = Store.open(path)
    try:
        store.import_rows(
            "me", [("contact", {"id": f"c{i}", "name": f"C{i}"}) for i in range(300)], keep_ids=True
        )
        before = _stats(path)
        assert before[("contact", "ix_contact_s_name")].startswith("300 ")
        more: list[tuple[str, dict[str, Any]]] = [
            ("contact", {"id": f"d{i}", "name": f"D{i}"}) for i in range(20)
        ]
        more += [("note", {"parent_id": "c1", "body": f"n{i}"}) for i in range(40)]
        store.import_rows("me", more, keep_ids=True)
    finally:
        store.close()
    after = _stats(path)
    contact = {k: v for k, v in after.items() if k[0] == "contact"}
    assert contact == {k: v for k, v in before.items() if k[0] == "contact"}
    assert after[("note", "ix_note_f_parent_id")].startswith("40 ")


def _segments(path: Path) -> int:
    """How many segments the contact search index is in (each has its rows in _idx)."""
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT count(DISTINCT segid) FROM contact_fts_idx").fetchone()[0])
    finally:
        db.close()


def test_a_big_import_leaves_the_search_index_in_one_segment(tmp_path: Path) -> None:
    """Each import wrote segments of its own; a prefix probe seeks in every one (at 100k
    contacts 9 segments doubled a filter keystroke's read)."""
    path = tmp_path / "book.db"
    store = Store.open(path)
    try:
        for seed in (1, 2):
            rows = sample_rows(bulk.ANALYZE_AFTER, date(2026, 11, 25), seed=seed)
            contacts = [r for r in rows if r[0] == "contact"]
            assert len(contacts) >= bulk.ANALYZE_AFTER
            store.import_rows("me", contacts, run_hooks=False)
        page = store.list("me", "contact", ListQuery(q="ma", limit=5))
    finally:
        store.close()
    assert _segments(path) == 1
    db = sqlite3.connect(path)
    try:
        sql = "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH '\"ma\"*'"
        assert page.total == db.execute(sql).fetchone()[0] > 5
    finally:
        db.close()
