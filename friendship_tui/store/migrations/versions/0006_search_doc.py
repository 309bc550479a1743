"""The hidden ``search_doc`` column (search on databases without FTS5).

SQLite gets the column and leaves it empty (it searches with FTS5); elsewhere the
documents of rows already present are written here, in batches, and indexed by
trigrams when the server has pg_trgm.

Revision ID: 0006_search_doc
Revises: 0005_prefix_index
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store.migrate import add_missing_columns, fill_search_docs
from friendship_tui.store.pg_ddl import trigram_indexes

revision: str = "0006_search_doc"
down_revision: str | None = "0005_prefix_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    conn = op.get_bind()
    add_missing_columns(conn)
    if conn.dialect.name != "sqlite":
        fill_search_docs(conn)
        trigram_indexes(conn)


def downgrade() -> None:
    raise NotImplementedError("columns are only ever added")
