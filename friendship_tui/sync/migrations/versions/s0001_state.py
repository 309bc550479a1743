"""The sync engine's tables (outbox, local ids, conflicts, cursors, meta) as 0.1.0 made them.

Caches made before these tables had a revision are stamped at this one (see
``sync.state.SYNC_STATE``), so their rows are kept as they are.

Revision ID: s0001_state
Revises:
Create Date: 2026-11-27
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from alembic import op

from friendship_tui.store import frozen

revision: str = "s0001_state"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FROZEN = Path(__file__).parent.parent / "frozen"


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "s0001")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
