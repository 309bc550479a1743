"""A limited agenda reads the rows it keeps by their ``seq`` alone (the tie day's read
already has the name, and the rows passed the scan's WHERE in the same read), and reads
no archived contact's rows for a panel's edge when the panel's count found none; with
an archived contact holding rows it still reads them, and every panel equals the whole
agenda's first rows either way."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from friendship_tui.domain.agenda import PANELS
from friendship_tui.store.agenda_sql import AgendaReader, Row, sqlite_runner
from friendship_tui.store.local import Store

from .test_agenda_tie_indexes import TODAY, TZ, _rows

NEED = 5
# the edge's read of the rows of archived contacts (agenda_edge.edge_sql's first text)
GONE = ("SELECT e.occurred_md FROM contact c CROSS JOIN", "SELECT r.due_date FROM contact c")


def _read(path: Path) -> tuple[list[str], dict[str, Any], dict[str, Any]]:
    """(the statements of a limited read, its panels and totals, the whole agenda's)."""
    db = sqlite3.connect(path)
    run = sqlite_runner(db)
    seen: list[str] = []

    def recording(sql: str, params: Mapping[str, Any]) -> list[Row]:
        seen.append(sql)
        return run(sql, params)

    whole = AgendaReader(run, "me", TODAY, 30, TZ).agenda(None)
    top = AgendaReader(recording, "me", TODAY, 30, TZ, tallied=True).agenda(NEED)
    db.close()
    mine = {p: getattr(top, p) for p in PANELS} | {"totals": top.totals}
    full = {p: getattr(whole, p)[:NEED] for p in PANELS}
    return seen, mine, full | {"totals": {p: len(getattr(whole, p)) for p in PANELS}}


def test_kept_rows_by_seq_and_no_archived_reads_without_archived(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path)
    try:
        store.import_rows("me", _rows(), keep_ids=True)
    finally:
        store.close()
    seen, mine, full = _read(path)
    assert mine == full
    by_seq = [s for s in seen if " IN (" in s and (".seq IN" in s or ".rowid IN" in s)]
    assert by_seq, seen  # the kept events, reminders and stay rows
    assert all(" JOIN " not in s and " AND " not in s for s in by_seq), by_seq
    assert not [s for s in seen if s.startswith(GONE)], "no archived contact, nothing to read"


def test_an_archived_contacts_rows_are_still_left_out(tmp_path: Path) -> None:
    path = tmp_path / "book.db"
    store = Store.open(path)
    try:
        store.import_rows("me", _rows(), keep_ids=True)
        store.set_archived("me", "contact", "p000", True)  # holds a reminder and an event
    finally:
        store.close()
    seen, mine, full = _read(path)
    assert mine == full
    assert len([s for s in seen if s.startswith(GONE)]) == 2, "each child panel's edge"
