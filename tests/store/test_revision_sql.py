"""The draft of a revision's statements (store/revision_sql.py) rebuilds exactly what a
new book has: take a model's tables out of a new book, run the draft, compare."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from friendship_tui.store.local import Store
from friendship_tui.store.revision_sql import (
    field_statements,
    frozen_text,
    index_statements,
    model_statements,
)


def _schema(path: Path) -> set[tuple[str, str, str]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        ).fetchall()
    conn.close()
    return {(kind, name, " ".join(sql.split())) for kind, name, sql in rows}


@pytest.mark.parametrize("model", ["journal_entry", "pet"])  # with tag tables, and without
def test_a_model_draft_rebuilds_what_a_new_book_has(tmp_path: Path, model: str) -> None:
    book = tmp_path / "book.db"
    Store.open(book).close()
    before = _schema(book)
    with sqlite3.connect(book) as conn:
        mine = [
            (kind, name)
            for kind, name, table in conn.execute("SELECT type, name, tbl_name FROM sqlite_master")
            if (table == model or name.startswith(f"{model}_")) and kind in ("table", "trigger")
        ]
        for kind, name in sorted(mine, key=lambda m: m[0] == "table"):  # triggers first
            conn.execute(f"DROP {kind.upper()} IF EXISTS {name}")
        assert not {n for _, n, _ in _schema(book) if n.startswith(model)}
        for statement in model_statements("sqlite", model):
            conn.execute(statement)
    conn.close()
    assert _schema(book) == before


def test_a_searched_field_draft_adds_the_column_and_rebuilds_search() -> None:
    drafted = field_statements("sqlite", "pet.colour")
    assert drafted[0] == "ALTER TABLE pet ADD COLUMN colour TEXT"
    assert "DROP TABLE IF EXISTS pet_fts" in drafted
    assert drafted[-1] == "INSERT INTO pet_fts(pet_fts) VALUES ('rebuild')"
    assert field_statements("postgresql", "pet.colour") == [
        "ALTER TABLE pet ADD COLUMN colour TEXT"
    ]
    assert field_statements("sqlite", "note.pinned") == [
        "ALTER TABLE note ADD COLUMN pinned BOOLEAN"
    ]


def test_the_draft_reads_back_as_the_frozen_runner_splits_it(tmp_path: Path) -> None:
    from friendship_tui.store import frozen

    statements = model_statements("postgresql", "pet")
    (tmp_path / "0099.postgresql.sql").write_text(
        frozen_text("0099_x", "postgresql", statements), encoding="utf-8"
    )
    assert frozen.statements(tmp_path, "0099", "postgresql") == statements


def test_an_index_draft_rebuilds_a_changed_index_as_declared(tmp_path: Path) -> None:
    """An index declared with more columns is dropped and made again under its name: on a
    book holding the old definition, the draft ends where a new book is."""
    book = tmp_path / "book.db"
    Store.open(book).close()
    before = _schema(book)
    with sqlite3.connect(book) as conn:
        conn.execute("DROP INDEX ix_contact_d_birthday_md")
        conn.execute(
            "CREATE INDEX ix_contact_d_birthday_md ON contact (owned_by, is_archived, birthday_md)"
        )
        assert _schema(book) != before
        statements = index_statements("sqlite", "contact.ix_contact_d_birthday_md")
        assert statements[0] == "DROP INDEX IF EXISTS ix_contact_d_birthday_md"
        for statement in statements:
            conn.execute(statement)
    conn.close()
    assert _schema(book) == before
