"""The tables of the 11 models as declared at 0.1.0, plus tombstones and tag rows.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

The statements are frozen in ``frozen/0001.<dialect>.sql``: this revision does the
same thing forever, whatever today's declarations say.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store import frozen
from friendship_tui.store.migrate import FROZEN

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "0001")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
