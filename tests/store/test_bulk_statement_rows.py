"""How many rows the import's multi-row INSERTs carry (store/fast_insert.py): a table
whose INSERT triggers are off (set-wise) takes short statements (``QUIET_ROWS``), whose
preparing costs less; one whose triggers fire keeps ``MAX_ROWS`` (each statement ends
in a savepoint flushing FTS5's pending terms). Read from SQLite's own trace on a real
book."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import event

from friendship_tui.store.fast_insert import MAX_ROWS, QUIET_ROWS
from friendship_tui.store.local import Store
from friendship_tui.store.sample_data import sample_rows

_CONTACT = re.compile(r"INSERT INTO contact \(")


def _contact_statement_rows(store: Store, rows: list[tuple[str, Any]]) -> tuple[Any, list[int]]:
    """The import's result and the rows of each INSERT INTO contact it ran."""
    sent: list[str] = []

    def trace(conn: Any) -> None:
        conn.connection.driver_connection.set_trace_callback(sent.append)

    event.listen(store.engine, "begin", trace)
    try:
        result = store.import_rows("me", rows, keep_ids=True)
    finally:
        event.remove(store.engine, "begin", trace)
    # a statement is traced again at each trigger it fires, the same text (values in
    # place, each row's own id): each text once
    ran = list(dict.fromkeys(s for s in sent if _CONTACT.match(s)))
    return result, [s.count("), (") + 1 for s in ran]


def test_set_wise_tables_take_short_statements_others_the_long(tmp_path: Path) -> None:
    assert QUIET_ROWS < MAX_ROWS
    store = Store.open(tmp_path / "book.db")
    try:
        first, sizes = _contact_statement_rows(
            store, list(sample_rows(700, date(2026, 11, 25), seed=0))
        )
        assert "contact" in first.set_wise  # a fresh book: its triggers went off
        assert max(sizes) == QUIET_ROWS and sum(sizes) == 700
        second, sizes = _contact_statement_rows(
            store, list(sample_rows(300, date(2026, 11, 25), seed=1))
        )
        assert "contact" not in second.set_wise  # 300 into 700: the triggers fire
        assert max(sizes) == MAX_ROWS and sum(sizes) == 300
        assert store.list("me", "contact").total == 1000
    finally:
        store.close()
