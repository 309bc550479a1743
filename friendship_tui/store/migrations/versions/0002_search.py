"""Full-text search (FTS5) and the tag index, kept by triggers and back-filled.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store.ddl import install_search

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    install_search(op.get_bind())


def downgrade() -> None:
    raise NotImplementedError("search cannot be removed")
