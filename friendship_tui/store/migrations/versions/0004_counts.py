"""Row counts per owner, type and archived flag, kept by triggers (fast list totals).

Revision ID: 0004_counts
Revises: 0003_audit
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.schema import MODELS
from friendship_tui.store.counts import install

revision: str = "0004_counts"
down_revision: str | None = "0003_audit"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    install(op.get_bind())


def downgrade() -> None:
    for t in MODELS:
        for suffix in ("ai", "ad", "au"):
            op.execute(f"DROP TRIGGER IF EXISTS {t}_count_{suffix}")
    op.execute("DROP TABLE row_count")
