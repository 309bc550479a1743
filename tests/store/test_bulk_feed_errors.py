"""The import's own statements (fast_insert, audit_sql) fail as the store's typed
errors: a full disk as ``DiskFull`` naming the file and no SQL or values, a duplicate
id as ``Conflict``; the book is left as it was and the next write works. Real files,
a real fault: the book's page budget (``max_page_count``) runs out while the rows go in."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from traceback import extract_tb
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from friendship_tui.store.errors import Conflict, DiskFull
from friendship_tui.store.local import Store


def _rows(n: int, tag: str) -> list[tuple[str, dict[str, Any]]]:
    out: list[tuple[str, dict[str, Any]]] = []
    for i in range(n):
        out.append(("contact", {"id": f"{tag}{i}", "name": f"Secret Name {tag}{i}"}))
        out.append(("note", {"parent_id": f"{tag}{i}", "body": "private words " * 40}))
    return out


def _count(path: Path) -> tuple[int, int]:
    db = sqlite3.connect(path)
    try:
        (contacts,) = db.execute("SELECT count(*) FROM contact").fetchone()
        (audit,) = db.execute("SELECT count(*) FROM audit_log").fetchone()
    finally:
        db.close()
    return contacts, audit


def test_a_full_disk_during_the_feed_is_disk_full_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path)
    store.import_rows("me", _rows(20, "a"), keep_ids=True)
    before = _count(path)
    db = sqlite3.connect(path)
    (pages,) = db.execute("PRAGMA page_count").fetchone()
    db.close()

    def small_disk(conn: Any) -> None:  # a few pages more than the book holds now
        conn.exec_driver_sql(f"PRAGMA max_page_count={pages + 8}")

    event.listen(store.engine, "begin", small_disk)
    with pytest.raises(DiskFull) as caught:
        store.import_rows("me", _rows(200, "b"), keep_ids=True)
    event.remove(store.engine, "begin", small_disk)
    message = str(caught.value)
    assert str(path) in message and "disk" in message
    assert "INSERT" not in message and "Secret" not in message and "private" not in message
    # it failed while the rows went in, not in a later step of the import
    assert any(Path(str(entry.path)).name == "fast_insert.py" for entry in caught.traceback)
    store.close()
    assert _count(path) == before
    again = Store.open(path)
    again.import_rows("me", _rows(5, "c"), keep_ids=True)
    again.close()
    assert _count(path) == (before[0] + 5, before[1] + 10)


def test_a_duplicate_id_in_the_feed_is_a_conflict(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path)
    store.import_rows("me", _rows(3, "a"), keep_ids=True)
    before = _count(path)
    with pytest.raises(Conflict) as caught:
        store.import_rows("me", [*_rows(3, "b"), *_rows(1, "a")], keep_ids=True)
    assert "already exists" in str(caught.value)
    cause = caught.value.__context__  # the store says Conflict "from None"
    assert isinstance(cause, IntegrityError)  # as exec_driver_sql raised it
    assert any(Path(f.filename).name == "fast_insert.py" for f in extract_tb(cause.__traceback__))
    store.close()
    assert _count(path) == before
