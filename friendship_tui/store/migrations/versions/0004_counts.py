"""Row counts per owner, type and archived flag, kept by triggers (fast list totals).

Revision ID: 0004_counts
Revises: 0003_audit
Create Date: 2026-11-25

The statements are frozen in ``frozen/0004.<dialect>.sql``: this revision does the
same thing forever, whatever today's declarations say.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store import frozen
from friendship_tui.store.migrate import FROZEN

revision: str = "0004_counts"
down_revision: str | None = '0003_audit'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "0004")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
