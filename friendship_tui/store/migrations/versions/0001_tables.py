"""The tables of the 11 models, derived from schema.MODELS, plus tombstones and tag rows.

Revision ID: 0001
Revises:
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store.ddl import install_tables

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    install_tables(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("the first revision cannot be undone")
