"""Frozen migrations: books made by earlier releases upgrade and read back every row;
what the revisions build is what today's declarations say; a copy is made first."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, inspect

from friendship_tui.schema import MODELS, ListQuery
from friendship_tui.server.accounts import ACCOUNTS, Accounts
from friendship_tui.server.accounts import metadata as accounts_metadata
from friendship_tui.store import agenda_counts, counts, fts, notices
from friendship_tui.store.audit import AUDIT_METADATA
from friendship_tui.store.local import Store
from friendship_tui.store.migrate import BOOK, MIGRATIONS, Lineage, head_revision
from friendship_tui.store.tables import METADATA
from friendship_tui.sync.state import SYNC_METADATA, SYNC_STATE, create_state_tables

BOOKS = Path(__file__).parent.parent / "fixtures" / "books"
RELEASES = sorted(p.name for p in BOOKS.iterdir() if p.is_dir())
LINEAGES = (BOOK, SYNC_STATE, ACCOUNTS)


@pytest.fixture
def heard() -> Iterator[list[str]]:
    """The notices the store gives while a test runs (what the CLI would print)."""
    got: list[str] = []
    notices.pending.clear()  # an earlier test's upgrade with no one listening
    notices.set_sink(got.append)
    yield got
    notices.set_sink(None)


def _schema(path: Path) -> dict[str, Any]:
    """Tables as column sets, indexes and triggers: what a release's code depends on
    (column order is not: a column added by ALTER TABLE comes last)."""
    with sqlite3.connect(path) as conn:
        out: dict[str, Any] = {}
        for kind, name, table, sql in conn.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        ):
            if "alembic_version" in name:
                continue
            if kind == "table" and not sql.startswith("CREATE VIRTUAL"):
                cols = conn.execute(f'PRAGMA table_info("{name}")').fetchall()
                out[f"table {name}"] = sorted((c[1], c[2], c[3], c[4], c[5]) for c in cols)
            else:
                text = re.sub(r"\s+", " ", sql).replace('"NOCASE"', "NOCASE").strip()
                out[f"{kind} {name}"] = (table, text)
    conn.close()
    return out


def _declared(path: Path, *metadatas: Any, statements: list[str] = ()) -> dict[str, Any]:  # type: ignore[assignment]
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        for metadata in metadatas:
            metadata.create_all(conn)
        for statement in statements:
            conn.exec_driver_sql(statement)
    engine.dispose()
    return _schema(path)


@pytest.mark.parametrize("lineage", LINEAGES, ids=lambda lineage: lineage.name)
def test_each_lineage_knows_its_head_without_alembic(lineage: Lineage) -> None:
    assert lineage.head == head_revision(lineage)


def test_the_book_revisions_build_what_the_declarations_say(tmp_path: Path) -> None:
    """A developer who changes tables.py (or the search / count triggers) without a
    revision fails here: a new book would differ from an upgraded one."""
    Store.open(tmp_path / "migrated.db").close()
    declared = _declared(
        tmp_path / "declared.db",
        METADATA,
        AUDIT_METADATA,
        counts.COUNT_METADATA,
        statements=fts.all_ddl()
        + counts.counts_ddl()
        + [agenda_counts.TABLE_SQL, *agenda_counts.create_sql()],
    )
    assert _schema(tmp_path / "migrated.db") == declared


def test_sync_state_and_accounts_revisions_build_what_the_declarations_say(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'state.db'}")
    create_state_tables(engine)
    Accounts(engine).create_tables()
    engine.dispose()
    declared = _declared(tmp_path / "declared.db", SYNC_METADATA, accounts_metadata)
    assert _schema(tmp_path / "state.db") == declared


def test_the_book_on_postgresql_matches_its_declarations() -> None:
    from postgres_cluster import empty_database

    url = empty_database()
    Store.open(url).close()
    engine = create_engine(url)
    inspector = inspect(engine)
    for table in (*METADATA.sorted_tables, *AUDIT_METADATA.sorted_tables):
        columns = {c["name"] for c in inspector.get_columns(table.name)}
        assert columns == {c.name for c in table.columns}, table.name
        indexes = {i["name"] for i in inspector.get_indexes(table.name)}
        assert {i.name for i in table.indexes} <= indexes, table.name
    engine.dispose()


def _copy_release(release: str, tmp_path: Path) -> Path:
    folder = tmp_path / release
    shutil.copytree(BOOKS / release, folder)
    return folder


@pytest.mark.parametrize("release", RELEASES)
def test_a_release_book_upgrades_and_reads_back_every_row(
    release: str, tmp_path: Path, heard: list[str]
) -> None:
    folder = _copy_release(release, tmp_path)
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    was = (
        sqlite3.connect(folder / "book.db")
        .execute("SELECT version_num FROM alembic_version")
        .fetchone()[0]
    )

    store = Store.open(folder / "book.db")
    try:
        owner = expected["owner"]
        for type_, objects in expected["objects"].items():
            assert objects, f"the fixture has no {type_}"
            for obj in objects:
                got = store.get(owner, type_, obj["id"])
                # a field added since that release reads back empty; the rest as it was
                assert {k: v for k, v in got.items() if k in obj} == obj
                assert {k: v for k, v in got.items() if k not in obj} == dict.fromkeys(
                    got.keys() - obj.keys()
                )
            listed = [
                o
                for archived in ("false", "true")
                for o in store.list(
                    owner, type_, ListQuery(filters={"is_archived": [archived]}, limit=200)
                ).items
            ]
            assert sorted(o["id"] for o in listed) == sorted(o["id"] for o in objects)
        # the indexes that rows written before the upgrade depend on still hold them
        assert {c["id"] for c in store.search(owner, "jose")} >= {
            c["id"] for c in expected["objects"]["contact"] if c["is_archived"] is False
        }
        tagged = store.list(owner, "contact", ListQuery(filters={"tags": ["alpha"]}))
        assert tagged.total == sum(
            1 for c in expected["objects"]["contact"] if not c["is_archived"]
        )
        assert store.agenda(owner, date(2026, 12, 1)).reminders
    finally:
        store.close()

    upgraded = (
        sqlite3.connect(folder / "book.db")
        .execute("SELECT version_num FROM alembic_version")
        .fetchone()[0]
    )
    assert upgraded == BOOK.head
    copies = sorted(folder.glob("book.db.*.bak"))
    if was == BOOK.head:
        assert copies == [] and heard == []
    else:
        assert [c.name for c in copies] == [f"book.db.{was}.bak"]
        assert copies[0].stat().st_mode & 0o777 == 0o600
        assert (
            sqlite3.connect(copies[0])
            .execute("SELECT version_num FROM alembic_version")
            .fetchone()[0]
            == was
        )
        assert len(heard) == 1 and str(copies[0]) in heard[0]
        heard.clear()
        Store.open(folder / "book.db").close()  # once: the next open says nothing
        assert heard == [] and len(list(folder.glob("book.db.*.bak"))) == 1


@pytest.mark.parametrize("release", RELEASES)
def test_a_release_sync_cache_keeps_its_outbox_and_conflicts(
    release: str, tmp_path: Path, heard: list[str]
) -> None:
    folder = _copy_release(release, tmp_path)
    before = sqlite3.connect(folder / "sync-cache.db")
    rows = {
        t: before.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("sync_outbox", "sync_local", "sync_conflict", "sync_cursor", "sync_meta")
    }
    before.close()
    assert all(rows.values()), rows

    store = Store.open(folder / "sync-cache.db")
    create_state_tables(store.engine)
    store.close()

    after = sqlite3.connect(folder / "sync-cache.db")
    for table, was in rows.items():
        assert after.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall() == was, table
    assert after.execute("SELECT version_num FROM sync_alembic_version").fetchone()[0] == (
        SYNC_STATE.head
    )
    after.close()


@pytest.mark.parametrize("release", RELEASES)
def test_a_release_server_database_keeps_its_users_and_tokens(release: str, tmp_path: Path) -> None:
    folder = _copy_release(release, tmp_path)
    store = Store.open(folder / "server.db")
    accounts = Accounts(store.engine)
    try:
        accounts.create_tables()
        assert [u.name for u in accounts.users()] == ["alice"]
        tokens = sorted(accounts.tokens("alice"), key=lambda t: t.name)
        assert [(t.name, t.revoked) for t in tokens] == [("laptop", False), ("old phone", True)]
        assert [c["name"] for c in store.list("alice", "contact").items] == ["Server Sam"]
        with store.engine.connect() as conn:
            keys = conn.exec_driver_sql("SELECT key FROM server_idempotency").all()
            version = conn.exec_driver_sql("SELECT version_num FROM server_alembic_version")
            assert [k[0] for k in keys] == ["k1"]
            assert version.scalar() == ACCOUNTS.head
    finally:
        accounts.close()
        store.close()


def test_an_old_revision_upgrades_to_what_a_new_book_is(tmp_path: Path) -> None:
    fresh = Store.open(tmp_path / "fresh.db")
    fresh.close()

    old = Store.open(tmp_path / "old.db", revision="0001")
    old.tx_listeners.clear()  # listeners of later revisions (the audit log) have no table yet
    old_contact = old.create("me", "contact", {"name": "José Early", "tags": ["early"]})
    old.close()

    upgraded = Store.open(tmp_path / "old.db")
    try:
        assert _schema(tmp_path / "old.db") == _schema(tmp_path / "fresh.db")
        assert [c["id"] for c in upgraded.search("me", "jose")] == [old_contact["id"]]
        page = upgraded.list("me", "contact", ListQuery(filters={"tags": ["early"]}))
        assert [c["id"] for c in page.items] == [old_contact["id"]]
    finally:
        upgraded.close()
    assert [p.name for p in tmp_path.glob("old.db.*.bak")] == ["old.db.0001.bak"]


def test_reopening_at_head_is_a_noop(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "a.db")
    store.create("me", "contact", {"name": "Kept", "birthday": "--03-01"})
    store.close()
    before = _schema(tmp_path / "a.db")
    again = Store.open(tmp_path / "a.db")
    try:
        assert _schema(tmp_path / "a.db") == before
        assert again.list("me", "contact").total == 1
        assert again.agenda("me", date(2026, 2, 20)).events[0].contact_name == "Kept"
    finally:
        again.close()
    assert list(tmp_path.glob("*.bak")) == []


def test_migration_scripts_and_frozen_sql_ship_in_the_package() -> None:
    for lineage in LINEAGES:
        assert (lineage.folder / "env.py").exists()
        assert list((lineage.folder / "versions").glob("*.py"))
        assert list((lineage.folder / "frozen").glob("*.sqlite.sql"))
    assert (MIGRATIONS / "frozen" / "0001.postgresql.sql").exists()
    for dialect in ("sqlite", "postgresql"):  # every model's table, in whichever revision
        created = {
            m.group(1)
            for sql in (MIGRATIONS / "frozen").glob(f"*.{dialect}.sql")
            for m in re.finditer(r"CREATE TABLE (\w+)", sql.read_text(encoding="utf-8"))
        }
        assert set(MODELS) <= created, dialect


def test_the_cli_says_once_where_the_copy_is(tmp_path: Path) -> None:
    """The real command in a shell: one line on stderr naming the copy, then the output."""
    import subprocess
    import sys

    folder = _copy_release("release-044b8c9", tmp_path)
    command = [sys.executable, "-m", "friendship_tui.cli.main", "--db", str(folder / "book.db")]
    first = subprocess.run([*command, "contact", "list", "--json"], capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    copy = folder / "book.db.0005_prefix_index.bak"
    assert first.stderr.count("\n") == 1 and str(copy) in first.stderr
    assert len(json.loads(first.stdout)["data"]) == 2  # the two contacts not archived
    again = subprocess.run([*command, "contact", "list", "--json"], capture_output=True, text=True)
    assert again.returncode == 0 and again.stderr == ""
