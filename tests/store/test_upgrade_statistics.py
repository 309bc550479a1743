"""An upgraded book that has planner statistics gets them for the indexes its new
revisions added: with statistics for some indexes and none for others, SQLite takes
an index without them for a tiny one and, at 100k contacts, sorted the whole table for
a one-letter filter instead of walking the name index (4 s instead of 5 ms)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from friendship_tui.schema import ListQuery
from friendship_tui.store.local import Store


def _unanalysed(path: Path, table: str) -> set[str]:
    db = sqlite3.connect(path)
    try:
        indexes = {
            name
            for (name,) in db.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL",
                (table,),
            )
        }
        done = {
            idx for (idx,) in db.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = ?", (table,))
        }
    finally:
        db.close()
    return indexes - done


def test_an_upgrade_analyses_the_indexes_it_added(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    old = Store.open(path, revision="0006")
    old.tx_listeners.clear()
    for i in range(30):
        old.create("me", "contact", {"name": f"Mara {i:02d}", "birthday": "--03-01"})
    old.close()
    db = sqlite3.connect(path)
    db.execute("ANALYZE")  # what a big import does (store/bulk.py)
    db.commit()
    db.close()
    assert _unanalysed(path, "contact") == set()

    upgraded = Store.open(path)  # 0007 adds the agenda's indexes on contact
    try:
        assert upgraded.list("me", "contact", ListQuery(q="m", limit=5)).total == 30
    finally:
        upgraded.close()
    assert _unanalysed(path, "contact") == set()


def test_a_book_never_analysed_is_left_so(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    old = Store.open(path, revision="0006")
    old.tx_listeners.clear()
    old.create("me", "contact", {"name": "Ana"})
    old.close()
    Store.open(path).close()
    db = sqlite3.connect(path)
    try:
        stat = db.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchall()
    finally:
        db.close()
    assert stat == []
