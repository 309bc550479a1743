"""An index for the stay-in-touch count (issue 14: the agenda <= 5 ms at 100k).

``ix_contact_due_shape`` orders the contacts by whether their last talk is in the
canonical UTC text (an expression: true, false, or NULL when not tracked or never
contacted), then frequency and talk, so the count of those due in the user's zone is a
few index ranges and the few talks of other shapes are found without a scan
(store/agenda_due.py). Indexes only: no table or row changes.

Revision ID: 0008_agenda_due_ranges
Revises: 0007_agenda_indexes
Create Date: 2026-11-27

The statements are frozen in ``frozen/0008.<dialect>.sql``: this revision does the
same thing forever, whatever today's declarations say.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store import frozen
from friendship_tui.store.migrate import FROZEN

revision: str = "0008_agenda_due_ranges"
down_revision: str | None = "0007_agenda_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "0008")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
