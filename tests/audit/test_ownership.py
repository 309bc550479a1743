"""``friendship server user export|delete``: a user's data out, or all of it gone.

Deletion is checked against a dump of every table: afterwards no row anywhere refers to
the user, and every other row is exactly as it was (byte-for-byte, in order)."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path
from typing import Any

import httpx
from click.testing import CliRunner, Result
from server_sandbox import start_sandbox

from friendship_tui.cli.main import cli

# "ann" is a prefix of "anna": a sloppy LIKE or startswith would take Anna's rows too.
VICTIM, NEIGHBOUR, OTHER = "ann", "anna", "zoe"


def _server(*args: str, db: Path) -> Result:
    return CliRunner().invoke(cli, ["server", "--db", str(db), *args])


def _book(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


def _fill(db: Path) -> dict[str, str]:
    """Three users with contacts, children, hooks, deletes (tombstones), idempotent
    answers and audit rows, written over HTTP; returns each user's id."""
    sandbox = start_sandbox(db, users=(VICTIM, NEIGHBOUR, OTHER))
    try:
        with httpx.Client(base_url=sandbox.url, timeout=10) as http:
            for n, user in enumerate((VICTIM, NEIGHBOUR, OTHER)):
                h = {"Authorization": f"Bearer {sandbox.tokens[user]}"}
                sandbox.token(user, ["contact:list"], name="second token")
                made = []
                for i in range(3):
                    body = {"name": f"{user} friend {i}", "tags": [f"t{n}", "shared"],
                            "company": f"Uniqueword{user}"}  # fmt: skip
                    key = {**h, "Idempotency-Key": uuid.uuid4().hex}
                    made.append(http.post("/xapi2/data/contact", json=body, headers=key).json())
                a, b, c = (m["id"] for m in made)
                http.post("/xapi2/data/conversation", json={"parent_id": a}, headers=h)
                http.post("/xapi2/data/relationship", json={"parent_id": b, "target_id": c,
                          "kind": "parent"}, headers=h)  # fmt: skip
                http.post("/xapi2/data/note", json={"parent_id": b, "body": "x"}, headers=h)
                http.post("/xapi2/data/journal_entry", json={"title": "day"}, headers=h)
                http.patch(f"/xapi2/data/contact/{b}", json={"city": "Oslo"}, headers=h)
                http.post(f"/xapi2/data/contact/{c}/archive", headers=h)
                http.delete(f"/xapi2/data/contact/{a}", headers=h)
        return {u.name: u.id for u in sandbox.state.accounts.users()}
    finally:
        sandbox.stop()


def _tables(conn: sqlite3.Connection) -> list[str]:
    """Every real table; FTS5 shadow tables are the index's internals, checked by search."""
    names = [
        str(r[0])
        for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    ]
    fts = [n for n in names if n.endswith("_fts")]
    return [n for n in names if not any(n.startswith(f) for f in fts)]


def _order(conn: sqlite3.Connection, table: str) -> str:
    """rowid, or a WITHOUT ROWID table's key (agenda_count): a stable order either way."""
    sql = conn.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    if "WITHOUT ROWID" not in str(sql).upper():
        return "rowid"
    key = sorted((r[5], r[1]) for r in conn.execute(f'PRAGMA table_info("{table}")') if r[5])
    return ", ".join(f'"{name}"' for _, name in key)


def _dump(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    with sqlite3.connect(db) as conn:
        return {
            t: [tuple(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY {_order(conn, t)}')]
            for t in _tables(conn)
        }


def _mentions(row: tuple[Any, ...], values: set[str]) -> bool:
    return any(isinstance(v, str) and v in values for v in row)


def test_delete_removes_every_trace_and_nothing_else(tmp_path: Path) -> None:
    db = tmp_path / "server.db"
    user_ids = _fill(db)
    before = _dump(db)
    victim_refs = {VICTIM, user_ids[VICTIM]}
    # the victim's own object ids (and token ids) count as traces too
    for table in ("contact", "note", "pet", "relationship", "conversation", "journal_entry",
                  "server_tokens", "tombstone"):  # fmt: skip
        with sqlite3.connect(db) as conn:
            cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{table}")')]
            owner_col = "owned_by" if "owned_by" in cols else "user_id"
            victim_refs |= {
                str(r[0])
                for r in conn.execute(
                    f'SELECT id FROM "{table}" WHERE {owner_col} IN (?, ?)',
                    (VICTIM, user_ids[VICTIM]),
                )
            }
    owned = {t: sum(_mentions(r, victim_refs) for r in rows) for t, rows in before.items()}
    assert owned["contact"] == 2 and owned["audit_log"] > 10 and owned["server_idempotency"] == 3
    assert owned["tombstone"] >= 1 and owned["server_tokens"] == 2

    result = _server("user", "delete", VICTIM, "--yes", "--json", db=db)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["contact"] == 2 and counts["note"] == 1 and counts["relationship"] == 2
    assert counts["token"] == 2 and counts["user"] == 1 and counts["idempotency"] == 3
    assert counts["audit"] == owned["audit_log"]
    assert counts["tombstone"] == owned["tombstone"]

    after = _dump(db)
    for table, rows in after.items():
        assert not any(_mentions(r, victim_refs) for r in rows), table
    # tag side tables are keyed by row number: none may point at a vanished row
    with sqlite3.connect(db) as conn:
        orphan_tags = conn.execute(
            "SELECT count(*) FROM contact_tags_index WHERE obj_seq NOT IN (SELECT seq FROM contact)"
        ).fetchone()[0]
        assert orphan_tags == 0
        hits = conn.execute(
            "SELECT count(*) FROM contact_fts WHERE contact_fts MATCH ?", (f'"Uniqueword{VICTIM}"',)
        ).fetchone()[0]
        assert hits == 0
    kept = {t: [r for r in rows if not _mentions(r, victim_refs)] for t, rows in before.items()}
    assert after == kept  # everyone else's rows: same values, same order, same row ids

    again = _server("user", "delete", VICTIM, "--yes", db=db)
    assert again.exit_code == 2
    assert "no user named 'ann'" in again.output


def test_a_failed_delete_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "server.db"
    _fill(db)
    before = _dump(db)
    with sqlite3.connect(db) as conn:  # make the last statement of the transaction fail
        conn.execute(
            "CREATE TRIGGER keep_users BEFORE DELETE ON server_users "
            "BEGIN SELECT RAISE(ABORT, 'users are forever'); END"
        )
    result = _server("user", "delete", VICTIM, "--yes", db=db)
    assert result.exit_code != 0
    with sqlite3.connect(db) as conn:
        conn.execute("DROP TRIGGER keep_users")
    assert _dump(db) == before


def test_export_is_the_cli_backup_of_that_user(tmp_path: Path) -> None:
    db = tmp_path / "server.db"
    _fill(db)
    out = tmp_path / "ann.json"
    result = _server("user", "export", VICTIM, "-o", str(out), db=db)
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert sorted(c["name"] for c in doc["data"]["contact"]) == ["ann friend 1", "ann friend 2"]
    assert all("owned_by" not in c for c in doc["data"]["contact"])

    # The same document the book's own `friendship export` writes for the same data.
    book = tmp_path / "book.db"
    assert _book(book, "import", str(out)).exit_code == 0
    again = tmp_path / "again.json"
    assert _book(book, "export", "-o", str(again)).exit_code == 0

    def body(path: Path) -> list[str]:
        return [ln for ln in path.read_text().splitlines() if '"exported_at"' not in ln]

    assert body(again) == body(out)

    missing = _server("user", "export", "nobody", db=db)
    assert missing.exit_code == 2
    assert "no user named 'nobody'" in missing.output


def test_delete_on_postgres_removes_every_trace_and_nothing_else() -> None:
    """The same deletion when the server stores in PostgreSQL (``serve --db URL``)."""
    from postgres_cluster import fresh_database
    from sqlalchemy import create_engine, inspect, text

    url = fresh_database()
    user_ids = _fill(url)  # type: ignore[arg-type]  # a URL is as good as a path

    def dump() -> dict[str, list[tuple[Any, ...]]]:
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                names = inspect(conn).get_table_names()
                return {
                    t: sorted(
                        (tuple(r) for r in conn.execute(text(f'SELECT * FROM "{t}"'))), key=repr
                    )
                    for t in names
                }
        finally:
            engine.dispose()

    before = dump()
    victim = {VICTIM, user_ids[VICTIM]}
    engine = create_engine(url)
    with engine.connect() as conn:  # the victim's object and token ids count as traces
        for table in ("contact", "note", "relationship", "conversation", "journal_entry",
                      "server_tokens", "tombstone"):  # fmt: skip
            owner_col = "user_id" if table == "server_tokens" else "owned_by"
            victim |= {
                str(r[0])
                for r in conn.execute(
                    text(f"SELECT id FROM {table} WHERE {owner_col} IN (:a, :b)"),
                    {"a": VICTIM, "b": user_ids[VICTIM]},
                )
            }
    engine.dispose()
    assert sum(_mentions(r, {VICTIM}) for r in before["contact"]) == 2

    result = CliRunner().invoke(
        cli, ["server", "--db", url, "user", "delete", VICTIM, "--yes", "--json"]
    )
    assert result.exit_code == 0, result.output
    counts = json.loads(result.stdout)
    assert counts["contact"] == 2 and counts["relationship"] == 2 and counts["user"] == 1

    after = dump()
    for table, rows in after.items():
        assert not any(_mentions(r, {VICTIM, user_ids[VICTIM]}) for r in rows), table
    kept = {t: [r for r in rows if not _mentions(r, victim)] for t, rows in before.items()}
    assert after == kept  # everyone else's rows, value for value
