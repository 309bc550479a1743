"""The hidden ``search_doc`` column (search on databases without FTS5).

SQLite gets the column and leaves it empty (it searches with FTS5); elsewhere the
documents of rows already present are written here, in batches, and indexed by
trigrams when the server has pg_trgm.

Revision ID: 0006_search_doc
Revises: 0005_prefix_index
Create Date: 2026-11-25

Frozen: the tables and their searched fields are listed here as they were. Books made
by 0.1.0 between this revision's writing and its freezing already have the column (their
0001 built it), so it is added only where missing.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op
from sqlalchemy import inspect

from friendship_tui.store.text_search import words

revision: str = "0006_search_doc"
down_revision: str | None = "0005_prefix_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEARCHED: dict[str, tuple[str, ...]] = {
    "contact": (
        "name", "nickname", "email", "company", "job_title", "notes", "food_prefs", "tags",
    ),
    "activity": ("title", "description", "location"),
    "conversation": ("content", "summary"),
    "custom_field": ("label", "value"),
    "gift": ("title", "occasion", "notes", "currency"),
    "journal_entry": ("title", "body", "tags"),
    "life_event": ("title", "description", "location"),
    "note": ("body",),
    "pet": ("name", "species_other", "breed", "colour", "notes"),
    "relationship": ("label", "notes"),
    "reminder": ("message",),
}
BATCH = 1000


def upgrade() -> None:
    conn = op.get_bind()
    inspector = inspect(conn)
    for table in SEARCHED:
        if "search_doc" not in {c["name"] for c in inspector.get_columns(table)}:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN search_doc TEXT")
    if conn.dialect.name == "sqlite":
        return
    for table, fields in SEARCHED.items():
        last = 0
        while True:
            rows = conn.exec_driver_sql(
                f"SELECT seq, {', '.join(fields)} FROM {table} "
                f"WHERE seq > {last} AND search_doc IS NULL ORDER BY seq LIMIT {BATCH}"
            ).all()
            if not rows:
                break
            for row in rows:
                found = [w for value in row[1:] for w in words(value)]
                if found:
                    doc = " " + " ".join(found)
                    conn.exec_driver_sql(
                        f"UPDATE {table} SET search_doc = %(doc)s WHERE seq = %(seq)s",
                        {"doc": doc, "seq": row[0]},
                    )
            last = int(rows[-1][0])
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception:  # no extension, no trigram index: search still works, by scan
        return
    for table in SEARCHED:
        conn.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS ix_{table}_search_doc_trgm ON {table} "
            "USING gin (search_doc gin_trgm_ops)"
        )


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
