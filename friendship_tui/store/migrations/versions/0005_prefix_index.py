"""Prefix indexes on the contact search table (fast 1- and 2-letter filtering).

Rebuilds the FTS table with the current DDL (``fts.PREFIX_INDEXES``); a fresh database
already has it from 0002 and ends identical after this step.

Revision ID: 0005_prefix_index
Revises: 0004_counts
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.schema import MODELS
from friendship_tui.store.fts import PREFIX_INDEXES, fts_ddl, fts_table

revision: str = "0005_prefix_index"
down_revision: str | None = "0004_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return  # FTS5 is SQLite's; other databases search the search_doc column
    for name in PREFIX_INDEXES:
        fts = fts_table(MODELS[name])
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
        op.execute(f"DROP TABLE IF EXISTS {fts}")
        for statement in fts_ddl(MODELS[name]):
            op.execute(statement)
        op.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")


def downgrade() -> None:
    raise NotImplementedError("search indexes are rebuilt forward only")
