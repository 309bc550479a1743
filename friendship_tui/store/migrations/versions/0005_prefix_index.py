"""Prefix indexes on the contact search table (fast 1- and 2-letter filtering).

Rebuilds the contact FTS table with prefix indexes; a fresh database
already has it from 0002 and ends identical after this step.

Revision ID: 0005_prefix_index
Revises: 0004_counts
Create Date: 2026-11-25

The statements are frozen in ``frozen/0005.<dialect>.sql``: this revision does the
same thing forever, whatever today's declarations say.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store import frozen
from friendship_tui.store.migrate import FROZEN

revision: str = "0005_prefix_index"
down_revision: str | None = '0004_counts'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "0005")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
