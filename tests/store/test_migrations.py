"""Alembic: a fresh database and one created at the first revision then upgraded match."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from pathlib import Path

from friendship_tui.store.local import Store
from friendship_tui.store.migrate import MIGRATIONS, head_revision


def _schema(path: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name"
        ).fetchall()
    return [(t, n, re.sub(r"\s+", " ", sql).strip()) for t, n, sql in rows]


def _revision(path: Path) -> str:
    with sqlite3.connect(path) as conn:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])


def test_fresh_and_upgraded_schemas_are_identical(tmp_path: Path) -> None:
    fresh = Store.open(tmp_path / "fresh.db")
    fresh.close()

    old = Store.open(tmp_path / "old.db", revision="0001")
    old.tx_listeners.clear()  # listeners of later revisions (the audit log) have no table yet
    old_contact = old.create("me", "contact", {"name": "José Early", "tags": ["early"]})
    old.close()
    assert _revision(tmp_path / "old.db") == "0001"

    upgraded = Store.open(tmp_path / "old.db")
    try:
        assert _revision(tmp_path / "old.db") == head_revision()
        assert _schema(tmp_path / "old.db") == _schema(tmp_path / "fresh.db")
        # rows written before the upgrade are searchable and tag-filterable after it
        backend = upgraded.backend("me")
        assert [c["id"] for c in upgraded.search("me", "jose")] == [old_contact["id"]]
        from friendship_tui.schema import ListQuery

        page = upgraded.list("me", "contact", ListQuery(filters={"tags": ["early"]}))
        assert [c["id"] for c in page.items] == [old_contact["id"]]
        assert backend.owner == "me"
    finally:
        upgraded.close()


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


def test_migration_scripts_ship_in_the_package() -> None:
    names = {p.name for p in (MIGRATIONS / "versions").glob("*.py")}
    assert {"0001_tables.py", "0002_search.py"} <= names
    assert (MIGRATIONS / "env.py").exists()
    assert (MIGRATIONS / "script.py.mako").exists()


def test_head_read_from_the_revision_files_is_alembics_head() -> None:
    """``store/revision.py`` finds the head without Alembic; it must agree with Alembic."""
    from friendship_tui.store.migrate import head_revision
    from friendship_tui.store.revision import head_revision_from_files

    assert head_revision_from_files() == head_revision()
