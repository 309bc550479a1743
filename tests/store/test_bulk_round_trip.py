"""Awkward values through the bulk import's multi-row feed (store/fast_insert.py) come
back exactly as the one-row Core insert (``Store.create``) stores them: ints stay ints,
floats floats, booleans booleans, unset fields None, and text keeps every character
(control characters, an escaped-NUL lookalike, emoji, line and paragraph separators, quotes,
backslashes), on a real SQLite file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fake_clock import FakeClock
from sqlalchemy import Boolean, Column, Integer, MetaData, String, Table, create_engine, event
from store_files import fresh_db

from friendship_tui.store.fast_insert import insert_many
from friendship_tui.store.local import Store

AWKWARD_TEXT = [
    "literal \\u0000 escape",
    "ctrl \x01\x07\x1b\x7f end",
    "tab\tnew\nline\r\n",
    "sep \u2028 \u2029 end",
    'quote " back \\ slash \\u0000',
    "emoji 😀 ünïcødé 漢字",
    "   padded   ",
    "12345678901234567890123",
    "null",
    "x" * 5000,
]

ROWS: list[tuple[str, dict[str, Any]]] = [
    (
        "contact",
        {
            "id": f"c{i}",
            "name": text[:200],
            "notes": text,
            "favorite": i % 2 == 0,
            "tags": [text[:20] or "t", "plain"],
        },
    )
    for i, text in enumerate(AWKWARD_TEXT)
] + [
    ("contact", {"id": "bare", "name": "Only a name"}),
    ("gift", {"id": "g1", "parent_id": "c0", "title": "float", "price": 0.1}),
    ("gift", {"id": "g2", "parent_id": "c1", "title": "tiny", "price": 5e-324}),
    ("gift", {"id": "g3", "parent_id": "c2", "title": "whole float", "price": 2.0}),
    ("gift", {"id": "g4", "parent_id": "c3", "title": "int", "price": 3}),
    ("gift", {"id": "g5", "parent_id": "c4", "title": "big", "price": 999999999999.9999}),
    ("gift", {"id": "g6", "parent_id": "c5", "title": "unset"}),
    ("conversation", {"id": "v1", "parent_id": "c6", "duration_minutes": 0}),
    ("conversation", {"id": "v2", "parent_id": "c7", "duration_minutes": 90}),
    ("note", {"id": "n1", "parent_id": "c8", "body": AWKWARD_TEXT[0], "pinned": True}),
    ("note", {"id": "n2", "parent_id": "c9", "body": AWKWARD_TEXT[3], "pinned": False}),
]


def _open(path: Path, clock: FakeClock) -> Store:
    return Store.open(fresh_db(path), clock=clock)


def _typed(obj: dict[str, Any]) -> dict[str, tuple[type, Any]]:
    """Each field with its Python type: 1 == 1.0 == True must not pass for the same."""
    return {key: (type(value), value) for key, value in obj.items()}


def test_bulk_feed_round_trips_awkward_values(tmp_path: Path, clock: FakeClock) -> None:
    bulk = _open(tmp_path / "bulk.db", clock)
    one = _open(tmp_path / "one.db", clock)
    try:
        result = bulk.import_rows("me", ROWS, keep_ids=True)
        assert result.total == len(ROWS)
        ids: dict[str, str] = {}  # the import kept ours; a create makes its own
        for type_, data in ROWS:
            parent = ids.get(data.get("parent_id", ""))
            made = one.create("me", type_, {**data, "parent_id": parent} if parent else data)
            ids[data["id"]] = made["id"]
        for type_, data in ROWS:
            got = bulk.get("me", type_, data["id"])
            want = one.get("me", type_, ids[data["id"]])
            for key in ("id", "parent_id", "created_at", "updated_at", "last_contacted_at"):
                got.pop(key, None)
                want.pop(key, None)
            assert _typed(got) == _typed(want), data["id"]
            for key, value in data.items():
                if key not in ("id", "parent_id", "tags"):
                    # a whole float (2.0) reads back as int on both paths (NUMERIC)
                    same_type = type(got[key]) is type(value) or type(value) is float
                    assert got[key] == value and same_type, (data["id"], key)
        assert bulk.get("me", "contact", "c0")["name"] == "literal \\u0000 escape"
        assert bulk.get("me", "contact", "bare")["notes"] is None
    finally:
        bulk.close()
        one.close()


def test_columns_null_in_every_row_are_left_out_but_a_default_is_not_taken(
    tmp_path: Path,
) -> None:
    """The feed binds only the columns some row sets; a column NULL in every row with a
    default must still store NULL (leaving it out would store the default)."""

    engine = create_engine(f"sqlite:///{tmp_path / 'feed.db'}")
    table = Table(
        "t",
        MetaData(),
        Column("k", Integer, primary_key=True),
        Column("a", String, nullable=True),
        Column("b", String, nullable=True),
        Column("d", String, nullable=True, server_default="dflt"),
    )
    table.create(engine)
    sent: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: sent.append(a[2]))
    rows = [{"k": i, "a": None, "b": f"b{i}" if i == 3 else None, "d": None} for i in range(5)]
    with engine.begin() as conn:
        insert_many(conn, table, rows)
        got = conn.exec_driver_sql("SELECT k, a, b, d FROM t ORDER BY k").fetchall()
    engine.dispose()
    assert got == [(i, None, "b3" if i == 3 else None, None) for i in range(5)]
    inserts = [s for s in sent if s.startswith("INSERT")]
    assert inserts and all(s.startswith("INSERT INTO t (k, b, d) VALUES") for s in inserts)


def test_boolean_columns_store_what_core_stores(tmp_path: Path) -> None:
    """Booleans are bound as they are (no processor call per value): the same integer
    1 and 0 Core's insert stores; a column holding another value still meets the
    Boolean processor, converted or refused as Core would."""
    engine = create_engine(f"sqlite:///{tmp_path / 'flags.db'}")
    table = Table("f", MetaData(), Column("k", Integer, primary_key=True), Column("flag", Boolean))
    table.create(engine)
    flags = [True, False, None, True]
    with engine.begin() as conn:
        insert_many(conn, table, [{"k": i, "flag": v} for i, v in enumerate(flags)])
        conn.execute(table.insert(), [{"k": 10 + i, "flag": v} for i, v in enumerate(flags)])
        insert_many(conn, table, [{"k": 20, "flag": 1.0}, {"k": 21, "flag": False}])  # as Core: 1
        got = conn.exec_driver_sql("SELECT k, typeof(flag), flag FROM f ORDER BY k").fetchall()
        with pytest.raises(TypeError, match="Not a boolean value"):
            insert_many(conn, table, [{"k": 30, "flag": "yes"}])
    engine.dispose()
    stored = {k: (t, v) for k, t, v in got}
    assert [stored[i] for i in range(4)] == [stored[10 + i] for i in range(4)]
    assert [stored[i] for i in range(4)] == [
        ("integer", 1),
        ("integer", 0),
        ("null", None),
        ("integer", 1),
    ]
    assert stored[20] == ("integer", 1) and stored[21] == ("integer", 0)


@pytest.mark.parametrize("n", [1, 127, 128, 129, 256, 257, 300, 1000])
def test_full_statements_go_as_one_executemany_and_the_last_rowid_is_told(
    tmp_path: Path, n: int
) -> None:
    """A batch's full statements but the last go as one executemany of one prepared
    shape; the last statement (full or a remainder) runs alone and tells the rowid of
    the last row, the table's highest; every row is stored once, in order."""
    from friendship_tui.store.fast_insert import MAX_ROWS

    engine = create_engine(f"sqlite:///{tmp_path / 'many.db'}")
    table = Table("t", MetaData(), Column("k", Integer, primary_key=True), Column("a", String))
    table.create(engine)
    sent: list[tuple[str, bool, int]] = []

    def seen(conn: Any, cursor: Any, stmt: str, params: Any, ctx: Any, many: bool) -> None:
        if stmt.startswith("INSERT"):
            sent.append((stmt, many, len(params) if many else 1))

    event.listen(engine, "before_cursor_execute", seen)
    rows = [{"k": 10 + i, "a": f"v{i}"} for i in range(n)]
    with engine.begin() as conn:
        last = insert_many(conn, table, rows)
        got = conn.exec_driver_sql("SELECT k, a FROM t ORDER BY rowid").fetchall()
    engine.dispose()
    assert got == [(r["k"], r["a"]) for r in rows]
    assert last == 10 + n - 1
    batched = [s for s in sent if s[1]]
    full = n // MAX_ROWS - (n % MAX_ROWS == 0)
    if full > 1:
        assert len(batched) == 1 and batched[0][2] == full
        assert batched[0][0].count("(?, ?)") == MAX_ROWS
    else:
        assert not batched
    assert not sent[-1][1]  # the last statement alone: its rowid is the last row's
    assert sum(s[0].count("(?, ?)") * s[2] for s in sent) == n


def test_none_is_bound_through_the_registered_adapter_as_null(tmp_path: Path) -> None:
    """None goes through the adapter fast_insert registers (a lookup that hits, not the
    protocol's failed ``__adapt__``) and is stored as NULL, beside values of the same
    column, on the feed and on any sqlite3 connection of the process."""
    import sqlite3

    from friendship_tui.store import fast_insert

    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)] is fast_insert._NULL
    engine = create_engine(f"sqlite:///{tmp_path / 'nulls.db'}")
    table = Table("n", MetaData(), Column("k", Integer, primary_key=True), Column("a", String))
    table.create(engine)
    with engine.begin() as conn:
        insert_many(conn, table, [{"k": i, "a": None if i % 2 else f"v{i}"} for i in range(6)])
        got = conn.exec_driver_sql("SELECT k, typeof(a), a FROM n ORDER BY k").fetchall()
    engine.dispose()
    assert got == [(i, "null", None) if i % 2 else (i, "text", f"v{i}") for i in range(6)]
    plain = sqlite3.connect(":memory:")
    assert plain.execute("SELECT typeof(?), ? IS NULL", (None, None)).fetchone() == ("null", 1)
    plain.close()
