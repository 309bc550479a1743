"""The store raises typed storage faults naming the file, never SQLAlchemy's text.

Real files, real faults: a damaged header, a lock held by another connection. The
CLI's and the app's wording rests on these types (see tests/cli/test_storage_faults.py).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from friendship_tui.store.errors import BookCorrupt, BookLocked, BookUnreadable
from friendship_tui.store.local import Store


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_damaged_header_is_book_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    Store.open(path).close()
    with open(path, "r+b") as f:
        f.write(b"garbage!" * 16)
    before = _digest(path)
    with pytest.raises(BookCorrupt) as caught:
        Store.open(path)
    assert caught.value.path == str(path)
    assert str(path) in str(caught.value) and "doctor" in str(caught.value)
    assert "SELECT" not in str(caught.value) and "sqlalche" not in str(caught.value)
    assert _digest(path) == before


def test_write_past_the_busy_timeout_is_book_locked(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path, busy_timeout=100)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(BookLocked) as caught:
            store.create("me", "contact", {"name": "Secret Name"})
        message = str(caught.value)
        assert "locked by another program (waited 0.1 s)" in message
        assert "Secret Name" not in message and "INSERT" not in message
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert store.create("me", "contact", {"name": "Secret Name"})["name"] == "Secret Name"
    store.close()


def test_a_directory_in_place_of_the_book_is_unreadable_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "book.db"
    folder.mkdir(mode=0o755)
    with pytest.raises(BookUnreadable, match="not a regular file"):
        Store.open(folder)
    assert folder.stat().st_mode & 0o777 == 0o755  # never chmod-ed to 0600
