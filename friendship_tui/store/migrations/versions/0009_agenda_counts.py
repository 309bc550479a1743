"""Counts per agenda bucket kept by triggers (issue 14: the agenda <= 5 ms at 100k).

``agenda_count`` holds, per owner, panel and bucket (a month-day, a month), how many
rows could enter an agenda window from it, so the dashboard's exact totals are a sum
over a few hundred buckets plus one small indexed count of the bucket at the window's
edge (store/agenda_counts.py, store/agenda_tallies.py). Triggers on contact, life_event
and reminder keep it exact on every write path; the revision fills it from the rows.
SQLite only: PostgreSQL's books keep counting from their indexes.

Revision ID: 0009_agenda_counts
Revises: 0008_agenda_due_ranges
Create Date: 2026-11-28

The statements are frozen in ``frozen/0009.sqlite.sql``: this revision does the same
thing forever, whatever today's declarations say.
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from friendship_tui.store import frozen
from friendship_tui.store.migrate import FROZEN

revision: str = "0009_agenda_counts"
down_revision: str | None = "0008_agenda_due_ranges"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    frozen.run(op.get_bind(), FROZEN, "0009")


def downgrade() -> None:
    raise NotImplementedError("revisions only go forward; restore the .bak copy instead")
