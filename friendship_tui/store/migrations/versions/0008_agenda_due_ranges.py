"""Partial indexes for the stay-in-touch count (issue 14: the agenda <= 5 ms at 100k).

``ix_contact_due_utc`` holds the tracked contacts whose last talk is in the canonical
UTC text (and parsed: ``next_due > ''``), by frequency and talk, so the count of those
due in the user's zone is a few index ranges (store/agenda_due.py);
``ix_contact_due_odd`` holds the few in other shapes, which the domain decides one by
one. Indexes only: no table or row changes.

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
