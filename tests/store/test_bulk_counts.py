"""The set-wise ``row_count`` refill (store/bulk_schema.py) adds what the per-row INSERT
trigger adds: one owner's rows by plain sums in one pass, rows of several owners (or
an odd archive value) by the GROUP BY, on a real book."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, create_engine
from store_files import fresh_db

from friendship_tui.store.bulk_schema import _refill_counts

NOTE = (
    "INSERT INTO note (id, owned_by, created_at, updated_at, is_archived, parent_id, body) "
    "VALUES (?, ?, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?, NULL, 'b')"
)


def _counts(conn: Connection) -> list[tuple[Any, ...]]:
    rows = conn.exec_driver_sql(
        "SELECT owned_by, type, is_archived, n, typeof(n), typeof(is_archived) FROM row_count "
        "WHERE type = 'note' ORDER BY 1, 2, 3"
    )
    return [tuple(r) for r in rows]


@pytest.mark.parametrize(
    "rows",
    [
        [("me", 0)] * 5 + [("me", 1)] * 2,  # one owner, both states: the one-pass sums
        [("me", 1)] * 3,  # archived only
        [("me", 0), ("you", 1), ("me", 1), ("you", 0), ("you", 0)],  # two owners
        [("me", 0), ("me", 2)],  # a value the sums do not know
    ],
)
def test_refill_counts_equals_the_trigger(tmp_path: Path, rows: list[tuple[str, int]]) -> None:
    engine = create_engine(f"sqlite:///{fresh_db(tmp_path / 'book.db')}")
    results = []
    try:
        for refill in (False, True):
            with engine.begin() as conn:
                conn.exec_driver_sql(  # one row held before, counted by the trigger
                    NOTE, ("held", "me", 0)
                )
                mark = conn.exec_driver_sql("SELECT max(seq) FROM note").scalar_one()
                if refill:
                    conn.exec_driver_sql("DROP TRIGGER note_count_ai")
                for i, (owner, archived) in enumerate(rows):
                    conn.exec_driver_sql(NOTE, (f"n{i}", owner, archived))
                if refill:
                    _refill_counts(conn, "note", int(mark))
                results.append(_counts(conn))
                conn.rollback()
    finally:
        engine.dispose()
    trigger, refilled = results
    assert refilled == trigger
    assert sum(int(r[3]) for r in trigger) == len(rows) + 1
