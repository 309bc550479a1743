"""A quiet bulk import logs its creates in SQL (store/audit_sql.py); every column of
every audit row is the one the Python path (events through ``AuditLog.many``)
writes for the same rows: label choice, clipping, JSON quoting, the archive flag."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from fake_clock import FakeClock
from sqlalchemy import Connection

from friendship_tui.schema import MODELS
from friendship_tui.store import audit_sql
from friendship_tui.store.audit import MAX_TEXT, acting_as, audit_table
from friendship_tui.store.base import ChangeEvent
from friendship_tui.store.local import Store

NAMES = [
    "Ann",
    'Zoë "Z" \\ O\'Neil\n\t\x01\x1f\x7f',
    "x" * (MAX_TEXT + 40),
    "é" * MAX_TEXT + "🎉" * 3,
    "日本語 " + "🎉" * (MAX_TEXT + 1),
    "  padded  ",
    "\u2028\u2029\ufeff</script>",
]


def _rows() -> list[tuple[str, dict[str, Any]]]:
    rows: list[tuple[str, dict[str, Any]]] = []
    for i, name in enumerate(NAMES):
        rows.append(("contact", {"id": f"c{i}", "name": name[:200], "is_archived": i % 2 == 1}))
        rows.append(("note", {"id": f"n{i}", "parent_id": f"c{i}", "body": name,
                              "is_archived": i % 3 == 1}))  # fmt: skip
        rows.append(("activity", {"id": f"a{i}", "parent_id": "c0", "title": name[:200],
                                  "kind": "call"}))  # fmt: skip
    rows += [
        ("activity", {"id": "a-untitled", "parent_id": "c0", "kind": "event"}),
        ("activity", {"id": "a-empty", "parent_id": "c0", "title": "", "is_archived": True}),
        ("pet", {"id": "p1", "parent_id": "c1", "name": "Rex", "species": "dog"}),
        ("journal_entry", {"id": "j1", "title": "Day", "body": "the body"}),
        ("relationship", {"id": "r1", "parent_id": "c0", "target_id": "c1", "kind": "friend"}),
        ("gift", {"id": "g1", "parent_id": "c2", "title": "Book", "is_archived": True}),
    ]
    return rows


def _audit(store: Store) -> list[tuple[Any, ...]]:
    t = audit_table
    with store.engine.connect() as conn:
        rows = conn.execute(t.select().order_by(t.c.seq)).mappings().all()
    # the mirror's id is made fresh on each import: compared by who it mirrors instead
    return [tuple(v for k, v in r.items() if k != "seq" and not (
        r["origin"] == "hook" and k == "object_id")) for r in rows]  # fmt: skip


class _Batches:
    """The audit log's per-event and batch entry points, and nothing else."""

    def __init__(self, log: Any) -> None:
        self.log = log

    def __call__(self, conn: Connection, event: ChangeEvent) -> None:
        self.log(conn, event)

    def many(self, conn: Connection, events: Sequence[ChangeEvent]) -> None:
        self.log.many(conn, events)


@pytest.mark.parametrize("chunk_size", [3, 1000])
def test_sql_create_rows_equal_the_python_rows(
    tmp_path: Path, clock: FakeClock, chunk_size: int
) -> None:
    logged: dict[str, list[tuple[Any, ...]]] = {}
    for how in ("sql", "python"):
        store = Store.open(tmp_path / f"{how}.db", clock=clock)
        if how == "python":  # the audit log as a plain batch listener: no SQL path
            store.tx_listeners[0] = _Batches(store.tx_listeners[0])
        with acting_as("importer"):
            store.import_rows("me", _rows(), keep_ids=True, chunk_size=chunk_size)
        logged[how] = _audit(store)
        store.close()
    assert logged["sql"] == logged["python"]
    assert len(logged["sql"]) == len(_rows()) + 1  # and the mirror's
    assert {r[2] for r in logged["sql"]} == {"importer"}


def test_every_model_has_the_sql_path() -> None:
    """Every model's label fields are text today, so none falls back to Python."""
    assert all(audit_sql.sql_for(name) is not None for name in MODELS)


def test_clipped_text_matches_the_python_text(tmp_path: Path, clock: FakeClock) -> None:
    from friendship_tui.store.audit import _row

    store = Store.open(tmp_path / "one.db", clock=clock)
    store.import_rows("me", _rows(), keep_ids=True)
    with store.engine.connect() as conn:
        got = conn.execute(
            audit_table.select().where(audit_table.c.type == "note").order_by(
                audit_table.c.seq)).mappings().all()  # fmt: skip
    notes = [data for type_, data in _rows() if type_ == "note"]
    assert any(len(n["body"]) > MAX_TEXT for n in notes)  # the clipping is exercised
    for raw in notes:
        event = ChangeEvent("note", "create", raw, "me", "user")
        expected = _row(event, "", None)["changes"]
        assert [r["changes"] for r in got if r["object_id"] == raw["id"]] == [expected]
    store.close()
